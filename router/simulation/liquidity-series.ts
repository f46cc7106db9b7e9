// Liquidity used and locked per venue over time, in a bounded number of time buckets: when the
// run outgrows them, each pair of buckets merges into one twice as wide, so memory depends on
// the venues and the bucket count, never on the run's length or size. Used is the input each
// settled payment's plan put through a venue (summary.json's liquidityUsedByVenue), at the
// time the payment finished; locked is the amount × time a hold kept through a venue
// (lockedLiquidityMsByVenue), spread over the buckets the hold was open in. Both add up
// exactly to the summary's totals.
import type { LegOp } from '../../chaincode/src/core/types';
import type { Plan } from '../routing/plan';
import type { Scenario } from '../scenario/types';
import type { JournalEntry } from '../settlement/journal-entry';
import { lockedLiquidity } from './locked-liquidity';

export const LIQUIDITY_COLUMNS = [
  'venue',
  'asset',
  'bucket_start_ms',
  'bucket_ms',
  'used',
  'locked_ms',
] as const;

export type LiquidityRow = Record<(typeof LIQUIDITY_COLUMNS)[number], string>;

const MAX_BUCKETS = 200;
const FIRST_BUCKET_MS = 1_000;

interface Series {
  used: bigint[];
  lockedMs: bigint[];
}

export interface LiquiditySeries {
  observe(entry: JournalEntry): void;
  settled(plan: Plan, atMs: number): void;
  /** Non-empty buckets, by venue, asset and time; times from the run's start. */
  rows(): LiquidityRow[];
}

export function createLiquiditySeries(scenario: Scenario, originMs: number): LiquiditySeries {
  const attribution = lockedLiquidity(scenario);
  const series = new Map<string, Series>();
  let bucketMs = FIRST_BUCKET_MS;
  /** Legs of each hold and when it was placed, for attempts in flight. */
  const holds = new Map<string, Map<string, { legs: LegOp[]; placedAtMs: number | null }>>();

  const seriesOf = (venue: string, asset: string): Series => {
    const key = `${venue}\u0000${asset}`;
    let found = series.get(key);
    if (!found) {
      found = {
        used: new Array<bigint>(MAX_BUCKETS).fill(0n),
        lockedMs: new Array<bigint>(MAX_BUCKETS).fill(0n),
      };
      series.set(key, found);
    }
    return found;
  };
  /** Widens the buckets until `atMs` falls in one; returns its index. */
  const bucketOf = (atMs: number): number => {
    const offsetMs = Math.max(0, atMs - originMs);
    while (offsetMs >= bucketMs * MAX_BUCKETS) {
      for (const { used, lockedMs } of series.values()) {
        mergePairs(used);
        mergePairs(lockedMs);
      }
      bucketMs *= 2;
    }
    return Math.floor(offsetMs / bucketMs);
  };
  const lock = (venue: string, asset: string, amount: bigint, fromMs: number, toMs: number) => {
    bucketOf(toMs);
    const { lockedMs } = seriesOf(venue, asset);
    for (let index = bucketOf(fromMs); index <= bucketOf(toMs); index++) {
      const start = originMs + index * bucketMs;
      const overlapMs = Math.min(toMs, start + bucketMs) - Math.max(fromMs, start);
      if (overlapMs > 0) lockedMs[index] = (lockedMs[index] ?? 0n) + amount * BigInt(overlapMs);
    }
  };

  return {
    observe(entry) {
      if (entry.type === 'accepted') {
        const open = new Map<string, { legs: LegOp[]; placedAtMs: number | null }>();
        for (const step of entry.steps)
          if (step.hold !== null) open.set(step.hold, { legs: step.legs, placedAtMs: null });
        holds.set(entry.payment, open);
      } else if (entry.type === 'hold-placed') {
        const hold = holds.get(entry.payment)?.get(entry.hold);
        if (hold) hold.placedAtMs = entry.atMs;
      } else if (entry.type === 'resolved') {
        const hold = holds.get(entry.payment)?.get(entry.hold);
        const placedAtMs = hold?.placedAtMs;
        if (!hold || placedAtMs === null || placedAtMs === undefined) return;
        attribution.record(
          { locked: (venue, asset, amount) => lock(venue, asset, amount, placedAtMs, entry.atMs) },
          hold.legs,
          entry.atMs - placedAtMs,
        );
      } else if (entry.type === 'done') holds.delete(entry.payment);
    },
    settled(plan, atMs) {
      for (const path of plan.paths) {
        for (const leg of path.legs) {
          const { used } = seriesOf(leg.venue, leg.assetIn);
          const index = bucketOf(atMs);
          used[index] = (used[index] ?? 0n) + leg.amountIn;
        }
      }
    },
    rows() {
      const rows: LiquidityRow[] = [];
      for (const key of [...series.keys()].sort()) {
        const [venue = '', asset = ''] = key.split('\u0000');
        const { used, lockedMs } = series.get(key)!;
        for (let index = 0; index < MAX_BUCKETS; index++) {
          const u = used[index] ?? 0n;
          const l = lockedMs[index] ?? 0n;
          if (u === 0n && l === 0n) continue;
          rows.push({
            venue,
            asset,
            bucket_start_ms: String(index * bucketMs),
            bucket_ms: String(bucketMs),
            used: String(u),
            locked_ms: String(l),
          });
        }
      }
      return rows;
    },
  };
}

function mergePairs(values: bigint[]): void {
  for (let index = 0; index < values.length; index++) {
    values[index] =
      index < values.length / 2 ? (values[2 * index] ?? 0n) + (values[2 * index + 1] ?? 0n) : 0n;
  }
}
