// `--backend embedded|fabric` and `--runtime DIR`, as every command that reaches ledgers takes
// them: declared once, checked before anything runs, and the backend opened with one exit code
// per way opening can fail (a missing or foreign network is bad input; a scenario that does not
// bootstrap is a problem the run found).
import type { Command } from 'commander';
import { DEFAULT_RUNTIME_DIR } from '../ledger/fabric/connection-profile';
import type { Scenario } from '../scenario/types';
import {
  type Backend,
  type BackendChoice,
  type BackendErrorCode,
  openBackend,
} from '../simulation/backend';
import { EXIT, type ExitCode } from './exit-codes';

export interface BackendFlags {
  backend: string;
  runtime?: string;
}

const EXIT_CODES: Record<BackendErrorCode, ExitCode> = {
  NoNetwork: EXIT.badInput,
  WrongNetwork: EXIT.badInput,
  Unreachable: EXIT.badInput,
  BootstrapFailed: EXIT.problem,
};

export function addBackendOptions(command: Command): Command {
  return command
    .option(
      '--backend <name>',
      'ledger backend: embedded (a fresh in-process ledger) or fabric (the running network)',
      'embedded',
    )
    .option(
      '--runtime <dir>',
      `with --backend fabric: the network's runtime directory (default ${DEFAULT_RUNTIME_DIR})`,
    );
}

/** The backend the flags ask for, or a message naming the bad flag. */
export function backendChoice(flags: BackendFlags): BackendChoice | string {
  if (flags.backend !== 'embedded' && flags.backend !== 'fabric')
    return `--backend: expected embedded or fabric, got "${flags.backend}"`;
  if (flags.runtime !== undefined) {
    if (flags.backend !== 'fabric') return '--runtime: only with --backend fabric';
    if (flags.runtime.trim() === '') return '--runtime: expected a directory';
  }
  return flags.backend === 'embedded'
    ? { name: 'embedded', time: 'virtual' }
    : { name: 'fabric', runtimeDir: flags.runtime ?? DEFAULT_RUNTIME_DIR };
}

/** Opens the backend or exits with the code its failure maps to. */
export async function openBackendOrExit(
  command: Command,
  choice: BackendChoice,
  scenario: Scenario,
  seed: number,
): Promise<Backend> {
  const opened = await openBackend(choice, scenario, seed);
  if (opened.ok) return opened.backend;
  const { code, message } = opened.error;
  command.error(`error: --backend ${choice.name}: ${message}`, {
    exitCode: EXIT_CODES[code],
    code: `corridor.backend${code}`,
  });
}
