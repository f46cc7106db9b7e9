// Liquidity over time for a run's busiest venues: what settled payments put through each venue
// per time bucket (the five venues that carried the most value), and the average amount holds
// kept locked through each venue in the bucket (the five that locked the most), both in the
// reference currency. Drawn from liquidity.csv; the tables' totals are summary.json's. A
// measure nothing was recorded for (no holds in an atomic-only run) has no chart.
import type { LineSeriesOption } from 'echarts';
import type { LiquidityRow } from '../../simulation/liquidity-series';
import { baseOption, type Chart } from '../chart';
import type { RunData } from '../run-data';
import { createValuer, type Valuer } from '../values';

const BUSIEST = 5;

type Measure = 'used' | 'locked';

const TEXT: Record<Measure, { title: string; caption: string; total: string }> = {
  used: {
    title: 'Liquidity used, busiest venues',
    caption: 'Input settled payments put through each venue per time bucket',
    total: 'used',
  },
  locked: {
    title: 'Liquidity locked in holds, busiest venues',
    caption: 'Average amount held through each venue over each time bucket',
    total: 'locked × time',
  },
};

export function liquidityCharts(run: RunData, idPrefix: string): Chart[] {
  const valuer = createValuer(run.scenario);
  return (['used', 'locked'] as const).flatMap((measure) => {
    const chart = liquidityChart(run, valuer, measure, `${idPrefix}-${measure}`);
    return chart ? [chart] : [];
  });
}

/** The measure's amount in a row, minor units (locked: amount × ms). */
function amountOf(row: LiquidityRow, measure: Measure): bigint {
  return BigInt(measure === 'used' ? row.used : row.locked_ms);
}

function liquidityChart(run: RunData, valuer: Valuer, measure: Measure, id: string): Chart | null {
  const totalValue = new Map<string, number>();
  for (const row of run.liquidity) {
    const amount = amountOf(row, measure);
    if (amount > 0n)
      totalValue.set(row.venue, (totalValue.get(row.venue) ?? 0) + valuer.value(row.asset, amount));
  }
  if (totalValue.size === 0) return null;
  const busiest = [...totalValue.keys()]
    .sort((a, b) => totalValue.get(b)! - totalValue.get(a)! || a.localeCompare(b))
    .slice(0, BUSIEST);
  const series: LineSeriesOption[] = busiest.map((venue) => {
    const byBucket = new Map<number, number>();
    for (const row of run.liquidity) {
      if (row.venue !== venue) continue;
      const start = Number(row.bucket_start_ms);
      const amount = amountOf(row, measure);
      // Locked: amount × ms over the bucket's length is the average amount held in it.
      const value = valuer.value(
        row.asset,
        measure === 'used' ? amount : amount / BigInt(row.bucket_ms),
      );
      byBucket.set(start, (byBucket.get(start) ?? 0) + value);
    }
    return {
      type: 'line',
      name: venue,
      step: 'start',
      showSymbol: false,
      data: [...byBucket.keys()]
        .sort((a, b) => a - b)
        .map((start) => [start / 1000, Math.round((byBucket.get(start) ?? 0) * 100) / 100]),
    };
  });
  const totals = new Map<string, bigint>();
  for (const row of run.liquidity) {
    if (!busiest.includes(row.venue)) continue;
    const key = `${row.venue}\u0000${row.asset}`;
    totals.set(key, (totals.get(key) ?? 0n) + amountOf(row, measure));
  }
  const text = TEXT[measure];
  return {
    id,
    title: `${text.title}${run.label ? ` — ${run.label}` : ''}`,
    caption: `${text.caption}, in ${valuer.currency} at mid-market.`,
    height: 360,
    option: baseOption({
      xAxis: { type: 'value', name: 'time since start (s)', nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', name: `${measure} (${valuer.currency})` },
      series,
    }),
    table: {
      columns: ['venue', 'asset', text.total],
      rows: [...totals.keys()].sort().map((key) => {
        const [venue = '', asset = ''] = key.split('\u0000');
        const total = totals.get(key)!;
        return [
          venue,
          asset,
          measure === 'used'
            ? valuer.money(asset, total)
            : `${valuer.money(asset, total / 1000n)} · s`,
        ];
      }),
    },
  };
}
