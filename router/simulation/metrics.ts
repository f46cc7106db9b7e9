// Aggregates of a run, updated once per finished payment and once per resolved hold. Nothing
// here grows with the number of payments: counters, bigint sums keyed by venue or asset, and
// fixed-resolution histograms for the percentiles. Latency and cost percentiles, delivered amounts
// and liquidity used count settled payments only; failures are counted by reason.
import { type BlockStats, CONFLICT_REASONS, type ConflictReason } from '../ledger/embedded';
import type { FailureReason } from '../settlement/failure-reason';
import { createHistogram, type Histogram } from './histogram';

/** Cost is recorded in hundredths of a basis point, so percentiles keep two decimals. */
const COST_SCALE = 100;
/**
 * Cost percentiles are kept within ±10^12 bps: a payment loses at most 10,000 bps, but a gain
 * (cost < 0) measured against a scenario's reference rates is unbounded when those rates are
 * far from the venues' (a valid, if odd, file). payments.csv keeps the exact figure.
 */
const COST_LIMIT_BPS = 1e12;

export type FinalOutcome = 'settled' | 'failed' | 'mixed';

export interface FinishedPayment {
  strategy: string;
  /** The protocol used, or null when the payment never reached settlement (grouped as "unsettled"). */
  protocol: string | null;
  outcome: FinalOutcome;
  reason: FailureReason | null;
  /** Times it was re-routed after a reverted attempt (router/settlement/requote.ts). */
  requotes: number;
  ledgerCount: number;
  latencyMs: number;
  costBps: number | null;
  payeeAsset: string;
  amountOut: bigint | null;
  /** Input per venue leg of the plan, counted as liquidity used when settled. */
  venueInputs: ReadonlyArray<{ venue: string; asset: string; amount: bigint }>;
}

interface Group {
  payments: number;
  settled: number;
  latency: Histogram;
  cost: Histogram;
}

export interface Percentiles {
  p50: number | null;
  p99: number | null;
}

export interface GroupSummary {
  payments: number;
  settled: number;
  failed: number;
  successRate: number;
  latencyMs: Percentiles;
  costBps: Percentiles;
}

export class RunMetrics {
  payments = 0;
  settled = 0;
  mixed = 0;
  private readonly requotes = { total: 0, payments: 0, settled: 0 };
  private readonly overall = newGroup();
  private readonly byProtocol = new Map<string, Group>();
  private readonly byStrategy = new Map<string, Group>();
  private readonly byLedgerCount = new Map<number, number>();
  private readonly failureReasons = new Map<string, number>();
  private readonly delivered = new Map<string, bigint>();
  private readonly liquidityUsed = new Map<string, Map<string, bigint>>();
  private readonly lockedLiquidity = new Map<string, Map<string, bigint>>();
  private firstArrivalMs: number | null = null;
  private lastEndMs = 0;

  arrived(atMs: number): void {
    this.firstArrivalMs ??= atMs;
  }

  finished(payment: FinishedPayment, atMs: number): void {
    this.payments++;
    this.lastEndMs = Math.max(this.lastEndMs, atMs);
    const groups = [
      this.overall,
      groupOf(this.byProtocol, payment.protocol ?? 'unsettled'),
      groupOf(this.byStrategy, payment.strategy),
    ];
    for (const group of groups) group.payments++;
    if (payment.outcome === 'mixed') this.mixed++;
    if (payment.requotes > 0) {
      this.requotes.total += payment.requotes;
      this.requotes.payments++;
      if (payment.outcome === 'settled') this.requotes.settled++;
    }
    if (payment.outcome !== 'settled') {
      const reason = payment.reason ?? 'Unresolved';
      this.failureReasons.set(reason, (this.failureReasons.get(reason) ?? 0) + 1);
      return;
    }
    this.settled++;
    this.byLedgerCount.set(
      payment.ledgerCount,
      (this.byLedgerCount.get(payment.ledgerCount) ?? 0) + 1,
    );
    for (const group of groups) {
      group.settled++;
      group.latency.record(payment.latencyMs);
      if (payment.costBps !== null) {
        const bounded = Math.max(-COST_LIMIT_BPS, Math.min(COST_LIMIT_BPS, payment.costBps));
        group.cost.record(Math.round(bounded * COST_SCALE));
      }
    }
    if (payment.amountOut !== null) {
      this.delivered.set(
        payment.payeeAsset,
        (this.delivered.get(payment.payeeAsset) ?? 0n) + payment.amountOut,
      );
    }
    for (const { venue, asset, amount } of payment.venueInputs)
      addTo(this.liquidityUsed, venue, asset, amount);
  }

