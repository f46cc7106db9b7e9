// The rule for requoting a payment (the loop that acts on it is in requote.ts). A plan's venue
// legs carry minimum outputs priced from the ledger state the router read (AMM legs with the
// scenario's slippage tolerance); other payments settling in between can move a pool beyond
// that tolerance or drain a dealer's book, and the leg then fails
// (SlippageExceeded, InsufficientLiquidity). An attempt that failed so may be re-routed against
// current state only once it has fully reverted, so every retry starts from a payment that, on
// the ledgers, never happened:
//   atomic: the batch was rejected whole, nothing happened;
//   2pc:    every prepared hold was aborted at once (the coordinator need not wait the deadline);
//   htlc:   only if no hold was ever placed. A placed HTLC hold can only be refunded after its
//           expiry, so such a payment ends reverted, as before, instead of being requoted.
import type { ErrorCode } from '../../chaincode/src/core/types';
import type { Protocol } from '../routing/plan';
import type { FailureReason } from './failure-reason';
import type { PaymentOutcome } from './journal-entry';

/** Failures caused by prices or liquidity that moved since the plan was quoted. */
export const REQUOTABLE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'SlippageExceeded',
  'InsufficientLiquidity',
]);

/** Whether an attempt that ended this way may be followed by a requote (see the rule above). */
export function requotable(
  protocol: Protocol,
  outcome: PaymentOutcome,
  reason: FailureReason | null,
  anyHoldPlaced: boolean,
): boolean {
  if (outcome !== 'reverted' || reason === null || !REQUOTABLE_CODES.has(reason)) return false;
  return protocol !== 'htlc' || !anyHoldPlaced;
}
