// P1: property cases/s of the real model-based ledger suite (router/props/model-suite.ts: its
// command generators, run against the embedded ledger and the simple model, with every
// invariant checked after every step) on 10-step sequences, against fast-check running a
// trivial property over the very same 10-step command sequences (generated, never executed):
// the price of actually running and checking the steps, per case.
import fc from 'fast-check';
import { commandArbs, freshRun } from '../router/props/model-suite';
import {
  formatRate,
  formatRatio,
  round,
  timeRoundRobin,
  type BenchOptions,
  type BenchRow,
  type Benchmark,
} from './harness';

const STEPS = 10;
const SEED = 42;

/** Exactly STEPS commands, drawn from the suite's own weighted command generators. */
const sequences = fc.array(fc.oneof(...commandArbs), { minLength: STEPS, maxLength: STEPS });

const modelProperty = fc.asyncProperty(sequences, async (commands) => {
  const setup = await freshRun();
  await fc.asyncModelRun(() => setup, commands);
});

const trivialProperty = fc.asyncProperty(sequences, async (commands) => commands.length === STEPS);

async function check(property: fc.IAsyncProperty<unknown>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { numRuns, seed: SEED });
  if (details.failed) {
    throw new Error(
      `P1: property failed (seed ${details.seed}, path ${details.counterexamplePath ?? '?'}): ${String(details.errorInstance)}`,
    );
  }
}

export const p1: Benchmark = {
  id: 'P1',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const cases = options.quick ? 100 : 500;
    const timings = await timeRoundRobin({
      model: () => check(modelProperty, cases),
      trivial: () => check(trivialProperty, cases),
    });
    const modelRate = (cases * 1000) / timings.model.medianMs;
    const trivialRate = (cases * 1000) / timings.trivial.medianMs;
    const ratio = modelRate / trivialRate;
    console.log(
      `P1    model-based ${formatRate(modelRate, 'cases')}, trivial ${formatRate(trivialRate, 'cases')} → ${formatRatio(ratio)} (${cases} cases of ${STEPS} steps)`,
    );
    return [
      {
        id: 'P1',
        figure: `property cases/s, ${STEPS}-step ledger sequences (model-based suite, invariants after every step)`,
        baseline: `fast-check with a trivial property over the same ${STEPS}-step command sequences`,
        target: '≥ 0.1× (issue 12)',
        measured: `${formatRate(modelRate, 'cases')} = ${formatRatio(ratio)} the trivial property (${formatRate(trivialRate, 'cases')})`,
        met: ratio >= 0.1,
        details: {
          steps: STEPS,
          casesPerRun: cases,
          seed: SEED,
          modelMedianMs: round(timings.model.medianMs, 1),
          trivialMedianMs: round(timings.trivial.medianMs, 1),
          modelCasesPerSecond: round(modelRate, 1),
          trivialCasesPerSecond: round(trivialRate, 1),
          ratio: round(ratio, 4),
          runs: timings.model.samplesMs.length,
        },
      },
    ];
  },
};
