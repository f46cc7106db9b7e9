// Money in world state, laid out so that busy accounts do not serialise the ledger.
//
// On Fabric every key a transaction reads, and every range it scans, is re-checked when its
// block commits (MVCC): a concurrent write to any of them invalidates it. So no key that many
// transactions touch may be read-modify-written by all of them, and no range that others add to
// may be scanned on the common path:
//
//   delta <asset> <account> <window> <txId> <n>
//                                        a credit, written blind (never read by the writer),
//                                        filed by the 5 s window of its transaction timestamp
//   book  <asset> <account>              {shards, total}: the base balance as last spread,
//                                        `total` split evenly over `shards` shards (absent = 0)
//   shard <asset> <account> <k>          shard k's value once a debit touched it (absent = its
//                                        even share of the book's total)
//
// Credits only write a key unique to their transaction, so any number of payers can pay one
// account in one block. A debit reads the book and ONE shard, chosen from the transaction id:
// when that shard covers the amount, that is all it reads, so it conflicts neither with credits
// (it scans no delta range) nor with debits drawing on other shards. A larger debit reads the
// shards after it in turn, up to MAX_DRAWN_SHARDS, and draws on each until the amount is
// covered. A dealer's book, a connector's reserve or a hot payee that pays out thus takes
// concurrent debits, up to the birthday bound of its shard count. Only when those shards are
// short does the debit scan the account, fold its deltas in and write a new book with shards
// sized for a few debits like this one (the book is one key, so spreading costs one write
// however many shards). That scan reads every touched shard, so on a busy account some debit
// committing meanwhile nearly always invalidates it: drawing on a few shards is what keeps
// larger debits committing. Whether a debit succeeds still depends only on the total:
// book + Σ (touched shard − its share) + Σ deltas.
//
// Folding (that re-spread, and compaction) must not race the credits either: an account credited
// in every block always has some credit committing inside a range it scans, so a fold of the
// whole delta range is invalidated (PHANTOM_READ_CONFLICT) nearly every time, and the keys it
// could not fold make the next attempt dearer. So a fold reads only *closed* windows, those that
// ended FOLD_MARGIN_MS before its own timestamp, each as its own partial-key range (Fabric cannot
// range-scan composite keys between bounds), from where the last fold stopped:
//
//   folded <asset> <account>             the first window no fold has read yet (read by folds only)
//
// A credit still in flight carries a recent timestamp (endorsers refuse more than 3 s of skew), so
// it lands in an open window, outside every range the fold read. Only a debit still short after
// the closed windows reads the whole delta range, as before: correct, but conflict-prone.
// Deltas written before an account's first fold and more than MAX_FOLD_WINDOWS windows earlier,
// or in the older layout without a window, are counted by every balance read but folded only by
// that full read; ledgers are bootstrapped fresh in every run and on every `network up`.
//
// Supply (supply.ts) is blind deltas too. Pool reserves live in the pool record and open-hold
// reservations in the hold record; those keys are inherently serial (a swap's price depends on
// the reserves it read).
import { canonicalJson } from './canonical-json';
import { compositeKey, extendKey } from './keys';
import { fail, ok } from './result';
import type { Tx } from './state';
import { ShardSet } from './shard-set';
import { foldEntries, foldRange, type RangeFolder, type StateStore } from './store';
import { type Book, quantitySum, storedBook, storedQuantity } from './stored';
import type { AccountId, ErrorCode, Result } from './types';

/**
 * A debit is invalidated when a debit committed while it was in flight (~20 of them under 20
 * concurrent clients) drew on one of the same shards: about in-flight × shards drawn / shards,
 * so 2% at 1024 for one shard each. Untouched shards cost nothing (the book is one key), but a
 * book spread for a small debit over too many shards leaves each too small for a larger one:
 * at 1024, MAX_DRAWN_SHARDS shards hold 1/32 of the book.
 */
