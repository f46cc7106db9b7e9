// A namespace in a shared ledger. On Fabric every property case shares one long-lived channel;
// each case runs in a namespace of its own, so it still starts from a fresh fixed world and the
// property code keeps its constants. This LedgerClient decorator prefixes every identifier an
// operation or query names (op ids, assets, holds, pools, quotes and the name part of accounts:
// `bankA/main` becomes `bankA/<prefix>main`) on the way in, and on the way out keeps only the
// namespace's records, un-prefixed, and strips the prefix from error messages. Orgs are real
// identities and are never renamed.
//
// The shared ledger is initialised once, before any namespace. A namespace's first init
// behaves as a fresh ledger's: it passes the ledger's own checks (membership, arguments, op id)
// and then, where the ledger answers AlreadyInitialized, is recorded by opening the marker
// account `<org>/<prefix>` under the init's op id, so that replaying it is the ledger's own
// DuplicateId. Later inits get the ledger's AlreadyInitialized. A namespace models a ledger
// from its init on: submitting anything else before it is a bug in the caller.
import { accountId, type Decoder, identifier } from '../../chaincode/src/core/decode';
import type {
  HoldRecord,
  LedgerFailure,
  LedgerKind,
  LedgerOp,
  LedgerQuery,
  LedgerSnapshot,
  OrgId,
  PoolRecord,
  QueryResult,
  Result,
} from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';

export interface NamespaceOptions {
  /** The shared ledger (channel) the namespace lives in. */
  ledger: string;
  /** The name the namespace's users call that ledger by. */
  alias: string;
  /** Prepended to every identifier; unique per namespace. */
  prefix: string;
  /** The kind the shared ledger was initialised with: the only kind a namespace can have. */
  kind: LedgerKind;
}

/** Fields holding an identifier of something a case creates or names. */
const ID_FIELDS = new Set([
  'id',
  'asset',
  'assetIn',
  'assetOut',
  'assetA',
  'assetB',
  'hold',
  'pool',
  'quote',
]);
const ACCOUNT_FIELDS = new Set(['from', 'to', 'account', 'dealer']);
/** Plain characters only, so the prefix is valid in every id and easy to find in a message. */
const PREFIX = /^[A-Za-z0-9._~-]+$/;

interface Renaming {
  id(value: string): string;
  account(value: string): string;
}

/** A copy of an operation, query or record with every id and account field renamed. */
function renameFields(value: unknown, renaming: Renaming, field?: string): unknown {
  if (typeof value === 'string' && field !== undefined) {
    if (ID_FIELDS.has(field)) return renaming.id(value);
    if (ACCOUNT_FIELDS.has(field)) return renaming.account(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((element) => renameFields(element, renaming));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, element]) => [key, renameFields(element, renaming, key)]),
    );
  }
  return value;
}

function splitAccount(account: string): [OrgId, string] {
  const slash = account.indexOf('/');
  return [account.slice(0, slash), account.slice(slash + 1)];
}

