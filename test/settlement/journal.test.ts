import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFileJournal } from '../../router/settlement/file-journal';
import { createMemoryJournal, type Journal } from '../../router/settlement/journal';
import type { JournalEntry } from '../../router/settlement/journal-entry';

const SECRET = 'ab'.repeat(32);
const HASHLOCK = 'cd'.repeat(32);

/** A 2-hold HTLC payment that mints on its second hold, and an atomic one that burns. */
const ENTRIES: JournalEntry[] = [
  {
    type: 'accepted',
    payment: 'p1',
    protocol: 'htlc',
    atMs: 0,
    steps: [
      {
        ledger: 'cbdc',
        signer: 'alice',
        legs: [
          { type: 'transfer', asset: 'cash', from: 'alice/cash', to: 'bank/cash', amount: 500n },
        ],
        hold: 'p1.h0',
        expiresAtMs: 90_000,
        coordinator: null,
        deadlineMs: null,
      },
      {
        ledger: 'stablecoin',
        signer: 'issuer',
        legs: [
          { type: 'issue', asset: 'coin', to: 'bob/wallet', amount: 12345678901234567890123n },
        ],
        hold: 'p1.h1',
        expiresAtMs: 60_000,
        coordinator: null,
        deadlineMs: null,
      },
    ],
  },
  { type: 'secret', payment: 'p1', secret: SECRET, hashlock: HASHLOCK },
  { type: 'hold-placed', payment: 'p1', hold: 'p1.h0', atMs: 2000 },
  { type: 'hold-placed', payment: 'p1', hold: 'p1.h1', atMs: 3000 },
  { type: 'decision', payment: 'p1', decision: 'commit' },
  { type: 'resolved', payment: 'p1', hold: 'p1.h1', action: 'claim', atMs: 4000 },
  {
    type: 'accepted',
    payment: 'p2',
    protocol: 'atomic',
    atMs: 100,
    steps: [
      {
        ledger: 'stablecoin',
        signer: 'issuer',
        legs: [{ type: 'burn', asset: 'coin', from: 'issuer/treasury', amount: 7n }],
        hold: null,
        expiresAtMs: null,
        coordinator: null,
        deadlineMs: null,
      },
    ],
  },
  {
    type: 'done',
    payment: 'p2',
    outcome: 'settled',
    reason: null,
    requotedAs: null,
    amountsOut: [[0n, 98_765_432_101_234_567_890n]],
    atMs: 1100,
  },
];

async function fill(journal: Journal, entries: readonly JournalEntry[]): Promise<void> {
  for (const entry of entries) await journal.append(entry);
}

function expectIndexed(journal: Journal): void {
  expect(journal.pending().map(({ payment, entries }) => [payment, entries.length])).toEqual([
    ['p1', 6],
  ]);
  // The claimed hold minted; the settled atomic batch burned.
  expect(journal.supplyChanges()).toEqual(
    new Map([['stablecoin', new Map([['coin', 12345678901234567890123n - 7n]])]]),
  );
}

describe('memory journal', () => {
  it('keeps unfinished payments whole and finished ones as issuance only', async () => {
    const journal = createMemoryJournal();
    await fill(journal, ENTRIES);
    expectIndexed(journal);
    await journal.append({
      type: 'resolved',
      payment: 'p1',
      hold: 'p1.h0',
      action: 'claim',
      atMs: 5000,
    });
    await journal.append({
      type: 'done',
      payment: 'p1',
      outcome: 'settled',
      reason: null,
      requotedAs: null,
      amountsOut: [[], []],
      atMs: 5000,
    });
    expect(journal.pending()).toEqual([]);
  });

  it('counts no issuance for refunded holds or reverted batches', async () => {
    const journal = createMemoryJournal();
    await fill(journal, ENTRIES.slice(0, 4));
    await journal.append({
      type: 'resolved',
      payment: 'p1',
      hold: 'p1.h1',
      action: 'refund',
      atMs: 60_000,
    });
    await fill(journal, [
      ENTRIES[6]!,
      {
        type: 'done',
        payment: 'p2',
        outcome: 'reverted',
        reason: 'SlippageExceeded',
        requotedAs: 'p2.q1',
        amountsOut: [],
        atMs: 1,
      },
    ]);
    expect(journal.supplyChanges()).toEqual(new Map());
  });

  it('throws on entries that break its own protocol (bugs, not inputs)', async () => {
    const journal = createMemoryJournal();
    await expect(
      journal.append({ type: 'decision', payment: 'ghost', decision: 'abort' }),
    ).rejects.toThrow(/not in progress/);
    await journal.append(ENTRIES[0]!);
    await expect(journal.append(ENTRIES[0]!)).rejects.toThrow(/accepted twice/);
    await expect(
      journal.append({ type: 'resolved', payment: 'p1', hold: 'p9.h9', action: 'claim', atMs: 1 }),
    ).rejects.toThrow(/no hold p9.h9/);
  });
});

describe('file journal', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-journal-'));
    file = path.join(dir, 'journal.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const open = (): Journal => {
    const opened = openFileJournal(file);
    if (!opened.ok) throw new Error(opened.error.message);
    return opened.value;
  };

  it('rebuilds the same index after a restart, amounts intact', async () => {
    const first = open();
    await fill(first, ENTRIES);
    await first.close();
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(ENTRIES.length);
    const reopened = open();
    expectIndexed(reopened);
    expect(reopened.pending()[0]!.entries).toEqual(ENTRIES.slice(0, 6));
    await reopened.close();
  });

  it('drops a torn last line (a crash mid-write) and appends cleanly after it', async () => {
    const first = open();
    await fill(first, ENTRIES);
    await first.close();
    fs.appendFileSync(file, '{"type":"resolved","payment":"p1","ho');
    const reopened = open();
    expectIndexed(reopened);
    await reopened.append({
      type: 'resolved',
      payment: 'p1',
      hold: 'p1.h0',
      action: 'claim',
      atMs: 5000,
    });
    await reopened.close();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(ENTRIES.length + 1);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'resolved', hold: 'p1.h0' });
  });

  it('refuses a corrupt entry, naming the line and the field, and a journal that breaks protocol', async () => {
    const first = open();
    await fill(first, ENTRIES.slice(0, 2));
    await first.close();
    fs.appendFileSync(file, '{"type":"hold-placed","payment":"p1","hold":"p1.h0","atMs":-5}\n');
    const corrupt = openFileJournal(file);
    expect(corrupt.ok).toBe(false);
    if (!corrupt.ok)
      expect(corrupt.error.message).toMatch(/journal\.jsonl:3: entry\.atMs: expected an integer/);

    fs.writeFileSync(file, '{"type":"decision","payment":"p7","decision":"abort"}\n');
    const orphan = openFileJournal(file);
    expect(!orphan.ok && orphan.error.message).toMatch(
      /journal\.jsonl:1: .*p7, which is not in progress/,
    );
  });
});
