// `corridor report RUN_DIR…`: one self-contained HTML file from run folders (simulate --out) or
// sweep folders (with runs.csv). Every folder is read and checked before the file is written;
// bad input exits 2 and writes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { readInputs } from '../report/inputs';
import { ReportInputError } from '../report/run-data';

export const REPORT_FILE = 'report.html';

const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.optionMissingArgument',
  'commander.missingArgument',
]);

interface ReportFlags {
  out?: string;
  scenario?: string;
}

export function register(program: Command): void {
  const command = program
    .command('report')
    .description(
      'Write one self-contained HTML report (charts, tables, SVG/PNG downloads) of runs or sweeps',
    )
    .argument('<RUN_DIR...>', 'simulate --out folders, or sweep folders holding runs.csv')
    .option(
      '--out <file.html>',
      `output file (default: RUN_DIR/${REPORT_FILE} for one folder, ./${REPORT_FILE} for several)`,
    )
    .option('--scenario <file>', "the runs' scenario file, when a run folder has no scenario.yaml")
    .addHelpText(
      'after',
      [
        '',
        'Several folders are compared: the same charts overlaid (latency, cost, outcomes) or side by side.',
        'A sweep folder adds each metric of runs.csv against each swept parameter, with 95% confidence intervals.',
        'Settlement timelines need events.csv (simulate records it up to 10,000 payments, or with --events).',
        '',
        'Exit status: 0 report written, 2 bad input (nothing written).',
      ].join('\n'),
    )
    .action(async (dirs: string[], flags: ReportFlags) => runReport(command, dirs, flags));
  command.exitOverride((error) => {
    throw USAGE_ERRORS.has(error.code) ? new CommanderError(2, error.code, error.message) : error;
  });
}

async function runReport(command: Command, dirs: string[], flags: ReportFlags): Promise<void> {
  const badInput = (message: string): never =>
    command.error(`error: ${message}`, { exitCode: 2, code: 'corridor.badInput' });
  const out = flags.out ?? (dirs.length === 1 ? path.join(dirs[0]!, REPORT_FILE) : REPORT_FILE);
  if (!out.endsWith('.html')) badInput(`--out: expected a file ending in .html, got "${out}"`);
  if (fs.existsSync(out) && fs.statSync(out).isDirectory())
    badInput(`--out: ${out} is a directory`);
  if (flags.scenario !== undefined && !fs.existsSync(flags.scenario))
    badInput(`--scenario: no file ${flags.scenario}`);
  try {
    const bytes = await writeReport(dirs, out, flags.scenario);
    console.log(`report: ${out} (${Math.round(bytes / 1024)} KiB)`);
  } catch (error) {
    if (error instanceof ReportInputError) badInput(error.message);
    throw error;
  }
}

/** Reads every folder, then writes the report; returns its size in bytes. */
export async function writeReport(
  dirs: readonly string[],
  out: string,
  scenarioFile?: string,
): Promise<number> {
  // Loaded on demand: the charting library costs most of a second at start-up.
  const { buildReport } = await import('../report/build-report');
  const html = buildReport(await readInputs(dirs, scenarioFile));
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  fs.writeFileSync(out, html);
  return Buffer.byteLength(html);
}
