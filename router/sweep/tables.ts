// The sweep's two tables. runs.csv: one header row, then one row per run in grid order —
// parameters first, then the run's status and headline figures. groups.csv: one row per
// parameter combination (every parameter but the seed), with each figure's mean over the seeds
// and the half-width of its 95% confidence interval (Student t), two decimals finer than the
// figure itself. Plain columns, so a spreadsheet, pandas or `corridor report` read them as is.
import fs from 'node:fs';
import { formatAmount } from '../../chaincode/src/core/amount';
import { csvField } from '../simulation/outputs';
import type { Headline, Metric } from './headline';
import type { RunParams } from './run-folder';
import { meanInterval } from './stats';

export type RunStatus = 'ok' | 'violations' | 'failed';

export interface RunRecord {
  index: number;
  /** Relative to the sweep folder. */
  dir: string;
  scenario: string;
  params: RunParams;
  status: RunStatus;
  headline: Headline | null;
}

/** Extra decimals of a mean over the decimals of the figure. */
const MEAN_EXTRA_DECIMALS = 2;

export function runsCsv(
  records: readonly RunRecord[],
  setPaths: readonly string[],
  metrics: readonly Metric[],
): string {
  const header = [
    'run',
    'dir',
    ...parameterColumns(setPaths, true),
    'status',
    ...metrics.map((metric) => metric.column),
  ];
  const rows = records.map((record) => [
    String(record.index),
    record.dir,
    ...parameterCells(record, setPaths, true),
    record.status,
    ...metrics.map((metric) => {
      const value = record.headline ? metric.value(record.headline) : null;
      return value === null ? '' : formatAmount(value, metric.scale);
    }),
  ]);
  return toCsv([header, ...rows]);
}

export function groupsCsv(
  records: readonly RunRecord[],
  setPaths: readonly string[],
  metrics: readonly Metric[],
): string {
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) {
    const key = parameterCells(record, setPaths, false).join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  const header = [
    ...parameterColumns(setPaths, false),
    'runs',
    'seeds',
    ...metrics.flatMap((metric) => [`${metric.column}_mean`, `${metric.column}_ci95`]),
  ];
  const rows = [...groups.values()].map((members) => {
    const finished = members.filter((member) => member.headline !== null);
    return [
      ...parameterCells(members[0]!, setPaths, false),
      String(finished.length),
      finished.map((member) => member.params.seed).join(' '),
      ...metrics.flatMap((metric) => {
        const values = finished
          .map((member) => metric.value(member.headline!))
          .filter((value): value is bigint => value !== null)
          .map((value) => value * 10n ** BigInt(MEAN_EXTRA_DECIMALS));
        if (values.length === 0) return ['', ''];
        const { mean, halfWidth } = meanInterval(values);
        const scale = metric.scale + MEAN_EXTRA_DECIMALS;
        return [
          formatAmount(mean, scale),
          halfWidth === null ? '' : formatAmount(halfWidth, scale),
        ];
      }),
    ];
  });
  return toCsv([header, ...rows]);
}

/** Writes through a temporary file, so a reader never sees half a table. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function parameterColumns(setPaths: readonly string[], withSeed: boolean): string[] {
  return [
    'scenario',
    'strategy',
    'protocol',
    ...(withSeed ? ['seed'] : []),
    'payments',
    'liquidity_scale',
    ...setPaths,
  ];
}

function parameterCells(
  { scenario, params }: RunRecord,
  setPaths: readonly string[],
  withSeed: boolean,
): string[] {
  return [
    scenario,
    params.strategy,
    params.protocol,
    ...(withSeed ? [String(params.seed)] : []),
    String(params.payments),
    params.liquidityScale,
    ...setPaths.map((path) => {
      const value = params.set[path];
      return typeof value === 'string' ? value : JSON.stringify(value);
    }),
  ];
}

function toCsv(rows: readonly string[][]): string {
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
