// `corridor sweep [FILE]`: a grid of simulations (strategies × protocols × seeds × payments ×
// liquidity scales × any scenario value by path), each a child `corridor simulate` in its own
// folder, `--jobs` at a time, then runs.csv and groups.csv. The grid comes from a YAML sweep
// file, from flags, or both (a flag replaces the file's axis). Every value and every derived
// scenario is checked before anything runs or is written. Finished runs are skipped, so an
// interrupted sweep resumes where it stopped. `--emit slurm|parallel` writes a job array instead.
// Exit codes: 0 every run clean; 1 a run failed or its auditor found violations; 2 bad input.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { PROTOCOL_CHOICES } from '../routing/plan';
import { formatPath, type Problem } from '../scenario/problems';
import {
  EMIT_FILES,
  EMIT_TARGETS,
  type EmitTarget,
  emitInstructions,
  emitScript,
} from '../sweep/emit';
import { parseSweepSpec, type SweepSpec } from '../sweep/spec';
import {
  GROUPS_CSV,
  planSweep,
  RUNS_CSV,
  runSweep,
  type SweepPlan,
  writeSweepFile,
} from '../sweep/sweep';
import type { RunRecord } from '../sweep/tables';
import { refuse, usageErrorsExitTwo } from './exit-codes';
import { loadScenarioOrExit } from './scenario-option';

interface SweepFlags {
  scenario?: string;
  strategy?: string;
  protocol?: string;
  seed?: string;
  payments?: string;
  liquidityScale?: string;
  set: string[];
  jobs?: string;
  out: string;
  emit?: string;
  onlyIndex?: string;
  progress: boolean;
}

