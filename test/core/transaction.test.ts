// The transaction overlay and the hot-account layout, observed through a store that records
// every call the core makes.
import { describe, expect, it } from 'vitest';
import { compositeKey, evaluateQuery, executeOp, type StateStore } from '../../chaincode/src/core';
import { FOLD_MARGIN_MS } from '../../chaincode/src/core/balances';
import { TxOverlay } from '../../chaincode/src/core/store';
import type { LedgerOp, TxContext } from '../../chaincode/src/core/types';
import { WorldState } from '../../router/ledger/embedded';
import { setupOps } from '../../router/props/world';
import { transfer } from '../embedded/ordered-world';

/** A store that logs reads and writes (scan prefixes as "scan:<type>/<attr>/..."). */
class RecordingStore implements StateStore {
  readonly reads: string[] = [];
  readonly writes: string[] = [];
  constructor(readonly inner = new WorldState()) {}
  get(key: string) {
    this.reads.push(key);
    return this.inner.get(key);
  }
  put(key: string, value: string) {
    this.writes.push(key);
    return this.inner.put(key, value);
  }
  delete(key: string) {
    this.writes.push(key);
    return this.inner.delete(key);
  }
  scan(objectType: string, attributes: string[]) {
    this.reads.push(`scan:${[objectType, ...attributes].join('/')}`);
    return this.inner.scan(objectType, attributes);
  }
  clear() {
    this.reads.length = 0;
    this.writes.length = 0;
  }
}

let txCount = 0;
const ctx = (invokerOrg: string, nowMs = 1_000_000): TxContext => ({
  invokerOrg,
  txId: `tx-${++txCount}`,
  nowMs,
});

async function world(): Promise<RecordingStore> {
  const store = new RecordingStore();
  for (const [org, op] of setupOps()) {
    const result = await executeOp(store, ctx(org), op);
    if (!result.ok) throw new Error(result.error.message);
  }
  store.clear();
  return store;
}

const pay = transfer;

/** A batch of USD transfers, each [from, to, amount]. */
const usdBatch = (id: string, transfers: Array<[string, string, bigint]>): LedgerOp => ({
  type: 'batch',
  id,
  legs: transfers.map(([from, to, amount]) => ({
    type: 'transfer',
    asset: 'USD',
    from,
    to,
    amount,
  })),
});

describe('transaction overlay', () => {
  it('lets a transaction read its own writes and scans merge buffered puts and deletes', async () => {
    const base = new WorldState();
    await base.put(compositeKey('t', ['a']), '1');
    await base.put(compositeKey('t', ['b']), '2');
    const overlay = new TxOverlay(base);
    await overlay.put(compositeKey('t', ['c']), '3');
    await overlay.delete(compositeKey('t', ['a']));
    expect(await overlay.get(compositeKey('t', ['c']))).toBe('3');
    expect(await overlay.get(compositeKey('t', ['a']))).toBeUndefined();
    expect((await overlay.scan('t', [])).map(([, value]) => value)).toEqual(['2', '3']);
    expect(await base.get(compositeKey('t', ['c']))).toBeUndefined();
  });

  it('writes nothing at all when an operation fails part-way', async () => {
    const store = await world();
    const result = await executeOp(
      store,
      ctx('bankA'),
      usdBatch('b', [
        ['bankA/main', 'bankB/main', 6_000n],
        ['bankA/main', 'bankB/main', 6_000n],
      ]),
    );
    expect(result.ok).toBe(false);
    expect(store.writes).toEqual([]);
  });

  it('lets a later leg spend what an earlier leg of the same batch credited', async () => {
    const store = await world();
    const result = await executeOp(
      store,
      ctx('bankA'),
      usdBatch('relay', [
        ['bankA/main', 'bankA/ops', 10_000n],
        // bankA/ops held 5,000 USD (it seeded pool p0): only the first leg's credit covers this.
        ['bankA/ops', 'bankB/main', 15_000n],
      ]),
    );
    expect(result.ok).toBe(true);
  });
});

