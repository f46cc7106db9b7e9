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

describe('WorldState with a cold tier', () => {
  // hotLimit 2: nearly every commit moves keys to the cold tier, so reads, rewrites, deletes and
  // scans constantly cross segments, tombstones and the hot maps. The model is one Map.
  const command = fc.oneof(
    fc.record({ kind: fc.constant('put' as const), key: keyParts, value: fc.nat(9) }),
    fc.record({ kind: fc.constant('delete' as const), key: keyParts }),
    fc.record({ kind: fc.constant('read' as const), key: keyParts }),
    fc.record({ kind: fc.constant('scan' as const), key: keyParts }),
    fc.record({ kind: fc.constant('sum' as const), key: keyParts }),
  );
  const sumFolder = {
    objectType: 'delta',
    empty: () => ({ sum: 0 }),
    add: (acc: { sum: number }, _key: string, value: string) => void (acc.sum += Number(value)),
    remove: (acc: { sum: number }, _key: string, value: string) => void (acc.sum -= Number(value)),
  };

  it('answers every read, scan and kept fold as a plain map does, whatever moved to the cold tier', () => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 30, maxLength: 120 }),
        fc.integer({ min: 2, max: 5 }),
        (commands, hotLimit) => {
          const state = new WorldState({ coldTypes: ['delta', 'balance'], hotLimit });
          const model = new Map<string, string>();
          const inRange = (prefix: string) =>
            [...model]
              .filter(([key]) => key.startsWith(prefix))
              .sort(([a], [b]) => (a < b ? -1 : 1));
          for (const step of commands) {
            const key = compositeKey(step.key[0], step.key[1]);
            if (step.kind === 'put') {
              state.commit([[key, String(step.value)]]);
              model.set(key, String(step.value));
            } else if (step.kind === 'delete') {
              state.commit([[key, null]]);
              model.delete(key);
            } else if (step.kind === 'read') {
              expect(state.get(key)).toBe(model.get(key));
            } else if (step.kind === 'scan') {
              expect(state.scan(step.key[0], step.key[1])).toEqual(inRange(key));
            } else if (step.key[0] === 'delta') {
              const expected = inRange(key).reduce((sum, [, value]) => sum + Number(value), 0);
              expect(state.fold(sumFolder, step.key[1]).sum).toBe(expected);
            }
          }
          expect(state.bytes()).toBe(JSON.stringify(inRange('')));
        },
      ),
    );
  });

  it('moves keys out of the maps once past the limit, and keeps them readable', () => {
    const state = new WorldState({ hotLimit: 100 });
    const key = (i: number) => compositeKey('opid', [`op-${i}`]);
    for (let i = 0; i < 1_000; i++) state.commit([[key(i), `{"txId":"t${i}"}`]]);
    expect(state.coldKeys).toBeGreaterThan(850);
    for (let i = 0; i < 1_000; i++) expect(state.get(key(i))).toBe(`{"txId":"t${i}"}`);
    expect(state.get(compositeKey('opid', ['op-1000']))).toBeUndefined();
    expect(state.scan('opid', []).length).toBe(1_000);
  });
});
