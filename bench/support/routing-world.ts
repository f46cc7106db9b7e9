// A generated N-venue scenario booted on the embedded ledger, with a router over it, a sample of
// payments between corporates, and the same graph priced for the bare-Dijkstra baseline.
import type { AccountId } from '../../chaincode/src/core/types';
import { VirtualClock } from '../../router/ledger/clock';
import {
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
} from '../../router/ledger/embedded';
import { marginalRate } from '../../router/routing/arbitrage';
import { emptyNeeds, MarketState, readMarket } from '../../router/routing/market';
import { addPriceNeeds } from '../../router/routing/needs';
import { createRouter, type Router } from '../../router/routing/router';
import { bootstrapScenario, ledgerMembers } from '../../router/scenario/bootstrap';
import { generateScenario, optionsForVenueCount } from '../../router/scenario/generate';
import { approximateLog, multiply, powerOfTen } from '../../router/scenario/rational';
import type { Scenario } from '../../router/scenario/types';
import { createRng } from '../../router/scenario/rng';
import type { DijkstraGraph, WeightedEdge } from '../baselines/dijkstra';

export interface Payment {
  payer: AccountId;
  payerAsset: string;
  payee: AccountId;
  payeeAsset: string;
  amount: bigint;
}

export interface RoutingWorld {
  scenario: Scenario;
  client: EmbeddedLedgerClient;
  router: Router;
  /** Asset id → node index in `dijkstra`. */
  nodes: ReadonlyMap<string, number>;
  dijkstra: DijkstraGraph;
  /** Venue edge id → its marginal rate (minor units out per minor unit in), as Dijkstra saw it. */
  rates: ReadonlyMap<string, { num: bigint; den: bigint }>;
}

export function generatedScenario(venues: number, seed = 1): Scenario {
  const generated = generateScenario(optionsForVenueCount(venues, seed));
  if (!generated.ok) {
    const first = generated.problems[0];
    throw new Error(`generated ${venues}-venue scenario is invalid: ${first?.message ?? '?'}`);
  }
  return generated.value;
}

export async function bootScenario(scenario: Scenario): Promise<EmbeddedLedgerClient> {
  const client = createEmbeddedLedgerClient({
    ledgers: ledgerMembers(scenario),
    clock: new VirtualClock(0),
  });
  const booted = await bootstrapScenario(client, scenario);
  if (!booted.ok) throw new Error(`${scenario.name} failed to boot: ${booted.error.message}`);
  return client;
}

/**
 * The router exactly as the simulation configures it (arbitrage diagnostics off), and the same
 * graph as Dijkstra sees it: nodes are assets, edges the conversion venues with weight
 * −ln(marginal rate × value out / value in), i.e. cost against mid-market, fees included,
 * read from the same ledger state (clamped at 0: Dijkstra needs non-negative weights).
 */
export async function createRoutingWorld(scenario: Scenario): Promise<RoutingWorld> {
  const client = await bootScenario(scenario);
  const router = createRouter({ scenario, client, detectArbitrage: false });
  const { graph, fx } = router.context;
  const conversions = graph.edges.filter((edge) => edge.kind !== 'transfer');
  const needs = emptyNeeds();
  addPriceNeeds(needs, conversions);
  const snapshot = await readMarket(client, graph.readers, needs);
  if (!snapshot.ok) throw new Error(`reading prices failed: ${snapshot.error.message}`);
  const market = new MarketState(snapshot.value);

  const nodes = new Map([...graph.assets.keys()].map((asset, index) => [asset, index]));
  const adjacency: WeightedEdge[][] = Array.from({ length: nodes.size }, () => []);
  const rates = new Map<string, { num: bigint; den: bigint }>();
  const minorValue = (assetId: string) => {
    const asset = graph.assets.get(assetId)!;
    return multiply(fx.get(asset.currency)!, powerOfTen(-asset.scale));
  };
  for (const edge of conversions) {
    const rate = marginalRate(edge, market);
    if (!rate || rate.num === 0n) continue;
    rates.set(edge.id, rate);
    const versusMid = multiply(
      rate,
      multiply(minorValue(edge.assetOut), invert(minorValue(edge.assetIn))),
    );
    adjacency[nodes.get(edge.assetIn)!]!.push({
      id: edge.id,
      to: nodes.get(edge.assetOut)!,
      weight: Math.max(0, -approximateLog(versusMid)),
    });
  }
  return { scenario, client, router, nodes, dijkstra: { adjacency }, rates };
}

function invert(value: { num: bigint; den: bigint }) {
  return { num: value.den, den: value.num };
}

/**
 * Up to `count` payments between distinct corporate accounts in different assets, each sending
 * 1% of the payer's opening balance (affordable, and small next to most venues' liquidity).
 */
export function samplePayments(scenario: Scenario, count: number, seed = 1): Payment[] {
  const corporates = new Set(
    scenario.orgs.filter((org) => org.role === 'corporate').map((org) => org.id),
  );
  const endpoints = scenario.accounts.flatMap((account) =>
    corporates.has(account.org)
      ? Object.entries(account.balances).map(([asset, balance]) => ({
          account: account.id,
          asset,
          balance,
        }))
      : [],
  );
  const pairs = endpoints.flatMap((from) =>
    endpoints
      .filter((to) => to.asset !== from.asset && to.account !== from.account)
      .map((to) => ({
        payer: from.account,
        payerAsset: from.asset,
        payee: to.account,
        payeeAsset: to.asset,
        amount: from.balance / 100n,
      })),
  );
  const rng = createRng(seed, 'bench-payments');
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.intBelow(i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs.slice(0, count);
}
