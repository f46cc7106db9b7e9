// One pass over payments.csv: what the latency, cost and outcome charts are drawn from, and the
// payments whose settlement timelines the report shows. Settled payments only in latency and
// cost (as in summary.json); outcomes count every payment.
import type { PaymentRow } from '../simulation/outputs';

export interface CorridorOutcomes {
  payments: number;
  settled: number;
  mixed: number;
  /** Failed (reverted or never settled) payments by reason. */
  failures: Map<string, number>;
}

export interface PaymentStats {
  payments: number;
  settled: number;
  /** Settled latencies in ms, sorted, by protocol and by number of ledgers. */
  latencyByProtocol: Map<string, number[]>;
  latencyByLedgerCount: Map<string, number[]>;
  /** Settled costs in bps, sorted, by corridor then strategy. */
  costByCorridor: Map<string, Map<string, number[]>>;
  outcomesByCorridor: Map<string, CorridorOutcomes>;
  /** Settled amount_in by payer asset, minor units. */
  sentByAsset: Map<string, bigint>;
  /** Payments worth a timeline: the first settled one per protocol, the first reverted and mixed one. */
  chosen: string[];
}

const MAX_CHOSEN = 5;

export function createPaymentStats() {
  const stats: PaymentStats = {
    payments: 0,
    settled: 0,
    latencyByProtocol: new Map(),
    latencyByLedgerCount: new Map(),
    costByCorridor: new Map(),
    outcomesByCorridor: new Map(),
    sentByAsset: new Map(),
    chosen: [],
  };
  const chosenKinds = new Set<string>();
  const choose = (kind: string, id: string): void => {
    if (chosenKinds.has(kind) || stats.chosen.length >= MAX_CHOSEN) return;
    chosenKinds.add(kind);
    stats.chosen.push(id);
  };
  return {
    add(row: PaymentRow): void {
      stats.payments++;
      const outcomes = getOr(stats.outcomesByCorridor, row.corridor, () => ({
        payments: 0,
        settled: 0,
        mixed: 0,
        failures: new Map<string, number>(),
      }));
      outcomes.payments++;
      if (row.outcome === 'mixed') {
        outcomes.mixed++;
        choose('mixed', row.id);
      }
      if (row.outcome === 'failed') {
        const reason = row.failure_reason || 'Unknown';
        outcomes.failures.set(reason, (outcomes.failures.get(reason) ?? 0) + 1);
        // A failure after settlement began has holds to show.
        if (row.protocol === 'htlc' || row.protocol === '2pc')
          choose(`failed ${row.protocol}`, row.id);
      }
      if (row.outcome !== 'settled') return;
      stats.settled++;
      outcomes.settled++;
      choose(`settled ${row.protocol}`, row.id);
      const latencyMs = Number(row.latency_ms);
      getOr(stats.latencyByProtocol, row.protocol, () => []).push(latencyMs);
      getOr(stats.latencyByLedgerCount, row.ledger_count, () => []).push(latencyMs);
      if (row.cost_bps !== '') {
        const byStrategy = getOr(stats.costByCorridor, row.corridor, () => new Map());
        getOr(byStrategy, row.strategy, () => []).push(Number(row.cost_bps));
      }
      stats.sentByAsset.set(
        row.payer_asset,
        (stats.sentByAsset.get(row.payer_asset) ?? 0n) + BigInt(row.amount_in || '0'),
      );
    },
    result(): PaymentStats {
      const byNumber = (a: number, b: number): number => a - b;
      for (const values of stats.latencyByProtocol.values()) values.sort(byNumber);
      for (const values of stats.latencyByLedgerCount.values()) values.sort(byNumber);
      for (const byStrategy of stats.costByCorridor.values())
        for (const values of byStrategy.values()) values.sort(byNumber);
      return stats;
    },
  };
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
