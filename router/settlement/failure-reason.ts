// Why a payment did not settle: one code space for routing, settlement and the ledgers, so the
// same payment fails with the same reason whatever the strategy or protocol, and summaries,
// payments.csv and the CLI read their wording from one exhaustive table.
import type { ErrorCode } from '../../chaincode/src/core/types';
import type { RouteErrorCode } from '../routing/errors';

/** Reasons only settlement and the simulated router give. */
export const SETTLEMENT_FAILURES = ['AtomicNotPossible', 'Unresolved', 'RouterCrashed'] as const;

export type FailureReason = RouteErrorCode | ErrorCode | (typeof SETTLEMENT_FAILURES)[number];

/** What each reason means, for people reading a summary. */
export const FAILURE_MEANINGS: Record<FailureReason, string> = {
  // Routing: no plan was made, nothing was submitted.
  InvalidRequest: 'the request names an unknown account, asset or strategy, or a bad amount',
  NoRoute: 'no sequence of venues connects the two assets within the hop limit',
  VenueClosed: 'every route goes through a venue outside its operating hours',
  PolicyViolation: 'every route, or the payment itself, breaks a scenario policy',
  PolicyLimit: 'the payment moves more than a per-payment limit',
  CostLimitExceeded: "every plan costs more than the payment's maxCostBps",
  InsufficientLiquidity: 'the venues cannot carry the amount',
  AmountTooSmall: 'the amount rounds down to nothing at some venue on every route',
  InsufficientFunds: 'the payer cannot fund the input',
  LedgerUnavailable: 'a ledger could not be reached',
  // Settlement.
  AtomicNotPossible: 'atomic settlement was asked for a plan that needs several transactions',
  Unresolved: 'the holds did not all resolve one way',
  RouterCrashed: 'the router crashed before it decided the payment, which was then unwound',
  // The ledger refused a transaction of the payment.
  InvalidArgument: 'the ledger refused a malformed operation',
  InvalidAmount: 'the ledger refused an amount (zero, negative or too large)',
  NotInitialized: 'the ledger was not initialised',
  AlreadyInitialized: 'the ledger was initialised twice',
  WrongLedger: 'an asset was used on a ledger of the wrong kind',
  UnknownAsset: 'the ledger does not know an asset of the plan',
  UnknownAccount: 'the ledger does not know an account of the plan',
  UnknownHold: 'the ledger does not know a hold of the payment',
  UnknownPool: 'the ledger does not know a pool of the plan',
  UnknownQuote: 'the ledger does not know a dealer quote of the plan',
  UnknownOp: 'the ledger has no record of an operation',
  AssetExists: 'an asset already exists',
  AccountExists: 'an account already exists',
  PoolExists: 'a pool already exists',
  QuoteExists: 'a dealer quote already exists',
  HoldExists: 'a hold id was used twice',
  DuplicateId: 'an operation id was used twice',
  NotIssuer: 'an org that does not issue an asset tried to mint or burn it',
  NotOwner: 'an org tried to debit an account it does not own',
  NotMember: 'an org is not a member of the ledger',
  NotCoordinator: 'an org other than the coordinator tried to commit or abort',
  SlippageExceeded: "a pool paid less than the leg's minimum output",
  QuoteLimitExceeded: "an input exceeded a dealer quote's maximum",
  QuoteExpired: 'a dealer quote expired before the fill',
  HoldResolved: 'a hold had already been resolved',
  WrongLockType: 'a hold was resolved with the wrong kind of lock',
  HashlockMismatch: 'a claim gave the wrong secret',
  NotExpired: 'a refund came before the hold expired',
  Expired: 'a claim came after the hold expired',
  EndorsementFailed: 'a transaction was rejected at endorsement',
  MvccConflict: 'a transaction was invalidated by a concurrent write, after every retry',
  OutcomeUnknown: 'the ledger never confirmed whether a transaction committed',
};

/** Every reason, in the table's order. */
export const FAILURE_REASONS = Object.keys(FAILURE_MEANINGS) as FailureReason[];

export function isFailureReason(value: string): value is FailureReason {
  return Object.hasOwn(FAILURE_MEANINGS, value);
}
