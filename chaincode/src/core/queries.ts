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

export async function evaluateQuery<Q extends LedgerQuery>(
  store: StateStore,
  query: Q,
): Promise<Result<QueryResult<Q>>> {
  const parsed = parseQuery(query);
  if (!parsed.ok) return parsed;
  return (await runQuery(store, parsed.value)) as Result<QueryResult<Q>>;
}

async function runQuery(
  store: StateStore,
  query: LedgerQuery,
): Promise<Result<QueryResult<LedgerQuery>>> {
  switch (query.type) {
    case 'balance': {
      const asset = await requireAsset(store, query.asset, 'asset');
      if (!asset.ok) return asset;
      const account = await requireAccount(store, query.account, 'account');
      if (!account.ok) return account;
      return ok(await readBalance(store, query.asset, query.account));
    }
    case 'supply': {
      const asset = await requireAsset(store, query.asset, 'asset');
      return asset.ok ? ok(await readSupply(store, query.asset)) : asset;
    }
    case 'asset':
      return requireAsset(store, query.asset, 'asset');
    case 'hold':
      return requireHold(store, query.hold, 'hold');
    case 'pool':
      return requirePool(store, query.pool, 'pool');
    case 'quote': {
      // Inactive quotes are still readable: a withdrawn quote is history, not an error.
      const quote = await loadQuote(store, query.quote);
      return quote
        ? ok(quote)
        : fail('UnknownQuote', `quote: unknown quote ${JSON.stringify(query.quote)}`);
    }
    case 'op':
      return requireOpStatus(store, query.id);
    case 'snapshot':
      return ok(await snapshot(store, query.holds));
  }
}

async function records<T>(
  store: StateStore,
  objectType: string,
  decode: (json: string, key: string) => T,
): Promise<Array<[string, T]>> {
  const entries = await store.scan(objectType, []);
  return entries.map(([key, json]) => [
    splitCompositeKey(key).attributes[0] ?? '',
    decode(json, key),
  ]);
}

/** Balances by asset then account, books, shards and deltas summed, zero balances omitted. */
async function balances(store: StateStore): Promise<LedgerSnapshot['balances']> {
  const totals = new Map<string, Map<string, bigint>>();
  const books = new Map<string, Book>();
  const add = (key: string, amount: bigint) => {
    const [asset = '', account = ''] = splitCompositeKey(key).attributes;
    const perAsset = totals.get(asset) ?? new Map<string, bigint>();
    perAsset.set(account, (perAsset.get(account) ?? 0n) + amount);
    totals.set(asset, perAsset);
  };
  for (const [key, json] of await store.scan('book', [])) {
    const book = storedBook(json, key);
    books.set(key, book);
    add(key, book.total);
  }
  for (const [key, json] of await store.scan('shard', [])) {
    const [asset = '', account = ''] = splitCompositeKey(key).attributes;
    const book = books.get(compositeKey('book', [asset, account])) ?? NO_BOOK;
    add(key, storedQuantity(json, key) - shareOf(book, shardOfKey(key)));
  }
  for (const [key, json] of await store.scan('delta', [])) add(key, storedQuantity(json, key));
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

async function forEachRecord(
  store: StateStore,
  objectType: string,
  visit: (key: string, json: string) => void,
): Promise<void> {
  const visits = store as Partial<RangeVisits>;
  if (typeof visits.forEachInRange === 'function') visits.forEachInRange(objectType, [], visit);
  else for (const [key, json] of await store.scan(objectType, [])) visit(key, json);
}

/**
 * Holds by id: all of them, or only the open ones (what conservation counts), which a long run's
 * audit reads without decoding the millions it resolved. Canonical JSON writes an open hold's
 * status as exactly this text; anything else containing it is decoded and filtered.
 */
async function holdRecords(
  store: StateStore,
  which: 'all' | 'open',
): Promise<LedgerSnapshot['holds']> {
  const holds: Array<[string, HoldRecord]> = [];
  await forEachRecord(store, 'hold', (key, json) => {
    if (which === 'open' && !json.includes('"status":"open"')) return;
    const hold = storedHold(json, key);
    if (which === 'all' || hold.status === 'open') holds.push([hold.id, hold]);
  });
  return Object.fromEntries(holds);
}

/** The whole ledger; `holds: 'open'` leaves out resolved holds. */
export async function snapshot(
  store: StateStore,
  holds: 'all' | 'open' = 'all',
): Promise<LedgerSnapshot> {
  const assets = await records(store, 'asset', storedAsset);
  const supplies = await Promise.all(
    assets.map(async ([id]) => [id, await readSupply(store, id)] as const),
  );
  return {
    kind: (await loadKind(store)) ?? null,
    assets: Object.fromEntries(assets),
    accounts: (await store.scan('account', [])).map(
      ([key]) => splitCompositeKey(key).attributes[0] ?? '',
    ),
    balances: await balances(store),
    supplies: Object.fromEntries(supplies),
    holds: await holdRecords(store, holds),
    pools: Object.fromEntries(await records(store, 'pool', storedPool)),
    quotes: Object.fromEntries(await records(store, 'quote', storedQuote)),
  };
}
