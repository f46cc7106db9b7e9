// Mean and 95% confidence interval (Student t) over repeated runs, on fixed-point bigints, so a
// delivered amount's mean and interval come out of integer arithmetic like every other amount.
// The one float is the t quantile, a statistical constant turned into a millionths integer.
import { roundDiv } from '../scenario/rational';

/** Two-sided 95% Student t quantiles t(0.975, df) for df = 1..30 (standard tables). */
const T_975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
  2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024,
  2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523,
  2.042272,
];
const Z_975 = 1.959964;

/**
 * t(0.975, df): from the table up to 30 degrees of freedom, beyond by the Cornish–Fisher
 * expansion around the normal quantile (within 1e-6 of the exact value from df 30 on).
 */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom: got ${df}`);
  const tabled = T_975[df - 1];
  if (tabled !== undefined) return tabled;
  const z = Z_975;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface MeanInterval {
  n: number;
  /** At the inputs' fixed-point scale, rounded to the nearest unit of it. */
  mean: bigint;
  /** The interval is mean ± halfWidth; null for a single value (no spread to estimate). */
  halfWidth: bigint | null;
}

const T_DENOMINATOR = 1_000_000n;

/** Mean and 95% half-width of `values` (fixed-point integers, all at one scale). */
export function meanInterval(values: readonly bigint[]): MeanInterval {
  const n = BigInt(values.length);
  if (n === 0n) throw new RangeError('meanInterval of no values');
  const sum = values.reduce((total, value) => total + value, 0n);
  const mean = roundDiv(sum, n);
  if (n === 1n) return { n: 1, mean, halfWidth: null };
  // s²/n = Σ(x − x̄)² / (n(n−1)) = Σ(n·x − Σx)² / (n³(n−1)): exact, no fractional mean.
  const spread = values.reduce((total, value) => total + (n * value - sum) ** 2n, 0n);
  const t = BigInt(Math.round(studentT975(values.length - 1) * Number(T_DENOMINATOR)));
  const halfWidth = roundedSqrt(spread * t * t, n ** 3n * (n - 1n) * T_DENOMINATOR ** 2n);
  return { n: values.length, mean, halfWidth };
}

/** The integer nearest to √(num/den), for num ≥ 0 and den > 0. */
export function roundedSqrt(num: bigint, den: bigint): bigint {
  if (num < 0n || den <= 0n) throw new RangeError('square root of a negative number');
  const root = floorSqrt(num / den);
  // √(num/den) ≥ root + ½ exactly when 4·num ≥ (2·root + 1)²·den.
  return 4n * num >= (2n * root + 1n) ** 2n * den ? root + 1n : root;
}

/** ⌊√value⌋ (which ⌊√⌊x⌋⌋ equals for x ≥ 0, so a floored quotient may go in). */
function floorSqrt(value: bigint): bigint {
  if (value < 2n) return value;
  // Newton's iteration from above decreases to ⌊√value⌋.
  let root = 1n << BigInt(Math.ceil(value.toString(2).length / 2));
  for (;;) {
    const next = (root + value / root) / 2n;
    if (next >= root) return root;
    root = next;
  }
}
