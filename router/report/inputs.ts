// What `corridor report` was pointed at, resolved: run folders (a folder with summary.json)
// and sweep folders (a folder with runs.csv, whose run folders are compared too). Each run's
// scenario comes from the scenario.yaml simulate left in its folder, else the --scenario file,
// else scenarios/<name>.yaml; a file of another scenario than the run's is bad input.
import fs from 'node:fs';
import path from 'node:path';
import { loadScenario } from '../scenario/load';
import { formatProblem } from '../scenario/problems';
import type { Scenario } from '../scenario/types';
import { SCENARIO_COPY_FILE, SUMMARY_FILE } from '../simulation/simulate';
import type { ReportInputs } from './build-report';
import { readCsvRows } from './csv';
import { loadRun, ReportInputError, readSummary, type RunData } from './run-data';

export const SWEEP_FILE = 'runs.csv';
/** Run folders of a sweep compared chart by chart; larger sweeps are shown by runs.csv alone. */
const MAX_COMPARED_SWEEP_RUNS = 8;

export async function readInputs(
  dirs: readonly string[],
  scenarioFile?: string,
): Promise<ReportInputs> {
  const runDirs: string[] = [];
  const sweeps: ReportInputs['sweeps'] = [];
  for (const dir of dirs) {
    const sweepFile = path.join(dir, SWEEP_FILE);
    if (fs.existsSync(sweepFile)) {
      const rows = await readCsvRows(sweepFile);
      const columns = Object.keys(rows[0] ?? {});
      sweeps.push({ dir, columns, rows });
      const members = rows
        .map((row) => path.join(dir, row.dir ?? ''))
        .filter((member) => member !== dir && fs.existsSync(path.join(member, SUMMARY_FILE)));
      if (members.length <= MAX_COMPARED_SWEEP_RUNS) runDirs.push(...members);
    } else runDirs.push(dir);
  }
  const scenarios = new Map<string, Scenario>();
  const runs: RunData[] = [];
  for (const [index, dir] of runDirs.entries()) {
    const summary = readSummary(dir);
    const scenario = await scenarioFor(dir, summary.scenario, scenarioFile, scenarios);
    runs.push(await loadRun(dir, labelOf(runDirs, index), scenario));
  }
  return { runs, sweeps };
}

/** The folder's name, or its path where two runs share a name. */
function labelOf(dirs: readonly string[], index: number): string {
  const dir = dirs[index]!;
  const name = path.basename(path.resolve(dir));
  return dirs.filter((other) => path.basename(path.resolve(other)) === name).length > 1
    ? dir
    : name;
}

async function scenarioFor(
  dir: string,
  name: string,
  scenarioFile: string | undefined,
  cache: Map<string, Scenario>,
): Promise<Scenario> {
  const copy = path.join(dir, SCENARIO_COPY_FILE);
  const fallback = path.join('scenarios', `${name}.yaml`);
  const file = fs.existsSync(copy)
    ? copy
    : (scenarioFile ?? (fs.existsSync(fallback) ? fallback : undefined));
  if (file === undefined)
    throw new ReportInputError(
      `--scenario: RUN_DIR ${dir} ran scenario "${name}", whose file was not found; name it with --scenario FILE`,
    );
  const cached = cache.get(path.resolve(file));
  const scenario = cached ?? (await load(file));
  cache.set(path.resolve(file), scenario);
  if (scenario.name !== name)
    throw new ReportInputError(
      `--scenario: ${file} is scenario "${scenario.name}", but RUN_DIR ${dir} ran "${name}"`,
    );
  return scenario;
}

async function load(file: string): Promise<Scenario> {
  const loaded = await loadScenario(file);
  if (loaded.ok) return loaded.value;
  throw new ReportInputError(
    `--scenario ${file}: ${loaded.problems.length} problem(s)\n${loaded.problems.map((problem) => `  ${formatProblem(problem)}`).join('\n')}`,
  );
}