const MAX_SHARDS = 1024n;
/**
 * A debit larger than its shard draws on the shards after it, up to this many in all, before it
 * re-spreads: a re-spread reads every touched shard of the account, so on a busy account some
 * concurrent debit nearly always invalidates it, while drawing on a few shards rarely meets one.
 */
const MAX_DRAWN_SHARDS = 32n;
/** A new book sizes each shard to cover this many debits of the amount that triggered it. */
const DEBITS_PER_SHARD = 4n;

/** Credits are filed by this window of their timestamp, so a fold can skip the recent ones. */
const WINDOW_MS = 5_000;
/**
 * A fold reads a window only once it closed this long before the fold's timestamp: well above
 * the endorsers' 3 s skew bound plus a block's ordering and commit latency.
 */
export const FOLD_MARGIN_MS = 15_000;
/** A fold reads at most this many windows (5 min), one range each, so its cost stays bounded. */
const MAX_FOLD_WINDOWS = 64;

const windowOf = (timeMs: number) => Math.floor(timeMs / WINDOW_MS);

const bookKey = (asset: string, account: AccountId) => compositeKey('book', [asset, account]);
const foldedKey = (asset: string, account: AccountId) => compositeKey('folded', [asset, account]);
const shardRange = (asset: string, account: AccountId) => compositeKey('shard', [asset, account]);
const shardKey = (asset: string, account: AccountId, shard: bigint) =>
  compositeKey('shard', [asset, account, String(shard)]);

/** Shard k's share of a freshly spread book: the remainder goes to the first shards. */
export function shareOf(book: Book, shard: bigint): bigint {
  return book.total / book.shards + (shard < book.total % book.shards ? 1n : 0n);
}

/** The shard a key names: its last attribute. */
export function shardOfKey(key: string): bigint {
  return BigInt(key.slice(key.lastIndexOf('\u0000', key.length - 2) + 1, -1));
}

/** An account without a book: nothing spread yet. */
export const NO_BOOK: Book = Object.freeze({ shards: 1n, total: 0n });

function loadBook(store: StateStore, asset: string, account: AccountId): Book {
  const key = bookKey(asset, account);
  const json = store.get(key);
  return json === undefined ? NO_BOOK : storedBook(json, key);
}

/** An account's touched shards: what they hold, and which they are. */
interface ShardFold {
  held: bigint;
  shards: ShardSet;
}

/** A shard number as a small integer; the core writes only shards below MAX_SHARDS. */
function shardNumber(key: string): number {
  const shard = shardOfKey(key);
  if (shard >= MAX_SHARDS)
    throw new Error(`corrupt state at ${JSON.stringify(key)}: shard out of range`);
  return Number(shard);
}

const touchedShards: RangeFolder<ShardFold> = {
  objectType: 'shard',
  empty: () => ({ held: 0n, shards: new ShardSet() }),
  add(acc, key, json) {
    acc.held += storedQuantity(json, key);
    acc.shards.add(shardNumber(key));
  },
  remove(acc, key, json) {
    acc.held -= storedQuantity(json, key);
    acc.shards.delete(shardNumber(key));
  },
};

const NO_DELTAS = Object.freeze({ sum: 0n });

const creditDeltas = quantitySum('delta');

/**
 * Book + Σ (touched shard − its share) + Σ deltas, from folds of the shard and delta ranges:
 * shares sum to n·⌊total/shards⌋ plus one for each touched shard below the remainder.
 */
function totalOf(book: Book, touched: ShardFold, deltas: { sum: bigint }): bigint {
  const shares =
    BigInt(touched.shards.size) * (book.total / book.shards) +
    BigInt(touched.shards.countBelow(Number(book.total % book.shards)));
  return book.total + touched.held - shares + deltas.sum;
}

export function readBalance(store: StateStore, asset: string, account: AccountId): bigint {
  const book = loadBook(store, asset, account);
  const touched = foldRange(store, touchedShards, [asset, account]);
  return totalOf(book, touched, foldRange(store, creditDeltas, [asset, account]));
}

