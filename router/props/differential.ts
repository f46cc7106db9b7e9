// The differential check (DESIGN §5): one random operation sequence applied to a fresh embedded
// world and to a world of the backend under test (a Fabric namespace) gives the same outcome at
// every step (success with the same outputs, or the same error code) and ends in the same
// state: balances, supplies, holds, pools, quotes, accounts and assets. The embedded world's
// clock stands at the other world's start and never moves, so locks are drawn to be clearly
// expired at placement or to outlive the case, and both ledgers judge them alike.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { LedgerSnapshot, Result } from '../../chaincode/src/core/types';
import type { Receipt } from '../ledger/ledger-client';
import { check } from './expectations';
import { operationArbs } from './operations';
import { defineProperty } from './property';
import { createWorld, LEDGER, MEMBERS, type SignedOp, type World } from './world';

const stepArb = fc.oneof(
  { weight: 8, arbitrary: fc.oneof(...operationArbs(false)) },
  /** Resubmits an earlier step's operation, same id and signer. */
  { weight: 1, arbitrary: fc.nat(1_000).map((replay) => ({ replay })) },
);

function describeOutcome(result: Result<Receipt>, withMessage: boolean): string {
  if (result.ok) return `ok [${result.value.result.amountsOut.join(',')}]`;
  return withMessage ? `${result.error.code}: ${result.error.message}` : result.error.code;
}

async function snapshot(world: World): Promise<LedgerSnapshot> {
  const read = await world.client.evaluate(LEDGER, MEMBERS[0]!, { type: 'snapshot' });
  if (!read.ok) throw new Error(`snapshot failed: ${read.error.code} ${read.error.message}`);
  return read.value;
}

const show = (value: unknown) =>
  JSON.stringify(value, (_key, entry: unknown) =>
    typeof entry === 'bigint' ? `${entry}n` : entry,
  ) ?? 'nothing';

/** Every entry of every section on which the two snapshots disagree. */
export function snapshotDifferences(embedded: LedgerSnapshot, other: LedgerSnapshot): string[] {
  const differences: string[] = [];
  for (const section of Object.keys(embedded) as Array<keyof LedgerSnapshot>) {
    const [x, y] = [embedded[section], other[section]];
    if (isDeepStrictEqual(x, y)) continue;
    if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof y !== 'object') {
      differences.push(`${section}: embedded ${show(x)}, other ${show(y)}`);
      continue;
    }
    const entries = y as Record<string, unknown>;
    for (const key of new Set([...Object.keys(x), ...Object.keys(entries)])) {
      const [a, b] = [(x as Record<string, unknown>)[key], entries[key]];
      if (!isDeepStrictEqual(a, b))
        differences.push(`${section}.${key}: embedded ${show(a)}, other ${show(b)}`);
    }
  }
  return differences;
}

/**
 * `withMessages` also requires the same error messages (where both backends run the same
 * core in-process; a Fabric client words its own transport and membership errors).
 */
export function differentialProperty({ withMessages }: { withMessages: boolean }) {
  return defineProperty(
    'differential',
    'one random operation sequence gives the same outcome at every step and the same final state on a fresh embedded world and on the backend',
    (backend) =>
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: backend.maxSequenceLength, size: 'max' }),
        async (steps) => {
          const other = await backend.openWorld();
          const embedded = await createWorld(other.startMs);
          const submitted: SignedOp[] = [];
          const holds: string[] = [];
          for (const [index, step] of steps.entries()) {
            const signed =
              'replay' in step
                ? submitted[step.replay % Math.max(submitted.length, 1)]
                : step.build({ id: `op-${index}`, nowMs: other.startMs, holds });
            if (signed === undefined) continue;
            const [org, op] = signed;
            const [expected, actual] = await Promise.all(
              [embedded, other].map((world) => world.client.submit(LEDGER, org, op)),
            );
            const [want, got] = [expected!, actual!].map((result) =>
              describeOutcome(result, withMessages),
            );
            check(
              want === got,
              `step ${index} ${op.type} ${op.id} by ${org}: embedded ${want}, ${backend.name} ${got}`,
            );
            if (expected!.ok && op.type === 'hold') holds.push(op.hold);
            submitted.push(signed);
          }
          const differences = snapshotDifferences(await snapshot(embedded), await snapshot(other));
          check(
            differences.length === 0,
            `final state differs on ${backend.name}: ${differences.join('; ')}`,
          );
        },
      ),
  );
}
