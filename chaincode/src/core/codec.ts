// The wire codec for operations, queries and results. Amounts travel as decimal strings; every
// field is checked on the way in. The same decoders validate in-memory operations in executeOp
// (bigint amounts pass straight through parseAmount) and query results read back by clients.
// State the core wrote itself is read back by stored.ts, without re-validation.
import { canonicalJson } from './canonical-json';
import {
  accountId,
  amount,
  array,
  boolean,
  type Decoder,
  dict,
  hashHex,
  identifier,
  integer,
  literal,
  nonNegativeAmount,
  nullable,
  oneOf,
  orgId,
  parseJson,
  quantity,
  record,
  tagged,
  timeMs,
} from './decode';
import {
  type Asset,
  type HoldLock,
  type HoldRecord,
  LEDGER_KINDS,
  type LedgerOp,
  type LedgerOpType,
  type LedgerQuery,
  type LedgerSnapshot,
  type LegOp,
  type OpResult,
  type OpStatus,
  type PoolRecord,
  type QueryResult,
  type QuoteRecord,
  type Result,
} from './types';

const MAX_LEGS = 64;
const feeBps = integer(0, 9999);
const rational = record({ num: amount, den: amount });

const legShapes = {
  transfer: {
    type: literal('transfer'),
    asset: identifier,
    from: accountId,
    to: accountId,
    amount,
  },
  issue: { type: literal('issue'), asset: identifier, to: accountId, amount },
  burn: { type: literal('burn'), asset: identifier, from: accountId, amount },
  swap: {
    type: literal('swap'),
    pool: identifier,
    from: accountId,
    to: accountId,
    assetIn: identifier,
    amountIn: amount,
    minOut: nonNegativeAmount,
  },
  fxSwap: {
    type: literal('fxSwap'),
    quote: identifier,
    from: accountId,
    to: accountId,
    amountIn: amount,
    minOut: nonNegativeAmount,
  },
};

export const legDecoder: Decoder<LegOp> = tagged<'type', LegOp>('type', {
  transfer: record(legShapes.transfer),
  issue: record(legShapes.issue),
  burn: record(legShapes.burn),
  swap: record(legShapes.swap),
  fxSwap: record(legShapes.fxSwap),
});

const legs = array(legDecoder, { minLength: 1, maxLength: MAX_LEGS });

const lockDecoder: Decoder<HoldLock> = tagged<'kind', HoldLock>('kind', {
  htlc: record({ kind: literal('htlc'), hashlock: hashHex, expiresAtMs: timeMs }),
  escrow: record({ kind: literal('escrow'), coordinator: orgId, deadlineMs: timeMs }),
});

export const assetDecoder: Decoder<Asset> = record({
  id: identifier,
  ledger: identifier,
  kind: oneOf(LEDGER_KINDS),
  currency: identifier,
  issuer: orgId,
  scale: integer(0, 18),
});

const id = identifier;
/** A dealer quote's terms, as posted (postQuote) and as stored (QuoteRecord). */
const quoteTerms = {
  dealer: accountId,
  assetIn: identifier,
  assetOut: identifier,
  rate: rational,
  feeBps,
  maxIn: amount,
};
const quoteExtras = { validUntilMs: timeMs, feeFixed: nonNegativeAmount };
const withId = <S extends object>(shape: S) => ({ id, ...shape });

const opVariants = {
  init: record({ type: literal('init'), id, kind: oneOf(LEDGER_KINDS) }),
  createAsset: record({ type: literal('createAsset'), id, asset: assetDecoder }),
  openAccount: record({ type: literal('openAccount'), id, account: accountId }),
  transfer: record(withId(legShapes.transfer)),
  issue: record(withId(legShapes.issue)),
  burn: record(withId(legShapes.burn)),
  swap: record(withId(legShapes.swap)),
  fxSwap: record(withId(legShapes.fxSwap)),
  batch: record({ type: literal('batch'), id, legs }),
  hold: record({ type: literal('hold'), id, hold: identifier, legs, lock: lockDecoder }),
  claim: record({ type: literal('claim'), id, hold: identifier, secret: hashHex }),
  refund: record({ type: literal('refund'), id, hold: identifier }),
  commit: record({ type: literal('commit'), id, hold: identifier }),
  abort: record({ type: literal('abort'), id, hold: identifier }),
  createPool: record({
    type: literal('createPool'),
    id,
    pool: identifier,
    assetA: identifier,
    assetB: identifier,
    feeBps,
    from: accountId,
    amountA: amount,
    amountB: amount,
  }),
  addLiquidity: record({
    type: literal('addLiquidity'),
    id,
    pool: identifier,
    from: accountId,
    amountA: amount,
    amountB: amount,
  }),
  removeLiquidity: record({
    type: literal('removeLiquidity'),
    id,
    pool: identifier,
    to: accountId,
    shares: amount,
  }),
  postQuote: record(
    {
      type: literal('postQuote'),
      id,
      quote: identifier,
      ...quoteTerms,
    },
    quoteExtras,
  ),
  refreshQuote: record({
    type: literal('refreshQuote'),
    id,
    quote: identifier,
    validUntilMs: timeMs,
  }),
  withdrawQuote: record({ type: literal('withdrawQuote'), id, quote: identifier }),
  compact: record({ type: literal('compact'), id, asset: identifier, account: accountId }),
};
const opDecoder: Decoder<LedgerOp> = tagged<'type', LedgerOp>('type', opVariants);
const opType = oneOf(Object.keys(opVariants) as LedgerOpType[]);

