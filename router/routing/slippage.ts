// Slippage tolerance on AMM legs. A plan's transactions commit blocks after it was quoted, while
// other payments move the same pools, so an AMM leg only promises floor(quoted × (1 − tol)):
// that guaranteed amount is its minOut and sizes every later leg, so no intermediary is asked
// to pay out more than it is sure to receive. Dealer quotes are fixed-rate and need no tolerance.
const BPS = 10_000n;

/** The guaranteed part of a quoted AMM output. */
export function guaranteedOut(quotedOut: bigint, toleranceBps: number): bigint {
  return (quotedOut * (BPS - BigInt(toleranceBps))) / BPS;
}

/** The smallest quoted output whose guaranteed part is at least `guaranteed`. */
export function quotedOutFor(guaranteed: bigint, toleranceBps: number): bigint {
  const kept = BPS - BigInt(toleranceBps);
  return (guaranteed * BPS + kept - 1n) / kept;
}

/** The factor a path's marginal rate takes per AMM leg, for bounds. */
export function toleranceFactor(toleranceBps: number): { num: bigint; den: bigint } {
  return { num: BPS - BigInt(toleranceBps), den: BPS };
}
