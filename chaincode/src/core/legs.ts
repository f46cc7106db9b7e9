// Every value-moving leg runs in two halves, so standalone operations, batches and holds share
// one implementation:
//   debit half  - all checks (ids, authority, funds, prices) and every debit; records what it
//                 took out of circulation per asset ("reserved"). It may fail.
//   credit half - pays out what the debit half reserved; it cannot fail.
//   refund half - returns what the debit half reserved to where it came from; cannot fail.
// A standalone leg or a batch runs debit then credit immediately; a hold runs the debit halves
// at placement and the credit (claim/commit) or refund (refund/abort) halves later.
import { credit, debit } from './balances';
import { ammAmountOut, quoteAmountOut } from './pricing';
import { fail, fieldPath, firstFailure, ok } from './result';
import { addSupply } from './supply';
import {
  requireAccount,
  requireActiveQuote,
  requireAsset,
  requireIssuer,
  requireOwner,
  requirePool,
  savePool,
  loadPool,
  loadQuote,
  type Tx,
} from './state';
import type {
  BurnLeg,
  FxSwapLeg,
  IssueLeg,
  LegOp,
  PoolRecord,
  Result,
  SwapLeg,
  TransferLeg,
} from './types';

export interface LegDebit {
  /** Amounts taken out of balances or pool reserves, per asset. */
  reserved: Array<[asset: string, amount: bigint]>;
  /** The output fixed by the debit half (swap and fxSwap legs only). */
  amountOut?: bigint;
}

export function debitLeg(tx: Tx, leg: LegOp, path: string): Result<LegDebit> {
  switch (leg.type) {
    case 'transfer':
      return debitTransfer(tx, leg, path);
    case 'issue':
      return debitIssue(tx, leg, path);
    case 'burn':
      return debitBurn(tx, leg, path);
    case 'swap':
      return debitSwap(tx, leg, path);
    case 'fxSwap':
      return debitFxSwap(tx, leg, path);
  }
}

/** Takes the leg's amount from its payer; what it took is reserved until credit or refund. */
function reserveDebit(tx: Tx, leg: TransferLeg | BurnLeg, path: string): Result<LegDebit> {
  const debited = debit(tx, leg.asset, leg.from, leg.amount, fieldPath(path, 'amount'));
  return debited.ok ? ok({ reserved: [[leg.asset, leg.amount]] }) : debited;
}

function debitTransfer(tx: Tx, leg: TransferLeg, path: string): Result<LegDebit> {
  const failure = firstFailure([
    requireAsset(tx.store, leg.asset, fieldPath(path, 'asset')),
    requireAccount(tx.store, leg.from, fieldPath(path, 'from')),
    requireAccount(tx.store, leg.to, fieldPath(path, 'to')),
    requireOwner(tx.ctx, leg.from, fieldPath(path, 'from')),
  ]);
  return failure ?? reserveDebit(tx, leg, path);
}

function debitIssue(tx: Tx, leg: IssueLeg, path: string): Result<LegDebit> {
  const asset = requireAsset(tx.store, leg.asset, fieldPath(path, 'asset'));
  if (!asset.ok) return asset;
  const failure = firstFailure([
    requireIssuer(tx.ctx, asset.value, fieldPath(path, 'asset')),
    requireAccount(tx.store, leg.to, fieldPath(path, 'to')),
  ]);
  return failure ?? ok({ reserved: [] });
}

function debitBurn(tx: Tx, leg: BurnLeg, path: string): Result<LegDebit> {
  const asset = requireAsset(tx.store, leg.asset, fieldPath(path, 'asset'));
  if (!asset.ok) return asset;
  const failure = firstFailure([
    requireIssuer(tx.ctx, asset.value, fieldPath(path, 'asset')),
    requireAccount(tx.store, leg.from, fieldPath(path, 'from')),
    requireOwner(tx.ctx, leg.from, fieldPath(path, 'from')),
  ]);
  return failure ?? reserveDebit(tx, leg, path);
}

// Held swaps and the pool. A held swap's debit half takes the output from the pool's reserve at
// placement (fixing the price the trader was quoted), but its input must not join the reserve
// before the hold is claimed: until then it may still be refunded. It waits in the pool's
// `pending` side instead, and EVERY swap prices on the effective reserves reserve + pending,
// so an open held swap moves the price exactly as a completed one would. Without that, a second
// swap placed while the first was open would be priced against a pool that had paid out but not
// yet been paid, and get a better price than it should (the product of reserves could then fall
// once both claimed). The payout itself must come from the actual reserve.
//   placement:     reserveOut -= out, pendingIn += in
//   claim/commit:  pendingIn -= in, reserveIn += in   (effective reserves unchanged: no price move)
//   refund/abort:  pendingIn -= in, reserveOut += out (input back to the trader)
// A standalone or batched swap runs both halves in one transaction, so nothing stays pending.
// Residual risk, borne by the LPs as by any HTLC liquidity provider: a refund after other swaps
// were priced on the pending input undoes it against a pool that has since moved, which can
// leave the LPs slightly better or worse off than if the refunded swap had never been placed.

