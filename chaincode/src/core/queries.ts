// Read-only queries: single records, balances with shards and pending deltas folded in, and a whole-ledger
// snapshot for audits and differential tests.
import { NO_BOOK, readBalance, shardOfKey, shareOf } from './balances';
import { compareKeys } from './canonical-json';
import { parseQuery } from './codec';
import { compositeKey, splitCompositeKey } from './keys';
import { fail, ok } from './result';
import {
  loadKind,
  loadQuote,
  requireAccount,
  requireAsset,
  requireHold,
  requireOpStatus,
  requirePool,
} from './state';
import type { StateStore } from './store';
import {
  type Book,
  storedAsset,
  storedBook,
  storedHold,
  storedPool,
  storedQuantity,
  storedQuote,
} from './stored';
import { readSupply } from './supply';
import type { HoldRecord, LedgerQuery, LedgerSnapshot, QueryResult, Result } from './types';

export function evaluateQuery<Q extends LedgerQuery>(
  store: StateStore,
  query: Q,
): Result<QueryResult<Q>> {
  const parsed = parseQuery(query);
  if (!parsed.ok) return parsed;
  return runQuery(store, parsed.value) as Result<QueryResult<Q>>;
}

function runQuery(store: StateStore, query: LedgerQuery): Result<QueryResult<LedgerQuery>> {
  switch (query.type) {
    case 'balance': {
      const asset = requireAsset(store, query.asset, 'asset');
      if (!asset.ok) return asset;
      const account = requireAccount(store, query.account, 'account');
      if (!account.ok) return account;
      return ok(readBalance(store, query.asset, query.account));
    }
    case 'supply': {
      const asset = requireAsset(store, query.asset, 'asset');
      return asset.ok ? ok(readSupply(store, query.asset)) : asset;
    }
    case 'asset':
      return requireAsset(store, query.asset, 'asset');
    case 'hold':
      return requireHold(store, query.hold, 'hold');
    case 'pool':
      return requirePool(store, query.pool, 'pool');
    case 'quote': {
      // Inactive quotes are still readable: a withdrawn quote is history, not an error.
      const quote = loadQuote(store, query.quote);
      return quote
        ? ok(quote)
        : fail('UnknownQuote', `quote: unknown quote ${JSON.stringify(query.quote)}`);
    }
    case 'op':
      return requireOpStatus(store, query.id);
    case 'snapshot':
      return ok(snapshot(store, query.holds));
  }
}

function records<T>(
  store: StateStore,
  objectType: string,
  decode: (json: string, key: string) => T,
): Array<[string, T]> {
  const entries = store.scan(objectType, []);
  return entries.map(([key, json]) => [
    splitCompositeKey(key).attributes[0] ?? '',
    decode(json, key),
  ]);
}

/** Balances by asset then account, books, shards and deltas summed, zero balances omitted. */
function balances(store: StateStore): LedgerSnapshot['balances'] {
  const totals = new Map<string, Map<string, bigint>>();
  const books = new Map<string, Book>();
  const add = (key: string, amount: bigint) => {
    const [asset = '', account = ''] = splitCompositeKey(key).attributes;
    const perAsset = totals.get(asset) ?? new Map<string, bigint>();
    perAsset.set(account, (perAsset.get(account) ?? 0n) + amount);
    totals.set(asset, perAsset);
  };
  for (const [key, json] of store.scan('book', [])) {
    const book = storedBook(json, key);
    books.set(key, book);
    add(key, book.total);
  }
  for (const [key, json] of store.scan('shard', [])) {
    const [asset = '', account = ''] = splitCompositeKey(key).attributes;
    const book = books.get(compositeKey('book', [asset, account])) ?? NO_BOOK;
    add(key, storedQuantity(json, key) - shareOf(book, shardOfKey(key)));
  }
  for (const [key, json] of store.scan('delta', [])) add(key, storedQuantity(json, key));
  const byKey = <T>([a]: [string, T], [b]: [string, T]) => compareKeys(a, b);
  return Object.fromEntries(
    [...totals]
      .sort(byKey)
      .map(
        ([asset, perAsset]) =>
          [asset, [...perAsset].filter(([, amount]) => amount !== 0n).sort(byKey)] as const,
      )
      .filter(([, nonZero]) => nonZero.length > 0)
      .map(([asset, nonZero]) => [asset, Object.fromEntries(nonZero)]),
  );
}

/** A store that visits a range without building it (the embedded world state does). */
interface RangeVisits {
  forEachInRange(
    objectType: string,
    attributes: string[],
    visit: (key: string, value: string) => void,
  ): void;
}

function forEachRecord(
  store: StateStore,
  objectType: string,
  visit: (key: string, json: string) => void,
): void {
  const visits = store as Partial<RangeVisits>;
  if (typeof visits.forEachInRange === 'function') visits.forEachInRange(objectType, [], visit);
  else for (const [key, json] of store.scan(objectType, [])) visit(key, json);
}

/**
 * Holds by id: all of them, or only the open ones (what conservation counts), which a long run's
 * audit reads without decoding the millions it resolved. Canonical JSON writes an open hold's
 * status as exactly this text; anything else containing it is decoded and filtered.
 */
function holdRecords(store: StateStore, which: 'all' | 'open'): LedgerSnapshot['holds'] {
  const holds: Array<[string, HoldRecord]> = [];
  forEachRecord(store, 'hold', (key, json) => {
    if (which === 'open' && !json.includes('"status":"open"')) return;
    const hold = storedHold(json, key);
    if (which === 'all' || hold.status === 'open') holds.push([hold.id, hold]);
  });
  return Object.fromEntries(holds);
}

/** The whole ledger; `holds: 'open'` leaves out resolved holds. */
export function snapshot(store: StateStore, holds: 'all' | 'open' = 'all'): LedgerSnapshot {
  const assets = records(store, 'asset', storedAsset);
  const supplies = assets.map(([id]) => [id, readSupply(store, id)] as const);
  return {
    kind: loadKind(store) ?? null,
    assets: Object.fromEntries(assets),
    accounts: store.scan('account', []).map(([key]) => splitCompositeKey(key).attributes[0] ?? ''),
    balances: balances(store),
    supplies: Object.fromEntries(supplies),
    holds: holdRecords(store, holds),
    pools: Object.fromEntries(records(store, 'pool', storedPool)),
    quotes: Object.fromEntries(records(store, 'quote', storedQuote)),
  };
}
