// S1's baseline: the same payments (same workload generator and seed) routed by the same router
// and settled by the same protocols on the same embedded ledger, one after another in a plain
// loop — no event scheduler, no modelled block latency, no fault or crash wrappers, no metrics,
// no per-payment books, no CSV, no auditor. What the simulation adds on top is what S1 prices.
// Compaction stays: it is ledger upkeep, not bookkeeping. Without it every credited account
// piles up delta keys that each balance read must sum, and the loop slows down ~5× by 10k
// payments on mbridge-lite.
import { VirtualClock } from '../../router/ledger/clock';
import { createEmbeddedLedgerClient } from '../../router/ledger/embedded';
import type { ProtocolChoice } from '../../router/routing/plan';
import { policyChecker } from '../../router/routing/policy';
import { bootstrapScenario, ledgerMembers } from '../../router/scenario/bootstrap';
import type { Scenario, WorkloadProfile } from '../../router/scenario/types';
import type { SettlementDeps } from '../../router/settlement/deps';
import { createMemoryJournal } from '../../router/settlement/journal';
import { settlePayment } from '../../router/settlement/settle';
import { createCompactor } from '../../router/simulation/compactor';
import { createRng } from '../../router/scenario/rng';
import { scenarioRouter } from '../../router/simulation/scenario-router';
import { coordinatorPolicy, settlementTiming } from '../../router/simulation/settlement-config';
import { createWorkload } from '../../router/simulation/workload';

/** Credits an account takes before its owner compacts it, as in the simulation engine. */
const COMPACT_AFTER_CREDITS = 32;

export interface LoopRequest {
  scenario: Scenario;
  profile: WorkloadProfile;
  payments: number;
  seed: number;
  strategies: readonly string[];
  protocols: readonly ProtocolChoice[];
}

/** The simulation's seeded payments, arriving from time 0: what every S1 baseline runs. */
export function baselineWorkload(
  request: Pick<LoopRequest, 'profile' | 'seed' | 'strategies' | 'protocols'>,
) {
  return createWorkload(request.profile, {
    seed: request.seed,
    startMs: 0,
    strategies: request.strategies,
    protocols: request.protocols,
  });
}

export async function runRouterLedgerLoop(request: LoopRequest): Promise<{ settled: number }> {
  const { scenario, seed } = request;
  const clock = new VirtualClock(0);
  const client = createEmbeddedLedgerClient({ ledgers: ledgerMembers(scenario), clock });
  const booted = await bootstrapScenario(client, scenario);
  if (!booted.ok) throw new Error(`${scenario.name} failed to boot: ${booted.error.message}`);
  const secrets = createRng(seed, 'secrets');
  const deps: SettlementDeps = {
    client,
    journal: createMemoryJournal(),
    // Waiting (HTLC expiries, retries) just moves the clock: nothing else is in flight.
    time: {
      nowMs: () => clock.nowMs(),
      sleepUntil: async (atMs) => {
        if (atMs > clock.nowMs()) clock.set(atMs);
      },
    },
    timing: settlementTiming(scenario),
    randomSecret: () => secrets.bytes(32),
    coordinatorFor: coordinatorPolicy(scenario),
    checkPolicy: policyChecker(scenario),
  };
  const compactor = createCompactor(scenario, client, COMPACT_AFTER_CREDITS);
  const route = scenarioRouter(scenario, seed)(client);
  const nextPayment = baselineWorkload(request);
  let settled = 0;
  for (let i = 0; i < request.payments; i++) {
    const payment = nextPayment();
    if (payment.arrivalMs > clock.nowMs()) clock.set(payment.arrivalMs);
    const routed = await route(payment);
    if (!routed.ok) continue;
    const result = await settlePayment(deps, {
      id: payment.id,
      plan: routed.plan,
      protocol: payment.protocol,
    });
    if (result.outcome !== 'settled') continue;
    settled++;
    for (const step of routed.plan.steps) compactor.credited(step.ledger, step.legs);
  }
  await client.close();
  return { settled };
}
