// Re-execution (replay.ts) is how the synchronous core runs over Fabric's asynchronous stub. Over
// a store that answers only asynchronously, as the stub does, every operation of the props world
// set-up and a run of transfers must return the same result and write set as the core run
// directly, fetch each key and range once, and fetch exactly what the direct run read: Fabric's
// read set for the transaction.
import { describe, expect, it } from 'vitest';
import { prepareOp, type StateStore } from '../../chaincode/src/core';
import { type AsyncReads, replay } from '../../chaincode/src/core/replay';
import { applyWrites } from '../../chaincode/src/core/store';
import type { TxContext } from '../../chaincode/src/core/types';
import { WorldState } from '../../router/ledger/embedded';
import { type SignedOp, setupOps } from '../../router/props/world';
import { transfer } from '../embedded/ordered-world';

/** The committed state as the stub shows it: asynchronous reads, no range folds; logs reads. */
class StubLike implements AsyncReads {
  readonly fetched: string[] = [];
  constructor(private readonly state: WorldState) {}
  async get(key: string) {
    this.fetched.push(`get ${key}`);
    return this.state.get(key);
  }
  async scan(objectType: string, attributes: string[]) {
    this.fetched.push(`scan ${[objectType, ...attributes].join('/')}`);
    return this.state.scan(objectType, attributes);
  }
}

/** The same state read directly, synchronously, also without folds; logs reads. */
function directReads(state: WorldState, log: string[]): StateStore {
  return {
    get: (key) => (log.push(`get ${key}`), state.get(key)),
    scan: (objectType, attributes) => (
      log.push(`scan ${[objectType, ...attributes].join('/')}`),
      state.scan(objectType, attributes)
    ),
    put: () => {
      throw new Error('read only');
    },
    delete: () => {
      throw new Error('read only');
    },
  };
}

describe('running the core by re-execution over an asynchronous store', () => {
  it('returns what a direct run returns, fetching each read once and nothing else', async () => {
    const state = new WorldState();
    const ops: SignedOp[] = [
      ...setupOps(),
      ['bankA', transfer('r-1', 'bankA/main', 'bankB/main', 1_00n)],
      ['bankB', transfer('r-2', 'bankB/main', 'bankA/ops', 50n)],
      ['bankA', transfer('r-3', 'bankA/ops', 'bankA/main', 10n)],
      // Refused (unknown account): no writes either way.
      ['bankA', transfer('r-4', 'bankA/nobody', 'bankB/main', 1n)],
    ];
    let replayed = 0;
    for (const [index, [org, op]] of ops.entries()) {
      const ctx: TxContext = { invokerOrg: org, txId: `tx-${index}`, nowMs: 1_000_000 + index };
      const directLog: string[] = [];
      const direct = prepareOp(directReads(state, directLog), ctx, op);
      const stub = new StubLike(state);
      const replayedResult = await replay(stub, (store) => prepareOp(store, ctx, op));
      expect(replayedResult, op.id).toEqual(direct);
      expect(new Set(stub.fetched).size, op.id).toBe(stub.fetched.length);
      expect(new Set(stub.fetched), op.id).toEqual(new Set(directLog));
      if (stub.fetched.length > 1) replayed += 1;
      if (direct.ok) applyWrites(state, direct.value.writes);
    }
    // The set-up succeeds and most operations read several keys, so replay really re-ran.
    expect(replayed).toBeGreaterThan(ops.length / 2);
  });

  it('passes the core’s own exceptions through', async () => {
    const stub = new StubLike(new WorldState());
    await expect(
      replay(stub, (store) => {
        store.get('k');
        throw new RangeError('a bug');
      }),
    ).rejects.toThrow('a bug');
    expect(stub.fetched).toEqual(['get k']);
  });
});
