// Scenario files and scratch directories the benchmarks share.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';

export const MBRIDGE_LITE = path.join(
  import.meta.dirname,
  '..',
  '..',
  'scenarios',
  'mbridge-lite.yaml',
);

export async function loadScenarioFile(file: string): Promise<Scenario> {
  const loaded = await loadScenario(file);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.problems[0]?.message ?? 'invalid scenario'}`);
  return loaded.value;
}

/** Runs `work` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corridor-bench-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
