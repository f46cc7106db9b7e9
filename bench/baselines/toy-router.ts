// S1's toy baseline: the least a routing simulator must do per payment. The same seeded payments
// as the simulation; each is routed by bare Dijkstra over weights computed once from the opening
// ledger state (bench/support/routing-world.ts) and settled by applying its legs to a Map of
// balances: the payer pays, each venue on the path takes the input and pays out at its marginal
// rate (floored), the payee receives. No ledger, no exact quotes, no protocols, no contention.
import type { ProtocolChoice } from '../../router/routing/plan';
import type { Scenario, WorkloadProfile } from '../../router/scenario/types';
import type { RoutingWorld } from '../support/routing-world';
import { shortestPath } from './dijkstra';
import { baselineWorkload } from './router-ledger-loop';

export interface ToyRequest {
  world: RoutingWorld;
  profile: WorkloadProfile;
  payments: number;
  seed: number;
  strategies: readonly string[];
  protocols: readonly ProtocolChoice[];
}

export function runToyRouter(request: ToyRequest): { settled: number } {
  const { world } = request;
  const balances = openingBalances(world.scenario);
  const nextPayment = baselineWorkload(request);
  let settled = 0;
  for (let i = 0; i < request.payments; i++) {
    const payment = nextPayment();
    const from = world.nodes.get(payment.payerAsset);
    const to = world.nodes.get(payment.payeeAsset);
    if (from === undefined || to === undefined) continue;
    const path = from === to ? [] : shortestPath(world.dijkstra, from, to);
    if (!path) continue;
    const payerKey = `${payment.payer} ${payment.payerAsset}`;
    const held = balances.get(payerKey) ?? 0n;
    if (held < payment.amount) continue;
    balances.set(payerKey, held - payment.amount);
    let amount = payment.amount;
    for (const venue of path) {
      const rate = world.rates.get(venue)!;
      const inKey = `${venue} in`;
      const outKey = `${venue} out`;
      balances.set(inKey, (balances.get(inKey) ?? 0n) + amount);
      amount = (amount * rate.num) / rate.den;
      balances.set(outKey, (balances.get(outKey) ?? 0n) - amount);
    }
    const payeeKey = `${payment.payee} ${payment.payeeAsset}`;
    balances.set(payeeKey, (balances.get(payeeKey) ?? 0n) + amount);
    settled++;
  }
  return { settled };
}

function openingBalances(scenario: Scenario): Map<string, bigint> {
  const balances = new Map<string, bigint>();
  for (const account of scenario.accounts)
    for (const [asset, amount] of Object.entries(account.balances))
      balances.set(`${account.id} ${asset}`, amount);
  return balances;
}
