// A router process killed mid-run, then recovered by the product: `corridor simulate --journal`
// on the live network, SIGKILL once payments are in flight, `corridor recover --journal`. Then,
// read back from the ledgers (not from recover's report): no hold of the journal is left open,
// and each payment's holds all paid out or all unwound — atomic, whatever the kill interrupted.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../network/src/binaries';
import { createFabricLedgerClient, loadConnectionProfile } from '../../router/ledger/fabric';
import { openFileJournal } from '../../router/settlement/file-journal';
import { decodeJournalEntry } from '../../router/settlement/journal-codec';
import type { JournalEntry } from '../../router/settlement/journal-entry';
import { FABRIC_CI_SCENARIO } from './network-up';

const runtime = process.env.CORRIDOR_FABRIC_RUNTIME;
const execFileAsync = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-recover-'));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(work, { recursive: true, force: true });
});

function entries(file: string): JournalEntry[] {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  return text
    .split('\n')
    .slice(0, -1) // a torn last line is not an entry yet
    .flatMap((line) => {
      const entry = decodeJournalEntry(line);
      return entry.ok ? [entry.value] : [];
    });
}

async function until(
  what: string,
  condition: () => boolean,
  timeoutMs: number,
  context: () => string,
): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition();) {
    if (Date.now() > deadline)
      throw new Error(`${what}: not after ${timeoutMs} ms; the process said:\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!runtime)('corridor recover after the router process is killed', () => {
  it('finishes every payment the dead process left, atomically, from journal and ledgers', async () => {
    const journalFile = path.join(work, 'journal.jsonl');
    const logFile = path.join(work, 'simulate.log');
    const log = fs.openSync(logFile, 'w');
    // The real process (not the bin wrapper, which would survive as an orphan's parent).
    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(PROJECT_ROOT, 'router/cli/main.ts'),
        'simulate',
        ...['--backend', 'fabric', '--runtime', runtime!, '--scenario', FABRIC_CI_SCENARIO],
        ...['--payments', '40', '--rate', '8', '--protocol', 'htlc,2pc', '--seed', '9'],
        ...['--journal', journalFile, '--out', path.join(work, 'out'), '--no-progress'],
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', log, log] },
    );
    const tail = () => fs.readFileSync(logFile, 'utf8').slice(-2000);
    // Kill it with holds placed and decisions taken, long before its 40 payments could end.
    await until(
      'three decisions journaled',
      () => entries(journalFile).filter((entry) => entry.type === 'decision').length >= 3,
      120_000,
      tail,
    );
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));

    const before = openFileJournal(journalFile);
    if (!before.ok) throw new Error(before.error.message);
    const unfinished = before.value.pending().length;
    await before.value.close();
    expect(unfinished, 'payments the kill left unfinished').toBeGreaterThan(0);

    const recovered = await execFileAsync(
      process.execPath,
      [
        path.join(PROJECT_ROOT, 'bin/corridor.js'),
        'recover',
        ...['--journal', journalFile, '--runtime', runtime!, '--scenario', FABRIC_CI_SCENARIO],
      ],
      { cwd: PROJECT_ROOT, timeout: 170_000 },
    ).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? String(error),
      }),
    );
    const { stdout } = recovered;
    expect(recovered.code, `recover exited:\n${stdout}\n${recovered.stderr}`).toBe(0);
    expect(stdout).toContain(`${unfinished} unfinished payment(s)`);
    expect(stdout).not.toMatch(/: mixed/);

    const after = openFileJournal(journalFile);
    if (!after.ok) throw new Error(after.error.message);
    expect(after.value.pending()).toEqual([]);
    await after.value.close();

    // The ledgers' own word, hold by hold.
    const client = await createFabricLedgerClient(loadConnectionProfile(runtime!));
    try {
      const accepted = entries(journalFile).flatMap((entry) =>
        entry.type === 'accepted' && entry.protocol !== 'atomic' ? [entry] : [],
      );
      expect(accepted.length).toBeGreaterThan(0);
      for (const payment of accepted) {
        const statuses = await Promise.all(
          payment.steps.map(async (step) => {
            const hold = await client.evaluate(step.ledger, step.signer, {
              type: 'hold',
              hold: step.hold!,
            });
            if (hold.ok) return hold.value.status;
            if (hold.error.code === 'UnknownHold') return 'absent';
            throw new Error(`${step.hold}: ${hold.error.code} ${hold.error.message}`);
          }),
        );
        const paid = statuses.filter((status) => status === 'claimed' || status === 'committed');
        expect(statuses, `${payment.payment}: no hold left open`).not.toContain('open');
        expect(
          paid.length === 0 || paid.length === statuses.length,
          `${payment.payment}: all or nothing, got ${statuses.join(', ')}`,
        ).toBe(true);
      }
    } finally {
      await client.close();
    }
  });
});
