// R2: does splitting pay off when liquidity is the constraint? Large corporate payments into
// HKD deposit tokens on mbridge-lite, each bigger than any one dealer quote's maxIn, under a
// 100 bps cost cap (so a single path that only "fits" through deep AMM price impact is refused
// as too expensive). Simulated end to end — routing, settlement, liquidity drained by earlier
// payments — once with `split` and once with `cheapest`, same seed, same payments.
import type { ScenarioAsset, WorkloadProfile } from '../router/scenario/types';
import { simulate } from '../router/simulation/simulate';
import { median, round, type BenchOptions, type BenchRow, type Benchmark } from './harness';
import { loadScenarioFile, MBRIDGE_LITE, withTempDir } from './support/scenarios';

const SEEDS = [1, 2, 3, 4, 5];
const PAYEE_ASSET = 'hkd-harbour';

/** Major units of `asset` as minor units (whole amounts only: no float anywhere). */
function major(asset: ScenarioAsset, units: bigint): bigint {
  return units * 10n ** BigInt(asset.scale);
}

function constrainedProfile(assets: ReadonlyMap<string, ScenarioAsset>): WorkloadProfile {
  const cny = assets.get('cny-jade')!;
  const thb = assets.get('thb-siam')!;
  return {
    name: 'liquidity-constrained',
    description:
      'Large corporate payments into HKD, above any single dealer quote, cost cap 100 bps.',
    ratePerSecond: 1,
    maxCostBps: 100,
    corridors: [
      {
        name: 'cn-to-hk-large',
        weight: 2,
        payerAsset: cny.id,
        payers: ['dragontrade/ops'],
        payeeAsset: PAYEE_ASSET,
        payees: ['victoriaships/ops'],
        amountIs: 'send',
        amounts: {
          kind: 'buckets',
          buckets: [{ min: major(cny, 5_000_000n), max: major(cny, 40_000_000n), weight: 1 }],
        },
      },
      {
        name: 'th-to-hk-large',
        weight: 1,
        payerAsset: thb.id,
        payers: ['chaophraya/ops'],
        payeeAsset: PAYEE_ASSET,
        payees: ['victoriaships/ops'],
        amountIs: 'send',
        amounts: {
          kind: 'buckets',
          buckets: [{ min: major(thb, 20_000_000n), max: major(thb, 150_000_000n), weight: 1 }],
        },
      },
    ],
  };
}

interface Outcome {
  successRate: number;
  delivered: bigint;
  failureReasons: Record<string, number>;
}

/** "CostLimitExceeded 31, InsufficientLiquidity 4" over all runs, most frequent first. */
function reasonTotals(outcomes: readonly Outcome[]): string {
  const totals = new Map<string, number>();
  for (const outcome of outcomes)
    for (const [reason, count] of Object.entries(outcome.failureReasons))
      totals.set(reason, (totals.get(reason) ?? 0) + count);
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, count]) => `${reason} ${count}`)
    .join(', ');
}

export const r2: Benchmark = {
  id: 'R2',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const scenario = await loadScenarioFile(MBRIDGE_LITE);
    const profile = constrainedProfile(new Map(scenario.assets.map((asset) => [asset.id, asset])));
    const payments = options.quick ? 40 : 100;
    const runOnce = (strategy: string, seed: number): Promise<Outcome> =>
      withTempDir(async (outDir) => {
        const summary = await simulate({
          scenario,
          profile,
          payments,
          seed,
          strategies: [strategy],
          protocols: ['auto'],
          faultSpec: '',
          faults: [],
          outDir,
        });
        if (summary.auditor.conservationViolations + summary.auditor.atomicityViolations > 0)
          throw new Error(`R2 ${strategy} seed ${seed}: the auditor found violations`);
        return {
          successRate: summary.successRate,
          delivered: BigInt(summary.deliveredByAsset[PAYEE_ASSET] ?? '0'),
          failureReasons: summary.failureReasons,
        };
      });

    const split: Outcome[] = [];
    const single: Outcome[] = [];
    for (const seed of SEEDS) {
      split.push(await runOnce('split', seed));
      single.push(await runOnce('cheapest', seed));
    }
    const points = median(split.map((s, i) => 100 * (s.successRate - single[i]!.successRate)));
    const splitRate = median(split.map((s) => s.successRate));
    const singleRate = median(single.map((s) => s.successRate));
    const sum = (outcomes: Outcome[]) => outcomes.reduce((total, o) => total + o.delivered, 0n);
    const hkd = scenario.assets.find((asset) => asset.id === PAYEE_ASSET)!;
    const millions = (minor: bigint) =>
      `${(minor / 10n ** BigInt(hkd.scale) / 1_000_000n).toString()}M`;
    // Volume ratio as a display figure in hundredths, computed on bigints.
    const volumeRatio = Number((sum(split) * 100n) / (sum(single) > 0n ? sum(single) : 1n)) / 100;
    console.log(
      `R2    split ${(splitRate * 100).toFixed(1)}% vs cheapest ${(singleRate * 100).toFixed(1)}% settled; ` +
        `delivered ${millions(sum(split))} vs ${millions(sum(single))} HKD over ${SEEDS.length} seeds × ${payments} payments`,
    );
    return [
      {
        id: 'R2',
        figure:
          'success ratio and delivered volume, liquidity-constrained workload (mbridge-lite, large payments, 100 bps cap)',
        baseline: 'cheapest single path',
        target: 'split ≥ +10 points success',
        measured:
          `split ${(splitRate * 100).toFixed(1)}% vs cheapest ${(singleRate * 100).toFixed(1)}% settled ` +
          `(${points >= 0 ? '+' : ''}${points.toFixed(1)} points, median of ${SEEDS.length} seeds); ` +
          `delivered ${millions(sum(split))} vs ${millions(sum(single))} HKD (${volumeRatio.toFixed(2)}×)`,
        met: points >= 10,
        details: {
          paymentsPerRun: payments,
          seeds: SEEDS.length,
          splitSuccessRate: round(splitRate, 4),
          cheapestSuccessRate: round(singleRate, 4),
          medianPointsGained: round(points, 2),
          splitDeliveredMinor: sum(split).toString(),
          cheapestDeliveredMinor: sum(single).toString(),
          deliveredVolumeRatio: volumeRatio,
          splitFailures: reasonTotals(split),
          cheapestFailures: reasonTotals(single),
        },
      },
    ];
  },
};
