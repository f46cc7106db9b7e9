// S1's memory figure: the peak RSS of whole `simulate` runs on mbridge-lite, each in a fresh
// child process (bench/s1-memory-child.ts) so the parent's heap does not count: 100k and 1M
// payments (`--quick`: 10k only).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatRate, type BenchOptions, type BenchRow, type Benchmark } from './harness';

const GIB = 2 ** 30;

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

export const s1Memory: Benchmark = {
  id: 'S1mem',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const memory: MemoryRun[] = [];
    for (const payments of options.quick ? [10_000] : [100_000, 1_000_000]) {
      const run = await measureMemory(payments);
      console.log(
        'failure' in run
          ? `S1mem ${payments} payments in a child process: ${run.failure}`
          : `S1mem ${payments} payments in a child process: peak RSS ${Math.round(run.peakRssBytes / 2 ** 20)} MiB (${run.source})`,
      );
      memory.push(run);
    }
    return [memoryRow(memory, options.quick)];
  },
};
