// `corridor props`: the ledger property suites for testers, outside vitest, on the embedded
// ledger or on a running Fabric network. One line per property (skipped ones with the reason);
// a failure prints its shrunk counterexample and the command that replays it.
import { Command } from 'commander';
import { DEFAULT_RUNTIME_DIR } from '../ledger/fabric/connection-profile';
import { FabricUnavailableError, openFabricBackend } from '../props/fabric-backend';
import { SUITES, type SuiteName } from '../props/registry';
import type { LedgerProperty } from '../props/property';
import { formatOutcome, runProperties, summarise } from '../props/runner';
import { embeddedBackend, type WorldBackend } from '../props/world';
import { refuse, usageErrorsExitTwo } from './exit-codes';

interface PropsFlags {
  backend: string;
  runtime?: string;
  runs?: string;
  seed?: string;
  path?: string;
  only?: string;
  suite: string;
  json?: boolean;
}

const INT32_MAX = 2 ** 31 - 1;
/** A Fabric case is sequential at ~250 ms a transaction: far fewer runs by default. */
const DEFAULT_RUNS = { embedded: '100', fabric: '5' } as const;

export function register(program: Command): void {
  const command = program
    .command('props')
    .description(
      'Run the property suites: the ledger (conservation, atomicity, access control, AMM, bad input) and cross-ledger settlement under faults',
    )
    .option(
      '--suite <name>',
      `ledger, cross-ledger (settlement across ledgers under crashes, outages and lost replies; embedded only) or all`,
      'all',
    )
    .option(
      '--backend <name>',
      "ledger backend: embedded (a fresh in-process ledger per case) or fabric (one namespace per case on the running network's props channel)",
      'embedded',
    )
    .option(
      '--runtime <dir>',
      `with --backend fabric: the network's runtime directory (default ${DEFAULT_RUNTIME_DIR})`,
    )
    .option(
      '--runs <n>',
      `runs per property (default ${DEFAULT_RUNS.embedded}, ${DEFAULT_RUNS.fabric} on fabric)`,
    )
    .option('--seed <n>', 'fast-check seed for every property (default: fresh, printed for replay)')
    .option(
      '--only <name>',
      `run one property: ${SUITES.all.map((property) => property.name).join(', ')}`,
    )
    .option('--path <path>', 'replay path printed with a failure (needs --seed and --only)')
    .option('--json', 'print the outcomes as JSON')
    .action(async (flags: PropsFlags) => runProps(command, flags));
  // Usage mistakes exit with 2, like the flag checks below.
  usageErrorsExitTwo(command);
}

async function runProps(command: Command, flags: PropsFlags): Promise<void> {
  if (flags.backend !== 'embedded' && flags.backend !== 'fabric')
    refuse(command, `--backend: expected embedded or fabric, got "${flags.backend}"`);
  if (flags.runtime !== undefined && flags.backend !== 'fabric')
    refuse(command, '--runtime: only with --backend fabric');
  const runs = flags.runs ?? DEFAULT_RUNS[flags.backend];
  if (!/^[1-9][0-9]*$/.test(runs) || Number(runs) > 1_000_000) {
    refuse(command, `--runs: expected a positive integer up to 1000000, got "${runs}"`);
  }
  const seed = flags.seed === undefined ? undefined : Number(flags.seed);
  if (flags.seed !== undefined && (!/^-?[0-9]+$/.test(flags.seed) || Math.abs(seed!) > INT32_MAX)) {
    refuse(
      command,
      `--seed: expected an integer from -${INT32_MAX} to ${INT32_MAX}, got "${flags.seed}"`,
    );
  }
  if (!Object.hasOwn(SUITES, flags.suite))
    refuse(command, `--suite: expected ${Object.keys(SUITES).join(', ')}, got "${flags.suite}"`);
  const suite: readonly LedgerProperty[] = SUITES[flags.suite as SuiteName];
  const selected =
    flags.only === undefined ? suite : suite.filter((property) => property.name === flags.only);
  if (selected.length === 0) {
    refuse(
      command,
      `--only: no property "${flags.only}" in suite ${flags.suite} (it has: ${suite.map((property) => property.name).join(', ')})`,
    );
  }
  if (flags.path !== undefined) {
    if (!/^[0-9]+(:[0-9]+)*$/.test(flags.path))
      refuse(command, `--path: expected a replay path such as 12:0:3, got "${flags.path}"`);
    if (flags.only === undefined || seed === undefined)
      refuse(command, '--path: replaying a path needs --only and --seed');
  }

  const backend = await openBackend(command, flags);
  try {
    const outcomes = await runProperties(selected, {
      numRuns: Number(runs),
      seed,
      path: flags.path,
      backend,
      onOutcome: flags.json ? undefined : (outcome) => console.log(formatOutcome(outcome)),
    });
    const { passed, failed, skipped, line } = summarise(outcomes);
    if (flags.json) {
      console.log(
        JSON.stringify(
          { backend: backend.name, runs: Number(runs), outcomes, passed, failed, skipped },
          null,
          2,
        ),
      );
    } else {
      console.log(line);
    }
    if (failed > 0) process.exitCode = 1;
  } finally {
    await backend.close?.();
  }
}

async function openBackend(
  command: Command,
  flags: PropsFlags,
): Promise<WorldBackend & { close?(): Promise<void> }> {
  if (flags.backend === 'embedded') return embeddedBackend;
  try {
    return await openFabricBackend(flags.runtime ?? DEFAULT_RUNTIME_DIR);
  } catch (error) {
    if (error instanceof FabricUnavailableError)
      refuse(command, `--backend fabric: ${error.message}`);
    throw error;
  }
}