export function namespaced(inner: LedgerClient, options: NamespaceOptions): LedgerClient {
  const { prefix, alias } = options;
  if (!PREFIX.test(prefix))
    throw new RangeError(`namespace prefix ${JSON.stringify(prefix)}: letters, digits, ._~- only`);
  let initialised = false;

  /** Only valid ids are renamed: an invalid one stays invalid, rejected as on a fresh ledger. */
  const named = (value: string, rename: (value: string) => string, valid: Decoder<string>) => {
    if (!valid(value, '').ok) return value;
    const renamed = rename(value);
    if (!valid(renamed, '').ok) {
      throw new Error(
        `namespace ${prefix}: ${JSON.stringify(value)} is valid but not once prefixed (too long?)`,
      );
    }
    return renamed;
  };
  const into: Renaming = {
    id: (value) => named(value, (id) => prefix + id, identifier),
    account: (value) =>
      named(
        value,
        (account) => {
          const [org, name] = splitAccount(account);
          return `${org}/${prefix}${name}`;
        },
        accountId,
      ),
  };
  const strip = (name: string) => (name.startsWith(prefix) ? name.slice(prefix.length) : name);
  // Whatever does not carry the prefix is left as it is: a foreign id that leaked in shows.
  const out: Renaming = {
    id: strip,
    account: (value) => {
      if (!value.includes('/')) return value;
      const [org, name] = splitAccount(value);
      return `${org}/${strip(name)}`;
    },
  };
  const ownsId = (id: string) => id.startsWith(prefix);
  /** Excludes the init marker `<org>/<prefix>`, whose name is the bare prefix. */
  const ownsAccount = (account: string) => {
    if (!account.includes('/')) return false;
    const [, name] = splitAccount(account);
    return name.startsWith(prefix) && name.length > prefix.length;
  };

  const outRecord = <T>(record: T): T => renameFields(record, out) as T;
  const renameKeys = <T>(
    entries: Record<string, T>,
    keep: (key: string) => boolean,
    rename: (key: string) => string,
    value: (entry: T) => T = (entry) => entry,
  ): Record<string, T> =>
    Object.fromEntries(
      Object.entries(entries)
        .filter(([key]) => keep(key))
        .map(([key, entry]) => [rename(key), value(entry)]),
    );
  const outHold = (hold: HoldRecord): HoldRecord => ({
    ...outRecord(hold),
    reserved: renameKeys(hold.reserved, () => true, out.id),
  });
  const outPool = (pool: PoolRecord): PoolRecord => ({
    ...outRecord(pool),
    shares: renameKeys(pool.shares, () => true, out.account),
  });
  const view = (snapshot: LedgerSnapshot): LedgerSnapshot => ({
    kind: initialised ? snapshot.kind : null,
    assets: renameKeys(snapshot.assets, ownsId, out.id, outRecord),
    accounts: snapshot.accounts.filter(ownsAccount).map(out.account),
    balances: renameKeys(snapshot.balances, ownsId, out.id, (perAccount) =>
      renameKeys(perAccount, ownsAccount, out.account),
    ),
    supplies: renameKeys(snapshot.supplies, ownsId, out.id),
    holds: renameKeys(snapshot.holds, ownsId, out.id, outHold),
    pools: renameKeys(snapshot.pools, ownsId, out.id, outPool),
    quotes: renameKeys(snapshot.quotes, ownsId, out.id, outRecord),
  });
  const outResult = (query: LedgerQuery, value: unknown): unknown => {
    switch (query.type) {
      case 'balance':
      case 'supply':
        return value;
      case 'asset':
      case 'quote':
      case 'op':
        return outRecord(value);
      case 'hold':
        return outHold(value as HoldRecord);
      case 'pool':
        return outPool(value as PoolRecord);
      case 'snapshot':
        return view(value as LedgerSnapshot);
    }
  };
  const outFailure = <T>(result: Result<T>): Result<T> => {
    if (result.ok) return result;
    const error: LedgerFailure = {
      code: result.error.code,
      message: result.error.message.split(prefix).join(''),
    };
    return { ok: false, error };
  };
  const target = (ledger: string) => (ledger === alias ? options.ledger : ledger);

  async function init(ledger: string, org: OrgId, op: Extract<LedgerOp, { type: 'init' }>) {
    const result = await inner.submit(ledger, org, op);
    // Succeeds only on a shared ledger nobody had initialised: this init was its first.
    if (result.ok) initialised = true;
    if (result.ok || result.error.code !== 'AlreadyInitialized' || initialised) return result;
    if (op.kind !== options.kind) {
      throw new Error(
        `namespace ${prefix}: cannot be a ${op.kind} ledger inside ${options.ledger}, a ${options.kind} ledger`,
      );
    }
    const marker = await inner.submit(ledger, org, {
      type: 'openAccount',
      id: op.id,
      account: `${org}/${prefix}`,
    });
    if (!marker.ok) {
      throw new Error(
        `namespace ${prefix}: recording its init failed: ${marker.error.code} ${marker.error.message}`,
      );
    }
    initialised = true;
    return marker;
  }

  return {
    backend: inner.backend,
    ledgers: [alias],

    async submit(ledger, org, op) {
      const renamed = renameFields(op, into) as LedgerOp;
      if (renamed.type === 'init') return outFailure(await init(target(ledger), org, renamed));
      if (!initialised)
        throw new Error(`namespace ${prefix}: ${String(op.type)} ${op.id} before its init`);
      return outFailure(await inner.submit(target(ledger), org, renamed));
    },

    async evaluate<Q extends LedgerQuery>(
      ledger: string,
      org: OrgId,
      query: Q,
    ): Promise<Result<QueryResult<Q>>> {
      const result = outFailure(
        await inner.evaluate(target(ledger), org, renameFields(query, into) as Q),
      );
      if (!result.ok) return result;
      return { ok: true, value: outResult(query, result.value) as QueryResult<Q> };
    },

    nowMs: () => inner.nowMs(),
    /** The shared client outlives its namespaces: its owner closes it. */
    close: async () => undefined,
  };
}
