// Reading back the values the core itself wrote to world state. Every stored value was produced
// by canonicalJson from an already-validated record, so it is trusted: reading it only parses
// the JSON and turns decimal strings back into bigints, instead of re-running the strict wire
// decoders (which dominated the cost of every operation). Strict decoding stays at the boundary
// (codec.ts). Records are rebuilt with their fields in the decoders' order, so callers see
// exactly the objects the strict decoders used to return.
import type { RangeFolder } from './store';
import type {
  Asset,
  HoldLock,
  HoldRecord,
  LedgerKind,
  LedgerOpType,
  LegOp,
  OpStatus,
  PoolRecord,
  QuoteRecord,
} from './types';

type Json = Record<string, unknown>;
type Stored<T> = (json: string, key: string) => T;

/** Parses and converts a stored value; anything unexpected is corrupt state, a bug. */
function trusted<T>(convert: (parsed: Json) => T): Stored<T> {
  return (json, key) => {
    try {
      return convert(JSON.parse(json) as Json);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`corrupt state at ${JSON.stringify(key)}: ${reason}`);
    }
  };
}

function big(value: unknown): bigint {
  if (typeof value !== 'string')
    throw new TypeError(`expected a decimal string, got ${typeof value}`);
  return BigInt(value);
}

/** A dict of decimal strings, converted in place (so a "__proto__" key stays data). */
function bigDict(value: unknown): Record<string, bigint> {
  const dict = value as Record<string, unknown>;
  for (const name of Object.keys(dict)) dict[name] = big(dict[name]);
  return dict as Record<string, bigint>;
}

/** A shard, delta or supply change: canonicalJson of a bigint is its digits in quotes. */
export function storedQuantity(json: string, key: string): bigint {
  if (json.length < 3 || json.charCodeAt(0) !== 34 || json.charCodeAt(json.length - 1) !== 34) {
    throw new Error(`corrupt state at ${JSON.stringify(key)}: not a quoted quantity`);
  }
  return BigInt(json.slice(1, -1));
}

/** The sum of a range of signed quantities (credit or supply deltas), kept as a range fold. */
export function quantitySum(objectType: string): RangeFolder<{ sum: bigint }> {
  return {
    objectType,
    empty: () => ({ sum: 0n }),
    add: (acc, key, json) => void (acc.sum += storedQuantity(json, key)),
    remove: (acc, key, json) => void (acc.sum -= storedQuantity(json, key)),
  };
}

/** A balance book (balances.ts): the base balance as last spread over `shards` shards. */
export interface Book {
  shards: bigint;
  total: bigint;
}

/** Memoised: every debit of an account reads its book, which changes only when it is re-spread. */
export const storedBook: Stored<Book> = memoised(
  trusted((o) => ({
    shards: big(o.shards),
    total: big(o.total),
  })),
);

/**
 * Remembers recent decodings. The router reads quotes and pools far more often than they
 * change, and every operation reads the ledger kind and its assets (holds are not memoised:
 * each version of a hold is read about once). Decoding is a pure function
 * of the JSON, so equal JSON gives an equal record; records are deep-frozen because every
 * reader of that JSON now shares one object (the core itself only ever copies records).
 */
function memoised<T>(decode: Stored<T>): Stored<T> {
  const MAX_ENTRIES = 256;
  const decoded = new Map<string, T>();
  return (json, key) => {
    let value = decoded.get(json);
    if (value === undefined) {
      value = deepFreeze(decode(json, key));
      if (decoded.size >= MAX_ENTRIES) decoded.clear();
      decoded.set(json, value);
    }
    return value;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

export const storedKind: Stored<LedgerKind> = memoised(trusted((o) => o.kind as LedgerKind));

export const storedAsset: Stored<Asset> = memoised(
  trusted((o) => ({
    id: o.id as string,
    ledger: o.ledger as string,
    kind: o.kind as LedgerKind,
    currency: o.currency as string,
    issuer: o.issuer as string,
    scale: o.scale as number,
  })),
);

/** The payer and payee of a two-sided leg, in the decoders' field order. */
function ends(o: Json): { from: string; to: string } {
  return { from: o.from as string, to: o.to as string };
}

/** What a swap leg pays in and the least it accepts out. */
function swapAmounts(o: Json): { amountIn: bigint; minOut: bigint } {
  return { amountIn: big(o.amountIn), minOut: big(o.minOut) };
}

function leg(o: Json): LegOp {
  const type = o.type as LegOp['type'];
  switch (type) {
    case 'transfer':
      return { type, asset: o.asset as string, ...ends(o), amount: big(o.amount) };
    case 'issue':
      return { type, asset: o.asset as string, to: o.to as string, amount: big(o.amount) };
    case 'burn':
      return { type, asset: o.asset as string, from: o.from as string, amount: big(o.amount) };
    case 'swap':
      return {
        type,
        pool: o.pool as string,
        ...ends(o),
        assetIn: o.assetIn as string,
        ...swapAmounts(o),
      };
    case 'fxSwap':
      return { type, quote: o.quote as string, ...ends(o), ...swapAmounts(o) };
    default:
      throw new TypeError(`unknown leg type ${JSON.stringify(type)}`);
  }
}

function lock(o: Json): HoldLock {
  if (o.kind === 'htlc') {
    return { kind: 'htlc', hashlock: o.hashlock as string, expiresAtMs: o.expiresAtMs as number };
  }
  if (o.kind === 'escrow') {
    return {
      kind: 'escrow',
      coordinator: o.coordinator as string,
      deadlineMs: o.deadlineMs as number,
    };
  }
  throw new TypeError(`unknown lock kind ${JSON.stringify(o.kind)}`);
}

export const storedHold: Stored<HoldRecord> = trusted((o) => ({
  id: o.id as string,
  owner: o.owner as string,
  legs: (o.legs as Json[]).map(leg),
  lock: lock(o.lock as Json),
  status: o.status as HoldRecord['status'],
  reserved: bigDict(o.reserved),
  amountsOut: (o.amountsOut as unknown[]).map(big),
}));

export const storedPool: Stored<PoolRecord> = memoised(
  trusted((o) => ({
    id: o.id as string,
    assetA: o.assetA as string,
    assetB: o.assetB as string,
    reserveA: big(o.reserveA),
    reserveB: big(o.reserveB),
    pendingA: big(o.pendingA),
    pendingB: big(o.pendingB),
    feeBps: o.feeBps as number,
    totalShares: big(o.totalShares),
    shares: bigDict(o.shares),
  })),
);

export const storedQuote: Stored<QuoteRecord> = memoised(
  trusted((o) => {
    const rate = o.rate as Json;
    return {
      id: o.id as string,
      dealer: o.dealer as string,
      assetIn: o.assetIn as string,
      assetOut: o.assetOut as string,
      rate: { num: big(rate.num), den: big(rate.den) },
      feeBps: o.feeBps as number,
      maxIn: big(o.maxIn),
      active: o.active as boolean,
      ...(o.validUntilMs === undefined ? {} : { validUntilMs: o.validUntilMs as number }),
      ...(o.feeFixed === undefined ? {} : { feeFixed: big(o.feeFixed) }),
    };
  }),
);

/** An op-id marker; the id is the key's attribute, not stored twice. */
export function storedOpStatus(json: string, key: string, id: string): OpStatus {
  return trusted((o) => ({
    id,
    type: o.type as LedgerOpType,
    txId: o.txId as string,
    amountsOut: (o.amountsOut as unknown[]).map(big),
  }))(json, key);
}
