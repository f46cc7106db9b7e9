// S1: simulation speed. payments/s of a whole `simulate` run (bootstrap, seeded arrivals,
// routing, settlement under modelled block latency, books, CSV, summary, audit) against the bare
// router + ledger loop over the same payments, on mbridge-lite and on a generated 1,000-venue
// scenario. (S1's memory figure is s1-memory.ts.)
import type { Scenario } from '../router/scenario/types';
import { simulate } from '../router/simulation/simulate';
import { runRouterLedgerLoop } from './baselines/router-ledger-loop';
import {
  formatRate,
  formatRatio,
  round,
  timeRoundRobin,
  type BenchOptions,
  type BenchRow,
  type Benchmark,
} from './harness';
import { generatedScenario } from './support/routing-world';
import { loadScenarioFile, MBRIDGE_LITE, withTempDir } from './support/scenarios';

const SEED = 1;
const WARMUP_PAYMENTS = 500;

async function throughputRow(
  id: string,
  label: string,
  scenario: Scenario,
  payments: number,
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
  // Warm-up on a short run (JIT, caches), then timed full-size runs in alternation.
  await simulation(Math.min(WARMUP_PAYMENTS, payments));
  await loop(Math.min(WARMUP_PAYMENTS, payments));
  const timings = await timeRoundRobin(
    { simulation: () => simulation(payments), loop: () => loop(payments) },
    5,
    0,
  );
  const simRate = (payments * 1000) / timings.simulation.medianMs;
  const loopRate = (payments * 1000) / timings.loop.medianMs;
  const ratio = simRate / loopRate;
  console.log(
    `S1    ${label}: simulation ${formatRate(simRate, 'payments')}, loop ${formatRate(loopRate, 'payments')} → ${formatRatio(ratio)} (${payments} payments)`,
  );
  return {
    id,
    figure: `simulation payments/s, ${payments.toLocaleString('en')} payments, ${label}`,
    baseline: 'router + ledger loop without simulation bookkeeping',
    target: '≥ 0.3× the loop',
    measured:
      `${formatRate(simRate, 'payments')} = ${formatRatio(ratio)} the loop (${formatRate(loopRate, 'payments')}); ` +
      `settled ${simulatedSettled} vs ${loopSettled} in the loop`,
    met: ratio >= 0.3,
    details: {
      scenario: scenario.name,
      venues: scenario.venues.length,
      payments,
      simulationMedianMs: round(timings.simulation.medianMs, 1),
      loopMedianMs: round(timings.loop.medianMs, 1),
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
      ),
      await throughputRow(
        'S1-1000',
        'generated 1,000-venue scenario',
        generatedScenario(1_000),
        payments,
      ),
    ];
  },
};
