export {
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
  type EmbeddedLedgerOptions,
} from './embedded-ledger-client';
export { WorldState } from './world-state';
