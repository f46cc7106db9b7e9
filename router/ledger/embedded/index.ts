export {
  type BlockStats,
  type BlockTimer,
  createEmbeddedLedgerClient,
  type EmbeddedLedgerClient,
  type EmbeddedLedgerOptions,
  type OrderedLedgerClient,
  type OrderingOptions,
} from './embedded-ledger-client';
export { CONFLICT_REASONS, type ConflictReason } from './recent-writes';
export { WorldState } from './world-state';
