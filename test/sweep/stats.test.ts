// Mean and 95% Student t interval against values worked out by hand, and the t quantiles
// against published tables (not against the code's own formula).
import { describe, expect, it } from 'vitest';
import { meanInterval, roundedSqrt, studentT975 } from '../../router/sweep/stats';

describe('95% confidence interval', () => {
  it('matches hand-computed intervals', () => {
    // 1..5 (×100 for two decimals): mean 3, s² = 10/4 = 2.5, s/√5 = 0.707107,
    // t(0.975, 4) = 2.776445 → half-width 1.963243.
    expect(meanInterval([100n, 200n, 300n, 400n, 500n])).toEqual({
      n: 5,
      mean: 300n,
      halfWidth: 196n,
    });
    // 0.70, 0.74, 0.68, 0.75, 0.73 at four decimals: mean 0.72, deviations -2,2,-4,3,1 (×0.01),
    // Σd² = 34e-4, s² = 8.5e-4, s/√5 = 0.0130384, × 2.776445 = 0.0362003.
    expect(meanInterval([7000n, 7400n, 6800n, 7500n, 7300n])).toEqual({
      n: 5,
      mean: 7200n,
      halfWidth: 362n,
    });
    // Two runs 10 and 20: mean 15, s = 7.0711, s/√2 = 5, t(0.975, 1) = 12.706205 → 63.53.
    expect(meanInterval([1000n, 2000n])).toEqual({ n: 2, mean: 1500n, halfWidth: 6353n });
  });

  it('has no interval for one run, and none wider than zero for identical runs', () => {
    expect(meanInterval([42n])).toEqual({ n: 1, mean: 42n, halfWidth: null });
    expect(meanInterval([5n, 5n, 5n])).toEqual({ n: 3, mean: 5n, halfWidth: 0n });
  });

  it('rounds the mean to the nearest unit', () => {
    expect(meanInterval([1n, 2n]).mean).toBe(2n); // 1.5 rounds away from zero
    expect(meanInterval([1n, 1n, 2n]).mean).toBe(1n); // 1.333…
  });

  it('keeps amounts far beyond float precision exact', () => {
    const big = 10n ** 30n;
    const { mean, halfWidth } = meanInterval([big, big + 2n]);
    expect(mean).toBe(big + 1n);
    // s/√2 = 1, × 12.706205 → 13.
    expect(halfWidth).toBe(13n);
  });

  it('uses t quantiles from the published tables', () => {
    expect(studentT975(1)).toBeCloseTo(12.7062, 4);
    expect(studentT975(4)).toBeCloseTo(2.7764, 4);
    expect(studentT975(9)).toBeCloseTo(2.2622, 4);
    expect(studentT975(30)).toBeCloseTo(2.0423, 4);
    // Beyond the table, the expansion: t(0.975, 40/60/120) = 2.0211, 2.0003, 1.9799.
    expect(studentT975(40)).toBeCloseTo(2.0211, 4);
    expect(studentT975(60)).toBeCloseTo(2.0003, 4);
    expect(studentT975(120)).toBeCloseTo(1.9799, 4);
    expect(() => studentT975(0)).toThrow(RangeError);
  });

  it('rounds square roots of ratios to the nearest integer', () => {
    expect(roundedSqrt(0n, 1n)).toBe(0n);
    expect(roundedSqrt(2n, 1n)).toBe(1n); // 1.414
    expect(roundedSqrt(3n, 1n)).toBe(2n); // 1.732
    expect(roundedSqrt(625n, 4n)).toBe(13n); // 12.5 rounds up
    expect(roundedSqrt(624n, 4n)).toBe(12n); // 12.49
    expect(roundedSqrt(10n ** 40n, 1n)).toBe(10n ** 20n);
  });
});
