// Folds read only credit windows that closed FOLD_MARGIN_MS before them (balances.ts). Over a
// random timeline of credits into one account, debits out of it and compactions of it, checked
// against a model that is only two running balances: every balance read counts every credit
// (folded or not), a debit is refused exactly when the balance is short, and a compaction leaves
// no credit older than its closed windows. fast-check prints the seed of any failure.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLD_MARGIN_MS } from '../../chaincode/src/core/balances';
import { evaluateQuery, executeOp } from '../../chaincode/src/core';
import { compositeKey, splitCompositeKey } from '../../chaincode/src/core/keys';
import type { LedgerOp } from '../../chaincode/src/core/types';
import { WorldState } from '../../router/ledger/embedded';
import { OPENING_BALANCE, setupOps, START_MS } from '../../router/props/world';
import { transfer } from '../embedded/ordered-world';
import { fcOptions } from '../simulation/fc-options';

const HOT = 'bankB/main';
const PAYER = 'bankA/main';
const WINDOW_MS = 5_000;

type Step =
  | { kind: 'credit'; afterMs: number; amount: bigint }
  | { kind: 'debit'; afterMs: number; amount: bigint }
  | { kind: 'compact'; afterMs: number };

// At most 30 steps of at most 9 s: the timeline stays inside one fold's reach (64 windows).
const afterMs = fc.integer({ min: 0, max: 9_000 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('credit' as const),
    afterMs,
    amount: fc.bigInt({ min: 1n, max: 700n }),
  }),
  fc.record({
    kind: fc.constant('debit' as const),
    afterMs,
    amount: fc.bigInt({ min: 1n, max: 4_000n }),
  }),
  fc.record({ kind: fc.constant('compact' as const), afterMs }),
);

describe('folds of closed credit windows', () => {
  it('count every credit, refuse only what the balance cannot cover, and fold every closed window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const store = new WorldState();
        let tx = 0;
        let nowMs = START_MS;
        const run = (org: string, op: LedgerOp) =>
          executeOp(store, { invokerOrg: org, txId: `tx-${++tx}`, nowMs }, op);
        for (const [org, op] of setupOps()) expect((await run(org, op)).ok).toBe(true);
        const model: Record<string, bigint> = { [HOT]: OPENING_BALANCE, [PAYER]: OPENING_BALANCE };
        const balance = async (account: string) => {
          const read = await evaluateQuery(store, { type: 'balance', asset: 'USD', account });
          return read.ok ? read.value : read.error.code;
        };

        for (const [i, s] of steps.entries()) {
          nowMs += s.afterMs;
          if (s.kind === 'compact') {
            const result = await run('bankB', {
              type: 'compact',
              id: `compact-${i}`,
              asset: 'USD',
              account: HOT,
            });
            expect(result.ok).toBe(true);
            const closedBefore = Math.floor((nowMs - FOLD_MARGIN_MS) / WINDOW_MS);
            const left = (await store.scan('delta', ['USD', HOT])).map(([key]) =>
              Number(splitCompositeKey(key).attributes[2]),
            );
            expect(left.filter((window) => window < closedBefore)).toEqual([]);
          } else {
            const [from, to, org] =
              s.kind === 'credit' ? [PAYER, HOT, 'bankA'] : [HOT, PAYER, 'bankB'];
            const result = await run(org, transfer(`pay-${i}`, from, to, s.amount));
            const covered = model[from]! >= s.amount;
            expect(result.ok || result.error.code).toBe(covered ? true : 'InsufficientFunds');
            if (covered) {
              model[from] = model[from]! - s.amount;
              model[to] = model[to]! + s.amount;
            }
          }
          expect(await balance(HOT)).toBe(model[HOT]);
          expect(await balance(PAYER)).toBe(model[PAYER]);
        }
        // The frontier only ever names a window that has closed.
        const frontier = store.get(compositeKey('folded', ['USD', HOT]));
        if (frontier !== undefined)
          expect(BigInt(JSON.parse(frontier) as string)).toBeLessThanOrEqual(
            BigInt(Math.floor((nowMs - FOLD_MARGIN_MS) / WINDOW_MS)),
          );
      }),
      fcOptions(60),
    );
  });
});
