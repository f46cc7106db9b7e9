// The embedded world state keeps folds of balance ranges up to date as it commits (store.ts,
// RangeFolder). Whatever was written, deleted or overwritten, a balance read through those kept
// folds must equal the balance this test sums itself from the keys it wrote: book total, plus
// each touched shard's surplus over its share of the book, plus every credit delta.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBalance } from '../../chaincode/src/core/balances';
import { canonicalJson } from '../../chaincode/src/core/canonical-json';
import { compositeKey } from '../../chaincode/src/core/keys';
import { TxOverlay } from '../../chaincode/src/core/store';
import { WorldState } from '../../router/ledger/embedded';
import { fcOptions } from '../simulation/fc-options';

const ASSET = 'hkd';
const ACCOUNTS = ['bank/a', 'bank/b'];

type Write =
  | { kind: 'book'; account: number; shards: bigint; total: bigint }
  | { kind: 'shard'; account: number; shard: number; value: bigint }
  | { kind: 'delta'; account: number; id: number; value: bigint }
  | { kind: 'delete'; account: number; type: 'book' | 'shard' | 'delta'; at: number };

const account = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });
const write: fc.Arbitrary<Write> = fc.oneof(
  fc.record({
    kind: fc.constant('book' as const),
    account,
    shards: fc.bigInt({ min: 1n, max: 64n }),
    total: fc.bigInt({ min: 0n, max: 10n ** 12n }),
  }),
  fc.record({
    kind: fc.constant('shard' as const),
    account,
    shard: fc.integer({ min: 0, max: 63 }),
    value: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  }),
  fc.record({
    kind: fc.constant('delta' as const),
    account,
    id: fc.integer({ min: 0, max: 20 }),
    value: fc.bigInt({ min: 1n, max: 10n ** 10n }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    account,
    type: fc.constantFrom('book' as const, 'shard' as const, 'delta' as const),
    at: fc.integer({ min: 0, max: 63 }),
  }),
);

function keyOf(w: Write): string {
  const owner = ACCOUNTS[w.account]!;
  switch (w.kind) {
    case 'book':
      return compositeKey('book', [ASSET, owner]);
    case 'shard':
      return compositeKey('shard', [ASSET, owner, String(w.shard)]);
    case 'delta':
      return compositeKey('delta', [ASSET, owner, `tx${w.id}`, '1']);
    case 'delete':
      return w.type === 'book'
        ? compositeKey('book', [ASSET, owner])
        : w.type === 'shard'
          ? compositeKey('shard', [ASSET, owner, String(w.at)])
          : compositeKey('delta', [ASSET, owner, `tx${w.at}`, '1']);
  }
}

/** The model: what each key holds, as numbers this test reads back without the core's decoders. */
interface Model {
  books: Map<number, { shards: bigint; total: bigint }>;
  shards: Map<number, Map<number, bigint>>;
  deltas: Map<number, Map<number, bigint>>;
}

function apply(model: Model, w: Write): [string, string | null] {
  const key = keyOf(w);
  const per = <T>(m: Map<number, Map<number, T>>) => {
    const inner = m.get(w.account) ?? new Map<number, T>();
    m.set(w.account, inner);
    return inner;
  };
  switch (w.kind) {
    case 'book':
      model.books.set(w.account, { shards: w.shards, total: w.total });
      return [key, canonicalJson({ shards: w.shards, total: w.total })];
    case 'shard':
      per(model.shards).set(w.shard, w.value);
      return [key, canonicalJson(w.value)];
    case 'delta':
      per(model.deltas).set(w.id, w.value);
      return [key, canonicalJson(w.value)];
    case 'delete':
      if (w.type === 'book') model.books.delete(w.account);
      else per(w.type === 'shard' ? model.shards : model.deltas).delete(w.at);
      return [key, null];
  }
}

function expectedBalance(model: Model, index: number): bigint {
  const book = model.books.get(index) ?? { shards: 1n, total: 0n };
  let total = book.total;
  for (const [shard, value] of model.shards.get(index) ?? []) {
    const share = book.total / book.shards + (BigInt(shard) < book.total % book.shards ? 1n : 0n);
    total += value - share;
  }
  for (const value of (model.deltas.get(index) ?? new Map<number, bigint>()).values())
    total += value;
  return total;
}

describe('balance folds kept by the world state', () => {
  it('equal the balance summed from the written keys after any commits, and under an overlay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(write, { minLength: 1, maxLength: 4 }), { maxLength: 40 }),
        fc.array(write, { maxLength: 4 }),
        async (commits, buffered) => {
          const state = new WorldState();
          const model: Model = { books: new Map(), shards: new Map(), deltas: new Map() };
          for (const commit of commits) {
            // One transaction writes a key once: the last write wins, as in an overlay.
            const writes = new Map(commit.map((w) => apply(model, w)));
            state.commit([...writes]);
            // Reading after each commit builds the folds early and then keeps them.
            for (const [index, owner] of ACCOUNTS.entries())
              expect(await readBalance(state, ASSET, owner)).toBe(expectedBalance(model, index));
          }
          const overlay = new TxOverlay(state);
          for (const w of buffered) {
            const [key, value] = apply(model, w);
            await (value === null ? overlay.delete(key) : overlay.put(key, value));
          }
          for (const [index, owner] of ACCOUNTS.entries())
            expect(await readBalance(overlay, ASSET, owner)).toBe(expectedBalance(model, index));
        },
      ),
      fcOptions(200),
    );
  });
});
