// Bounded-memory percentiles: an HDR-style histogram over integers. Magnitudes below 2^SUB_BITS
// are counted exactly (below 16384); above, each power of two is cut into 2^(SUB_BITS-1) equal buckets, so a
// reported percentile is within 1/2^(SUB_BITS-1) (0.013%) of the true value. Memory depends on the
// range of values seen, never on how many were recorded.

const SUB_BITS = 14;
const EXACT_LIMIT = 2 ** SUB_BITS;

export interface Histogram {
  /** Records an integer (negative values allowed). */
  record(value: number): void;
  readonly count: number;
  /** Nearest-rank percentile (0 < p ≤ 100), as the lower bound of its bucket; null when empty. */
  percentile(p: number): number | null;
}

export function createHistogram(): Histogram {
  const counts = new Map<number, number>();
  let count = 0;
  return {
    record(value) {
      if (!Number.isSafeInteger(value)) throw new RangeError(`histogram: not an integer: ${value}`);
      const key = bucketOf(value);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      count++;
    },
    get count() {
      return count;
    },
    percentile(p) {
      if (!(p > 0 && p <= 100)) throw new RangeError(`percentile out of (0, 100]: ${p}`);
      if (count === 0) return null;
      const rank = Math.ceil((p / 100) * count);
      const keys = [...counts.keys()].sort((x, y) => x - y);
      let seen = 0;
      for (const key of keys) {
        seen += counts.get(key) ?? 0;
        if (seen >= rank) return lowerBound(key);
      }
      return lowerBound(keys[keys.length - 1] ?? 0);
    },
  };
}

/** Bucket keys are ordered like the values they hold: negatives mirror positives. */
function bucketOf(value: number): number {
  return value < 0 ? -magnitudeBucket(-value) - 1 : magnitudeBucket(value);
}

function lowerBound(key: number): number {
  return key < 0 ? -magnitudeLowerBound(-key - 1) : magnitudeLowerBound(key);
}

function magnitudeBucket(magnitude: number): number {
  if (magnitude < EXACT_LIMIT) return magnitude;
  const exponent = Math.floor(Math.log2(magnitude));
  // Guard against log2 rounding at exact powers of two.
  const e =
    2 ** exponent > magnitude
      ? exponent - 1
      : 2 ** (exponent + 1) <= magnitude
        ? exponent + 1
        : exponent;
  const shift = e - (SUB_BITS - 1);
  const sub = Math.floor(magnitude / 2 ** shift) - EXACT_LIMIT / 2;
  return EXACT_LIMIT + (e - SUB_BITS) * (EXACT_LIMIT / 2) + sub;
}

function magnitudeLowerBound(key: number): number {
  if (key < EXACT_LIMIT) return key;
  const offset = key - EXACT_LIMIT;
  const e = SUB_BITS + Math.floor(offset / (EXACT_LIMIT / 2));
  const sub = offset % (EXACT_LIMIT / 2);
  return (EXACT_LIMIT / 2 + sub) * 2 ** (e - (SUB_BITS - 1));
}