  /** Liquidity kept in a hold through `key` (a pool, a dealer quote, an account) for `durationMs`. */
  locked(key: string, asset: string, amount: bigint, durationMs: number): void {
    addTo(this.lockedLiquidity, key, asset, amount * BigInt(durationMs));
  }

  summary() {
    const elapsedMs = this.firstArrivalMs === null ? 0 : this.lastEndMs - this.firstArrivalMs;
    return {
      payments: this.payments,
      settled: this.settled,
      failed: this.payments - this.settled,
      mixed: this.mixed,
      successRate: ratio(this.settled, this.payments),
      /** total re-routes; payments re-routed at least once, and how many of those settled. */
      requotes: { ...this.requotes },
      byLedgerCount: Object.fromEntries(
        [
          1,
          2,
          3,
          ...[...this.byLedgerCount.keys()].filter((count) => count > 3).sort((a, b) => a - b),
        ].map((count) => [String(count), this.byLedgerCount.get(count) ?? 0]),
      ),
      latencyMs: percentiles(this.overall.latency, 1),
      costBps: percentiles(this.overall.cost, COST_SCALE),
      throughputPerSecond: elapsedMs > 0 ? round((this.settled * 1000) / elapsedMs, 3) : 0,
      virtualDurationMs: elapsedMs,
      failureReasons: sortedRecord(this.failureReasons, (count) => count),
      byProtocol: sortedRecord(this.byProtocol, summarizeGroup),
      byStrategy: sortedRecord(this.byStrategy, summarizeGroup),
      deliveredByAsset: sortedRecord(this.delivered, String),
      liquidityUsedByVenue: nestedRecord(this.liquidityUsed),
      lockedLiquidityMsByVenue: nestedRecord(this.lockedLiquidity),
    };
  }
}

export interface InvalidationCounts {
  /** Transactions validated in a block. */
  transactions: number;
  invalidated: number;
  /** invalidated / transactions. */
  rate: number;
  byReason: Record<ConflictReason, number>;
}

/**
 * Transactions the ledgers invalidated at validation because a concurrent one changed what they
 * read: contention that emerged from the workload, apart from injected `mvcc` faults.
 */
export function invalidationSummary(stats: Record<string, BlockStats>) {
  const counts = (blocks: BlockStats[]): InvalidationCounts => {
    const byReason = Object.fromEntries(
      CONFLICT_REASONS.map((reason) => [
        reason,
        blocks.reduce((sum, ledger) => sum + ledger.invalidated[reason], 0),
      ]),
    ) as Record<ConflictReason, number>;
    const transactions = blocks.reduce((sum, ledger) => sum + ledger.transactions, 0);
    const invalidated = CONFLICT_REASONS.reduce((sum, reason) => sum + byReason[reason], 0);
    return { transactions, invalidated, rate: ratio(invalidated, transactions), byReason };
  };
  const ledgers = new Map(Object.entries(stats));
  return {
    ...counts([...ledgers.values()]),
    byLedger: sortedRecord(ledgers, (ledger) => ({ blocks: ledger.blocks, ...counts([ledger]) })),
  };
}

function newGroup(): Group {
  return { payments: 0, settled: 0, latency: createHistogram(), cost: createHistogram() };
}

function groupOf(groups: Map<string, Group>, key: string): Group {
  let group = groups.get(key);
  if (!group) {
    group = newGroup();
    groups.set(key, group);
  }
  return group;
}

function summarizeGroup(group: Group): GroupSummary {
  return {
    payments: group.payments,
    settled: group.settled,
    failed: group.payments - group.settled,
    successRate: ratio(group.settled, group.payments),
    latencyMs: percentiles(group.latency, 1),
    costBps: percentiles(group.cost, COST_SCALE),
  };
}

function percentiles(histogram: Histogram, scale: number): Percentiles {
  const at = (p: number): number | null => {
    const value = histogram.percentile(p);
    return value === null ? null : round(value / scale, 2);
  };
  return { p50: at(50), p99: at(99) };
}

function addTo(
  table: Map<string, Map<string, bigint>>,
  key: string,
  asset: string,
  amount: bigint,
): void {
  let row = table.get(key);
  if (!row) {
    row = new Map();
    table.set(key, row);
  }
  row.set(asset, (row.get(asset) ?? 0n) + amount);
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : round(part / whole, 6);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Keys in code-unit order, so the JSON is byte-stable. */
function sortedRecord<V, R>(map: ReadonlyMap<string, V>, view: (value: V) => R): Record<string, R> {
  return Object.fromEntries([...map.keys()].sort().map((key) => [key, view(map.get(key)!)]));
}

function nestedRecord(
  table: Map<string, Map<string, bigint>>,
): Record<string, Record<string, string>> {
  return sortedRecord(table, (row) => sortedRecord(row, String));
}