/** Blind credit: a fresh delta key, no read of the payee's balance. */
export function credit(tx: Tx, asset: string, account: AccountId, amount: bigint): void {
  if (amount <= 0n) return;
  const window = String(windowOf(tx.ctx.nowMs));
  const key = compositeKey('delta', [asset, account, window, tx.ctx.txId, tx.nextDeltaSequence()]);
  tx.store.put(key, canonicalJson(amount));
}

/**
 * FNV-1a of the transaction id with murmur3's finaliser: the same shard on every endorser, and
 * uniform for any id scheme (Fabric's are random hex, the embedded ledger's are sequential,
 * which plain FNV would map to distinct shards and so hide collisions).
 */
function shardFor(txId: string, shards: bigint): bigint {
  let hash = 0x811c9dc5;
  for (let i = 0; i < txId.length; i++) hash = Math.imul(hash ^ txId.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return BigInt((hash ^ (hash >>> 16)) >>> 0) % shards;
}

/** Shard k of the account: its key and current value. */
function readShard(tx: Tx, book: Book, asset: string, account: AccountId, shard: bigint) {
  const key = shardKey(asset, account, shard);
  const json = tx.store.get(key);
  return { key, held: json === undefined ? shareOf(book, shard) : storedQuantity(json, key) };
}

/** The transaction's shard of the account: its key and current value. */
function ownShard(tx: Tx, asset: string, account: AccountId) {
  const book = loadBook(tx.store, asset, account);
  return readShard(tx, book, asset, account, shardFor(tx.ctx.txId, book.shards));
}

/**
 * The transaction's shard and the ones after it, in turn, until they cover `amount` or
 * MAX_DRAWN_SHARDS were read: what a debit larger than one shard draws on. Each is a point read,
 * so the debit conflicts only with debits of those few shards, not with the whole account.
 */
function drawShards(tx: Tx, book: Book, asset: string, account: AccountId, amount: bigint) {
  const first = shardFor(tx.ctx.txId, book.shards);
  const span = book.shards < MAX_DRAWN_SHARDS ? book.shards : MAX_DRAWN_SHARDS;
  const drawn: Array<{ key: string; held: bigint }> = [];
  let covered = 0n;
  for (let i = 0n; i < span && covered < amount; i++) {
    const shard = readShard(tx, book, asset, account, (first + i) % book.shards);
    drawn.push(shard);
    covered += shard.held;
  }
  return { drawn, covered };
}

/** The deltas of closed windows not folded yet, and where the next fold starts. */
interface ClosedDeltas {
  entries: Array<[string, string]>;
  /** The advanced `folded` frontier, or undefined when no window closed since the last fold. */
  next: bigint | undefined;
}

function closedDeltas(tx: Tx, asset: string, account: AccountId): ClosedDeltas {
  const closedBefore = BigInt(Math.max(0, windowOf(tx.ctx.nowMs - FOLD_MARGIN_MS)));
  const key = foldedKey(asset, account);
  const json = tx.store.get(key);
  const from =
    json !== undefined
      ? storedQuantity(json, key)
      : closedBefore > BigInt(MAX_FOLD_WINDOWS)
        ? closedBefore - BigInt(MAX_FOLD_WINDOWS)
        : 0n;
  const limit = from + BigInt(MAX_FOLD_WINDOWS);
  const next = closedBefore < limit ? closedBefore : limit;
  if (next <= from) return { entries: [], next: undefined };
  const entries: Array<[string, string]> = [];
  for (let window = from; window < next; window++)
    entries.push(...tx.store.scan('delta', [asset, account, String(window)]));
  return { entries, next };
}

/** Deletes the shards and deltas a fold read and records how far it got. */
function retire(
  tx: Tx,
  asset: string,
  account: AccountId,
  read: { shards?: readonly number[]; deltas: ReadonlyArray<readonly [string, string]> },
  next: bigint | undefined,
): void {
  const range = shardRange(asset, account);
  for (const shard of read.shards ?? []) tx.store.delete(extendKey(range, String(shard)));
  for (const [key] of read.deltas) tx.store.delete(key);
  if (next !== undefined) tx.store.put(foldedKey(asset, account), canonicalJson(next));
}

/**
 * The book plus what its touched shards hold beyond their shares, and which shards they are. A
 * book on one shard (every account's first debit) has at most that one touched: it is scanned,
 * so the store keeps no fold for an account that may never run short again (E1's transfers).
 * A wider book folds the range, which reads the same range; the embedded store keeps that fold,
 * so a hot account's hundreds of touched shards are neither sorted nor parsed again.
 */
function spreadOf(
  tx: Tx,
  book: Book,
  asset: string,
  account: AccountId,
): { spread: bigint; shards: number[] } {
  const touched =
    book.shards === 1n
      ? foldEntries(touchedShards, tx.store.scan('shard', [asset, account]))
      : foldRange(tx.store, touchedShards, [asset, account]);
  // Read at once: a kept fold is the store's own, and changes with every commit.
  return { spread: totalOf(book, touched, NO_DELTAS), shards: touched.shards.members() };
}

/** Debits `amount` after a funds check, from one shard when it covers the amount. */
export function debit(
  tx: Tx,
  asset: string,
  account: AccountId,
  amount: bigint,
  field: string,
  shortfall: ErrorCode = 'InsufficientFunds',
): Result<void> {
  if (amount === 0n) return ok(undefined);
  const book = loadBook(tx.store, asset, account);
  const { drawn, covered } = drawShards(tx, book, asset, account, amount);
  if (covered >= amount) {
    let owed = amount;
    for (const { key, held } of drawn) {
      const taken = held < owed ? held : owed;
      // Written even when it reaches 0: an absent shard holds its share of the book.
      if (taken > 0n) tx.store.put(key, canonicalJson(held - taken));
      owed -= taken;
    }
    return ok(undefined);
  }
  // The rare path re-spreads the book, its touched shards and the closed windows' deltas.
  const { spread, shards: touchedShardNumbers } = spreadOf(tx, book, asset, account);
  const closed = closedDeltas(tx, asset, account);
  let deltas = closed.entries;
  let total = spread + foldEntries(creditDeltas, deltas).sum;
  if (total < amount) {
    // Recent credits too, so no debit the balance covers is refused; in-flight credits may
    // invalidate this one.
    deltas = tx.store.scan('delta', [asset, account]);
    total = spread + foldEntries(creditDeltas, deltas).sum;
  }
  if (total < amount) {
    return fail(shortfall, `${field}: ${account} holds ${total} ${asset}, needs ${amount}`);
  }
  retire(tx, asset, account, { shards: touchedShardNumbers, deltas }, closed.next);
  const rest = total - amount;
  const wanted = rest / (amount * DEBITS_PER_SHARD);
  const shards = wanted < 1n ? 1n : wanted > MAX_SHARDS ? MAX_SHARDS : wanted;
  if (rest === 0n) tx.store.delete(bookKey(asset, account));
  else tx.store.put(bookKey(asset, account), canonicalJson({ shards, total: rest }));
  return ok(undefined);
}

/**
 * Folds the closed windows' deltas into the transaction's shard without changing the total, so
 * balance reads stay short for accounts that are mostly credited. It reads no range a credit in
 * flight writes to, so it conflicts only with a debit of the same shard or a re-spread.
 */
export function compactBalance(tx: Tx, asset: string, account: AccountId): void {
  const { entries, next } = closedDeltas(tx, asset, account);
  retire(tx, asset, account, { deltas: entries }, next);
  if (entries.length === 0) return;
  const folded = foldEntries(creditDeltas, entries).sum;
  const { key, held } = ownShard(tx, asset, account);
  tx.store.put(key, canonicalJson(held + folded));
}