/** The sweep spec's field each flag fills, for error messages that name what the user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  scenario: '--scenario',
  strategies: '--strategy',
  protocols: '--protocol',
  seeds: '--seed',
  payments: '--payments',
  liquidityScales: '--liquidity-scale',
  set: '--set',
};
const MAX_JOBS = 256;
const MAX_SEEDS_IN_RANGE = 100_000;

export function register(program: Command): void {
  const command = program
    .command('sweep')
    .argument('[file]', 'YAML sweep file (fields as the flags below; flags replace its axes)')
    .description(
      'Run a grid of simulations across cores: one folder per run, runs.csv and groups.csv (mean, 95% CI)',
    )
    .option('--scenario <file>', 'scenario YAML file (default scenarios/mbridge-lite.yaml)')
    .option('--strategy <names>', 'routing strategies, one run each (comma list)')
    .option(
      '--protocol <names>',
      `settlement protocols, comma list (${PROTOCOL_CHOICES.join(', ')})`,
    )
    .option('--seed <list>', 'seeds: a comma list and/or ranges, e.g. 1-5 or 1,2,10-12')
    .option('--payments <list>', 'payments per run, comma list (default 1000)')
    .option(
      '--liquidity-scale <list>',
      "venue liquidity multipliers, comma list, e.g. 0.25,0.5,1,2 (dealer books and quote sizes, pools, banks' reserves)",
    )
    .option(
      '--set <path=values>',
      'a scenario value by path, one axis per flag (repeatable), e.g. workload.profiles.mixed.ratePerSecond=5,10,20',
      (value: string, previous: string[]) => [...previous, value],
      [],
    )
    .option('--jobs <n>', `runs at once (default: ${os.availableParallelism()}, the cores here)`)
    .option('--out <dir>', 'sweep folder: runs/, runs.csv, groups.csv, sweep.yaml', 'out/sweep')
    .option('--emit <target>', `write a job array instead of running (${EMIT_TARGETS.join(', ')})`)
    .option('--only-index <i>', 'run grid point i only (what each emitted task runs); no tables')
    .option('--no-progress', 'no progress bar (one line per finished run instead)')
    .addHelpText(
      'after',
      [
        '',
        'Sweep file fields: scenario, strategies, protocols, seeds, payments, liquidityScales (lists),',
        'set (path: [values], one axis each) and overrides (path: value, shared by every run).',
        'Paths are as `corridor scenario validate` reports them; [id] picks a list entry by id, e.g.',
        'venues[orientfx-cny-hkd].maxIn. Finished runs (summary.json matching params.json) are skipped.',
        '',
        'Exit status: 0 every run clean, 1 a run failed or found violations, 2 bad input (nothing ran).',
      ].join('\n'),
    )
    .action(async (file: string | undefined, flags: SweepFlags) =>
      runSweepCommand(command, file, flags),
    );
  usageErrorsExitTwo(command);
}

async function runSweepCommand(
  command: Command,
  file: string | undefined,
  flags: SweepFlags,
): Promise<void> {
  const jobs = flags.jobs === undefined ? os.availableParallelism() : positiveInt(flags.jobs);
  if (jobs === null || jobs > MAX_JOBS)
    refuse(command, `--jobs: expected a whole number from 1 to ${MAX_JOBS}, got "${flags.jobs}"`);
  const emit = flags.emit;
  if (emit !== undefined && !(EMIT_TARGETS as readonly string[]).includes(emit))
    refuse(command, `--emit: expected one of ${EMIT_TARGETS.join(', ')}, got "${emit}"`);
  if (emit !== undefined && flags.onlyIndex !== undefined)
    refuse(command, '--emit and --only-index: choose one (emitted tasks run --only-index)');
  const onlyIndex = flags.onlyIndex === undefined ? undefined : nonNegativeInt(flags.onlyIndex);
  if (onlyIndex === null)
    refuse(command, `--only-index: expected a run index (0, 1, ...), got "${flags.onlyIndex}"`);
  if (
    flags.out.trim() === '' ||
    (fs.existsSync(flags.out) && !fs.statSync(flags.out).isDirectory())
  )
    refuse(command, `--out: expected a directory, got "${flags.out}"`);

  const { spec, flagged } = readSpec(command, file, flags);
  await loadScenarioOrExit(command, spec.scenario);
  const planned = planSweep(spec, path.resolve(flags.out));
  if (!planned.ok) refuse(command, problemList('the sweep', planned.problems, file, flagged));
  const { plan } = planned;
  if (onlyIndex !== undefined && onlyIndex >= plan.runs.length) {
    refuse(
      command,
      `--only-index: expected a run index from 0 to ${plan.runs.length - 1}, got ${onlyIndex}`,
    );
  }

  if (emit !== undefined) {
    emitJobArray(plan, emit as EmitTarget, flags.jobs === undefined ? undefined : jobs);
    return;
  }
  const startedMs = performance.now();
  const total = onlyIndex === undefined ? plan.runs.length : 1;
  const progress = startProgress(flags.progress, total);
  const outcome = await runSweep(plan, {
    jobs,
    ...(onlyIndex === undefined ? {} : { onlyIndex }),
    onRun: progress.onRun,
  });
  progress.stop();

  const count = (status: RunRecord['status']) =>
    outcome.records.filter((record) => record.status === status).length;
  const problems = outcome.records.filter((record) => record.status !== 'ok');
  console.log(
    `corridor sweep: ${outcome.records.length} runs (${outcome.ran} ran, ${outcome.records.length - outcome.ran} already finished): ` +
      `ok ${count('ok')}, violations ${count('violations')}, failed ${count('failed')}`,
  );
  for (const record of problems)
    console.log(`  ${record.status}: ${path.join(plan.outDir, record.dir)} (see run.log)`);
  if (onlyIndex === undefined) {
    console.log(
      `files: ${path.join(plan.outDir, RUNS_CSV)}, ${path.join(plan.outDir, GROUPS_CSV)}`,
    );
  }
  console.error(`wall time ${((performance.now() - startedMs) / 1000).toFixed(1)} s, ${jobs} jobs`);
  if (problems.length > 0) process.exitCode = 1;
}

/** The sweep file (if any) with the flags' axes on top, validated as one spec. */
function readSpec(
  command: Command,
  file: string | undefined,
  flags: SweepFlags,
): { spec: SweepSpec; flagged: Set<string> } {
  let raw: Record<string, unknown> = {};
  if (file !== undefined) {
    let parsed: unknown;
    try {
      parsed = parseYaml(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      refuse(
        command,
        `${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      refuse(command, `${file}: expected a mapping of sweep fields`);
    raw = { ...(parsed as Record<string, unknown>) };
    // A sweep file's scenario is found beside the file, wherever the command runs.
    if (typeof raw.scenario === 'string')
      raw.scenario = path.resolve(path.dirname(file), raw.scenario);
  }
  const fromFlags = flagFields(command, flags);
  // Each --set path is its own axis: it replaces the file's axis of that path, not the others.
  const flagSet = fromFlags.set as Record<string, string[]> | undefined;
  const flagged = new Set([
    ...Object.keys(fromFlags).filter((field) => field !== 'set'),
    ...Object.keys(flagSet ?? {}).map((setPath) => `set ${setPath}`),
  ]);
  const fileSet = typeof raw.set === 'object' && raw.set !== null ? raw.set : {};
  const parsed = parseSweepSpec({
    ...raw,
    ...fromFlags,
    ...(flagSet ? { set: { ...fileSet, ...flagSet } } : {}),
  });
  if (!parsed.ok) refuse(command, problemList('the sweep', parsed.problems, file, flagged));
  return { spec: { ...parsed.spec, scenario: path.resolve(parsed.spec.scenario) }, flagged };
}

/** The given flags as sweep fields; a `--set` axis replaces the file's axis of the same path. */
function flagFields(command: Command, flags: SweepFlags): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const numbers = (text: string) =>
    list(text).map((item) => (/^-?[0-9]+$/.test(item) ? Number(item) : item));
  if (flags.scenario !== undefined) fields.scenario = flags.scenario;
  if (flags.strategy !== undefined) fields.strategies = list(flags.strategy);
  if (flags.protocol !== undefined) fields.protocols = list(flags.protocol);
  if (flags.payments !== undefined) fields.payments = numbers(flags.payments);
  if (flags.liquidityScale !== undefined) fields.liquidityScales = list(flags.liquidityScale);
  if (flags.seed !== undefined) {
    const seeds = seedList(flags.seed);
    if (typeof seeds === 'string') refuse(command, `--seed: ${seeds}`);
    fields.seeds = seeds;
  }
  if (flags.set.length > 0) {
    const set: Record<string, string[]> = {};
    for (const assignment of flags.set) {
      const at = assignment.indexOf('=');
      if (at <= 0) refuse(command, `--set: expected PATH=VALUE[,VALUE...], got "${assignment}"`);
      const key = assignment.slice(0, at).trim();
      if (Object.hasOwn(set, key)) refuse(command, `--set ${key}: given twice`);
      set[key] = list(assignment.slice(at + 1));
    }
    fields.set = set;
  }
  return fields;
}

/** "1-3,10" → [1, 2, 3, 10]; items that are not integers pass through for the schema to name. */
function seedList(text: string): unknown[] | string {
  const seeds: unknown[] = [];
  for (const item of list(text)) {
    const range = /^(-?[0-9]{1,15})-(-?[0-9]{1,15})$/.exec(item);
    if (!range) {
      seeds.push(/^-?[0-9]+$/.test(item) ? Number(item) : item);
      continue;
    }
    const [from, to] = [Number(range[1]), Number(range[2])];
    if (to < from) return `range "${item}" runs backwards`;
    if (to - from >= MAX_SEEDS_IN_RANGE)
      return `range "${item}" has more than ${MAX_SEEDS_IN_RANGE} seeds`;
    for (let seed = from; seed <= to; seed++) seeds.push(seed);
  }
  return seeds;
}

/** Problems named by the flag that gave the field, else by the field's path in the file. */
function problemList(
  what: string,
  problems: readonly Problem[],
  file: string | undefined,
  flagged: ReadonlySet<string>,
): string {
  const lines = problems.map((problem) => {
    const [field, ...rest] = problem.path;
    // A derived scenario's problem names the values it was derived with, not one axis.
    const fromFlag =
      field === 'set'
        ? rest.length === 0
          ? [...flagged].some((name) => name.startsWith('set '))
          : flagged.has(`set ${String(rest[0])}`)
        : flagged.has(String(field));
    const flag = fromFlag ? FLAG_OF_FIELD[String(field)] : undefined;
    if (flag === undefined)
      return `  ${file === undefined ? '' : `${file}: `}${formatPath(problem.path)}: ${problem.message}`;
    // `--set PATH` names the axis; list positions inside a flag's value are 0-based items.
    const where = field === 'set' && typeof rest[0] === 'string' ? `${flag} ${rest[0]}` : flag;
    return `  ${where}: ${problem.message}`;
  });
  return `${what}: ${problems.length} problem(s)\n${lines.join('\n')}`;
}

function emitJobArray(plan: SweepPlan, target: EmitTarget, jobs: number | undefined): void {
  const sweepFile = writeSweepFile(plan);
  const file = path.join(plan.outDir, EMIT_FILES[target]);
  const request = {
    sweepFile,
    outDir: plan.outDir,
    runs: plan.runs.length,
    ...(jobs === undefined ? {} : { jobs }),
  };
  fs.writeFileSync(file, emitScript(target, request), { mode: 0o755 });
  for (const line of emitInstructions(target, request, file)) console.log(line);
}

interface Progress {
  onRun: (record: RunRecord, skipped: boolean) => void;
  stop: () => void;
}

/** A bar on a terminal; elsewhere (logs, CI) one line per finished run. */
function startProgress(enabled: boolean, total: number): Progress {
  let done = 0;
  if (!enabled || process.stderr.isTTY !== true) {
    return {
      onRun: (record, skipped) => {
        done++;
        console.error(
          `sweep [${done}/${total}] ${skipped ? 'finished already' : record.status}: ${record.dir}`,
        );
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: 'sweep [{bar}] {value}/{total} runs | {problems} not ok | {eta_formatted} left',
      stream: process.stderr,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let problems = 0;
  bar.start(total, 0, { problems });
  return {
    onRun: (record) => {
      if (record.status !== 'ok') problems++;
      bar.increment(1, { problems });
    },
    stop: () => bar.stop(),
  };
}

function list(text: string): string[] {
  return text.split(',').map((item) => item.trim());
}

function positiveInt(text: string): number | null {
  return /^[1-9][0-9]{0,5}$/.test(text) ? Number(text) : null;
}

function nonNegativeInt(text: string): number | null {
  return /^(0|[1-9][0-9]{0,8})$/.test(text) ? Number(text) : null;
}
