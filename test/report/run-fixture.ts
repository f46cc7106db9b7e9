// Small real runs for the report tests: mbridge-lite through the real router and the embedded
// ledger, HTLC and 2PC mixed in, one run per strategy on the same seed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { simulate, type Summary } from '../../router/simulation/simulate';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCENARIO_FILE = path.join(ROOT, 'scenarios/mbridge-lite.yaml');

export async function mbridge(): Promise<Scenario> {
  const loaded = await loadScenario(SCENARIO_FILE);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

export interface FixtureRun {
  dir: string;
  summary: Summary;
}

/** One run in a fresh folder under `parent`, named after its strategy. */
export async function runFixture(
  parent: string,
  strategy: string,
  options: { payments?: number; seed?: number; events?: boolean } = {},
): Promise<FixtureRun> {
  const scenario = await mbridge();
  const dir = path.join(parent, strategy);
  const summary = await simulate({
    scenario,
    profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
    payments: options.payments ?? 250,
    seed: options.seed ?? 11,
    strategies: [strategy],
    protocols: ['auto', 'htlc', '2pc'],
    faultSpec: '',
    faults: [],
    outDir: dir,
    ...(options.events === undefined ? {} : { events: options.events }),
  });
  return { dir, summary };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A run's CSV file as records, parsed here without the report's reader (no field holds a comma). */
export function runCsv(dir: string, file: string): Record<string, string>[] {
  const [header, ...lines] = fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => {
    const fields = line.split(',');
    if (fields.length !== columns.length) throw new Error(`unexpected quoting in ${file}: ${line}`);
    return Object.fromEntries(columns.map((column, i) => [column, fields[i]!]));
  });
}
