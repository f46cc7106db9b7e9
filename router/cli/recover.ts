// `corridor recover --journal FILE`: finishes the payments a killed `simulate --journal FILE`
// left unfinished, from the journal and the ledgers alone (router/settlement/recovery.ts), the
// way a restarted router would. The ledgers must outlive the dead process, so this runs against
// a Fabric network; an embedded ledger died with the process that held it.
import fs from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_RUNTIME_DIR } from '../ledger/fabric/connection-profile';
import { openFileJournal } from '../settlement/file-journal';
import { FAILURE_MEANINGS } from '../settlement/failure-reason';
import { recover } from '../settlement/recovery';
import { settlementTiming } from '../simulation/settlement-config';
import { openBackendOrExit } from './backend-option';
import { EXIT, refuse, usageErrorsExitTwo } from './exit-codes';
import { loadScenarioOrExit } from './scenario-option';

interface RecoverFlags {
  journal: string;
  scenario: string;
  runtime?: string;
  json?: boolean;
}

/**
 * What the killed process may still have had in flight lands within a few Fabric blocks; recovery
 * waits this long before it reads any ledger.
 */
const FABRIC_COMMIT_GRACE_MS = 5_000;

export function register(program: Command): void {
  const command = program
    .command('recover')
    .description(
      'Finish the payments a killed `simulate --journal FILE` left unfinished, from the journal and the ledgers',
    )
    .requiredOption('--journal <file>', 'the journal the killed run wrote')
    .option(
      '--scenario <file>',
      'the scenario the run used (its settlement timing)',
      'scenarios/mbridge-lite.yaml',
    )
    .option('--runtime <dir>', `the Fabric network's runtime directory`, DEFAULT_RUNTIME_DIR)
    .option('--json', 'print the recovered payments as JSON')
    .action(async (flags: RecoverFlags) => runRecover(command, flags));
  usageErrorsExitTwo(command);
}

async function runRecover(command: Command, flags: RecoverFlags): Promise<void> {
  if (!fs.existsSync(flags.journal) || !fs.statSync(flags.journal).isFile())
    refuse(command, `--journal: no journal file ${flags.journal}`);
  const scenario = await loadScenarioOrExit(command, flags.scenario);
  const opened = openFileJournal(flags.journal);
  if (!opened.ok) refuse(command, `--journal: ${opened.error.message}`);
  const journal = opened.value;
  try {
    const pending = journal.pending().length;
    if (pending === 0) {
      if (!flags.json) console.log(`${flags.journal}: every payment has ended; nothing to recover`);
      else console.log(JSON.stringify({ recovered: [] }, null, 2));
      return;
    }
    const runtimeDir = flags.runtime ?? DEFAULT_RUNTIME_DIR;
    const backend = await openBackendOrExit(command, { name: 'fabric', runtimeDir }, scenario, 0);
    try {
      // Recovery sleeps on the backend's scheduler, whose events fire only while it runs.
      const { scheduler } = backend;
      const recovering = recover({
        client: backend.client,
        journal,
        time: scheduler,
        timing: settlementTiming(scenario, FABRIC_COMMIT_GRACE_MS),
      });
      scheduler.track(recovering);
      await scheduler.run();
      const recovered = await recovering;
      if (flags.json) console.log(JSON.stringify({ recovered }, null, 2));
      else {
        console.log(`${flags.journal}: ${pending} unfinished payment(s)`);
        for (const { payment, outcome, reason } of recovered) {
          const why = reason === null ? '' : ` ${reason} (${FAILURE_MEANINGS[reason]})`;
          console.log(`  ${payment}: ${outcome}${why}`);
        }
      }
      // A payment that ended mixed is an atomicity violation: the run found a problem.
      if (recovered.some((end) => end.outcome === 'mixed')) process.exitCode = EXIT.problem;
    } finally {
      await backend.close();
    }
  } finally {
    await journal.close();
  }
}
