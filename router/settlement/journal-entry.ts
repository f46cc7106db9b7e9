// What the router writes to its journal: every intent before it acts on it and every outcome
// before it acts on that, so a restarted router can finish any payment from the journal plus
// ledger state alone (see recovery.ts).
import type { ErrorCode, LegOp, OrgId } from '../../chaincode/src/core/types';
import type { Protocol } from '../routing/plan';
import type { FailureReason } from './failure-reason';

/** One ledger transaction of a payment: the atomic batch, or one hold. */
export interface JournalStep {
  ledger: string;
  /** Org that signs the batch or places the hold. */
  signer: OrgId;
  legs: LegOp[];
  /** Hold id (htlc, 2pc); null for the atomic batch. */
  hold: string | null;
  /** HTLC expiry of this hold. */
  expiresAtMs: number | null;
  /** 2PC: org allowed to commit or abort this hold before the deadline. */
  coordinator: OrgId | null;
  /** 2PC deadline after which anyone may abort. */
  deadlineMs: number | null;
}

export type HoldAction = 'claim' | 'refund' | 'commit' | 'abort';

/** How a payment ended, as the router saw it. `mixed` is an atomicity violation. */
export type PaymentOutcome = 'settled' | 'reverted' | 'mixed';

/** A payment's end: the outcome and, unless settled, the code of what went wrong. */
export interface PaymentEnd {
  outcome: PaymentOutcome;
  reason: FailureReason | null;
  /** The attempt that re-routes this payment after a requotable revert (see requote.ts), or null. */
  requotedAs: string | null;
  /**
   * Settled payments: per journaled step, the swap-leg outputs the ledger reported (its receipts,
   * or the hold record), in leg order. What the payee got is read from these, not from the plan.
   * Empty unless settled.
   */
  amountsOut: bigint[][];
}

/**
 * `decision`: the point of no return. 2PC: commit or abort every hold. HTLC: `commit` = start
 * claiming (the payee hold first, revealing the secret), `abort` = refund every hold at expiry.
 */
export type JournalEntry =
  | { type: 'accepted'; payment: string; protocol: Protocol; atMs: number; steps: JournalStep[] }
  | { type: 'secret'; payment: string; secret: string; hashlock: string }
  | { type: 'hold-placed'; payment: string; hold: string; atMs: number }
  | { type: 'hold-failed'; payment: string; hold: string; code: ErrorCode }
  | { type: 'decision'; payment: string; decision: 'commit' | 'abort' }
  | { type: 'resolved'; payment: string; hold: string; action: HoldAction; atMs: number }
  | ({ type: 'done'; payment: string; atMs: number } & PaymentEnd);

export type JournalEntryType = JournalEntry['type'];

export const JOURNAL_ENTRY_TYPES: readonly JournalEntryType[] = [
  'accepted',
  'secret',
  'hold-placed',
  'hold-failed',
  'decision',
  'resolved',
  'done',
];