const queryDecoder: Decoder<LedgerQuery> = tagged<'type', LedgerQuery>('type', {
  balance: record({ type: literal('balance'), asset: identifier, account: accountId }),
  supply: record({ type: literal('supply'), asset: identifier }),
  asset: record({ type: literal('asset'), asset: identifier }),
  hold: record({ type: literal('hold'), hold: identifier }),
  pool: record({ type: literal('pool'), pool: identifier }),
  quote: record({ type: literal('quote'), quote: identifier }),
  op: record({ type: literal('op'), id: identifier }),
  snapshot: record({ type: literal('snapshot') }, { holds: oneOf(['all', 'open'] as const) }),
});

// ---------------------------------------------------------------------------------------------
// Records as stored in world state and returned by queries.

export const holdDecoder: Decoder<HoldRecord> = record({
  id: identifier,
  owner: orgId,
  legs,
  lock: lockDecoder,
  status: oneOf(['open', 'claimed', 'refunded', 'committed', 'aborted'] as const),
  reserved: dict(identifier, quantity),
  amountsOut: array(quantity, { maxLength: MAX_LEGS }),
});

export const poolDecoder: Decoder<PoolRecord> = record({
  id: identifier,
  assetA: identifier,
  assetB: identifier,
  reserveA: quantity,
  reserveB: quantity,
  pendingA: quantity,
  pendingB: quantity,
  feeBps,
  totalShares: quantity,
  shares: dict(accountId, quantity),
});

export const quoteDecoder: Decoder<QuoteRecord> = record(
  {
    id: identifier,
    ...quoteTerms,
    active: boolean,
  },
  quoteExtras,
);

const snapshotDecoder: Decoder<LedgerSnapshot> = record({
  kind: nullable(oneOf(LEDGER_KINDS)),
  assets: dict(identifier, assetDecoder),
  accounts: array(accountId, { maxLength: Number.MAX_SAFE_INTEGER }),
  balances: dict(identifier, dict(accountId, quantity)),
  supplies: dict(identifier, quantity),
  holds: dict(identifier, holdDecoder),
  pools: dict(identifier, poolDecoder),
  quotes: dict(identifier, quoteDecoder),
});

const amountsOut = array(quantity, { maxLength: MAX_LEGS });
const opResultDecoder: Decoder<OpResult> = record({ amountsOut });

const opStatusDecoder: Decoder<OpStatus> = record({
  id: identifier,
  type: opType,
  txId: identifier,
  amountsOut,
});

const queryResultDecoders: {
  [K in LedgerQuery['type']]: Decoder<QueryResult<Extract<LedgerQuery, { type: K }>>>;
} = {
  balance: quantity,
  supply: quantity,
  asset: assetDecoder,
  hold: holdDecoder,
  pool: poolDecoder,
  quote: quoteDecoder,
  op: opStatusDecoder,
  snapshot: snapshotDecoder,
};

// ---------------------------------------------------------------------------------------------
// Entry points.

/** Validates an operation given as a value (bigint or decimal-string amounts). */
export function parseOp(value: unknown): Result<LedgerOp> {
  return opDecoder(value, '');
}

export function parseQuery(value: unknown): Result<LedgerQuery> {
  return queryDecoder(value, '');
}

export function decodeOp(json: string): Result<LedgerOp> {
  const parsed = parseJson(json, 'op');
  return parsed.ok ? parseOp(parsed.value) : parsed;
}

export function encodeOp(op: LedgerOp): string {
  return canonicalJson(op);
}

export function decodeQuery(json: string): Result<LedgerQuery> {
  const parsed = parseJson(json, 'query');
  return parsed.ok ? parseQuery(parsed.value) : parsed;
}

export function encodeQuery(query: LedgerQuery): string {
  return canonicalJson(query);
}

export function encodeOpResult(result: OpResult): string {
  return canonicalJson(result);
}

export function decodeOpResult(json: string): Result<OpResult> {
  const parsed = parseJson(json, 'result');
  return parsed.ok ? opResultDecoder(parsed.value, 'result') : parsed;
}

export function encodeQueryResult<Q extends LedgerQuery>(_query: Q, value: QueryResult<Q>): string {
  return canonicalJson(value);
}

export function decodeQueryResult<Q extends LedgerQuery>(
  query: Q,
  json: string,
): Result<QueryResult<Q>> {
  const parsed = parseJson(json, 'result');
  if (!parsed.ok) return parsed;
  const decoder = queryResultDecoders[query.type] as Decoder<QueryResult<Q>>;
  return decoder(parsed.value, 'result');
}
