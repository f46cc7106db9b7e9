// `corridor`: one command module per subcommand, each registering itself on the program.
import { Command } from 'commander';
import { register as registerNetwork } from './network';
import { register as registerProps } from './props';
import { register as registerRoute } from './route';
import { register as registerScenario } from './scenario';
import { register as registerSimulate } from './simulate';

const program = new Command()
  .name('corridor')
  .description('Cross-ledger payment routing simulator on a permissioned ledger')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

// Subcommands (one line each; every module exports `register(program)`).
registerNetwork(program);
registerProps(program);
registerRoute(program);
registerScenario(program);
registerSimulate(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { exitCode?: number }).exitCode;
  // commander already printed help/version or the usage error.
  if (typeof code === 'number') process.exit(code);
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
