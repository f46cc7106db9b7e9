// S1's memory figure: the peak RSS of whole `corridor simulate` runs on mbridge-lite (default
// profile, cheapest, auto, seed 1), each through the real command in its own process, so the
// parent's heap does not count and the launcher's Node flags apply: 100k and 1M payments
// (`--quick`: 10k only). Peak RSS is the kernel's (getrusage via /usr/bin/time -v).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatRate, type BenchOptions, type BenchRow, type Benchmark } from './harness';
import { withTempDir } from './support/scenarios';

const GIB = 2 ** 30;
const TIME_TOOL = '/usr/bin/time';
const CORRIDOR = path.join(import.meta.dirname, '..', 'bin', 'corridor.js');

type MemoryRun =
  | { payments: number; peakRssBytes: number; elapsedMs: number }
  /** The run failed (e.g. out of heap), or the peak could not be read: the figure is that. */
  | { payments: number; failure: string };

function measureMemory(payments: number): Promise<MemoryRun> {
  if (!existsSync(TIME_TOOL))
    return Promise.resolve({ payments, failure: `${TIME_TOOL} is missing (apt-get install time)` });
  return withTempDir(
    (outDir) =>
      new Promise((resolve, reject) => {
        const args = ['-v', process.execPath, CORRIDOR, 'simulate', '--payments', String(payments)];
        const start = performance.now();
        const proc = spawn(TIME_TOOL, [...args, '--no-progress', '--out', outDir], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.on('error', reject);
        proc.on('close', (code) => {
          const elapsedMs = performance.now() - start;
          const kernel = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
          const peak = kernel ? Number(kernel[1]) * 1024 : undefined;
          if (code !== 0 || peak === undefined) {
            const reason =
              /FATAL ERROR: [^\n]*|\w*Error: [^\n]*/.exec(stderr)?.[0] ?? stderr.slice(-300);
            const rss = peak ? `, peak RSS ${Math.round(peak / 2 ** 20)} MiB` : '';
            return resolve({ payments, failure: `exited ${code}: ${reason}${rss}` });
          }
          resolve({ payments, peakRssBytes: peak, elapsedMs });
        });
      }),
  );
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
    details[`peakRssMiB_${run.payments}`] = Math.round(run.peakRssBytes / 2 ** 20);
    details[`elapsedMs_${run.payments}`] = Math.round(run.elapsedMs);
  }
  return {
    id: 'S1-mem',
    figure: 'simulation peak memory (`corridor simulate`, mbridge-lite, own process)',
    baseline: '—',
    target: '1M payments under 1 GiB',
    measured: parts.join('; '),
    met: million ? !('failure' in million) && million.peakRssBytes < GIB : null,
    details,
  };
}

export const s1Memory: Benchmark = {
  id: 'S1mem',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const memory: MemoryRun[] = [];
    for (const payments of options.quick ? [10_000] : [100_000, 1_000_000]) {
      const run = await measureMemory(payments);
      console.log(
        'failure' in run
          ? `S1mem ${payments} payments: ${run.failure}`
          : `S1mem ${payments} payments: peak RSS ${Math.round(run.peakRssBytes / 2 ** 20)} MiB in ${(run.elapsedMs / 1000).toFixed(1)} s`,
      );
      memory.push(run);
    }
    return [memoryRow(memory, options.quick)];
  },
};
