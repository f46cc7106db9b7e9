import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../router/scenario/rng';

const draw = (seed: number, stream: string, n: number): number[] => {
  const rng = createRng(seed, stream);
  return Array.from({ length: n }, () => rng.nextU32());
};

describe('seeded rng', () => {
  it('repeats a sequence for the same seed and stream, and differs across seeds and streams', () => {
    expect(draw(42, 'a', 50)).toEqual(draw(42, 'a', 50));
    expect(draw(42, 'a', 50)).not.toEqual(draw(43, 'a', 50));
    expect(draw(42, 'a', 50)).not.toEqual(draw(42, 'b', 50));
    // Seeds beyond 32 bits are not folded onto smaller ones.
    expect(draw(2 ** 40 + 5, '', 10)).not.toEqual(draw(5, '', 10));
  });

  it('keeps bigintBetween inside [low, high], including ranges wider than 64 bits', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        (seed, low, width) => {
          const rng = createRng(seed);
          for (let i = 0; i < 20; i++) {
            const value = rng.bigintBetween(low, low + width);
            expect(value >= low && value <= low + width).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('spreads intBelow evenly (every face of a die within 10% of its share)', () => {
    const rng = createRng(7);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[rng.intBelow(6)]! += 1;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(1_000);
  });

  it('reaches both ends of a small bigint range', () => {
    const rng = createRng(3);
    const seen = new Set<bigint>();
    for (let i = 0; i < 200; i++) seen.add(rng.bigintBetween(5n, 7n));
    expect([...seen].sort()).toEqual([5n, 6n, 7n]);
  });

  it('rejects a seed that is not a safe integer and empty ranges', () => {
    expect(() => createRng(1.5)).toThrow(/safe integer/);
    expect(() => createRng(1).bigintBetween(2n, 1n)).toThrow(/empty range/);
  });
});
