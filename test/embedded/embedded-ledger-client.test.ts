import { describe, expect, it } from 'vitest';
import type { LedgerOp } from '../../chaincode/src/core/types';
import { SystemClock, VirtualClock } from '../../router/ledger/clock';
import { createEmbeddedLedgerClient } from '../../router/ledger/embedded';
import { determinismProperty } from '../../router/props/determinism';
import { assertProperty } from '../../router/props/property';
import { createWorld, LEDGER } from '../../router/props/world';

const pay = (id: string, amount: bigint): LedgerOp => ({
  type: 'transfer',
  id,
  asset: 'USD',
  from: 'bankA/main',
  to: 'bankB/main',
  amount,
});

describe('embedded ledger client', () => {
  it('is deterministic: same operations, same receipts and state bytes', () =>
    assertProperty(determinismProperty, { numRuns: 40 }));

  it('numbers transactions per ledger and stamps them from the clock plus block latency', async () => {
    const clock = new VirtualClock(5_000);
    const client = createEmbeddedLedgerClient({
      ledgers: { cbdc: { members: ['cb'] }, deposit: { members: ['cb'] } },
      clock,
      blockLatencyMs: 250,
    });
    const init = await client.submit('cbdc', 'cb', { type: 'init', id: 'i', kind: 'cbdc' });
    clock.advance(10);
    const other = await client.submit('deposit', 'cb', { type: 'init', id: 'i', kind: 'deposit' });
    expect(init.ok && [init.value.txId, init.value.committedAtMs]).toEqual(['cbdc-1', 5_250]);
    expect(other.ok && [other.value.txId, other.value.committedAtMs]).toEqual(['deposit-1', 5_260]);
    expect(client.ledgers).toEqual(['cbdc', 'deposit']);
    expect(client.nowMs()).toBe(5_010);
  });

  it('rejects non-members and unknown ledgers without touching state', async () => {
    const world = await createWorld();
    const before = world.client.stateBytes(LEDGER);
    const outsider = await world.client.submit(LEDGER, 'mallory', pay('x', 1n));
    expect(outsider.ok ? 'accepted' : outsider.error.code).toBe('NotMember');
    const unknown = await world.client.submit('nowhere', 'bankA', pay('x', 1n));
    expect(unknown.ok ? 'accepted' : unknown.error.message).toMatch(
      /^ledger: unknown ledger "nowhere"/,
    );
    expect(world.client.stateBytes(LEDGER)).toBe(before);
  });

  it('serialises concurrent submissions: no double spend', async () => {
    const world = await createWorld();
    // bankA/main holds 10,000 USD: of 30 concurrent payments of 1,000 exactly 10 can succeed.
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        world.client.submit(LEDGER, 'bankA', pay(`p${i}`, 1_000n)),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    expect(new Set(results.map((result) => (result.ok ? 'ok' : result.error.code)))).toEqual(
      new Set(['ok', 'InsufficientFunds']),
    );
    const balance = await world.client.evaluate(LEDGER, 'bankA', {
      type: 'balance',
      asset: 'USD',
      account: 'bankA/main',
    });
    expect(balance).toEqual({ ok: true, value: 0n });
  });

  it('refuses a bad configuration and use after close', async () => {
    const clock = new SystemClock();
    expect(() =>
      createEmbeddedLedgerClient({ ledgers: { 'Bad Name': { members: [] } }, clock }),
    ).toThrow(/invalid ledger name/);
    expect(() => createEmbeddedLedgerClient({ ledgers: {}, clock, blockLatencyMs: -1 })).toThrow(
      /blockLatencyMs/,
    );
    const client = createEmbeddedLedgerClient({ ledgers: { cbdc: { members: ['cb'] } }, clock });
    await client.close();
    await expect(
      client.submit('cbdc', 'cb', { type: 'init', id: 'i', kind: 'cbdc' }),
    ).rejects.toThrow(/after close/);
  });

  // How fast is BENCHMARKS.md's business (F3, E1); here: every one lands, none is lost.
  it('carries 20,000 payments into one hot account', async () => {
    const world = await createWorld();
    await world.client.submit(LEDGER, 'cb', {
      type: 'issue',
      id: 'fund',
      asset: 'USD',
      to: 'bankA/main',
      amount: 10n ** 9n,
    });
    for (let i = 0; i < 20_000; i += 1) {
      const result = await world.client.submit(LEDGER, 'bankA', pay(`hot-${i}`, 1n));
      if (!result.ok) throw new Error(result.error.message);
    }
    const balance = await world.client.evaluate(LEDGER, 'bankB', {
      type: 'balance',
      asset: 'USD',
      account: 'bankB/main',
    });
    expect(balance).toEqual({ ok: true, value: 30_000n });
  });
});

describe('clocks', () => {
  it('moves a virtual clock only forwards', () => {
    const clock = new VirtualClock(100);
    clock.advance(50);
    clock.set(200);
    expect(clock.nowMs()).toBe(200);
    expect(() => clock.set(199)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => new VirtualClock(1.5)).toThrow(RangeError);
  });
});
