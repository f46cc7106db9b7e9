import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compositeKey } from '../../chaincode/src/core';
import { WorldState } from '../../router/ledger/embedded';

const part = fc.constantFrom('a', 'b', 'ab', 'b/c', 'é');
const keyParts = fc.tuple(
  fc.constantFrom('delta', 'balance'),
  fc.array(part, { minLength: 1, maxLength: 3 }),
);

describe('WorldState', () => {
  it('scans exactly the keys under a partial composite key, sorted, after any puts and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(keyParts, fc.boolean()), { maxLength: 60 }),
        keyParts,
        async (writes, [objectType, prefix]) => {
          const state = new WorldState();
          const reference = new Map<string, string>();
          for (const [[type, attributes], remove] of writes) {
            const key = compositeKey(type, attributes);
            if (remove) {
              await state.delete(key);
              reference.delete(key);
            } else {
              await state.put(key, attributes.join());
              reference.set(key, attributes.join());
            }
          }
          const partial = prefix.slice(0, -1);
          const expected = [...reference]
            .filter(([key]) => key.startsWith(compositeKey(objectType, partial)))
            .sort(([a], [b]) => (a < b ? -1 : 1));
          expect(await state.scan(objectType, partial)).toEqual(expected);
        },
      ),
    );
  });

  it('commits a write set atomically under one new version', async () => {
    const state = new WorldState();
    const [a, b] = [compositeKey('x', ['a']), compositeKey('x', ['b'])];
    state.commit([
      [a, '1'],
      [b, '2'],
    ]);
    state.commit([[b, null]]);
    expect(state.versionOf(a)).toBe(1);
    expect(state.versionOf(b)).toBeUndefined();
    expect(state.bytes()).toBe(JSON.stringify([[a, '1']]));
  });
});
