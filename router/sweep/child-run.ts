// A run as a child process: `corridor simulate` through the real binary, so every run of a
// sweep takes exactly the path a user's `simulate` takes (flag checks, scenario loading,
// auditor, outputs). Its terminal output goes to the run's log; a pool keeps `jobs` running.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOG_FILE, type RunParams, SCENARIO_FILE } from './run-folder';

export const CORRIDOR_BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../bin/corridor.js',
);

/** The `corridor simulate` arguments of a run whose folder is `dir`. */
function simulateArgs(dir: string, params: RunParams): string[] {
  return [
    'simulate',
    '--scenario',
    path.join(dir, SCENARIO_FILE),
    '--payments',
    String(params.payments),
    '--strategy',
    params.strategy,
    '--protocol',
    params.protocol,
    '--seed',
    String(params.seed),
    '--out',
    dir,
    '--no-progress',
  ];
}

/** Runs `simulate` for the run in `dir`; resolves with its exit code (null if killed). */
export function runChild(dir: string, params: RunParams): Promise<number | null> {
  const log = fs.openSync(path.join(dir, LOG_FILE), 'w');
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [CORRIDOR_BIN, ...simulateArgs(dir, params)], {
      stdio: ['ignore', log, log],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  }).finally(() => fs.closeSync(log));
}

/** `work` over `items` with at most `jobs` at a time; results in the items' order. */
export async function inPool<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}
