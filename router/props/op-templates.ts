// One valid operation of every type over the fixed world, for suites that corrupt or re-encode
// operations. Valid in shape; whether each would succeed depends on the state it meets.
import type { LedgerOp } from '../../chaincode/src/core/types';
import { HASHLOCKS, SECRETS, START_MS } from './world';

const transfer = {
  type: 'transfer' as const,
  asset: 'USD',
  from: 'bankA/main',
  to: 'bankB/main',
  amount: 100n,
};
const swap = {
  type: 'swap' as const,
  pool: 'p0',
  from: 'bankA/main',
  to: 'bankB/main',
  assetIn: 'USD',
  amountIn: 50n,
  minOut: 1n,
};
const fxSwap = {
  type: 'fxSwap' as const,
  quote: 'q0',
  from: 'bankA/main',
  to: 'bankA/ops',
  amountIn: 70n,
  minOut: 0n,
};

export const OP_TEMPLATES: LedgerOp[] = [
  { type: 'init', id: 't-init', kind: 'cbdc' },
  {
    type: 'createAsset',
    id: 't-asset',
    asset: { id: 'GBP', ledger: 'cbdc', kind: 'cbdc', currency: 'GBP', issuer: 'cb', scale: 2 },
  },
  { type: 'openAccount', id: 't-open', account: 'bankB/ghost' },
  { id: 't-transfer', ...transfer },
  { type: 'issue', id: 't-issue', asset: 'USD', to: 'bankA/main', amount: 5n },
  { type: 'burn', id: 't-burn', asset: 'USD', from: 'cb/main', amount: 5n },
  { id: 't-swap', ...swap },
  { id: 't-fx', ...fxSwap },
  { type: 'batch', id: 't-batch', legs: [transfer, swap, fxSwap] },
  {
    type: 'hold',
    id: 't-htlc',
    hold: 'h-htlc',
    legs: [transfer, swap],
    lock: { kind: 'htlc', hashlock: HASHLOCKS[0]!, expiresAtMs: START_MS + 60_000 },
  },
  {
    type: 'hold',
    id: 't-escrow',
    hold: 'h-escrow',
    legs: [fxSwap],
    lock: { kind: 'escrow', coordinator: 'bankA', deadlineMs: START_MS + 60_000 },
  },
  { type: 'claim', id: 't-claim', hold: 'h-htlc', secret: SECRETS[0] },
  { type: 'refund', id: 't-refund', hold: 'h-htlc' },
  { type: 'commit', id: 't-commit', hold: 'h-escrow' },
  { type: 'abort', id: 't-abort', hold: 'h-escrow' },
  {
    type: 'createPool',
    id: 't-pool',
    pool: 'p9',
    assetA: 'USD',
    assetB: 'EUR',
    feeBps: 30,
    from: 'bankA/main',
    amountA: 1_000n,
    amountB: 900n,
  },
  {
    type: 'addLiquidity',
    id: 't-add',
    pool: 'p0',
    from: 'bankA/ops',
    amountA: 100n,
    amountB: 100n,
  },
  { type: 'removeLiquidity', id: 't-remove', pool: 'p0', to: 'bankA/ops', shares: 10n },
  {
    type: 'postQuote',
    id: 't-quote',
    quote: 'q9',
    dealer: 'bankB/main',
    assetIn: 'EUR',
    assetOut: 'USD',
    rate: { num: 11n, den: 10n },
    feeBps: 15,
    maxIn: 500n,
  },
  { type: 'withdrawQuote', id: 't-withdraw', quote: 'q0' },
  { type: 'compact', id: 't-compact', asset: 'USD', account: 'bankA/main' },
];
