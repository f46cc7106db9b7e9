// Money in world state, laid out for hot accounts.
//
// On Fabric every key a transaction reads is checked at commit time (MVCC): if another
// transaction in an earlier block wrote it, this one is invalidated. A single balance key per
// account would make every payment INTO a busy account (a dealer, an issuer's reserve, a
// merchant) read-modify-write that key, so concurrent payers would conflict and throughput on
// the account would collapse to one payment per block. Instead:
//
//   balance <asset> <account>               base balance (absent = 0)
//   delta   <asset> <account> <txId> <n>    a credit, written blind (never read by the writer)
//
// A credit only writes a new delta key unique to its transaction, so any number of payers can
// credit the same account in one block without conflicts. A balance read is base + Σ deltas (a
// partial-key scan). A debit must read the balance anyway to check funds; it then folds the
// deltas into the base (deleting them) and writes the new base, which keeps the delta set small.
// Debits of one account are serialised, which matches who may debit it: only its own org.
// `compact` folds without debiting, for accounts that are only ever credited.
//
//   supply  <asset>                         total issued − burned; written only by the issuer
//
// Pool reserves live in the pool record and open-hold reservations in the hold record; those
// keys are inherently serial (a swap's price depends on the reserves it read).
import { canonicalJson } from './canonical-json';
import { compositeKey } from './keys';
import { fail, ok } from './result';
import type { Tx } from './state';
import type { StateStore } from './store';
import { storedQuantity } from './stored';
import type { AccountId, ErrorCode, Result } from './types';

const balanceKey = (asset: string, account: AccountId) => compositeKey('balance', [asset, account]);
const supplyKey = (asset: string) => compositeKey('supply', [asset]);

async function readQuantity(store: StateStore, key: string): Promise<bigint> {
  const json = await store.get(key);
  return json === undefined ? 0n : storedQuantity(json, key);
}

async function writeQuantity(store: StateStore, key: string, value: bigint): Promise<void> {
  if (value < 0n) throw new RangeError(`negative quantity ${value} for ${JSON.stringify(key)}`);
  if (value === 0n) await store.delete(key);
  else await store.put(key, canonicalJson(value));
}

async function balanceParts(store: StateStore, asset: string, account: AccountId) {
  const base = await readQuantity(store, balanceKey(asset, account));
  const deltas = await store.scan('delta', [asset, account]);
  let total = base;
  for (const [key, json] of deltas) total += storedQuantity(json, key);
  return { total, deltaKeys: deltas.map(([key]) => key) };
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

/** Debits `amount` after a funds check, folding pending deltas into the base balance. */
export async function debit(
  tx: Tx,
  asset: string,
  account: AccountId,
  amount: bigint,
  field: string,
  shortfall: ErrorCode = 'InsufficientFunds',
): Promise<Result<void>> {
  const { total, deltaKeys } = await balanceParts(tx.store, asset, account);
  if (total < amount) {
    return fail(shortfall, `${field}: ${account} holds ${total} ${asset}, needs ${amount}`);
  }
  for (const key of deltaKeys) await tx.store.delete(key);
  await writeQuantity(tx.store, balanceKey(asset, account), total - amount);
  return ok(undefined);
}

/** Folds an account's deltas into its base balance without changing the total. */
export async function compactBalance(tx: Tx, asset: string, account: AccountId): Promise<void> {
  const { total, deltaKeys } = await balanceParts(tx.store, asset, account);
  if (deltaKeys.length === 0) return;
  for (const key of deltaKeys) await tx.store.delete(key);
  await writeQuantity(tx.store, balanceKey(asset, account), total);
}

export async function readSupply(store: StateStore, asset: string): Promise<bigint> {
  return readQuantity(store, supplyKey(asset));
}

export async function addSupply(tx: Tx, asset: string, change: bigint): Promise<void> {
  const supply = await readSupply(tx.store, asset);
  await writeQuantity(tx.store, supplyKey(asset), supply + change);
}
