// Dealer quote terms beyond a rate: a validity window judged by the transaction timestamp, a
// fixed fee on top of the proportional one, and one book shared by all of a dealer's quotes.
import { describe, expect, it } from 'vitest';
import { evaluateQuery, executeOp } from '../../chaincode/src/core';
import { MAX_AMOUNT, type LedgerOp, type OrgId } from '../../chaincode/src/core/types';
import { WorldState } from '../../router/ledger/embedded';
import { OPENING_BALANCE, setupOps, START_MS } from '../../router/props/world';

let txCount = 0;
async function run(store: WorldState, org: OrgId, op: LedgerOp, nowMs = START_MS) {
  return executeOp(store, { invokerOrg: org, txId: `tx-${++txCount}`, nowMs }, op);
}

async function world(): Promise<WorldState> {
  const store = new WorldState();
  for (const [org, op] of setupOps()) {
    const result = await run(store, org, op);
    if (!result.ok) throw new Error(result.error.message);
  }
  return store;
}

const quote = (id: string, extra: Partial<Extract<LedgerOp, { type: 'postQuote' }>> = {}) =>
  ({
    type: 'postQuote',
    id: `post-${id}`,
    quote: id,
    dealer: 'bankB/main',
    assetIn: 'USD',
    assetOut: 'EUR',
    rate: { num: 1n, den: 1n },
    feeBps: 100,
    maxIn: 1_000n,
    ...extra,
  }) as LedgerOp;

const fill = (id: string, quoteId: string, amountIn: bigint): LedgerOp => ({
  type: 'fxSwap',
  id,
  quote: quoteId,
  from: 'bankA/main',
  to: 'bankA/main',
  amountIn,
  minOut: 0n,
});

async function snapshot(store: WorldState) {
  const read = await evaluateQuery(store, { type: 'snapshot' });
  if (!read.ok) throw new Error(read.error.message);
  return read.value;
}

describe('quote validity', () => {
  it('fills before validUntilMs and refuses from then on, changing nothing', async () => {
    const store = await world();
    expect((await run(store, 'bankB', quote('qv', { validUntilMs: START_MS + 1_000 }))).ok).toBe(
      true,
    );
    expect((await run(store, 'bankA', fill('f1', 'qv', 100n), START_MS + 999)).ok).toBe(true);
    const before = await snapshot(store);
    const late = await run(store, 'bankA', fill('f2', 'qv', 100n), START_MS + 1_000);
    expect(late).toMatchObject({ ok: false, error: { code: 'QuoteExpired' } });
    if (!late.ok) expect(late.error.message).toMatch(/^quote: quote qv expired/);
    expect(await snapshot(store)).toEqual(before);
  });

  it('is extended only by the dealer, only into the future', async () => {
    const store = await world();
    await run(store, 'bankB', quote('qr', { validUntilMs: START_MS + 1_000 }));
    const refresh = (id: string, validUntilMs: number): LedgerOp => ({
      type: 'refreshQuote',
      id,
      quote: 'qr',
      validUntilMs,
    });
    const byOther = await run(store, 'bankA', refresh('r0', START_MS + 5_000));
    expect(byOther).toMatchObject({ ok: false, error: { code: 'NotOwner' } });
    const past = await run(store, 'bankB', refresh('r1', START_MS), START_MS + 10);
    expect(past).toMatchObject({ ok: false, error: { code: 'InvalidArgument' } });
    if (!past.ok) expect(past.error.message).toMatch(/^validUntilMs:/);
    expect((await run(store, 'bankB', refresh('r2', START_MS + 5_000))).ok).toBe(true);
    expect((await run(store, 'bankA', fill('f3', 'qr', 100n), START_MS + 4_000)).ok).toBe(true);
    const unknown = await run(store, 'bankB', {
      type: 'refreshQuote',
      id: 'r3',
      quote: 'nope',
      validUntilMs: START_MS + 9_000,
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UnknownQuote' } });
  });

  it('refuses a quote posted already expired', async () => {
    const store = await world();
    const posted = await run(store, 'bankB', quote('qx', { validUntilMs: START_MS }));
    expect(posted).toMatchObject({ ok: false, error: { code: 'InvalidArgument' } });
  });

  it('reads back a quote without the new terms exactly as before', async () => {
    const store = await world();
    const read = await evaluateQuery(store, { type: 'quote', quote: 'q0' });
    expect(read.ok && Object.keys(read.value).sort()).toEqual(
      ['active', 'assetIn', 'assetOut', 'dealer', 'feeBps', 'id', 'maxIn', 'rate'].sort(),
    );
  });
});

describe('fixed fees', () => {
  it('keeps the fixed part from the output after the proportional fee', async () => {
    const store = await world();
    await run(store, 'bankB', quote('qf', { feeFixed: 7n }));
    const result = await run(store, 'bankA', fill('f4', 'qf', 1_000n));
    // floor(1000 * 1 * 0.99) - 7
    expect(result).toEqual({ ok: true, value: { amountsOut: [983n] } });
  });

  it('refuses a fill the fixed fee would swallow', async () => {
    const store = await world();
    await run(store, 'bankB', quote('qs', { feeFixed: 10n }));
    const result = await run(store, 'bankA', fill('f5', 'qs', 10n));
    expect(result).toMatchObject({ ok: false, error: { code: 'InsufficientLiquidity' } });
  });
});

describe('one book for a dealer', () => {
  it('quotes without a per-fill bound draw on the same balance', async () => {
    const store = await world();
    const unbounded = { maxIn: MAX_AMOUNT, feeBps: 0 };
    await run(store, 'bankB', quote('qa', unbounded));
    await run(store, 'bankB', quote('qb', { ...unbounded, rate: { num: 2n, den: 1n } }));
    // The book holds OPENING_BALANCE EUR: qa takes most of it, qb cannot have the rest twice.
    const first = await run(store, 'bankA', fill('f6', 'qa', OPENING_BALANCE - 1_000n));
    expect(first.ok).toBe(true);
    const second = await run(store, 'bankA', fill('f7', 'qb', 600n));
    expect(second).toMatchObject({ ok: false, error: { code: 'InsufficientLiquidity' } });
    expect((await run(store, 'bankA', fill('f8', 'qb', 500n))).ok).toBe(true);
  });
});
