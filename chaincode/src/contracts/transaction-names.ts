// The contract's transaction function for each operation type: one table shared by the contract
// and any client, so a new operation type that lacks a function fails to compile.
import type { LedgerOpType, LedgerQuery } from '../core/types';

export const OP_TRANSACTIONS = {
  init: 'Init',
  createAsset: 'CreateAsset',
  openAccount: 'OpenAccount',
  transfer: 'Transfer',
  issue: 'Issue',
  burn: 'Burn',
  swap: 'Swap',
  fxSwap: 'FxSwap',
  batch: 'Batch',
  // `Hold` is the query that reads a hold record; placing one is `PlaceHold`.
  hold: 'PlaceHold',
  claim: 'Claim',
  refund: 'Refund',
  commit: 'Commit',
  abort: 'Abort',
  createPool: 'CreatePool',
  addLiquidity: 'AddLiquidity',
  removeLiquidity: 'RemoveLiquidity',
  postQuote: 'PostQuote',
  refreshQuote: 'RefreshQuote',
  withdrawQuote: 'WithdrawQuote',
  compact: 'Compact',
} as const satisfies Record<LedgerOpType, string>;

export const QUERY_TRANSACTIONS = {
  balance: 'Balance',
  supply: 'Supply',
  asset: 'Asset',
  hold: 'Hold',
  pool: 'Pool',
  quote: 'Quote',
  op: 'Op',
  snapshot: 'Snapshot',
} as const satisfies Record<LedgerQuery['type'], string>;
