// S1: simulation speed. payments/s of a whole `simulate` run (bootstrap, seeded arrivals,
// routing, settlement under execute–order–validate, books, CSV, summary, audit) against a toy
// router over the same payments (Dijkstra on precomputed weights, legs applied to a Map), with
// the bare router + ledger loop as a second reference, on mbridge-lite and on a generated
// 1,000-venue scenario. (S1's memory figure is s1-memory.ts.)
import type { Scenario } from '../router/scenario/types';
import { simulate } from '../router/simulation/simulate';
import { runRouterLedgerLoop } from './baselines/router-ledger-loop';
import { runToyRouter } from './baselines/toy-router';
import {
  formatRate,
  formatRatio,
  round,
  timeRoundRobin,
  type BenchOptions,
  type BenchRow,
  type Benchmark,
} from './harness';
import { createRoutingWorld, generatedScenario } from './support/routing-world';
import { loadScenarioFile, MBRIDGE_LITE, withTempDir } from './support/scenarios';

const SEED = 1;
const WARMUP_PAYMENTS = 500;
/** S1-1000 on 2026-11-21, before execute–order–validate (BENCHMARKS.md): issue 12 asks 5× that. */
const BEFORE_1000_VENUES = 951;

/** What a row must reach: payments/s, and a share of the toy router's rate. */
interface Goal {
  text: string;
  met: (rate: number, toyRatio: number) => boolean;
}

async function throughputRow(
  id: string,
  label: string,
  scenario: Scenario,
  payments: number,
  goal: Goal,
): Promise<BenchRow> {
  const profile = scenario.workload.profiles[scenario.workload.defaultProfile]!;
  const common = {
    scenario,
    profile,
    seed: SEED,
    strategies: ['cheapest'],
    protocols: ['auto' as const],
  };
  let simulatedSettled = 0;
  let loopSettled = 0;
  const simulation = (count: number) =>
    withTempDir(async (outDir) => {
      const summary = await simulate({
        ...common,
        payments: count,
        faultSpec: '',
        faults: [],
        outDir,
      });
      simulatedSettled = summary.settled;
    });
  const loop = async (count: number) => {
    loopSettled = (await runRouterLedgerLoop({ ...common, payments: count })).settled;
  };
  // Built once, outside the timing: the toy's weights are precomputed by definition.
  const world = await createRoutingWorld(scenario);
  let toySettled = 0;
  const toy = (count: number) => {
    toySettled = runToyRouter({ ...common, world, payments: count }).settled;
  };
  // Warm-up on a short run (JIT, caches), then timed full-size runs in alternation.
  await simulation(Math.min(WARMUP_PAYMENTS, payments));
  await loop(Math.min(WARMUP_PAYMENTS, payments));
  toy(Math.min(WARMUP_PAYMENTS, payments));
  const timings = await timeRoundRobin(
    {
      simulation: () => simulation(payments),
      loop: () => loop(payments),
      toy: () => toy(payments),
    },
    5,
    0,
  );
  await world.client.close();
  const simRate = (payments * 1000) / timings.simulation.medianMs;
  const loopRate = (payments * 1000) / timings.loop.medianMs;
  const toyRate = (payments * 1000) / timings.toy.medianMs;
  const ratio = simRate / loopRate;
  const toyRatio = simRate / toyRate;
  console.log(
    `S1    ${label}: simulation ${formatRate(simRate, 'payments')}, toy ${formatRate(toyRate, 'payments')} → ${formatRatio(toyRatio)}, loop ${formatRate(loopRate, 'payments')} → ${formatRatio(ratio)} (${payments} payments)`,
  );
  return {
    id,
    figure: `simulation payments/s, ${payments.toLocaleString('en')} payments, ${label}`,
    baseline:
      'toy router (Dijkstra on precomputed weights, legs applied to a Map); router + ledger loop without simulation bookkeeping',
    target: goal.text,
    measured:
      `${formatRate(simRate, 'payments')} = ${formatRatio(toyRatio)} the toy (${formatRate(toyRate, 'payments')}), ` +
      `${formatRatio(ratio)} the loop (${formatRate(loopRate, 'payments')}); ` +
      `settled ${simulatedSettled}, toy ${toySettled}, loop ${loopSettled}`,
    met: goal.met(simRate, toyRatio),
    details: {
      scenario: scenario.name,
      venues: scenario.venues.length,
      payments,
      simulationMedianMs: round(timings.simulation.medianMs, 1),
      loopMedianMs: round(timings.loop.medianMs, 1),
      toyMedianMs: round(timings.toy.medianMs, 1),
      toyPaymentsPerSecond: round(toyRate, 1),
      toyRatio: round(toyRatio, 4),
      toySettled,
      simulationPaymentsPerSecond: round(simRate, 1),
      loopPaymentsPerSecond: round(loopRate, 1),
      ratio: round(ratio, 3),
      simulationSettled: simulatedSettled,
      loopSettled,
      runs: timings.simulation.samplesMs.length,
    },
  };
}

export const s1: Benchmark = {
  id: 'S1',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const payments = options.quick ? 10_000 : 100_000;
    return [
      await throughputRow(
        'S1-mbridge',
        'mbridge-lite',
        await loadScenarioFile(MBRIDGE_LITE),
        payments,
        {
          text: '≥ 20k payments/s and ≥ 0.1× the toy',
          met: (rate, toyRatio) => rate >= 20_000 && toyRatio >= 0.1,
        },
      ),
      await throughputRow(
        'S1-1000',
        'generated 1,000-venue scenario',
        generatedScenario(1_000),
        payments,
        {
          text: `≥ 5× the ${BEFORE_1000_VENUES} payments/s measured before (2026-11-21)`,
          met: (rate) => rate >= 5 * BEFORE_1000_VENUES,
        },
      ),
    ];
  },
};
