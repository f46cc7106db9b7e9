// One run's folder: named after what the run is (strategy, protocol, seed, and a hash of every
// parameter including the scenario's bytes), holding the scenario it reads (scenario.yaml), its
// parameters (params.json), the run's own outputs (summary.json, payments.csv) and its log. A
// run is finished when params.json says exactly this run, made by this code, and summary.json is
// a summary of it, so a resumed sweep skips it and a changed scenario, value or code runs again
// (in the same folder: the code is not part of the name).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SUMMARY_FILE } from '../simulation/simulate';
import { type Headline, readHeadline } from './headline';

const RUNS_DIR = 'runs';
export const SCENARIO_FILE = 'scenario.yaml';
const PARAMS_FILE = 'params.json';
export const LOG_FILE = 'run.log';

export interface RunParams {
  strategy: string;
  protocol: string;
  seed: number;
  payments: number;
  liquidityScale: string;
  /** The `set` axes' values of this run, by path. */
  set: Record<string, unknown>;
  /** sha256 of scenario.yaml: the base file, overrides, set values and scale all land there. */
  scenarioSha256: string;
  /** Which code made the run (code-identity.ts). */
  codeSha256: string;
}

/** `runs/split-htlc-seed3-1f2e3d4c5b`: readable, and unique to the parameters. */
export function runDirName(params: RunParams): string {
  const named = paramsJson({ ...params, codeSha256: '' });
  const hash = createHash('sha256').update(named).digest('hex').slice(0, 10);
  return path.join(RUNS_DIR, `${params.strategy}-${params.protocol}-seed${params.seed}-${hash}`);
}

/** The summary of a finished run of `params` in `dir`, or null if it has to run. */
export function finishedRun(dir: string, params: RunParams): Headline | null {
  let recorded: string;
  try {
    recorded = fs.readFileSync(path.join(dir, PARAMS_FILE), 'utf8');
  } catch {
    return null;
  }
  if (recorded !== paramsJson(params)) return null;
  const headline = readHeadline(path.join(dir, SUMMARY_FILE));
  const matches =
    headline !== null &&
    headline.seed === params.seed &&
    headline.payments === params.payments &&
    headline.strategies.join(',') === params.strategy &&
    headline.protocols.join(',') === params.protocol;
  return matches ? headline : null;
}

/** Lays out an unfinished run's folder; a stale summary goes first, so a crash is never "done". */
export function prepareRunDir(dir: string, params: RunParams, scenarioText: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, SUMMARY_FILE), { force: true });
  fs.writeFileSync(path.join(dir, SCENARIO_FILE), scenarioText);
  fs.writeFileSync(path.join(dir, PARAMS_FILE), paramsJson(params));
}

/** Keys in a fixed order, so equal parameters give equal bytes (and equal hashes). */
function paramsJson(params: RunParams): string {
  const ordered: RunParams = {
    strategy: params.strategy,
    protocol: params.protocol,
    seed: params.seed,
    payments: params.payments,
    liquidityScale: params.liquidityScale,
    set: params.set,
    scenarioSha256: params.scenarioSha256,
    codeSha256: params.codeSha256,
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