interface OrientedPool {
  assetOut: string;
  reserveIn: bigint;
  reserveOut: bigint;
  pendingIn: bigint;
  pendingOut: bigint;
}

/** The pool's sides oriented for a swap paying in `assetIn`. */
function orient(pool: PoolRecord, assetIn: string): OrientedPool {
  return assetIn === pool.assetA
    ? {
        assetOut: pool.assetB,
        reserveIn: pool.reserveA,
        reserveOut: pool.reserveB,
        pendingIn: pool.pendingA,
        pendingOut: pool.pendingB,
      }
    : {
        assetOut: pool.assetA,
        reserveIn: pool.reserveB,
        reserveOut: pool.reserveA,
        pendingIn: pool.pendingB,
        pendingOut: pool.pendingA,
      };
}

/** `pool` with the swap side changes applied (oriented by `assetIn`). */
function withChanges(
  pool: PoolRecord,
  assetIn: string,
  change: { reserveIn?: bigint; reserveOut?: bigint; pendingIn?: bigint },
): PoolRecord {
  const { reserveIn = 0n, reserveOut = 0n, pendingIn = 0n } = change;
  const inIsA = assetIn === pool.assetA;
  return {
    ...pool,
    reserveA: pool.reserveA + (inIsA ? reserveIn : reserveOut),
    reserveB: pool.reserveB + (inIsA ? reserveOut : reserveIn),
    pendingA: pool.pendingA + (inIsA ? pendingIn : 0n),
    pendingB: pool.pendingB + (inIsA ? 0n : pendingIn),
  };
}

function debitSwap(tx: Tx, leg: SwapLeg, path: string): Result<LegDebit> {
  const pool = requirePool(tx.store, leg.pool, fieldPath(path, 'pool'));
  if (!pool.ok) return pool;
  if (leg.assetIn !== pool.value.assetA && leg.assetIn !== pool.value.assetB) {
    return fail(
      'InvalidArgument',
      `${fieldPath(path, 'assetIn')}: pool ${leg.pool} trades ${pool.value.assetA}/${pool.value.assetB}, not ${leg.assetIn}`,
    );
  }
  const failure = firstFailure([
    requireAccount(tx.store, leg.from, fieldPath(path, 'from')),
    requireAccount(tx.store, leg.to, fieldPath(path, 'to')),
    requireOwner(tx.ctx, leg.from, fieldPath(path, 'from')),
  ]);
  if (failure) return failure;
  const { assetOut, reserveIn, reserveOut, pendingIn, pendingOut } = orient(
    pool.value,
    leg.assetIn,
  );
  const amountOut = ammAmountOut(
    reserveIn + pendingIn,
    reserveOut + pendingOut,
    leg.amountIn,
    pool.value.feeBps,
  );
  if (amountOut === 0n || amountOut >= reserveOut) {
    return fail(
      'InsufficientLiquidity',
      `${fieldPath(path, 'amountIn')}: pool ${leg.pool} cannot pay out for ${leg.amountIn}`,
    );
  }
  if (amountOut < leg.minOut) {
    return fail(
      'SlippageExceeded',
      `${fieldPath(path, 'minOut')}: pool pays ${amountOut}, below ${leg.minOut}`,
    );
  }
  const debited = debit(tx, leg.assetIn, leg.from, leg.amountIn, fieldPath(path, 'amountIn'));
  if (!debited.ok) return debited;
  // The output leaves the reserve now; the input waits as pending until the credit half.
  savePool(
    tx.store,
    withChanges(pool.value, leg.assetIn, { reserveOut: -amountOut, pendingIn: leg.amountIn }),
  );
  return ok({
    reserved: [
      [leg.assetIn, leg.amountIn],
      [assetOut, amountOut],
    ],
    amountOut,
  });
}

