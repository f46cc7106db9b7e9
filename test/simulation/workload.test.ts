import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkloadProfile } from '../../router/scenario/types';
import { createAmountSampler } from '../../router/simulation/amount-sampler';
import { createRng } from '../../router/scenario/rng';
import { createWorkload } from '../../router/simulation/workload';
import { fcOptions } from './fc-options';

const PROFILE: WorkloadProfile = {
  name: 'test',
  description: 'two corridors, 3:1',
  ratePerSecond: 50,
  corridors: [
    {
      name: 'big',
      weight: 3,
      payerAsset: 'a',
      payers: ['x/1', 'x/2'],
      payeeAsset: 'b',
      payees: ['y/1'],
      amountIs: 'send',
      amounts: { kind: 'fixed', amount: 7n },
    },
    {
      name: 'small',
      weight: 1,
      payerAsset: 'a',
      payers: ['x/1'],
      payeeAsset: 'a',
      payees: ['x/1', 'z/1'],
      amountIs: 'receive',
      amounts: { kind: 'fixed', amount: 9n },
    },
  ],
};

describe('amount sampler', () => {
  it('keeps bucket draws inside the chosen buckets and log-normal draws inside [min, max]', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        const buckets = createAmountSampler({
          kind: 'buckets',
          buckets: [
            { min: 10n, max: 20n, weight: 1 },
            { min: 10n ** 20n, max: 10n ** 20n + 5n, weight: 1 },
          ],
        });
        const logNormal = createAmountSampler({
          kind: 'log-normal',
          median: 100_000n,
          sigma: { num: 3n, den: 2n },
          min: 1n,
          max: 10n ** 9n,
        });
        for (let i = 0; i < 50; i++) {
          const amount = buckets(rng);
          expect(
            (amount >= 10n && amount <= 20n) || (amount >= 10n ** 20n && amount <= 10n ** 20n + 5n),
          ).toBe(true);
          const drawn = logNormal(rng);
          expect(drawn >= 1n && drawn <= 10n ** 9n).toBe(true);
        }
      }),
      fcOptions(100),
    );
  });

  it('puts the log-normal median where the profile says', () => {
    const rng = createRng(1);
    const sample = createAmountSampler({
      kind: 'log-normal',
      median: 100_000n,
      sigma: { num: 1n, den: 1n },
      min: 1n,
      max: 10n ** 12n,
    });
    const draws = Array.from({ length: 20_000 }, () => sample(rng)).sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const median = draws[10_000]!;
    expect(median > 95_000n && median < 105_000n).toBe(true);
    // One sigma above the median is e times it: the 84th percentile.
    const upper = draws[Math.round(0.8413 * 20_000)]!;
    expect(upper > 260_000n && upper < 285_000n).toBe(true);
  });
});

describe('workload', () => {
  it('is a pure function of the seed', () => {
    const take = (seed: number) => {
      const next = createWorkload(PROFILE, {
        seed,
        startMs: 0,
        strategies: ['s1', 's2'],
        protocols: ['auto', 'htlc'],
      });
      return Array.from({ length: 50 }, () => next());
    };
    expect(take(3)).toEqual(take(3));
    expect(take(3)).not.toEqual(take(4));
  });

  it('arrives at the profile rate, mixes corridors by weight and never pays oneself', () => {
    const next = createWorkload(PROFILE, {
      seed: 9,
      startMs: 1000,
      strategies: ['s'],
      protocols: ['auto'],
    });
    const payments = Array.from({ length: 20_000 }, () => next());
    const last = payments[payments.length - 1]!;
    const meanGapMs = (last.arrivalMs - 1000) / payments.length;
    expect(meanGapMs).toBeGreaterThan(19);
    expect(meanGapMs).toBeLessThan(21);
    expect(
      payments.every((payment, i) => i === 0 || payment.arrivalMs >= payments[i - 1]!.arrivalMs),
    ).toBe(true);
    const big = payments.filter((payment) => payment.corridor === 'big').length / payments.length;
    expect(big).toBeGreaterThan(0.73);
    expect(big).toBeLessThan(0.77);
    const small = payments.filter((payment) => payment.corridor === 'small');
    expect(
      small.every(
        (payment) =>
          payment.payee === 'z/1' && payment.amount === 9n && payment.amountIs === 'receive',
      ),
    ).toBe(true);
    expect(payments.map((payment) => payment.id).slice(0, 2)).toEqual(['pay-0', 'pay-1']);
  });
});