describe('hot accounts', () => {
  it('credits a payee without reading any of its balance keys', async () => {
    const store = await world();
    const payee = ['USD', 'bankB/main'];
    expect(
      (await executeOp(store, ctx('bankA'), pay('p1', 'bankA/main', 'bankB/main', 7n))).ok,
    ).toBe(true);
    const payeeReads = store.reads.filter(
      (read) =>
        read.startsWith(compositeKey('balance', payee)) || read === `scan:delta/${payee.join('/')}`,
    );
    expect(payeeReads).toEqual([]);
    expect(store.writes.some((key) => key.startsWith(compositeKey('delta', payee)))).toBe(true);
  });

  it('folds pending credits on a debit its shard cannot cover, and on compact', async () => {
    const store = await world();
    for (let i = 0; i < 3; i += 1)
      await executeOp(store, ctx('bankA'), pay(`in-${i}`, 'bankA/main', 'bankB/main', 5n));
    const deltas = () => store.inner.scan('delta', ['USD', 'bankB/main']);
    const book = () => store.inner.get(compositeKey('book', ['USD', 'bankB/main']));
    const balance = async () => {
      const read = await evaluateQuery(store.inner, {
        type: 'balance',
        asset: 'USD',
        account: 'bankB/main',
      });
      return read.ok ? read.value : read.error.code;
    };
    // The opening issue was a credit too: four deltas, no book yet.
    expect(await deltas()).toHaveLength(4);
    await executeOp(store, ctx('bankB'), pay('out', 'bankB/main', 'bankA/main', 1_000n));
    expect(await deltas()).toHaveLength(0);
    // 9,015 left, spread over shards that each cover four such debits: one key, however many.
    expect(await book()).toBe('{"shards":"2","total":"9015"}');

    await executeOp(store, ctx('bankA'), pay('in-again', 'bankA/main', 'bankB/main', 5n));
    // Compaction folds only credits whose window closed FOLD_MARGIN_MS before it.
    const later = 1_000_000 + FOLD_MARGIN_MS + 5_000;
    const compacted = await executeOp(store, ctx('bankB', later), {
      type: 'compact',
      id: 'c',
      asset: 'USD',
      account: 'bankB/main',
    });
    expect(compacted.ok).toBe(true);
    expect(await deltas()).toHaveLength(0);
    expect(await store.inner.scan('shard', ['USD', 'bankB/main'])).toHaveLength(1);
    expect(await balance()).toBe(9_020n);
  });

  it('debits a covered shard without scanning anything a payer could add to', async () => {
    const store = await world();
    // A small first debit spreads bankB's remaining 9,990 over 249 shards.
    await executeOp(store, ctx('bankB'), pay('spread', 'bankB/main', 'bankA/main', 10n));
    store.clear();
    const paid = await executeOp(store, ctx('bankB'), pay('out', 'bankB/main', 'bankA/main', 10n));
    expect(paid.ok).toBe(true);
    const payer = ['USD', 'bankB/main'];
    expect(store.reads.filter((read) => read.startsWith('scan:'))).toEqual([]);
    const moneyReads = store.reads.filter(
      (read) =>
        read.startsWith(compositeKey('shard', payer)) ||
        read.startsWith(compositeKey('book', payer)),
    );
    expect(moneyReads).toHaveLength(2); // the book and one shard
    expect(store.writes.filter((key) => key.includes('bankB/main'))).toHaveLength(1);
  });

  it('issues and burns without reading the supply', async () => {
    const store = await world();
    const issued = await executeOp(store, ctx('cb'), {
      type: 'issue',
      id: 'mint',
      asset: 'USD',
      to: 'cb/main',
      amount: 50n,
    });
    expect(issued.ok).toBe(true);
    expect(store.reads.filter((read) => read.includes('supply'))).toEqual([]);
    expect(store.writes.some((key) => key.startsWith(compositeKey('supply', ['USD'])))).toBe(true);
  });
});
