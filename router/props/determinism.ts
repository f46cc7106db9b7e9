// The embedded ledger is deterministic: the same operations in the same order give the same
// receipts and the same committed state bytes, whatever else is going on in the process.
import fc from 'fast-check';
import type { LedgerOp, OrgId } from '../../chaincode/src/core/types';
import { legArb, naturalSigner, signerChoice } from './arbitraries';
import { check } from './expectations';
import { defineProperty } from './property';
import { createWorld, type EmbeddedWorld, LEDGER } from './world';

async function replay(world: EmbeddedWorld, ops: Array<[OrgId, LedgerOp]>): Promise<string[]> {
  const receipts: string[] = [];
  for (const [org, op] of ops) {
    const result = await world.client.submit(LEDGER, org, op);
    receipts.push(
      result.ok
        ? `${result.value.txId} ${result.value.result.amountsOut.join(',')}`
        : result.error.code,
    );
  }
  return receipts;
}

export const determinismProperty = defineProperty(
  'embedded-determinism',
  'the same operations give the same receipts and state bytes on two fresh embedded ledgers',
  () =>
    fc.asyncProperty(fc.array(fc.tuple(legArb, signerChoice), { maxLength: 30 }), async (legs) => {
      const ops = legs.map(([leg, choice], index): [OrgId, LedgerOp] => [
        choice ?? naturalSigner(leg),
        { id: `op-${index}`, ...leg },
      ]);
      const [first, second] = [await createWorld(), await createWorld()];
      const receipts = await replay(first, ops);
      check(
        receipts.join('|') === (await replay(second, ops)).join('|'),
        'receipts differ between identical runs',
      );
      check(
        first.client.stateBytes(LEDGER) === second.client.stateBytes(LEDGER),
        'state bytes differ between identical runs',
      );
    }),
  ['embedded-store'],
);
