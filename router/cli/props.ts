// `corridor props`: the ledger property suites for testers, outside vitest. One line per
// property; a failure prints its shrunk counterexample and the command that replays it.
import { Command, CommanderError } from 'commander';
import { PROPERTIES } from '../props/registry';
import { formatOutcome, runProperties } from '../props/runner';

interface PropsFlags {
  backend: string;
  runs: string;
  seed?: string;
  path?: string;
  only?: string;
  json?: boolean;
}

const USAGE_ERRORS = new Set([
  'commander.unknownOption',
  'commander.optionMissingArgument',
  'commander.excessArguments',
  'commander.invalidArgument',
]);
const INT32_MAX = 2 ** 31 - 1;

export function register(program: Command): void {
  const command = program
    .command('props')
    .description(
      'Run the ledger property suites (conservation, atomicity, access control, AMM, bad input)',
    )
    .option(
      '--backend <name>',
      'ledger backend: embedded (fabric is unavailable on this machine)',
      'embedded',
    )
    .option('--runs <n>', 'runs per property', '100')
    .option('--seed <n>', 'fast-check seed for every property (default: fresh, printed for replay)')
    .option(
      '--only <name>',
      `run one property: ${PROPERTIES.map((property) => property.name).join(', ')}`,
    )
    .option('--path <path>', 'replay path printed with a failure (needs --seed and --only)')
    .option('--json', 'print the outcomes as JSON')
    .action(async (flags: PropsFlags) => runProps(command, flags));
  // Usage mistakes exit with 2, like the flag checks below.
  command.exitOverride((error) => {
    throw USAGE_ERRORS.has(error.code) ? new CommanderError(2, error.code, error.message) : error;
  });
}

function badFlag(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: 2, code: 'corridor.badFlag' });
}

async function runProps(command: Command, flags: PropsFlags): Promise<void> {
  if (flags.backend === 'fabric') {
    badFlag(
      command,
      '--backend fabric: the Fabric backend is unavailable on this machine (no Fabric network can be built here); use --backend embedded',
    );
  }
  if (flags.backend !== 'embedded')
    badFlag(command, `--backend: expected embedded or fabric, got "${flags.backend}"`);
  if (!/^[1-9][0-9]*$/.test(flags.runs) || Number(flags.runs) > 1_000_000) {
    badFlag(command, `--runs: expected a positive integer up to 1000000, got "${flags.runs}"`);
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (flags.seed !== undefined && (!/^-?[0-9]+$/.test(flags.seed) || Math.abs(seed!) > INT32_MAX)) {
    badFlag(
      command,
      `--seed: expected an integer from -${INT32_MAX} to ${INT32_MAX}, got "${flags.seed}"`,
    );
  }
  const selected =
    flags.only === undefined
      ? PROPERTIES
      : PROPERTIES.filter((property) => property.name === flags.only);
  if (selected.length === 0) {
    badFlag(
      command,
      `--only: unknown property "${flags.only}" (known: ${PROPERTIES.map((property) => property.name).join(', ')})`,
    );
  }
  if (flags.path !== undefined) {
    if (!/^[0-9]+(:[0-9]+)*$/.test(flags.path))
      badFlag(command, `--path: expected a replay path such as 12:0:3, got "${flags.path}"`);
    if (flags.only === undefined || seed === undefined)
      badFlag(command, '--path: replaying a path needs --only and --seed');
  }

  const outcomes = await runProperties(selected, {
    numRuns: Number(flags.runs),
    seed,
    path: flags.path,
    onOutcome: flags.json ? undefined : (outcome) => console.log(formatOutcome(outcome)),
  });
  const failed = outcomes.filter((outcome) => !outcome.passed).length;
  const summary = `${outcomes.length - failed} passed, ${failed} failed`;
  if (flags.json) {
    console.log(
      JSON.stringify(
        {
          backend: flags.backend,
          runs: Number(flags.runs),
          outcomes,
          passed: outcomes.length - failed,
          failed,
        },
        null,
        2,
      ),
    );
  } else {
    console.log(summary);
  }
  if (failed > 0) process.exitCode = 1;
}
