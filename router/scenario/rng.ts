// Seeded pseudo-random numbers (sfc32, seeded through splitmix32). Every random choice in a
// simulation comes from here, so a seed reproduces a run exactly. Independent named streams keep
// one concern's draws (fault injection, say) from shifting another's (the workload).

export interface Rng {
  /** Uniform integer in [0, 2^32). */
  nextU32(): number;
  /** Uniform float in [0, 1) with 32 bits of randomness; for probabilities and time, never money. */
  nextFloat(): number;
  /** Uniform integer in [0, n) for a positive safe integer n below 2^32. */
  intBelow(n: number): number;
  /** Uniform bigint in [low, high], by rejection sampling over whole 32-bit words (no float). */
  bigintBetween(low: bigint, high: bigint): bigint;
  /** `length` random bytes. */
  bytes(length: number): Uint8Array;
}

const U32 = 0x1_0000_0000;

/** A generator for `seed` (any safe integer) and a stream name. */
export function createRng(seed: number, stream = ''): Rng {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let state = mix32(fold(seed) ^ hashString(stream));
  const next = (): number => {
    state = (state + 0x9e3779b9) | 0;
    return mix32(state);
  };
  let a = next();
  let b = next();
  let c = next();
  let counter = 1;

  const nextU32 = (): number => {
    // sfc32 (Chris Doty-Humphrey's small fast counting generator).
    const t = (((a + b) | 0) + counter) | 0;
    counter = (counter + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up so that nearby seeds diverge.
  for (let i = 0; i < 12; i++) nextU32();

  const intBelow = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0 || n > U32) throw new RangeError(`intBelow: bad bound ${n}`);
    const limit = U32 - (U32 % n);
    for (;;) {
      const x = nextU32();
      if (x < limit) return x % n;
    }
  };

  const bigintBetween = (low: bigint, high: bigint): bigint => {
    if (high < low) throw new RangeError(`bigintBetween: empty range [${low}, ${high}]`);
    const span = high - low + 1n;
    const words = Math.max(1, Math.ceil(span.toString(2).length / 32));
    const range = 1n << BigInt(32 * words);
    const limit = range - (range % span);
    for (;;) {
      let x = 0n;
      for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(nextU32());
      if (x < limit) return low + (x % span);
    }
  };

  return {
    nextU32,
    nextFloat: () => nextU32() / U32,
    intBelow,
    bigintBetween,
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i += 4) {
        const word = nextU32();
        for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}

function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Folds a safe integer (up to 53 bits, any sign) into 32 bits without losing the high part. */
function fold(seed: number): number {
  const high = Math.floor(seed / U32);
  return (mix32(high) ^ (seed >>> 0)) >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
