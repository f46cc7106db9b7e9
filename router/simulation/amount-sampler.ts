// Payment amounts from a profile's distribution, in bigint minor units. Every draw is integer
// math on the seeded generator: pick a bucket, then a uniform integer inside it. A log-normal is
// turned into equal-probability buckets once, up front (the only float work, and it touches the
// bucket edges, not the draws).
import type { AmountDistribution } from '../scenario/types';
import type { Rng } from '../scenario/rng';

export type AmountSampler = (rng: Rng) => bigint;

interface Bucket {
  min: bigint;
  max: bigint;
}

/** Equal-probability slices of a log-normal: fine enough that the shape survives. */
const LOG_NORMAL_BUCKETS = 128;
/** Fixed-point precision of the multipliers applied to the median. */
const RATIO_SCALE = 1_000_000_000;

export function createAmountSampler(distribution: AmountDistribution): AmountSampler {
  switch (distribution.kind) {
    case 'fixed': {
      const { amount } = distribution;
      return () => amount;
    }
    case 'buckets':
      return weightedBuckets(distribution.buckets);
    case 'log-normal': {
      const buckets = logNormalBuckets(distribution);
      return (rng) => {
        const bucket = buckets[rng.intBelow(buckets.length)]!;
        return rng.bigintBetween(bucket.min, bucket.max);
      };
    }
  }
}

function weightedBuckets(buckets: ReadonlyArray<Bucket & { weight: number }>): AmountSampler {
  const total = buckets.reduce((sum, bucket) => sum + bucket.weight, 0);
  if (!(total > 0))
    throw new RangeError('amount buckets: the weights must add up to more than zero');
  return (rng) => {
    let pick = rng.nextFloat() * total;
    for (const bucket of buckets) {
      pick -= bucket.weight;
      if (pick < 0) return rng.bigintBetween(bucket.min, bucket.max);
    }
    const last = buckets[buckets.length - 1]!;
    return rng.bigintBetween(last.min, last.max);
  };
}

function logNormalBuckets(
  distribution: Extract<AmountDistribution, { kind: 'log-normal' }>,
): Bucket[] {
  const { median, min, max } = distribution;
  const sigma = Number(distribution.sigma.num) / Number(distribution.sigma.den);
  const clamp = (amount: bigint): bigint => (amount < min ? min : amount > max ? max : amount);
  const edges: bigint[] = [min];
  for (let k = 1; k < LOG_NORMAL_BUCKETS; k++) {
    const ratio = Math.exp(sigma * inverseNormalCdf(k / LOG_NORMAL_BUCKETS));
    const scaled = BigInt(Math.round(ratio * RATIO_SCALE));
    edges.push(clamp((median * scaled) / BigInt(RATIO_SCALE)));
  }
  edges.push(max);
  const buckets: Bucket[] = [];
  for (let k = 0; k < LOG_NORMAL_BUCKETS; k++) {
    const low = edges[k]!;
    const high = edges[k + 1]!;
    buckets.push({
      min: low,
      max: high > low ? high - (k === LOG_NORMAL_BUCKETS - 1 ? 0n : 1n) : low,
    });
  }
  return buckets;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormalCdf(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (coefficients: number[], x: number): number =>
    coefficients.reduce((sum, k) => sum * x + k, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
