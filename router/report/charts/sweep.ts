// A sweep's runs.csv as plots: each numeric metric against each swept parameter, the mean over
// the runs sharing a value with its 95 % confidence interval. Where the table carries its own
// interval (`<metric>_ci_low` / `<metric>_ci_high`, one row per value) that one is drawn.
// Parameters are the columns between `dir` and `status` (corridor sweep's layout), the seed
// excepted; without that layout, the non-numeric columns and the numeric ones whose few values
// repeat, unless they carry an interval (a metric).
import type { LineSeriesOption } from 'echarts';
import { baseOption, type Chart } from '../chart';
import { meanCi, round } from '../stats';

export interface SweepTable {
  dir: string;
  columns: string[];
  rows: Record<string, string>[];
}

const FEW_VALUES = 12;
const NOT_PARAMETERS = new Set(['run', 'dir', 'status', 'seed']);

const isNumber = (text: string): boolean => text.trim() !== '' && Number.isFinite(Number(text));

export function sweepColumns(table: SweepTable): { parameters: string[]; metrics: string[] } {
  const { columns, rows } = table;
  const distinct = (column: string) => new Set(rows.map((row) => row[column] ?? '')).size;
  const numeric = (column: string) =>
    rows.every((row) => (row[column] ?? '') === '' || isNumber(row[column]!)) &&
    rows.some((row) => isNumber(row[column] ?? ''));
  const interval = (column: string) => /_ci_(low|high)$/.test(column);
  const statusAt = columns.indexOf('status');
  const candidates =
    statusAt >= 0
      ? columns.slice(0, statusAt)
      : columns.filter(
          (column) =>
            !interval(column) &&
            (!numeric(column) ||
              (!columns.includes(`${column}_ci_low`) &&
                distinct(column) <= FEW_VALUES &&
                distinct(column) < rows.length)),
        );
  const parameters = candidates.filter(
    (column) => !NOT_PARAMETERS.has(column) && distinct(column) > 1,
  );
  const metrics = columns.filter(
    (column, index) =>
      (statusAt < 0 || index > statusAt) &&
      !candidates.includes(column) &&
      !NOT_PARAMETERS.has(column) &&
      !interval(column) &&
      numeric(column),
  );
  return { parameters, metrics };
}

export function sweepCharts(table: SweepTable, idPrefix: string): Chart[] {
  const { parameters, metrics } = sweepColumns(table);
  const rows = table.rows.filter((row) => (row.status ?? 'ok') !== 'failed');
  const charts: Chart[] = [];
  for (const parameter of parameters) {
    const values = [...new Set(rows.map((row) => row[parameter] ?? ''))];
    values.sort((a, b) =>
      isNumber(a) && isNumber(b) ? Number(a) - Number(b) : a.localeCompare(b),
    );
    for (const metric of metrics) {
      const points = values.map((value) => {
        const group = rows.filter((row) => row[parameter] === value);
        const own = group.length === 1 ? ownInterval(group[0]!, metric) : null;
        const figures = group
          .map((row) => row[metric] ?? '')
          .filter(isNumber)
          .map(Number);
        return { value, ...(own ?? meanCi(figures)) };
      });
      const line = (
        name: string,
        pick: (point: (typeof points)[number]) => number,
        dashed: boolean,
      ): LineSeriesOption => ({
        type: 'line',
        name,
        data: points.map((point) => round(pick(point), 6)),
        ...(dashed
          ? { lineStyle: { type: 'dashed' as const, width: 1 }, symbol: 'none' }
          : { symbolSize: 8 }),
      });
      charts.push({
        id: `${idPrefix}-${metric}-by-${parameter}`.replace(/[^a-zA-Z0-9_-]/g, '_'),
        title: `${metric} by ${parameter}`,
        caption: `Mean of ${metric} over the runs at each ${parameter}, with its 95 % confidence interval (${table.dir}).`,
        height: 300,
        option: baseOption({
          xAxis: {
            type: 'category',
            data: values,
            name: parameter,
            nameLocation: 'middle',
            nameGap: 30,
          },
          yAxis: { type: 'value', name: metric, scale: true },
          series: [
            line('mean', (p) => p.mean, false),
            line('95% CI low', (p) => p.low, true),
            line('95% CI high', (p) => p.high, true),
          ],
        }),
        table: {
          columns: [parameter, 'runs', `${metric} mean`, 'CI low', 'CI high'],
          rows: points.map((point) => [
            point.value,
            String(point.n),
            String(round(point.mean, 6)),
            String(round(point.low, 6)),
            String(round(point.high, 6)),
          ]),
        },
      });
    }
  }
  return charts;
}

function ownInterval(row: Record<string, string>, metric: string) {
  const [value, low, high] = [row[metric], row[`${metric}_ci_low`], row[`${metric}_ci_high`]];
  if (!value || !low || !high || !isNumber(value) || !isNumber(low) || !isNumber(high)) return null;
  return { mean: Number(value), low: Number(low), high: Number(high), n: 1 };
}
