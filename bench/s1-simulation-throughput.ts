// S1: simulation speed and memory. payments/s of a whole `simulate` run (bootstrap, seeded
// arrivals, routing, settlement under modelled block latency, books, CSV, summary, audit) against
// the bare router + ledger loop over the same payments, on mbridge-lite and on a generated
// 1,000-venue scenario; and the peak RSS of 100k- and 1M-payment runs, each in a child process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
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
const GIB = 2 ** 30;

interface Sizes {
  mbridgePayments: number;
  /**
   * The 1,000-venue graph routes at ~20 ms a payment on this machine (see R1), so 100k payments
   * would take about an hour per run; ten timed runs use a smaller count, stated in the row.
   */
  generatedPayments: number;
  memoryRuns: number[];
}

const FULL: Sizes = {
  mbridgePayments: 100_000,
  generatedPayments: 2_000,
  memoryRuns: [100_000, 1_000_000],
};
const QUICK: Sizes = { mbridgePayments: 10_000, generatedPayments: 200, memoryRuns: [10_000] };

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

type MemoryRun =
  | {
      payments: number;
      peakRssBytes: number;
      source: 'getrusage (/usr/bin/time -v)' | 'sampled in the child';
      elapsedMs: number;
    }
  /** The child died (e.g. out of heap): the figure is that it did not fit. */
  | { payments: number; failure: string };

/** One simulate run in a fresh Node process; its peak RSS from the kernel when possible. */
function measureMemory(payments: number): Promise<MemoryRun> {
  const child = path.join(import.meta.dirname, 's1-memory-child.ts');
  const node = [process.execPath, '--import', 'tsx', child, String(payments)];
  const timeTool = '/usr/bin/time';
  const command = existsSync(timeTool) ? [timeTool, '-v', ...node] : node;
  return new Promise((resolve, reject) => {
    const proc = spawn(command[0]!, command.slice(1), {
      cwd: path.join(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const kernel = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      if (code !== 0) {
        const reason =
          /FATAL ERROR: [^\n]*|\w*Error: [^\n]*/.exec(stderr)?.[0] ?? stderr.slice(-300);
        const peak = kernel ? `, peak RSS ${Math.round(Number(kernel[1]) / 1024)} MiB` : '';
        return resolve({ payments, failure: `child exited ${code}: ${reason}${peak}` });
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      const report = JSON.parse(line) as { elapsedMs: number; sampledPeakRssBytes: number };
      resolve({
        payments,
        elapsedMs: report.elapsedMs,
        ...(kernel
          ? {
              peakRssBytes: Number(kernel[1]) * 1024,
              source: 'getrusage (/usr/bin/time -v)' as const,
            }
          : { peakRssBytes: report.sampledPeakRssBytes, source: 'sampled in the child' as const }),
      });
    });
  });
}

function memoryRow(runs: MemoryRun[], quick: boolean): BenchRow {
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const parts = runs.map((run) =>
    'failure' in run
      ? `${run.payments.toLocaleString('en')} payments: did not finish (${run.failure})`
      : `${run.payments.toLocaleString('en')} payments: peak RSS ${mib(run.peakRssBytes)} ` +
        `(${formatRate((run.payments * 1000) / run.elapsedMs, 'payments')})`,
  );
  const million = runs.find((run) => run.payments === 1_000_000);
  if (!million) parts.push('1M run skipped in --quick');
  const details: BenchRow['details'] = { quick };
  for (const run of runs) {
    if ('failure' in run) {
      details[`failure_${run.payments}`] = run.failure;
      continue;
    }
    details.source = run.source;
    details[`peakRssMiB_${run.payments}`] = Math.round(run.peakRssBytes / 2 ** 20);
    details[`elapsedMs_${run.payments}`] = Math.round(run.elapsedMs);
  }
  return {
    id: 'S1-mem',
    figure: 'simulation peak memory (mbridge-lite, child process)',
    baseline: '—',
    target: '1M payments under 1 GiB',
    measured: parts.join('; '),
    met: million ? !('failure' in million) && million.peakRssBytes < GIB : null,
    details,
  };
}

export const s1: Benchmark = {
  id: 'S1',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const sizes = options.quick ? QUICK : FULL;
    const rows = [
      await throughputRow(
        'S1-mbridge',
        'mbridge-lite',
        await loadScenarioFile(MBRIDGE_LITE),
        sizes.mbridgePayments,
      ),
      await throughputRow(
        'S1-1000',
        'generated 1,000-venue scenario',
        generatedScenario(1_000),
        sizes.generatedPayments,
      ),
    ];
    const memory: MemoryRun[] = [];
    for (const payments of sizes.memoryRuns) {
      const run = await measureMemory(payments);
      console.log(
        'failure' in run
          ? `S1    ${payments} payments in a child process: ${run.failure}`
          : `S1    ${payments} payments in a child process: peak RSS ${Math.round(run.peakRssBytes / 2 ** 20)} MiB (${run.source})`,
      );
      memory.push(run);
    }
    rows.push(memoryRow(memory, options.quick));
    return rows;
  },
};
