// A sweep's runs.csv as plots: which columns are parameters and which are metrics (corridor
// sweep's layout and a plain table), and the mean with its 95 % interval at each value, computed
// here by hand; a table's own interval columns are drawn as given.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../router/report/build-report';
import { sweepCharts, sweepColumns, type SweepTable } from '../../router/report/charts/sweep';
import { readInputs } from '../../router/report/inputs';
import { tempDir } from './run-fixture';

const parent = tempDir('corridor-sweep-report-');
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

const RUNS_CSV = `run,dir,scenario,strategy,protocol,seed,payments,liquidity_scale,status,success_ratio,latency_p50_ms
0,runs/0,mbridge-lite,cheapest,auto,1,100,1,ok,0.5,100
1,runs/1,mbridge-lite,cheapest,auto,2,100,1,ok,0.6,110
2,runs/2,mbridge-lite,cheapest,auto,3,100,1,ok,0.7,120
3,runs/3,mbridge-lite,split,auto,1,100,1,ok,0.8,130
4,runs/4,mbridge-lite,split,auto,2,100,1,ok,0.8,130
5,runs/5,mbridge-lite,split,auto,3,100,1,failed,,
`;

function table(text: string): SweepTable {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header!.split(',');
  return {
    dir: 'sweep',
    columns,
    rows: lines.map((line) =>
      Object.fromEntries(line.split(',').map((value, i) => [columns[i]!, value])),
    ),
  };
}

describe('sweep plots', () => {
  it('takes the swept columns between dir and status as parameters, the seed excepted, and the numeric columns after status as metrics', () => {
    expect(sweepColumns(table(RUNS_CSV))).toEqual({
      parameters: ['strategy'],
      metrics: ['success_ratio', 'latency_p50_ms'],
    });
  });

  it('plots the mean over the seeds with its Student-t 95% interval, failed runs left out', () => {
    const chart = sweepCharts(table(RUNS_CSV), 's').find(
      (c) => c.id === 's-success_ratio-by-strategy',
    )!;
    const [cheapest, split] = chart.table.rows;
    // cheapest: 0.5, 0.6, 0.7 → mean 0.6, s = 0.1, half-width t(2) · s / √3 = 4.303 · 0.1 / 1.732.
    const half = (4.303 * 0.1) / Math.sqrt(3);
    expect(cheapest!.slice(0, 2)).toEqual(['cheapest', '3']);
    expect(Number(cheapest![2])).toBeCloseTo(0.6, 9);
    expect(Number(cheapest![3])).toBeCloseTo(0.6 - half, 5);
    expect(Number(cheapest![4])).toBeCloseTo(0.6 + half, 5);
    // split: two finished runs at 0.8 → a zero-width interval.
    expect(split).toEqual(['split', '2', '0.8', '0.8', '0.8']);
  });

  it("draws a table's own interval columns where each value has one row", () => {
    const own = table(`strategy,success_ratio,success_ratio_ci_low,success_ratio_ci_high
cheapest,0.6,0.5,0.7
split,0.8,0.75,0.85
`);
    expect(sweepColumns(own)).toEqual({ parameters: ['strategy'], metrics: ['success_ratio'] });
    const [chart] = sweepCharts(own, 'own');
    expect(chart!.table.rows).toEqual([
      ['cheapest', '1', '0.6', '0.5', '0.7'],
      ['split', '1', '0.8', '0.75', '0.85'],
    ]);
  });

  it('a sweep folder without run folders still gives a report of its runs.csv', async () => {
    const dir = path.join(parent, 'sweep');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'runs.csv'), RUNS_CSV);
    const inputs = await readInputs([dir]);
    expect(inputs.runs).toEqual([]);
    const html = buildReport(inputs);
    expect(html).toContain('data-chart="sweep0-latency_p50_ms-by-strategy"');
  });
});
