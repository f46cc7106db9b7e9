// Requoting: an attempt reverted by a moved price is re-routed only once nothing of it is left on
// the ledgers (atomic: nothing happened; 2pc: every prepared hold aborted first; htlc: only if
// no hold was placed), under a fresh attempt id, at most maxRequotes times. The ledger's
// SlippageExceeded is injected by a client that rejects chosen operations before they reach the
// ledger, as the ledger does (no state change).
import { describe, expect, it } from 'vitest';
import type { LedgerOp } from '../../chaincode/src/core/types';
import type { LedgerClient } from '../../router/ledger/ledger-client';
import type { ProtocolChoice } from '../../router/routing/plan';
import { createMemoryJournal } from '../../router/settlement/journal';
import type { JournalEntry } from '../../router/settlement/journal-entry';
import { settleWithRequotes } from '../../router/settlement/requote';
import { requotable } from '../../router/settlement/requote-rule';
import { chainPlan } from '../../router/props/chain-world';
import { payment, type SettlementWorld, settlementWorld } from './settlement-world';

/** Rejects with SlippageExceeded every submit whose op id `stale` picks. */
function withStaleQuotes(client: LedgerClient, stale: (op: LedgerOp) => boolean): LedgerClient {
  return {
    ...client,
    submit: async (ledger, org, op) =>
      stale(op)
        ? { ok: false, error: { code: 'SlippageExceeded', message: `${op.id}: quote moved` } }
        : client.submit(ledger, org, op),
  };
}

async function settle(
  world: SettlementWorld,
  corridor: string,
  protocol: ProtocolChoice,
  stale: (op: LedgerOp) => boolean,
  requote: () => 'plan' | 'none' = () => 'plan',
) {
  const journal = createMemoryJournal();
  const entries: JournalEntry[] = [];
  const deps = {
    ...world.deps({ ...journal, append: (entry) => (entries.push(entry), journal.append(entry)) }),
    client: withStaleQuotes(world.client, stale),
  };
  const pay = payment(corridor, 150_000n, protocol);
  let requotes = 0;
  const before = await world.balances();
  const result = await world.run(
    settleWithRequotes(
      deps,
      { id: pay.id, plan: chainPlan(pay), protocol },
      {
        maxRequotes: 2,
        requote: async () => {
          requotes++;
          world.log.push('requote');
          return requote() === 'plan'
            ? { ok: true, plan: chainPlan(pay) }
            : { ok: false, reason: 'NoRoute', detail: 'no path left' };
        },
      },
    ),
  );
  return { id: pay.id, result, requotes, entries, before, log: world.log };
}

const dones = (entries: readonly JournalEntry[]) =>
  entries.flatMap((entry) =>
    entry.type === 'done' ? [[entry.payment, entry.outcome, entry.reason, entry.requotedAs]] : [],
  );

describe('the requote rule', () => {
  it('allows a requote only after a full revert caused by a moved price', () => {
    expect(requotable('atomic', 'reverted', 'SlippageExceeded', false)).toBe(true);
    expect(requotable('2pc', 'reverted', 'InsufficientLiquidity', true)).toBe(true);
    expect(requotable('htlc', 'reverted', 'SlippageExceeded', false)).toBe(true);
    expect(requotable('htlc', 'reverted', 'SlippageExceeded', true)).toBe(false);
    expect(requotable('2pc', 'reverted', 'InsufficientFunds', true)).toBe(false);
    expect(requotable('2pc', 'mixed', 'SlippageExceeded', true)).toBe(false);
    expect(requotable('atomic', 'settled', null, false)).toBe(false);
  });
});

describe('settleWithRequotes', () => {
  it('atomic: re-routes a rejected batch and settles under a fresh attempt id', async () => {
    const world = await settlementWorld();
    const run = await settle(world, 'one-ledger', 'auto', (op) => !op.id.includes('.q'));
    expect(run.result).toMatchObject({ protocol: 'atomic', outcome: 'settled', requotes: 1 });
    expect(run.requotes).toBe(1);
    expect(dones(run.entries)).toEqual([
      [run.id, 'reverted', 'SlippageExceeded', `${run.id}.q1`],
      [`${run.id}.q1`, 'settled', null, null],
    ]);
    const balances = await world.balances();
    expect(balances.get('stablecoin')?.coin?.['carol/wallet']).toBe(
      (run.before.get('stablecoin')?.coin?.['carol/wallet'] ?? 0n) + 150_000n,
    );
  });

  it('2pc: aborts every prepared hold before re-routing', async () => {
    const world = await settlementWorld();
    const run = await settle(
      world,
      'three-ledger',
      '2pc',
      (op) => op.id === 'pay-three-ledger-150000.h1:place',
    );
    expect(run.result).toMatchObject({ protocol: '2pc', outcome: 'settled', requotes: 1 });
    const requoteAt = run.log.indexOf('requote');
    const aborts = run.log.filter((line) => line.startsWith('submit abort'));
    expect(aborts).toEqual([`submit abort ${run.id}.h0:abort`, `submit abort ${run.id}.h2:abort`]);
    for (const abort of aborts) expect(run.log.indexOf(abort)).toBeLessThan(requoteAt);
    expect(run.log.indexOf(`submit hold ${run.id}.q1.h0:place`)).toBeGreaterThan(requoteAt);
    expect(dones(run.entries)[0]).toEqual([run.id, 'reverted', 'SlippageExceeded', `${run.id}.q1`]);
  });

  it('htlc: re-routes when the first hold was refused, never once a hold is placed', async () => {
    const first = await settlementWorld();
    const early = await settle(
      first,
      'two-ledger',
      'htlc',
      (op) => op.id === 'pay-two-ledger-150000.h0:place',
    );
    expect(early.result).toMatchObject({ protocol: 'htlc', outcome: 'settled', requotes: 1 });

    const second = await settlementWorld();
    const late = await settle(second, 'two-ledger', 'htlc', (op) => op.id.endsWith('.h1:place'));
    expect(late.result).toMatchObject({
      protocol: 'htlc',
      outcome: 'reverted',
      reason: 'SlippageExceeded',
      requotedAs: null,
      requotes: 0,
    });
    expect(late.requotes).toBe(0);
    // The placed hold waited for its expiry to be refunded, as before.
    expect(late.log.filter((line) => line.startsWith('submit refund'))).toEqual([
      `submit refund ${late.id}.h0:refund`,
    ]);
    expect(await second.balances()).toEqual(late.before);
  });

  it('gives up after maxRequotes, and reports a requote that finds no route', async () => {
    const world = await settlementWorld();
    const always = await settle(world, 'one-ledger', 'atomic', () => true);
    expect(always.result).toMatchObject({
      outcome: 'reverted',
      reason: 'SlippageExceeded',
      requotes: 2,
    });
    expect(always.requotes).toBe(2);
    expect(dones(always.entries).map((done) => done[3])).toEqual([
      `${always.id}.q1`,
      `${always.id}.q2`,
      null,
    ]);
    expect(await world.balances()).toEqual(always.before);

    const other = await settlementWorld();
    const unrouted = await settle(
      other,
      'one-ledger',
      'atomic',
      () => true,
      () => 'none',
    );
    expect(unrouted.result).toMatchObject({ outcome: 'unrouted', reason: 'NoRoute', requotes: 1 });
  });
});
