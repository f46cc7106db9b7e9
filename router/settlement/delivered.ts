// What a settled payment put in the payee's account, read from the ledger's own reports: every
// leg of the journaled steps that credits the payee, with each swap leg's actual output (the
// receipts' amountsOut, in leg order), not the plan's guaranteed minimum.
import type { AccountId } from '../../chaincode/src/core/types';
import { hasAmountOut } from '../../chaincode/src/core/legs';
import type { JournalStep } from './journal-entry';

export function creditedTo(
  account: AccountId,
  steps: readonly JournalStep[],
  amountsOut: readonly (readonly bigint[])[],
): bigint {
  let total = 0n;
  steps.forEach((step, index) => {
    const outputs = amountsOut[index] ?? [];
    let next = 0;
    for (const leg of step.legs) {
      const output = hasAmountOut(leg) ? outputs[next++] : undefined;
      if (leg.type === 'burn' || leg.to !== account) continue;
      if (leg.type === 'transfer' || leg.type === 'issue') total += leg.amount;
      else if (output === undefined)
        throw new Error(`step ${index} on ${step.ledger}: no reported output for a swap leg`);
      else total += output;
    }
  });
  return total;
}
