// `corridor`: one command module per subcommand, each registering itself on the program. Only
// the module of the command being run is loaded (all of them for top-level help or a mistyped
// command): the Fabric gateway, the charting library and fast-check each cost a fraction of a
// second at start-up, paid by every run of a sweep.
import { Command } from 'commander';

type Register = (program: Command) => void;
const COMMANDS: Record<string, () => Promise<{ register: Register }>> = {
  network: () => import('./network'),
  props: () => import('./props'),
  recover: () => import('./recover'),
  report: () => import('./report'),
  route: () => import('./route'),
  scenario: () => import('./scenario'),
  simulate: () => import('./simulate'),
  sweep: () => import('./sweep'),
};

const program = new Command()
  .name('corridor')
  .description('Cross-ledger payment routing simulator on a permissioned ledger')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

const asked = process.argv[2];
const names =
  asked !== undefined && Object.hasOwn(COMMANDS, asked) ? [asked] : Object.keys(COMMANDS);
for (const name of names) (await COMMANDS[name]!()).register(program);

// One exit-code policy for every command (README): 0 success, 1 the run found a problem,
// 2 bad usage or bad input. Commander reports usage mistakes (unknown command or option, a
// missing argument) with exit 1 by default; here they are 2 like every other bad input.
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { exitCode, code } = error as { exitCode?: number; code?: string };
  // commander already printed help/version or the usage error.
  if (typeof exitCode === 'number') {
    // Help asked for exits 0; every other commander outcome is a usage mistake.
    process.exit(exitCode !== 0 && code?.startsWith('commander.') === true ? 2 : exitCode);
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
