// Latency CDFs of settled payments: by protocol, and by the number of ledgers a payment crossed.
// Comparing runs overlays their curves.
import type { LineSeriesOption } from 'echarts';
import { baseOption, type Chart, seriesName } from '../chart';
import type { RunData } from '../run-data';
import { cdfPoints, percentile } from '../stats';

type Grouping = 'protocol' | 'ledgers';

export function latencyCharts(runs: readonly RunData[]): Chart[] {
  return [latencyChart(runs, 'protocol'), latencyChart(runs, 'ledgers')];
}

function latencyChart(runs: readonly RunData[], grouping: Grouping): Chart {
  const groupsOf = (run: RunData): Map<string, number[]> =>
    grouping === 'protocol' ? run.payments.latencyByProtocol : run.payments.latencyByLedgerCount;
  const label = (group: string): string =>
    grouping === 'protocol' ? group : `${group} ledger${group === '1' ? '' : 's'}`;
  const series: LineSeriesOption[] = [];
  const rows: string[][] = [];
  for (const run of runs) {
    const groups = groupsOf(run);
    for (const group of [...groups.keys()].sort()) {
      const latencies = groups.get(group) ?? [];
      series.push({
        type: 'line',
        name: seriesName(runs, run, label(group)),
        step: 'end',
        showSymbol: false,
        data: cdfPoints(latencies),
      });
      const at = (p: number) => String(percentile(latencies, p) ?? '-');
      rows.push([
        ...(runs.length > 1 ? [run.label] : []),
        label(group),
        String(latencies.length),
        at(50),
        at(90),
        at(99),
        String(latencies[latencies.length - 1] ?? '-'),
      ]);
    }
  }
  const by = grouping === 'protocol' ? 'protocol' : 'number of ledgers';
  return {
    id: `latency-by-${grouping}`,
    title: `Latency by ${by}`,
    caption: `Share of settled payments settled within a latency (ms from arrival to the end), by ${by}.`,
    height: 380,
    option: baseOption({
      xAxis: { type: 'value', name: 'latency (ms)', nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', name: 'share settled', min: 0, max: 1 },
      series,
    }),
    table: {
      columns: [
        ...(runs.length > 1 ? ['run'] : []),
        by,
        'settled',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
      ],
      rows,
    },
  };
}
