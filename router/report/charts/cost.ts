// Cost distributions of settled payments, in bps against mid-market: a box plot per corridor,
// one box per strategy (and per run when runs are compared).
import type { BoxplotSeriesOption } from 'echarts';
import { baseOption, type Chart, corridorAxis, seriesName } from '../chart';
import type { RunData } from '../run-data';
import { fiveNumbers } from '../stats';

export function costChart(runs: readonly RunData[]): Chart {
  const corridors = [
    ...new Set(runs.flatMap((run) => [...run.payments.costByCorridor.keys()])),
  ].sort();
  const series: BoxplotSeriesOption[] = [];
  const rows: string[][] = [];
  for (const run of runs) {
    const strategies = [
      ...new Set(
        [...run.payments.costByCorridor.values()].flatMap((byStrategy) => [...byStrategy.keys()]),
      ),
    ].sort();
    for (const strategy of strategies) {
      const costs = corridors.map(
        (corridor) => run.payments.costByCorridor.get(corridor)?.get(strategy) ?? [],
      );
      series.push({
        type: 'boxplot',
        name: seriesName(runs, run, strategy),
        data: costs.map((values) => (values.length === 0 ? [] : fiveNumbers(values))),
      });
      corridors.forEach((corridor, index) => {
        const values = costs[index] ?? [];
        if (values.length === 0) return;
        rows.push([
          ...(runs.length > 1 ? [run.label] : []),
          corridor,
          strategy,
          String(values.length),
          ...fiveNumbers(values).map((value) => value.toFixed(2)),
        ]);
      });
    }
  }
  return {
    id: 'cost',
    title: 'Cost by corridor and strategy',
    caption:
      'Cost of settled payments against mid-market rates (bps): min, quartiles and max per corridor and strategy.',
    height: 420,
    option: baseOption({
      xAxis: corridorAxis(corridors),
      yAxis: { type: 'value', name: 'cost (bps)' },
      series,
    }),
    table: {
      columns: [
        ...(runs.length > 1 ? ['run'] : []),
        'corridor',
        'strategy',
        'settled',
        'min',
        'q1',
        'median',
        'q3',
        'max',
      ],
      rows,
    },
  };
}
