// Pricing functions shared by the ledger core (which applies them) and the router (which quotes
// with them), so a quote and its execution can never disagree. Every division floors what is
// paid out, so rounding always favours the venue and never creates value.
import { BPS_DENOMINATOR, type Rational } from './types';

/** Amount paid out for `amountIn` after a fee in basis points: floor(in * (1 - fee)). */
export function afterFee(amountIn: bigint, feeBps: number): bigint {
  return (amountIn * (BPS_DENOMINATOR - BigInt(feeBps))) / BPS_DENOMINATOR;
}

/**
 * Constant-product output (Uniswap v2 form) with the fee taken on the input:
 * out = floor(reserveOut * in' / (reserveIn + in')), in' = in * (1 - fee), computed with a
 * single division so the pool's product of reserves never decreases.
 */
export function ammAmountOut(
  reserveIn: bigint,
  reserveOut: bigint,
  amountIn: bigint,
  feeBps: number,
): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const inWithFee = amountIn * (BPS_DENOMINATOR - BigInt(feeBps));
  return (reserveOut * inWithFee) / (reserveIn * BPS_DENOMINATOR + inWithFee);
}

/**
 * Smallest input that yields at least `amountOut` from a constant-product pool, or null when the
 * pool cannot pay that much. Ceils, so the venue is never short-changed.
 */
export function ammAmountIn(
  reserveIn: bigint,
  reserveOut: bigint,
  amountOut: bigint,
  feeBps: number,
): bigint | null {
  if (amountOut <= 0n) return 0n;
  if (amountOut >= reserveOut || reserveIn <= 0n) return null;
  const feeFactor = BPS_DENOMINATOR - BigInt(feeBps);
  if (feeFactor <= 0n) return null;
  const numerator = reserveIn * amountOut * BPS_DENOMINATOR;
  const denominator = (reserveOut - amountOut) * feeFactor;
  let amountIn = ceilDiv(numerator, denominator);
  // The closed form can overshoot by one unit after flooring in ammAmountOut; step down if so.
  while (amountIn > 1n && ammAmountOut(reserveIn, reserveOut, amountIn - 1n, feeBps) >= amountOut) {
    amountIn -= 1n;
  }
  return amountIn;
}

/**
 * Dealer quote (or 1:1 converter) output: floor(in * rate * (1 - fee)) with a single division,
 * less a fixed fee in minor units of the output; 0 when the fixed fee takes it all.
 */
export function quoteAmountOut(
  amountIn: bigint,
  rate: Rational,
  feeBps: number,
  feeFixed = 0n,
): bigint {
  if (amountIn <= 0n) return 0n;
  const proportional =
    (amountIn * rate.num * (BPS_DENOMINATOR - BigInt(feeBps))) / (rate.den * BPS_DENOMINATOR);
  return proportional > feeFixed ? proportional - feeFixed : 0n;
}

/** Smallest dealer-quote (or converter) input that yields at least `amountOut`. */
export function quoteAmountIn(
  amountOut: bigint,
  rate: Rational,
  feeBps: number,
  feeFixed = 0n,
): bigint | null {
  if (amountOut <= 0n) return 0n;
  const factor = rate.num * (BPS_DENOMINATOR - BigInt(feeBps));
  if (factor <= 0n) return null;
  return ceilDiv((amountOut + feeFixed) * rate.den * BPS_DENOMINATOR, factor);
}

/** Smallest input whose afterFee is at least `amountOut` (1:1 venues: mint-redeem, ramps). */
export function feeAmountIn(amountOut: bigint, feeBps: number): bigint | null {
  if (amountOut <= 0n) return 0n;
  const factor = BPS_DENOMINATOR - BigInt(feeBps);
  if (factor <= 0n) return null;
  return ceilDiv(amountOut * BPS_DENOMINATOR, factor);
}

/** Integer square root (floor), for initial LP shares. */
export function isqrt(value: bigint): bigint {
  if (value < 0n) throw new RangeError('isqrt of a negative number');
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
