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
