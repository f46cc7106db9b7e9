// A sweep end to end: every scenario variant derived and validated before anything runs; then
// each grid point not already finished runs as a child `corridor simulate` in its own folder,
// `jobs` at a time; then runs.csv and groups.csv from every run's summary.json.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { Problem } from '../scenario/problems';
import { scenarioFileSchema } from '../scenario/schema';
import { SUMMARY_FILE } from '../simulation/simulate';
import { inPool, runChild } from './child-run';
import { codeSha256 } from './code-identity';
import { expandGrid, type GridPoint } from './grid';
import { auditorClean, headlineMetrics, readHeadline } from './headline';
import { finishedRun, prepareRunDir, type RunParams, runDirName } from './run-folder';
import type { SweepSpec } from './spec';
import { groupsCsv, type RunRecord, runsCsv, writeAtomically } from './tables';
import { deriveVariant, type ScenarioVariant } from './variant';

export const SWEEP_FILE = 'sweep.yaml';
export const RUNS_CSV = 'runs.csv';
export const GROUPS_CSV = 'groups.csv';

export interface PlannedRun {
  point: GridPoint;
  params: RunParams;
  /** Relative to the sweep folder. */
  dir: string;
  variant: ScenarioVariant;
}

export interface SweepPlan {
  /** The spec with its scenario as an absolute path: what sweep.yaml records. */
  spec: SweepSpec;
  outDir: string;
  runs: PlannedRun[];
}

/**
 * Every run of `spec`, its scenario derived and validated; or every problem, naming the field.
 * The scenario at `spec.scenario` must already have been loaded (and so validated).
 */
export function planSweep(
  spec: SweepSpec,
  outDir: string,
): { ok: true; plan: SweepPlan } | { ok: false; problems: Problem[] } {
  const file = scenarioFileSchema.parse(parseYaml(fs.readFileSync(spec.scenario, 'utf8')));
  const grid = expandGrid(spec);
  const variants: ScenarioVariant[] = [];
  const problems: Problem[] = [];
  for (const choice of grid.variants) {
    const derived = deriveVariant(file, spec.overrides, choice, spec.scenario);
    if (derived.ok) variants.push(derived.variant);
    else problems.push(...derived.problems);
  }
  if (problems.length > 0) return { ok: false, problems: dedupe(problems) };
  const runs = grid.points.map((point): PlannedRun => {
    const choice = grid.variants[point.variant]!;
    const variant = variants[point.variant]!;
    const params: RunParams = {
      strategy: point.strategy,
      protocol: point.protocol,
      seed: point.seed,
      payments: point.payments,
      liquidityScale: choice.liquidityScale,
      set: Object.fromEntries(choice.set),
      scenarioSha256: variant.sha256,
      codeSha256: codeSha256(),
    };
    return { point, params, dir: runDirName(params), variant };
  });
  return { ok: true, plan: { spec, outDir, runs } };
}

export interface RunOptions {
  jobs: number;
  /** Run this grid point only, and leave the tables to a later collecting sweep. */
  onlyIndex?: number;
  /** After each run, skipped (already finished) or not. */
  onRun?: (record: RunRecord, skipped: boolean) => void;
}

export interface SweepOutcome {
  records: RunRecord[];
  /** Runs this invocation started (the rest were finished already). */
  ran: number;
}

export async function runSweep(plan: SweepPlan, options: RunOptions): Promise<SweepOutcome> {
  const chosen = options.onlyIndex === undefined ? plan.runs : [plan.runs[options.onlyIndex]!];
  if (options.onlyIndex === undefined) writeSweepFile(plan);
  const pending: PlannedRun[] = [];
  const records = new Map<number, RunRecord>();
  for (const run of chosen) {
    const headline = finishedRun(path.join(plan.outDir, run.dir), run.params);
    if (headline === null) {
      pending.push(run);
      continue;
    }
    const record = recordOf(run, headline, true);
    records.set(run.point.index, record);
    options.onRun?.(record, true);
  }
  await inPool(pending, options.jobs, async (run) => {
    const dir = path.join(plan.outDir, run.dir);
    prepareRunDir(dir, run.params, run.variant.text);
    const exitCode = await runChild(dir, run.params);
    const record = recordOf(
      run,
      readHeadline(path.join(dir, SUMMARY_FILE)),
      exitCode === 0 || exitCode === 1,
    );
    records.set(run.point.index, record);
    options.onRun?.(record, false);
  });
  const ordered = chosen.map((run) => records.get(run.point.index)!);
  if (options.onlyIndex === undefined) writeTables(plan, ordered);
  return { records: ordered, ran: pending.length };
}

/** sweep.yaml: the grid as run, so `corridor sweep OUT/sweep.yaml` repeats or resumes it. */
export function writeSweepFile(plan: SweepPlan): string {
  const file = path.join(plan.outDir, SWEEP_FILE);
  fs.mkdirSync(plan.outDir, { recursive: true });
  writeAtomically(file, stringify(plan.spec));
  return file;
}

function writeTables(plan: SweepPlan, records: readonly RunRecord[]): void {
  const scales = new Map(
    plan.runs.flatMap((run) => run.variant.scenario.assets).map((asset) => [asset.id, asset.scale]),
  );
  const delivered = new Map<string, number>();
  for (const asset of [
    ...new Set(records.flatMap((r) => Object.keys(r.headline?.deliveredByAsset ?? {}))),
  ].sort())
    delivered.set(asset, scales.get(asset) ?? 0);
  const metrics = headlineMetrics(delivered);
  const setPaths = Object.keys(plan.spec.set);
  writeAtomically(path.join(plan.outDir, RUNS_CSV), runsCsv(records, setPaths, metrics));
  writeAtomically(path.join(plan.outDir, GROUPS_CSV), groupsCsv(records, setPaths, metrics));
}

/** A run that exited normally with its summary is ok or found violations; else it failed. */
function recordOf(
  run: PlannedRun,
  headline: RunRecord['headline'],
  exitedNormally: boolean,
): RunRecord {
  const status: RunRecord['status'] =
    headline === null || !exitedNormally ? 'failed' : auditorClean(headline) ? 'ok' : 'violations';
  return {
    index: run.point.index,
    dir: run.dir,
    scenario: run.variant.scenario.name,
    params: run.params,
    status,
    headline,
  };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join('.')} ${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
