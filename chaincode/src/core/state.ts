// Typed access to the world-state records, and the transaction in which an operation runs.
// Key layout (composite keys, see keys.ts):
//   config  kind                   the ledger kind, set once by init
//   asset   <asset>                Asset
//   account <account>              {id}; written once, so reading it never conflicts on Fabric
//   opid    <op id>                {amountsOut, txId, type}: the id is used (idempotency), and
//                                  how it was committed (the op-status query reads it back)
//   hold    <hold>                 HoldRecord
//   pool    <pool>                 PoolRecord
//   quote   <quote>                QuoteRecord
//   book / shard / delta / folded  money, see balances.ts
//   supply                         supply deltas, see supply.ts
import { canonicalJson } from './canonical-json';
import { compositeKey } from './keys';
import { fail, ok } from './result';
import type { StateStore } from './store';
import {
  storedAsset,
  storedHold,
  storedKind,
  storedOpStatus,
  storedPool,
  storedQuote,
} from './stored';
import type {
  AccountId,
  Asset,
  HoldRecord,
  LedgerKind,
  LedgerOpType,
  OpStatus,
  OrgId,
  PoolRecord,
  QuoteRecord,
  Result,
  TxContext,
} from './types';

/** One operation's view of the ledger: the overlay store plus who is calling and when. */
export class Tx {
  private deltaSequence = 0;

  constructor(
    readonly store: StateStore,
    readonly ctx: TxContext,
  ) {}

  /** Distinguishes several credit deltas written by the same transaction. */
  nextDeltaSequence(): string {
    this.deltaSequence += 1;
    return String(this.deltaSequence);
  }
}

function load<T>(
  store: StateStore,
  decode: (json: string, key: string) => T,
  key: string,
): T | undefined {
  const json = store.get(key);
  return json === undefined ? undefined : decode(json, key);
}

function save(store: StateStore, key: string, value: unknown): void {
  store.put(key, canonicalJson(value));
}

const kindKey = compositeKey('config', ['kind']);

export function loadKind(store: StateStore): LedgerKind | undefined {
  return load(store, storedKind, kindKey);
}

export function saveKind(store: StateStore, kind: LedgerKind): void {
  save(store, kindKey, { kind });
}

export const assetKey = (asset: string) => compositeKey('asset', [asset]);
export const loadAsset = (store: StateStore, asset: string) =>
  load(store, storedAsset, assetKey(asset));
export const saveAsset = (store: StateStore, asset: Asset) =>
  save(store, assetKey(asset.id), asset);

export const accountKey = (account: AccountId) => compositeKey('account', [account]);
export const accountExists = (store: StateStore, account: AccountId) =>
  store.get(accountKey(account)) !== undefined;
export const saveAccount = (store: StateStore, account: AccountId) =>
  save(store, accountKey(account), { id: account });

const opIdKey = (id: string) => compositeKey('opid', [id]);
export const opIdUsed = (store: StateStore, id: string) => store.get(opIdKey(id)) !== undefined;

/**
 * Written with the operation's effects, in the same transaction: a client that lost the reply
 * reads it back to learn the outcome (and the result) instead of guessing. One string per
 * operation (the tx id differs); every endorser writes identical bytes, since the tx id and
 * result are the same on every endorser.
 */
export const saveOpId = (
  store: StateStore,
  id: string,
  type: LedgerOpType,
  txId: string,
  amountsOut: readonly bigint[],
) => save(store, opIdKey(id), { amountsOut, txId, type });

export function requireOpStatus(store: StateStore, id: string): Result<OpStatus> {
  const key = opIdKey(id);
  const json = store.get(key);
  return json === undefined
    ? fail('UnknownOp', `id: no operation ${JSON.stringify(id)} has been committed on this ledger`)
    : ok(storedOpStatus(json, key, id));
}

export const holdKey = (hold: string) => compositeKey('hold', [hold]);
export const loadHold = (store: StateStore, hold: string) => load(store, storedHold, holdKey(hold));
export const saveHold = (store: StateStore, hold: HoldRecord) =>
  save(store, holdKey(hold.id), hold);

export const poolKey = (pool: string) => compositeKey('pool', [pool]);
export const loadPool = (store: StateStore, pool: string) => load(store, storedPool, poolKey(pool));
export const savePool = (store: StateStore, pool: PoolRecord) =>
  save(store, poolKey(pool.id), pool);

export const quoteKey = (quote: string) => compositeKey('quote', [quote]);
export const loadQuote = (store: StateStore, quote: string) =>
  load(store, storedQuote, quoteKey(quote));
export const saveQuote = (store: StateStore, quote: QuoteRecord) =>
  save(store, quoteKey(quote.id), quote);

/** The org that owns `org/name`. */
export function ownerOf(account: AccountId): OrgId {
  return account.slice(0, account.indexOf('/'));
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the operations; `field` names the input field in the error message.

export function requireAsset(store: StateStore, asset: string, field: string): Result<Asset> {
  const record = loadAsset(store, asset);
  return record
    ? ok(record)
    : fail('UnknownAsset', `${field}: unknown asset ${JSON.stringify(asset)}`);
}

export function requireAccount(
  store: StateStore,
  account: AccountId,
  field: string,
): Result<AccountId> {
  return accountExists(store, account)
    ? ok(account)
    : fail(
        'UnknownAccount',
        `${field}: account ${JSON.stringify(account)} is not open on this ledger`,
      );
}

export function requireOwner(ctx: TxContext, account: AccountId, field: string): Result<AccountId> {
  return ownerOf(account) === ctx.invokerOrg
    ? ok(account)
    : fail('NotOwner', `${field}: ${ctx.invokerOrg} may not debit ${JSON.stringify(account)}`);
}

export function requireIssuer(ctx: TxContext, asset: Asset, field: string): Result<Asset> {
  return asset.issuer === ctx.invokerOrg
    ? ok(asset)
    : fail(
        'NotIssuer',
        `${field}: only ${asset.issuer} may issue or burn ${asset.id}, not ${ctx.invokerOrg}`,
      );
}

export function requirePool(store: StateStore, pool: string, field: string): Result<PoolRecord> {
  const record = loadPool(store, pool);
  return record
    ? ok(record)
    : fail('UnknownPool', `${field}: unknown pool ${JSON.stringify(pool)}`);
}

export function requireActiveQuote(
  store: StateStore,
  quote: string,
  field: string,
): Result<QuoteRecord> {
  const record = loadQuote(store, quote);
  return record?.active
    ? ok(record)
    : fail('UnknownQuote', `${field}: no active quote ${JSON.stringify(quote)}`);
}

export function requireHold(store: StateStore, hold: string, field: string): Result<HoldRecord> {
  const record = loadHold(store, hold);
  return record
    ? ok(record)
    : fail('UnknownHold', `${field}: unknown hold ${JSON.stringify(hold)}`);
}
