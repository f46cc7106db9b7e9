// Outcomes and failure reasons by corridor: a stacked bar per corridor (one stack per run when
// runs are compared), settled and mixed first, then each failure reason.
import type { BarSeriesOption } from 'echarts';
import { baseOption, type Chart, corridorAxis } from '../chart';
import type { RunData } from '../run-data';

export function outcomesChart(runs: readonly RunData[]): Chart {
  const corridors = [
    ...new Set(runs.flatMap((run) => [...run.payments.outcomesByCorridor.keys()])),
  ].sort();
  const reasons = [
    ...new Set(
      runs.flatMap((run) =>
        [...run.payments.outcomesByCorridor.values()].flatMap((outcomes) => [
          ...outcomes.failures.keys(),
        ]),
      ),
    ),
  ].sort();
  const kinds = ['settled', 'mixed', ...reasons];
  const count = (run: RunData, corridor: string, kind: string): number => {
    const outcomes = run.payments.outcomesByCorridor.get(corridor);
    if (!outcomes) return 0;
    if (kind === 'settled') return outcomes.settled;
    if (kind === 'mixed') return outcomes.mixed;
    return outcomes.failures.get(kind) ?? 0;
  };
  const series: BarSeriesOption[] = runs.flatMap((run) =>
    kinds.map((kind) => ({
      type: 'bar' as const,
      name: kind,
      stack: run.label,
      data: corridors.map((corridor) => count(run, corridor, kind)),
    })),
  );
  const rows = runs.flatMap((run) => {
    const line = (corridor: string, values: (kind: string) => number, payments: number) => [
      ...(runs.length > 1 ? [run.label] : []),
      corridor,
      String(payments),
      ...kinds.map((kind) => String(values(kind))),
      String(payments - values('settled') - values('mixed')),
    ];
    const total = (kind: string) =>
      corridors.reduce((sum, corridor) => sum + count(run, corridor, kind), 0);
    return [
      ...corridors.map((corridor) =>
        line(
          corridor,
          (kind) => count(run, corridor, kind),
          run.payments.outcomesByCorridor.get(corridor)?.payments ?? 0,
        ),
      ),
      line('total', total, run.payments.payments),
    ];
  });
  return {
    id: 'outcomes',
    title: 'Outcomes and failure reasons by corridor',
    caption:
      runs.length > 1
        ? 'Payments per corridor by outcome; one bar per run (in the order listed), failures by reason.'
        : 'Payments per corridor by outcome; failures by reason.',
    height: 420,
    option: baseOption({
      xAxis: corridorAxis(corridors),
      yAxis: { type: 'value', name: 'payments' },
      series,
    }),
    table: {
      columns: [...(runs.length > 1 ? ['run'] : []), 'corridor', 'payments', ...kinds, 'failed'],
      rows,
    },
  };
}