function debitFxSwap(tx: Tx, leg: FxSwapLeg, path: string): Result<LegDebit> {
  const quote = requireActiveQuote(tx.store, leg.quote, fieldPath(path, 'quote'));
  if (!quote.ok) return quote;
  const failure = firstFailure([
    requireAccount(tx.store, leg.from, fieldPath(path, 'from')),
    requireAccount(tx.store, leg.to, fieldPath(path, 'to')),
    requireOwner(tx.ctx, leg.from, fieldPath(path, 'from')),
  ]);
  if (failure) return failure;
  const { assetIn, assetOut, dealer, maxIn, rate, feeBps, validUntilMs, feeFixed } = quote.value;
  if (validUntilMs !== undefined && tx.ctx.nowMs >= validUntilMs) {
    return fail(
      'QuoteExpired',
      `${fieldPath(path, 'quote')}: quote ${leg.quote} expired at ${validUntilMs}, the transaction is at ${tx.ctx.nowMs}`,
    );
  }
  if (leg.amountIn > maxIn) {
    return fail(
      'QuoteLimitExceeded',
      `${fieldPath(path, 'amountIn')}: ${leg.amountIn} exceeds the quote's maximum ${maxIn}`,
    );
  }
  const amountOut = quoteAmountOut(leg.amountIn, rate, feeBps, feeFixed);
  if (amountOut === 0n) {
    return fail(
      'InsufficientLiquidity',
      `${fieldPath(path, 'amountIn')}: ${leg.amountIn} is too small to buy any ${assetOut}`,
    );
  }
  if (amountOut < leg.minOut) {
    return fail(
      'SlippageExceeded',
      `${fieldPath(path, 'minOut')}: quote pays ${amountOut}, below ${leg.minOut}`,
    );
  }
  const paid = debit(tx, assetIn, leg.from, leg.amountIn, fieldPath(path, 'amountIn'));
  if (!paid.ok) return paid;
  // A quote is the dealer's standing authorisation to be debited its output.
  const dealt = debit(
    tx,
    assetOut,
    dealer,
    amountOut,
    fieldPath(path, 'quote'),
    'InsufficientLiquidity',
  );
  if (!dealt.ok) return dealt;
  return ok({
    reserved: [
      [assetIn, leg.amountIn],
      [assetOut, amountOut],
    ],
    amountOut,
  });
}

/** Pays out what debitLeg reserved. `amountOut` is the debit half's for swap legs. */
export function creditLeg(tx: Tx, leg: LegOp, amountOut: bigint): void {
  switch (leg.type) {
    case 'transfer':
      return credit(tx, leg.asset, leg.to, leg.amount);
    case 'issue':
      addSupply(tx, leg.asset, leg.amount);
      return credit(tx, leg.asset, leg.to, leg.amount);
    case 'burn':
      return addSupply(tx, leg.asset, -leg.amount);
    case 'swap': {
      const pool = mustLoadPool(tx, leg.pool);
      savePool(
        tx.store,
        withChanges(pool, leg.assetIn, { pendingIn: -leg.amountIn, reserveIn: leg.amountIn }),
      );
      return credit(tx, orient(pool, leg.assetIn).assetOut, leg.to, amountOut);
    }
    case 'fxSwap': {
      const quote = mustLoadQuote(tx, leg.quote);
      credit(tx, quote.assetIn, quote.dealer, leg.amountIn);
      return credit(tx, quote.assetOut, leg.to, amountOut);
    }
  }
}

/** Returns what debitLeg reserved to its sources. */
export function refundLeg(tx: Tx, leg: LegOp, amountOut: bigint): void {
  switch (leg.type) {
    case 'transfer':
    case 'burn':
      return credit(tx, leg.asset, leg.from, leg.amount);
    case 'issue':
      return;
    case 'swap': {
      const pool = mustLoadPool(tx, leg.pool);
      savePool(
        tx.store,
        withChanges(pool, leg.assetIn, { pendingIn: -leg.amountIn, reserveOut: amountOut }),
      );
      return credit(tx, leg.assetIn, leg.from, leg.amountIn);
    }
    case 'fxSwap': {
      const quote = mustLoadQuote(tx, leg.quote);
      credit(tx, quote.assetIn, leg.from, leg.amountIn);
      return credit(tx, quote.assetOut, quote.dealer, amountOut);
    }
  }
}

// Pools and quotes are never deleted (a withdrawn quote stays as an inactive record), so a
// missing one here means corrupt state.
function mustLoadPool(tx: Tx, id: string): PoolRecord {
  const pool = loadPool(tx.store, id);
  if (!pool) throw new Error(`pool ${id} vanished while a leg was in flight`);
  return pool;
}

function mustLoadQuote(tx: Tx, id: string) {
  const quote = loadQuote(tx.store, id);
  if (!quote) throw new Error(`quote ${id} vanished while a leg was in flight`);
  return quote;
}

/** Runs legs in order, each debit immediately followed by its credit (all-or-nothing by the overlay). */
export function runLegs(
  tx: Tx,
  legs: readonly LegOp[],
  path: (index: number) => string,
): Result<bigint[]> {
  const amountsOut: bigint[] = [];
  for (const [index, leg] of legs.entries()) {
    const debited = debitLeg(tx, leg, path(index));
    if (!debited.ok) return debited;
    creditLeg(tx, leg, debited.value.amountOut ?? 0n);
    if (debited.value.amountOut !== undefined) amountsOut.push(debited.value.amountOut);
  }
  return ok(amountsOut);
}

/** Whether a leg produces an entry in amountsOut. */
export function hasAmountOut(leg: LegOp): boolean {
  return leg.type === 'swap' || leg.type === 'fxSwap';
}
