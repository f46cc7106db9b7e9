// Small real runs for the report tests: mbridge-lite through the real router and the embedded
// ledger, HTLC and 2PC mixed in, one run per strategy on the same seed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { simulate, type Summary } from '../../router/simulation/simulate';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCENARIO_FILE = path.join(ROOT, 'scenarios/mbridge-lite.yaml');

/** A route on mbridge-lite over three ledgers, as `corridor route` flags. */
export const ROUTE_ARGS = [
  'route',
  '--scenario',
  SCENARIO_FILE,
  '--from',
  'dragontrade/ops:cny-jade',
  '--to',
  'kowloonretail/wallet:hkdx',
  '--amount',
  '250000',
];

/** Runs `corridor` through the real entry point, as a separate Node process. */
export function corridorCli(...args: string[]): { code: number | null; output: string } {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'router/cli/main.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

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
