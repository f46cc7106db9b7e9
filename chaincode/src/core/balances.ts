// Money in world state, laid out so that busy accounts do not serialise the ledger.
//
// On Fabric every key a transaction reads, and every range it scans, is re-checked when its
// block commits (MVCC): a concurrent write to any of them invalidates it. So no key that many
// transactions touch may be read-modify-written by all of them, and no range that others add to
// may be scanned on the common path:
//
//   delta   <asset> <account> <txId> <n>   a credit, written blind (never read by the writer)
//   balance <asset> <account> <k>          shard k of the base balance (absent = 0)
//   book    <asset> <account>              how many shards the base is spread over (absent = 1)
//
// Credits only write a key unique to their transaction, so any number of payers can pay one
// account in one block. A balance is Σ shards + Σ deltas (two partial-key scans; queries only).
// A debit reads the shard count and ONE shard, chosen from the transaction id: when that shard
// covers the amount, that is all it reads, so it conflicts neither with credits (it scans no
// delta range) nor with debits drawing on other shards. A dealer's book, a connector's reserve
// or a hot payee that pays out thus takes concurrent debits up to the birthday bound of its
// shard count. Only when the chosen shard is short does the debit scan everything, fold the
// deltas in and re-spread the rest over shards sized to cover a few debits like this one: that
// rare path conflicts with concurrent credits and debits, as the old every-debit fold did.
// Whether a debit succeeds still depends only on the total (Σ shards + Σ deltas ≥ amount).
//
// Supply (supply.ts) is blind deltas too. Pool reserves live in the pool record and open-hold
// reservations in the hold record; those keys are inherently serial (a swap's price depends on
// the reserves it read).
import { canonicalJson } from './canonical-json';
import { compositeKey } from './keys';
import { fail, ok } from './result';
import type { Tx } from './state';
import type { StateStore } from './store';
import { storedQuantity } from './stored';
import type { AccountId, ErrorCode, Result } from './types';

/** Enough shards that 20 concurrent debits of one account rarely pick the same one. */
const MAX_SHARDS = 1024n;
/** A re-spread sizes each shard to cover this many debits of the amount that triggered it. */
const DEBITS_PER_SHARD = 8n;

const shardKey = (asset: string, account: AccountId, shard: bigint) =>
  compositeKey('balance', [asset, account, String(shard)]);
const bookKey = (asset: string, account: AccountId) => compositeKey('book', [asset, account]);

async function readQuantity(store: StateStore, key: string): Promise<bigint> {
  const json = await store.get(key);
  return json === undefined ? 0n : storedQuantity(json, key);
}

async function writeQuantity(store: StateStore, key: string, value: bigint): Promise<void> {
  if (value < 0n) throw new RangeError(`negative quantity ${value} for ${JSON.stringify(key)}`);
  if (value === 0n) await store.delete(key);
  else await store.put(key, canonicalJson(value));
}

async function sumOf(store: StateStore, objectType: string, attributes: string[]) {
  const entries = await store.scan(objectType, attributes);
  let total = 0n;
  for (const [key, json] of entries) total += storedQuantity(json, key);
  return { total, keys: entries.map(([key]) => key) };
}

async function balanceParts(store: StateStore, asset: string, account: AccountId) {
  const shards = await sumOf(store, 'balance', [asset, account]);
  const deltas = await sumOf(store, 'delta', [asset, account]);
  return { total: shards.total + deltas.total, shardKeys: shards.keys, deltaKeys: deltas.keys };
}

export async function readBalance(
  store: StateStore,
  asset: string,
  account: AccountId,
): Promise<bigint> {
  return (await balanceParts(store, asset, account)).total;
}

/** Blind credit: a fresh delta key, no read of the payee's balance. */
export async function credit(
  tx: Tx,
  asset: string,
  account: AccountId,
  amount: bigint,
): Promise<void> {
  if (amount <= 0n) return;
  const key = compositeKey('delta', [asset, account, tx.ctx.txId, tx.nextDeltaSequence()]);
  await tx.store.put(key, canonicalJson(amount));
}

/** FNV-1a of the transaction id: the same shard on every endorser, spread across shards. */
function shardFor(txId: string, shards: bigint): bigint {
  let hash = 0x811c9dc5;
  for (let i = 0; i < txId.length; i++) hash = Math.imul(hash ^ txId.charCodeAt(i), 0x01000193);
  return BigInt(hash >>> 0) % shards;
}

/** Debits `amount` after a funds check, from one shard when it covers the amount. */
export async function debit(
  tx: Tx,
  asset: string,
  account: AccountId,
  amount: bigint,
  field: string,
  shortfall: ErrorCode = 'InsufficientFunds',
): Promise<Result<void>> {
  if (amount === 0n) return ok(undefined);
  const shards = (await readQuantity(tx.store, bookKey(asset, account))) || 1n;
  const key = shardKey(asset, account, shardFor(tx.ctx.txId, shards));
  const held = await readQuantity(tx.store, key);
  if (held >= amount) {
    await writeQuantity(tx.store, key, held - amount);
    return ok(undefined);
  }
  const parts = await balanceParts(tx.store, asset, account);
  if (parts.total < amount) {
    return fail(shortfall, `${field}: ${account} holds ${parts.total} ${asset}, needs ${amount}`);
  }
  const rest = parts.total - amount;
  const wanted = rest / (amount * DEBITS_PER_SHARD);
  const shardCount = wanted < 1n ? 1n : wanted > MAX_SHARDS ? MAX_SHARDS : wanted;
  await respread(tx, asset, account, parts, rest, shardCount);
  return ok(undefined);
}

/** Rewrites the base as `total` spread evenly over `shards` shards, the deltas folded in. */
async function respread(
  tx: Tx,
  asset: string,
  account: AccountId,
  parts: { shardKeys: string[]; deltaKeys: string[] },
  total: bigint,
  shards: bigint,
): Promise<void> {
  for (const key of [...parts.deltaKeys, ...parts.shardKeys]) await tx.store.delete(key);
  const each = total / shards;
  const extra = total % shards;
  for (let shard = 0n; shard < shards; shard++) {
    await writeQuantity(
      tx.store,
      shardKey(asset, account, shard),
      each + (shard < extra ? 1n : 0n),
    );
  }
  const book = bookKey(asset, account);
  if ((await readQuantity(tx.store, book)) === (shards === 1n ? 0n : shards)) return;
  if (shards === 1n) await tx.store.delete(book);
  else await tx.store.put(book, canonicalJson(shards));
}

/**
 * Folds an account's deltas into one shard (chosen as a debit's would be) without changing the
 * total. It scans the delta range, so it conflicts with concurrent credits: debits no longer
 * need it, it only keeps balance reads short for accounts that are mostly credited.
 */
export async function compactBalance(tx: Tx, asset: string, account: AccountId): Promise<void> {
  const deltas = await sumOf(tx.store, 'delta', [asset, account]);
  if (deltas.keys.length === 0) return;
  for (const key of deltas.keys) await tx.store.delete(key);
  const shards = (await readQuantity(tx.store, bookKey(asset, account))) || 1n;
  const key = shardKey(asset, account, shardFor(tx.ctx.txId, shards));
  await writeQuantity(tx.store, key, (await readQuantity(tx.store, key)) + deltas.total);
}
