// Liquidity over time for a run's busiest venues (by value put through them): what settled
// payments used per time bucket, and the average amount holds kept locked in the bucket, both
// in the reference currency. Drawn from liquidity.csv; totals as in summary.json.
import type { LineSeriesOption } from 'echarts';
import { baseOption, type Chart } from '../chart';
import type { RunData } from '../run-data';
import { createValuer } from '../values';

const BUSIEST = 5;

export function liquidityCharts(run: RunData, idPrefix: string): Chart[] {
  const valuer = createValuer(run.scenario);
  const usedValue = new Map<string, number>();
  const lockedValue = new Map<string, number>();
  for (const row of run.liquidity) {
    usedValue.set(
      row.venue,
      (usedValue.get(row.venue) ?? 0) + valuer.value(row.asset, BigInt(row.used)),
    );
    lockedValue.set(
      row.venue,
      (lockedValue.get(row.venue) ?? 0) + valuer.value(row.asset, BigInt(row.locked_ms)),
    );
  }
  const busiest = [...usedValue.keys()]
    .sort(
      (a, b) =>
        (usedValue.get(b) ?? 0) - (usedValue.get(a) ?? 0) ||
        (lockedValue.get(b) ?? 0) - (lockedValue.get(a) ?? 0) ||
        a.localeCompare(b),
    )
    .slice(0, BUSIEST);
  const seriesOf = (measure: 'used' | 'locked'): LineSeriesOption[] =>
    busiest.map((venue) => {
      const byBucket = new Map<number, number>();
      for (const row of run.liquidity) {
        if (row.venue !== venue) continue;
        const start = Number(row.bucket_start_ms);
        const value =
          measure === 'used'
            ? valuer.value(row.asset, BigInt(row.used))
            : valuer.value(row.asset, BigInt(row.locked_ms) / BigInt(row.bucket_ms));
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
  const rows = new Map<string, { used: bigint; lockedMs: bigint }>();
  for (const row of run.liquidity) {
    if (!busiest.includes(row.venue)) continue;
    const key = `${row.venue}\u0000${row.asset}`;
    const total = rows.get(key) ?? { used: 0n, lockedMs: 0n };
    total.used += BigInt(row.used);
    total.lockedMs += BigInt(row.locked_ms);
    rows.set(key, total);
  }
  const table = {
    columns: ['venue', 'asset', 'used', 'locked × time'],
    rows: [...rows.keys()].sort().map((key) => {
      const [venue = '', asset = ''] = key.split('\u0000');
      const total = rows.get(key)!;
      return [
        venue,
        asset,
        valuer.money(asset, total.used),
        `${valuer.money(asset, total.lockedMs / 1000n)} · s`,
      ];
    }),
  };
  const suffix = run.label ? ` — ${run.label}` : '';
  const axes = (name: string) => ({
    xAxis: {
      type: 'value' as const,
      name: 'time since start (s)',
      nameLocation: 'middle' as const,
      nameGap: 30,
    },
    yAxis: { type: 'value' as const, name },
  });
  return [
    {
      id: `${idPrefix}-used`,
      title: `Liquidity used, busiest venues${suffix}`,
      caption: `Input settled payments put through each venue per time bucket, in ${valuer.currency} at mid-market.`,
      height: 360,
      option: baseOption({ ...axes(`used (${valuer.currency})`), series: seriesOf('used') }),
      table,
    },
    {
      id: `${idPrefix}-locked`,
      title: `Liquidity locked in holds, busiest venues${suffix}`,
      caption: `Average amount held through each venue over each time bucket, in ${valuer.currency} at mid-market.`,
      height: 360,
      option: baseOption({ ...axes(`locked (${valuer.currency})`), series: seriesOf('locked') }),
      table,
    },
  ];
}
