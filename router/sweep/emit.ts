// For grids that outgrow one machine: the sweep as a job array for a cluster scheduler instead
// of runs here. Every task is `corridor sweep SWEEP_FILE --only-index I`, one grid point with its
// own folder; afterwards the same sweep run locally finds every finished run, skips it, and
// writes runs.csv and groups.csv.
import { CORRIDOR_BIN } from './child-run';

export const EMIT_TARGETS = ['slurm', 'parallel'] as const;
export type EmitTarget = (typeof EMIT_TARGETS)[number];

export const EMIT_FILES: Record<EmitTarget, string> = {
  slurm: 'sweep.slurm',
  parallel: 'sweep.parallel',
};

export interface EmitRequest {
  /** Absolute paths: tasks may start in another directory, on another node. */
  sweepFile: string;
  outDir: string;
  runs: number;
  /** At most this many tasks at once (Slurm's `%N`); none: the scheduler decides. */
  jobs?: number;
}

export function emitScript(target: EmitTarget, request: EmitRequest): string {
  return target === 'slurm' ? slurmScript(request) : parallelCommands(request);
}

/** The command one task runs, for grid point `index` (a shell word such as "$SLURM_ARRAY_TASK_ID"). */
function taskCommand({ sweepFile, outDir }: EmitRequest, index: string): string {
  // The bin's own shebang finds node on the task's PATH, as on any cluster node.
  return [
    shellQuote(CORRIDOR_BIN),
    'sweep',
    shellQuote(sweepFile),
    '--out',
    shellQuote(outDir),
    '--only-index',
    index,
    '--no-progress',
  ].join(' ');
}

function collectCommand({ sweepFile, outDir }: EmitRequest): string {
  return `${shellQuote(CORRIDOR_BIN)} sweep ${shellQuote(sweepFile)} --out ${shellQuote(outDir)}`;
}

function slurmScript(request: EmitRequest): string {
  const limit = request.jobs === undefined ? '' : `%${request.jobs}`;
  return [
    '#!/bin/bash',
    `# corridor sweep: ${request.runs} runs, one array task each. Submit with: sbatch ${EMIT_FILES.slurm}`,
    `# When every task is done, write runs.csv and groups.csv (finished runs are skipped):`,
    `#   ${collectCommand(request)}`,
    '# (Slurm caps array indices at MaxArraySize, 1001 by default: split larger grids.)',
    '#SBATCH --job-name=corridor-sweep',
    `#SBATCH --array=0-${request.runs - 1}${limit}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${request.outDir}/slurm-%A_%a.log`,
    'set -euo pipefail',
    `exec ${taskCommand(request, '"$SLURM_ARRAY_TASK_ID"')}`,
    '',
  ].join('\n');
}

/** One command a line and nothing else: GNU parallel runs every line it reads. */
function parallelCommands(request: EmitRequest): string {
  return Array.from(
    { length: request.runs },
    (_, index) => `${taskCommand(request, String(index))}\n`,
  ).join('');
}

/** What to do with the written file, for the terminal. */
export function emitInstructions(target: EmitTarget, request: EmitRequest, file: string): string[] {
  const run =
    target === 'slurm'
      ? `sbatch ${shellQuote(file)}`
      : `parallel${request.jobs === undefined ? '' : ` --jobs ${request.jobs}`} --joblog ${shellQuote(`${request.outDir}/parallel.log`)} < ${shellQuote(file)}`;
  return [
    `wrote ${file}: ${request.runs} runs, one task each`,
    `run them with:  ${run}`,
    `then collect runs.csv and groups.csv (finished runs are skipped):  ${collectCommand(request)}`,
  ];
}

/** A POSIX shell word for `text`. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
