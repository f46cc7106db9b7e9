import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHistogram } from '../../router/simulation/histogram';

/** Nearest-rank percentile of a sorted copy: the reference the histogram approximates. */
function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

describe('histogram percentiles', () => {
  it('are exact below 16384 in magnitude', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -16383, max: 16383 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const histogram = createHistogram();
          for (const value of values) histogram.record(value);
          expect(histogram.percentile(p)).toBe(exactPercentile(values, p));
        },
      ),
    );
  });

  it('stay within 1/8192 of the exact value (never above it) for large values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const histogram = createHistogram();
          for (const value of values) histogram.record(value);
          const exact = exactPercentile(values, p);
          const reported = histogram.percentile(p)!;
          expect(reported).toBeLessThanOrEqual(exact);
          expect(exact - reported).toBeLessThanOrEqual(exact / 8192);
        },
      ),
    );
  });

  it('handles powers of two at bucket edges exactly', () => {
    const histogram = createHistogram();
    for (const value of [16384, 32768, 2 ** 30, 2 ** 30 - 1]) histogram.record(value);
    expect(histogram.percentile(25)).toBe(16384);
    expect(histogram.percentile(50)).toBe(32768);
    expect(histogram.percentile(100)).toBe(2 ** 30);
  });

  it('keeps memory bounded by the value range, not the count', () => {
    const histogram = createHistogram();
    for (let i = 0; i < 200_000; i++) histogram.record(1000 + (i % 5000));
    expect(histogram.count).toBe(200_000);
    expect(histogram.percentile(50)).toBeGreaterThan(3000);
    expect(createHistogram().percentile(50)).toBeNull();
  });
});
