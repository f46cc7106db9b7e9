// Constant-product AMM pools: creation and liquidity. Swaps are legs (legs.ts). Rounding favours
// the pool: shares minted are floored, amounts taken are ceiled, payouts are floored.
// Deposits and withdrawals are proportional to the ACTUAL reserves, not to the effective ones
// swaps price on (reserve + pending, see legs.ts): a pending input is not the pool's yet, since
// its hold may still be refunded, so it can neither be paid out to a withdrawing LP nor be
// bought into by a depositor. It becomes reserve, shared by whoever holds shares then, on claim.
import { debit, credit } from './balances';
import { ceilDiv, isqrt } from './pricing';
import { fail, ok, own } from './result';
import {
  loadPool,
  requireAccount,
  requireAsset,
  requireOwner,
  requirePool,
  savePool,
  type Tx,
} from './state';
import type { AccountId, LedgerOp, OpResult, PoolRecord, Result } from './types';

type CreatePoolOp = Extract<LedgerOp, { type: 'createPool' }>;
type AddLiquidityOp = Extract<LedgerOp, { type: 'addLiquidity' }>;
type RemoveLiquidityOp = Extract<LedgerOp, { type: 'removeLiquidity' }>;

const NO_OUTPUTS: OpResult = { amountsOut: [] };

function withShares(pool: PoolRecord, account: AccountId, change: bigint): PoolRecord {
  const shares = new Map(Object.entries(pool.shares));
  const held = (shares.get(account) ?? 0n) + change;
  if (held === 0n) shares.delete(account);
  else shares.set(account, held);
  return { ...pool, totalShares: pool.totalShares + change, shares: Object.fromEntries(shares) };
}

function checkDepositor(tx: Tx, account: AccountId, field: string): Result<AccountId> {
  const opened = requireAccount(tx.store, account, field);
  return opened.ok ? requireOwner(tx.ctx, account, field) : opened;
}

/** Takes both deposit amounts from `from`, or fails without effect on the overlay's outcome. */
function takeDeposit(tx: Tx, pool: PoolRecord, from: AccountId, amountA: bigint, amountB: bigint) {
  const paidA = debit(tx, pool.assetA, from, amountA, 'amountA');
  if (!paidA.ok) return paidA;
  return debit(tx, pool.assetB, from, amountB, 'amountB');
}

export function createPool(tx: Tx, op: CreatePoolOp): Result<OpResult> {
  if (loadPool(tx.store, op.pool))
    return fail('PoolExists', `pool: ${JSON.stringify(op.pool)} already exists`);
  if (op.assetA === op.assetB) return fail('InvalidArgument', 'assetB: must differ from assetA');
  for (const [field, asset] of [
    ['assetA', op.assetA],
    ['assetB', op.assetB],
  ] as const) {
    const known = requireAsset(tx.store, asset, field);
    if (!known.ok) return known;
  }
  const depositor = checkDepositor(tx, op.from, 'from');
  if (!depositor.ok) return depositor;
  const empty: PoolRecord = {
    id: op.pool,
    assetA: op.assetA,
    assetB: op.assetB,
    reserveA: 0n,
    reserveB: 0n,
    pendingA: 0n,
    pendingB: 0n,
    feeBps: op.feeBps,
    totalShares: 0n,
    shares: {},
  };
  return seed(tx, empty, op.from, op.amountA, op.amountB);
}

/** First deposit into an empty pool: takes both amounts, mints isqrt(a·b) shares. */
function seed(tx: Tx, pool: PoolRecord, from: AccountId, amountA: bigint, amountB: bigint) {
  const taken = takeDeposit(tx, pool, from, amountA, amountB);
  if (!taken.ok) return taken;
  const seeded = { ...pool, reserveA: pool.reserveA + amountA, reserveB: pool.reserveB + amountB };
  savePool(tx.store, withShares(seeded, from, isqrt(amountA * amountB)));
  return ok(NO_OUTPUTS);
}

export function addLiquidity(tx: Tx, op: AddLiquidityOp): Result<OpResult> {
  const found = requirePool(tx.store, op.pool, 'pool');
  if (!found.ok) return found;
  const pool = found.value;
  const depositor = checkDepositor(tx, op.from, 'from');
  if (!depositor.ok) return depositor;
  // A pool whose every share was withdrawn starts over as if new.
  if (pool.totalShares === 0n) return seed(tx, pool, op.from, op.amountA, op.amountB);
  const sharesA = (op.amountA * pool.totalShares) / pool.reserveA;
  const sharesB = (op.amountB * pool.totalShares) / pool.reserveB;
  const shares = sharesA < sharesB ? sharesA : sharesB;
  if (shares === 0n) return fail('InvalidAmount', 'amountA: too small to mint a single pool share');
  const takeA = ceilDiv(shares * pool.reserveA, pool.totalShares);
  const takeB = ceilDiv(shares * pool.reserveB, pool.totalShares);
  const taken = takeDeposit(tx, pool, op.from, takeA, takeB);
  if (!taken.ok) return taken;
  const grown = { ...pool, reserveA: pool.reserveA + takeA, reserveB: pool.reserveB + takeB };
  savePool(tx.store, withShares(grown, op.from, shares));
  return ok(NO_OUTPUTS);
}

export function removeLiquidity(tx: Tx, op: RemoveLiquidityOp): Result<OpResult> {
  const found = requirePool(tx.store, op.pool, 'pool');
  if (!found.ok) return found;
  const pool = found.value;
  const holder = checkDepositor(tx, op.to, 'to');
  if (!holder.ok) return holder;
  const held = own(pool.shares, op.to) ?? 0n;
  if (held < op.shares)
    return fail(
      'InsufficientFunds',
      `shares: ${op.to} holds ${held} shares of ${op.pool}, needs ${op.shares}`,
    );
  const payA = (op.shares * pool.reserveA) / pool.totalShares;
  const payB = (op.shares * pool.reserveB) / pool.totalShares;
  credit(tx, pool.assetA, op.to, payA);
  credit(tx, pool.assetB, op.to, payB);
  const shrunk = { ...pool, reserveA: pool.reserveA - payA, reserveB: pool.reserveB - payB };
  savePool(tx.store, withShares(shrunk, op.to, -op.shares));
  return ok(NO_OUTPUTS);
}
