// `corridor`: one command module per subcommand, each registering itself on the program.
import { Command } from 'commander';
import { register as registerNetwork } from './network';
import { register as registerProps } from './props';
import { register as registerRecover } from './recover';
import { register as registerReport } from './report';
import { register as registerRoute } from './route';
import { register as registerScenario } from './scenario';
import { register as registerSimulate } from './simulate';
import { register as registerSweep } from './sweep';

const program = new Command()
  .name('corridor')
  .description('Cross-ledger payment routing simulator on a permissioned ledger')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

// Subcommands (one line each; every module exports `register(program)`).
registerNetwork(program);
registerProps(program);
registerRecover(program);
registerReport(program);
registerRoute(program);
registerScenario(program);
registerSimulate(program);
registerSweep(program);

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
