import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compositeKey } from '../../chaincode/src/core';
import { WorldState } from '../../router/ledger/embedded';

// A small key space, so deletes often hit keys written earlier and scans often cover them.
const part = fc.constantFrom('a', 'é');
const keyParts = fc.tuple(fc.constantFrom('delta', 'balance'), fc.array(part, { maxLength: 3 }));

describe('WorldState', () => {
  // Partial keys of every length, including a whole key (Fabric's range then includes that key).
  it('scans exactly the keys under a partial composite key, sorted, after any puts and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(keyParts, fc.boolean()), { maxLength: 60, size: 'medium' }),
        keyParts,
        async (writes, [objectType, partial]) => {
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
    expect(state.version).toBe(1);
    state.commit([[b, null]]);
    expect(state.version).toBe(2);
    expect(await state.get(b)).toBeUndefined();
    expect(state.bytes()).toBe(JSON.stringify([[a, '1']]));
  });
});
