import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Protocol } from '../../router/routing/plan';
import { openFileJournal } from '../../router/settlement/file-journal';
import { createMemoryJournal, type Journal } from '../../router/settlement/journal';
import type { JournalEntry, JournalEntryType } from '../../router/settlement/journal-entry';
import { recover } from '../../router/settlement/recovery';
import { settlePayment } from '../../router/settlement/settle';
import { snapshots } from '../../router/simulation/engine';
import {
  mortalClient,
  mortalJournal,
  mortalTime,
  RouterLife,
} from '../../router/simulation/router-life';
import { chainPlan } from '../../router/props/chain-world';
import { payment, type SettlementWorld, settlementWorld } from './settlement-world';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-recovery-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function openJournal(file: string): Journal {
  const opened = openFileJournal(file, { sync: false });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

async function openHolds(world: SettlementWorld): Promise<string[]> {
  const state = await snapshots(world.ledger, world.scenario);
  return [...state.values()].flatMap((snapshot) =>
    Object.values(snapshot.holds)
      .filter((record) => record.status === 'open')
      .map((record) => record.id),
  );
}

/**
 * Settles one payment with a router that dies right after journaling `step`, lets every
 * transaction already sent land, then starts a new router on the journal file and recovers.
 */
async function crashAndRecover(protocol: Protocol, step: JournalEntryType, amount: bigint) {
  const world = await settlementWorld();
  const before = await world.balances();
  const file = path.join(dir, `${protocol}-${step}.jsonl`);
  const life = new RouterLife();
  let crashed = false;
  const firstRun = openJournal(file);
  const base = world.deps(firstRun);
  const deps = {
    ...base,
    client: mortalClient(base.client, life),
    time: mortalTime(base.time, life),
    journal: mortalJournal(base.journal, life, (entry: JournalEntry) => {
      if (!crashed && entry.type === step) {
        crashed = true;
        life.crash();
      }
    }),
  };
  const corridor = protocol === 'atomic' ? 'one-ledger' : 'three-ledger';
  const pay = payment(corridor, amount, protocol);
  let finished = false;
  void settlePayment(deps, { id: pay.id, plan: chainPlan(pay), protocol }).then(
    () => (finished = true),
  );
  await world.scheduler.run();
  await firstRun.close();

  const secondRun = openJournal(file);
  const recoveryDeps = {
    client: world.client,
    journal: secondRun,
    time: world.scheduler,
    timing: base.timing,
  };
  const recovered = await world.run(recover(recoveryDeps));
  const again = await world.run(recover(recoveryDeps));
  await secondRun.close();
  return {
    world,
    before,
    crashed,
    finished,
    recovered,
    again,
    after: await world.balances(),
    open: await openHolds(world),
  };
}

const STEPS: Record<Protocol, JournalEntryType[]> = {
  atomic: ['accepted', 'done'],
  htlc: ['accepted', 'secret', 'hold-placed', 'decision', 'resolved', 'done'],
  '2pc': ['accepted', 'hold-placed', 'decision', 'resolved', 'done'],
};
const CASES = (Object.entries(STEPS) as Array<[Protocol, JournalEntryType[]]>).flatMap(
  ([protocol, steps]) => steps.map((step) => [protocol, step] as const),
);

describe('recovery from the journal file after a crash', () => {
  it.each(CASES)(
    '%s: crash after %s ends settled or reverted, never half',
    async (protocol, step) => {
      const run = await crashAndRecover(protocol, step, 1_000n);
      expect(run.crashed).toBe(true);
      expect(run.finished).toBe(false);
      expect(run.open).toEqual([]);
      expect(run.again).toEqual([]);
      if (step === 'done') {
        expect(run.recovered).toEqual([]);
        expect(run.after).not.toEqual(run.before);
        return;
      }
      expect(run.recovered).toHaveLength(1);
      const outcome = run.recovered[0]?.outcome ?? 'none';
      expect(['settled', 'reverted']).toContain(outcome);
      // Before the decision nothing may be claimed; from the decision on, the payment completes.
      const decided = protocol === 'atomic' || step === 'decision' || step === 'resolved';
      expect(outcome).toBe(decided ? 'settled' : 'reverted');
      if (outcome === 'reverted') expect(run.after).toEqual(run.before);
      else expect(run.after).not.toEqual(run.before);
    },
  );

  it.each(['htlc', '2pc'] as const)(
    '%s: crash after a failed prepare aborts whatever was placed',
    async (protocol) => {
      const run = await crashAndRecover(protocol, 'hold-failed', 2_500_000n);
      expect(run.crashed).toBe(true);
      expect(run.recovered).toEqual([
        expect.objectContaining({
          outcome: 'reverted',
          reason: 'InsufficientFunds',
          requotedAs: null,
        }),
      ]);
      expect(run.after).toEqual(run.before);
      expect(run.open).toEqual([]);
    },
  );
});

describe('recovery is idempotent', () => {
  it('finishes a payment whose claims landed but were never journaled, without a second effect', async () => {
    const world = await settlementWorld();
    const entries: JournalEntry[] = [];
    const recording = createMemoryJournal();
    const deps = world.deps({
      ...recording,
      append: (entry) => (entries.push(entry), recording.append(entry)),
    });
    const pay = payment('three-ledger', 1_000n, 'htlc');
    await world.run(settlePayment(deps, { id: pay.id, plan: chainPlan(pay), protocol: 'htlc' }));
    const settledBalances = await world.balances();

    // A journal that lost everything after the decision: the claims happened, unrecorded.
    const truncated = createMemoryJournal();
    for (const entry of entries.slice(0, entries.findIndex((e) => e.type === 'decision') + 1))
      await truncated.append(entry);
    const recoveryDeps = {
      client: world.client,
      journal: truncated,
      time: world.scheduler,
      timing: deps.timing,
    };
    world.log.length = 0;
    const recovered = await world.run(recover(recoveryDeps));
    expect(recovered).toEqual([
      {
        payment: pay.id,
        outcome: 'settled',
        reason: null,
        requotedAs: null,
        amountsOut: [[], [], []],
      },
    ]);
    // Nothing left to claim: every hold was already found claimed on its ledger.
    expect(world.log.filter((line) => line.startsWith('submit'))).toEqual([]);
    expect(await world.balances()).toEqual(settledBalances);
    // The lost resolutions were journaled, so the minted coin is accounted for once.
    expect(truncated.supplyChanges().get('stablecoin')?.get('coin')).toBe(1_000n);
  });
});
