// split against an independent LP optimum (lp-oracle.ts, HiGHS) on seeded random graphs, below
// and near the capacity of their linear venues (and a receive-amount payment near it): at every
// instance split reaches 0.999 of the LP bound on linear graphs and 0.99 with AMM pools, and it
// never fails a payment the LP can carry.
// A failing case names its family, level and seed; replay it with optimalityCase(...).
import { describe, expect, it } from 'vitest';
import { describeCase, optimalityCase, TARGETS, type Family } from './optimality-instances';

const SEEDS = [11, 12, 13, 14];

describe('split against the LP optimum', () => {
  for (const family of ['linear', 'amm'] as Family[]) {
    it(`${family} graphs: ≥ ${TARGETS[family]} of the LP bound at every instance, no failures`, async () => {
      let compared = 0;
      for (const seed of SEEDS) {
        for (const [level, amountIs] of [
          ['below', 'send'],
          ['near', 'send'],
          ['near', 'receive'],
        ] as const) {
          const found = await optimalityCase(family, level, seed, amountIs);
          expect(found.failure, describeCase(found)).toBeUndefined();
          if (found.ratio === null) continue;
          compared++;
          expect(found.ratio, describeCase(found)).toBeGreaterThanOrEqual(TARGETS[family]);
        }
      }
      expect(compared).toBeGreaterThanOrEqual(SEEDS.length);
    }, 60_000);
  }
});
