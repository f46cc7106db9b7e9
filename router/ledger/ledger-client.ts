// The one seam between Corridor and a ledger backend. The embedded backend runs the chaincode
// core in-process; a Fabric backend would submit the same operations through a gateway.
// Routing, settlement and simulation see only this interface.
import type {
  LedgerOp,
  LedgerQuery,
  OpResult,
  OrgId,
  QueryResult,
  Result,
} from '../../chaincode/src/core/types';

export type BackendName = 'embedded' | 'fabric';

export interface Receipt {
  txId: string;
  /** Commit time on the backend's clock (virtual on embedded, wall clock on Fabric). */
  committedAtMs: number;
  result: OpResult;
}

export interface LedgerClient {
  readonly backend: BackendName;
  /** Ledger names this client reaches (one Fabric channel each). */
  readonly ledgers: readonly string[];
  /** Submits one operation as one transaction signed by `org`. Expected failures are values. */
  submit(ledger: string, org: OrgId, op: LedgerOp): Promise<Result<Receipt>>;
  /** Reads without changing state. */
  evaluate<Q extends LedgerQuery>(
    ledger: string,
    org: OrgId,
    query: Q,
  ): Promise<Result<QueryResult<Q>>>;
  /** The backend's current time in ms (the clock the ledgers stamp transactions with). */
  nowMs(): number;
  close(): Promise<void>;
}

/** What a decorator changes: its own submit and/or evaluate around the inner client's. */
export type ClientOverrides = Partial<Pick<LedgerClient, 'submit' | 'evaluate'>>;

/**
 * A client that behaves like `inner` except where `overrides` says (latency, faults, a crashed
 * router, a namespace): everything else passes straight through.
 */
export function decorateClient(inner: LedgerClient, overrides: ClientOverrides): LedgerClient {
  return {
    backend: inner.backend,
    ledgers: inner.ledgers,
    submit: overrides.submit ?? ((ledger, org, op) => inner.submit(ledger, org, op)),
    evaluate: overrides.evaluate ?? ((ledger, org, query) => inner.evaluate(ledger, org, query)),
    nowMs: () => inner.nowMs(),
    close: () => inner.close(),
  };
}
