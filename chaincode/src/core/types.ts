// The ledger's vocabulary: assets, accounts, operations, queries and their results.
// Pure data, shared by the chaincode contract, the embedded ledger and the router.
// Money is bigint minor units here and decimal strings on the wire (see codec.ts).

export const LEDGER_KINDS = ['cbdc', 'deposit', 'stablecoin'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];
export type AssetKind = LedgerKind;

/** `org/name`: the org part is the owning institution, the only one that may debit it. */
export type AccountId = string;
export type OrgId = string;

export interface Asset {
  id: string;
  ledger: string;
  kind: AssetKind;
  currency: string;
  /** The only org that may issue or burn this asset. */
  issuer: OrgId;
  /** Decimal places of one minor unit (2 for cents). */
  scale: number;
}

/** A rate as an exact fraction: out = in * num / den before fees. */
export interface Rational {
  num: bigint;
  den: bigint;
}

export const ERROR_CODES = [
  'InvalidArgument', // malformed input: missing field, wrong type, bad id; message names the field
  'InvalidAmount', // zero, negative, fractional, non-numeric or over MAX_AMOUNT
  'NotInitialized',
  'AlreadyInitialized',
  'WrongLedger', // asset kind does not belong on this ledger
  'UnknownAsset',
  'UnknownAccount',
  'UnknownHold',
  'UnknownPool',
  'UnknownQuote',
  'UnknownOp', // op-status query: no operation with this id has been committed on this ledger
  'AssetExists',
  'AccountExists',
  'PoolExists',
  'QuoteExists',
  'HoldExists',
  'DuplicateId', // an operation id already used: replays have no second effect
  'NotIssuer', // mint/burn by an org that does not issue the asset
  'NotOwner', // debit of an account the invoking org does not own
  'NotMember', // the invoking org is not a member of this ledger (channel)
  'NotCoordinator', // escrow commit/abort by an org other than the coordinator's
  'InsufficientFunds',
  'InsufficientLiquidity', // a pool or dealer cannot pay the output
  'SlippageExceeded', // output below minOut
  'QuoteLimitExceeded', // input above a dealer quote's maxIn
  'QuoteExpired', // a fill at or after the quote's validUntilMs (the transaction timestamp)
  'HoldResolved', // claim/refund/commit/abort of a hold already resolved
  'WrongLockType', // claim on an escrow hold, commit on an HTLC hold, ...
  'HashlockMismatch',
  'NotExpired', // refund before expiry
  'Expired', // claim at or after expiry
  // Transport failures reported by a client, never by the core: the operation had no effect.
  'LedgerUnavailable', // the ledger's node cannot be reached
  'EndorsementFailed', // the transaction was rejected at endorsement
  'MvccConflict', // the transaction was invalidated at commit by a concurrent write (retryable)
  // Reported by a client, never by the core: the operation MAY have been applied. The client
  // submitted it, lost the reply and could not read the ledger back in time. Never treat it as
  // "not applied": resolve it later with the op-status query (`{type: 'op', id}`).
  'OutcomeUnknown',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface LedgerFailure {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: LedgerFailure };

/** Who is calling and when: the Fabric creator's org and the transaction timestamp. */
export interface TxContext {
  invokerOrg: OrgId;
  txId: string;
  /** Transaction timestamp in ms since the epoch; never the wall clock. */
  nowMs: number;
}

// ---------------------------------------------------------------------------------------------
// Leg operations: the value-moving steps that may stand alone, inside a batch, or inside a hold.

export interface TransferLeg {
  type: 'transfer';
  asset: string;
  from: AccountId;
  to: AccountId;
  amount: bigint;
}

export interface IssueLeg {
  type: 'issue';
  asset: string;
  to: AccountId;
  amount: bigint;
}

export interface BurnLeg {
  type: 'burn';
  asset: string;
  from: AccountId;
  amount: bigint;
}

/** Constant-product AMM swap; the pool pays `to`. */
export interface SwapLeg {
  type: 'swap';
  pool: string;
  from: AccountId;
  to: AccountId;
  assetIn: string;
  amountIn: bigint;
  minOut: bigint;
}

/** PvP against a dealer's standing on-ledger quote: the dealer receives `in`, pays `to`. */
export interface FxSwapLeg {
  type: 'fxSwap';
  quote: string;
  from: AccountId;
  to: AccountId;
  amountIn: bigint;
  minOut: bigint;
}

export type LegOp = TransferLeg | IssueLeg | BurnLeg | SwapLeg | FxSwapLeg;

export interface HtlcLock {
  kind: 'htlc';
  /** Lower-case hex sha256 of the secret. */
  hashlock: string;
  expiresAtMs: number;
}

export interface EscrowLock {
  kind: 'escrow';
  /** Org allowed to commit or abort before the deadline; anyone may abort after it. */
  coordinator: OrgId;
  deadlineMs: number;
}

export type HoldLock = HtlcLock | EscrowLock;

// ---------------------------------------------------------------------------------------------
// Ledger operations: one Fabric transaction each, all-or-nothing. `id` is the idempotency key.

export type LedgerOp =
  | { type: 'init'; id: string; kind: LedgerKind }
  | { type: 'createAsset'; id: string; asset: Asset }
  | { type: 'openAccount'; id: string; account: AccountId }
  | ({ id: string } & LegOp)
  | { type: 'batch'; id: string; legs: LegOp[] }
  | { type: 'hold'; id: string; hold: string; legs: LegOp[]; lock: HoldLock }
  | { type: 'claim'; id: string; hold: string; secret: string }
  | { type: 'refund'; id: string; hold: string }
  | { type: 'commit'; id: string; hold: string }
  | { type: 'abort'; id: string; hold: string }
  | {
      type: 'createPool';
      id: string;
      pool: string;
      assetA: string;
      assetB: string;
      feeBps: number;
      from: AccountId;
      amountA: bigint;
      amountB: bigint;
    }
  | {
      type: 'addLiquidity';
      id: string;
      pool: string;
      from: AccountId;
      amountA: bigint;
      amountB: bigint;
    }
  | { type: 'removeLiquidity'; id: string; pool: string; to: AccountId; shares: bigint }
  | ({
      type: 'postQuote';
      id: string;
      quote: string;
      dealer: AccountId;
      /** Asset the dealer takes in. */
      assetIn: string;
      /** Asset the dealer pays out. */
      assetOut: string;
      rate: Rational;
      feeBps: number;
      maxIn: bigint;
    } & QuoteExtras)
  /** Extends an active quote's validity (a dealer's scheduled re-post of the same terms). */
  | { type: 'refreshQuote'; id: string; quote: string; validUntilMs: number }
  | { type: 'withdrawQuote'; id: string; quote: string }
  /** Folds an account's pending credit deltas into its balance (hot-account layout). */
  | { type: 'compact'; id: string; asset: string; account: AccountId };

export type LedgerOpType = LedgerOp['type'];

/** How an operation id was committed: the op-id marker the ledger wrote with its effects. */
export interface OpStatus {
  id: string;
  type: LedgerOpType;
  /** The transaction that committed it (a Fabric tx id, or the embedded ledger's). */
  txId: string;
  /** Its result, as the submitter's receipt reported it. */
  amountsOut: bigint[];
}

/** What a successful operation reports: the outputs of its swap legs, in leg order. */
export interface OpResult {
  amountsOut: bigint[];
}

// ---------------------------------------------------------------------------------------------
// State records as the ledger returns them.

export type HoldStatus = 'open' | 'claimed' | 'refunded' | 'committed' | 'aborted';

export interface HoldRecord {
  id: string;
  owner: OrgId;
  legs: LegOp[];
  lock: HoldLock;
  status: HoldStatus;
  /** Amounts taken out of circulation at placement, per asset: counted in conservation. */
  reserved: Record<string, bigint>;
  /** Actual swap outputs fixed at placement, in leg order. */
  amountsOut: bigint[];
}

export interface PoolRecord {
  id: string;
  assetA: string;
  assetB: string;
  /** Actual reserves: what the pool holds (and conservation counts). */
  reserveA: bigint;
  reserveB: bigint;
  /**
   * Inputs of open held swaps, not yet joined to the reserves (the holds still count them).
   * Swaps price on reserve + pending, so an open held swap moves the price like a completed one.
   */
  pendingA: bigint;
  pendingB: bigint;
  feeBps: number;
  totalShares: bigint;
  shares: Record<AccountId, bigint>;
}

/**
 * Optional quote terms; absent means none (records posted before they existed are unchanged).
 * A quote's maxIn bounds each fill; MAX_AMOUNT means "no per-fill bound": the quote then draws on
 * the dealer's book alone (its balance of assetOut, shared by all of the dealer's quotes).
 */
export interface QuoteExtras {
  /** Fills are refused (QuoteExpired) from this transaction timestamp on. */
  validUntilMs?: number;
  /** Fixed fee in minor units of assetOut, kept from the output after the proportional fee. */
  feeFixed?: bigint;
}

export interface QuoteRecord extends QuoteExtras {
  id: string;
  dealer: AccountId;
  assetIn: string;
  assetOut: string;
  rate: Rational;
  feeBps: number;
  maxIn: bigint;
  active: boolean;
}

/** Whole ledger state, for audits and differential tests. Maps are sorted by key. */
export interface LedgerSnapshot {
  kind: LedgerKind | null;
  assets: Record<string, Asset>;
  accounts: AccountId[];
  /** asset -> account -> balance (deltas folded in); zero balances omitted. */
  balances: Record<string, Record<AccountId, bigint>>;
  supplies: Record<string, bigint>;
  holds: Record<string, HoldRecord>;
  pools: Record<string, PoolRecord>;
  quotes: Record<string, QuoteRecord>;
}

export type LedgerQuery =
  | { type: 'balance'; asset: string; account: AccountId }
  | { type: 'supply'; asset: string }
  | { type: 'asset'; asset: string }
  | { type: 'hold'; hold: string }
  | { type: 'pool'; pool: string }
  | { type: 'quote'; quote: string }
  /** Whether and how an operation id was committed (resolves a submit whose reply was lost). */
  | { type: 'op'; id: string }
  /** Holds: every one (default), or only the open ones. */
  | { type: 'snapshot'; holds?: 'all' | 'open' };

export interface QueryResults {
  balance: bigint;
  supply: bigint;
  asset: Asset;
  hold: HoldRecord;
  pool: PoolRecord;
  quote: QuoteRecord;
  op: OpStatus;
  snapshot: LedgerSnapshot;
}

export type QueryResult<Q extends LedgerQuery> = QueryResults[Q['type']];

/** Largest amount accepted anywhere: keeps products of amounts far from any practical limit. */
export const MAX_AMOUNT = 10n ** 30n;
export const BPS_DENOMINATOR = 10_000n;
