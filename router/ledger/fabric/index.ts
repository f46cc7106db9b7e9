// The Fabric backend. The only place in router/ that imports @hyperledger/fabric-gateway is
// fabric-ledger-client.ts behind this index.
export * from './connection-profile';
export {
  createFabricLedgerClient,
  type FabricClientOptions,
  type FabricLedgerClient,
} from './fabric-ledger-client';
