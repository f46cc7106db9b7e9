// The Fabric backend. The only place in router/ that imports @hyperledger/fabric-gateway is
// fabric-ledger-client.ts behind this index.
// TEMPORARY: replaced by the real client (helper F); signature is the contract.
import type { LedgerClient } from '../ledger-client';
import type { FabricConnectionProfile } from './connection-profile';

export * from './connection-profile';

export interface FabricLedgerClient extends LedgerClient {
  readonly backend: 'fabric';
}

export interface FabricClientOptions {
  /** Deadline for one endorse/submit/evaluate call, ms. */
  callTimeoutMs?: number;
  /** How long to wait for a submitted transaction's commit status, ms. */
  commitTimeoutMs?: number;
}

export async function createFabricLedgerClient(
  _profile: FabricConnectionProfile,
  _options: FabricClientOptions = {},
): Promise<FabricLedgerClient> {
  throw new Error('Fabric LedgerClient: not built yet');
}
