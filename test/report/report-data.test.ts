// The data every chart of a report is drawn from, checked against what the run wrote: a real
// mbridge-lite run (HTLC, 2PC and atomic payments), its summary.json and CSV files parsed here
// on their own, and the tables the report builds from them.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../router/report/build-report';
import type { Chart } from '../../router/report/chart';
import { costChart } from '../../router/report/charts/cost';
import { latencyCharts } from '../../router/report/charts/latency';
import { liquidityCharts } from '../../router/report/charts/liquidity';
import { outcomesChart } from '../../router/report/charts/outcomes';
import { scenarioMapChart } from '../../router/report/charts/scenario-map';
import { timelineChart } from '../../router/report/charts/timeline';
import { valueFlowChart } from '../../router/report/charts/value-flow';
import { readInputs } from '../../router/report/inputs';
import type { RunData } from '../../router/report/run-data';
import { createValuer } from '../../router/report/values';
import { recordsEvents } from '../../router/simulation/simulate';
import { type FixtureRun, runCsv, runFixture, tempDir } from './run-fixture';

const parent = tempDir('corridor-report-');
let fixture: FixtureRun;
let run: RunData;
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));
beforeAll(async () => {
  fixture = await runFixture(parent, 'cheapest');
  const inputs = await readInputs([fixture.dir]);
  run = inputs.runs[0]!;
}, 120_000);

/** The table's column `name`, one value per row. */
function column(chart: Chart, name: string): string[] {
  const index = chart.table.columns.indexOf(name);
  expect(index, `column ${name} of ${chart.id}`).toBeGreaterThanOrEqual(0);
  return chart.table.rows.map((row) => row[index]!);
}

describe('report data', () => {
  it('outcomes by corridor add up to the summary: payments, settled, mixed and every failure reason', () => {
    const chart = outcomesChart([run]);
    const total = chart.table.rows.find((row) => row[0] === 'total')!;
    const cell = (name: string) => total[chart.table.columns.indexOf(name)];
    const { summary } = fixture;
    expect(cell('payments')).toBe(String(summary.payments));
    expect(cell('settled')).toBe(String(summary.settled));
    expect(cell('mixed')).toBe(String(summary.mixed));
    expect(cell('failed')).toBe(String(summary.failed));
    for (const [reason, count] of Object.entries(summary.failureReasons))
      expect(cell(reason), reason).toBe(String(count));
    const perCorridor = chart.table.rows.filter((row) => row[0] !== 'total');
    const corridors = new Set(runCsv(fixture.dir, 'payments.csv').map((row) => row.corridor));
    expect(perCorridor.map((row) => row[0])).toEqual([...corridors].sort());
  });

  it('latency CDFs hold every settled payment, by protocol and by ledger count, with the summary percentiles', () => {
    const [byProtocol, byLedgers] = latencyCharts([run]);
    const { summary } = fixture;
    const protocols = column(byProtocol!, 'protocol');
    const settled = column(byProtocol!, 'settled');
    const p50 = column(byProtocol!, 'p50 ms');
    protocols.forEach((protocol, i) => {
      const group = summary.byProtocol[protocol]!;
      expect(settled[i], protocol).toBe(String(group.settled));
      // The summary's percentiles come from a histogram within 0.013 % below the exact value.
      expect(Number(p50[i])).toBeGreaterThanOrEqual(group.latencyMs.p50!);
      expect(Number(p50[i])).toBeLessThanOrEqual(group.latencyMs.p50! * 1.0002 + 1);
    });
    expect(protocols.length).toBeGreaterThanOrEqual(2);
    const counts = column(byLedgers!, 'settled');
    column(byLedgers!, 'number of ledgers').forEach((label, i) =>
      expect(counts[i], label).toBe(String(summary.byLedgerCount[label.split(' ')[0]!])),
    );
    // Each curve ends at 1: every settled payment is under it.
    for (const series of byProtocol!.option.series as Array<{ data: Array<[number, number]> }>)
      expect(series.data[series.data.length - 1]![1]).toBe(1);
  });

  it('cost boxes hold every settled payment of each strategy, quartiles in order', () => {
    const chart = costChart([run]);
    const n = column(chart, 'settled').reduce((sum, value) => sum + Number(value), 0);
    expect(n).toBe(fixture.summary.byStrategy.cheapest!.settled);
    for (const row of chart.table.rows) {
      const [min, q1, median, q3, max] = row.slice(-5).map(Number) as number[];
      expect(min! <= q1! && q1! <= median! && median! <= q3! && q3! <= max!).toBe(true);
    }
  });

  it('the value flow carries what settled payments sent, per payer asset, in payments.csv', () => {
    const sent = new Map<string, bigint>();
    for (const row of runCsv(fixture.dir, 'payments.csv'))
      if (row.outcome === 'settled')
        sent.set(row.payer_asset!, (sent.get(row.payer_asset!) ?? 0n) + BigInt(row.amount_in!));
    const flows = new Map<string, bigint>();
    for (const row of runCsv(fixture.dir, 'flows.csv'))
      flows.set(row.payer_asset!, (flows.get(row.payer_asset!) ?? 0n) + BigInt(row.amount_in!));
    expect(flows).toEqual(sent);
    const chart = valueFlowChart(run, 'flow');
    expect(chart.table.rows).toHaveLength(run.flows.length);
    // Sources of the Sankey send exactly the value the table lists.
    const series = (
      chart.option.series as Array<{ links: Array<{ source: string; value: number }> }>
    )[0]!;
    const fromSources = series.links
      .filter((link) => link.source.endsWith('(sent)'))
      .reduce((sum, link) => sum + link.value, 0);
    const tableValue = column(
      chart,
      chart.table.columns.find((name) => name.startsWith('value ('))!,
    ).reduce((sum, value) => sum + Number(value), 0);
    expect(Math.abs(fromSources - tableValue)).toBeLessThan(0.01 * chart.table.rows.length + 0.01);
  });

  it("liquidity over time adds up to the summary's liquidity used and locked per venue", () => {
    const used: Record<string, Record<string, string>> = {};
    const locked: Record<string, Record<string, string>> = {};
    const add = (table: typeof used, venue: string, asset: string, amount: string) => {
      const row = (table[venue] ??= {});
      row[asset] = String(BigInt(row[asset] ?? '0') + BigInt(amount));
    };
    for (const row of runCsv(fixture.dir, 'liquidity.csv')) {
      if (row.used !== '0') add(used, row.venue!, row.asset!, row.used!);
      if (row.locked_ms !== '0') add(locked, row.venue!, row.asset!, row.locked_ms!);
    }
    const nonZero = (table: Record<string, Record<string, string>>) =>
      Object.fromEntries(
        Object.entries(table)
          .map(
            ([venue, row]) =>
              [
                venue,
                Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '0')),
              ] as const,
          )
          .filter(([, row]) => Object.keys(row).length > 0),
      );
    expect(used).toEqual(nonZero(fixture.summary.liquidityUsedByVenue));
    expect(locked).toEqual(nonZero(fixture.summary.lockedLiquidityMsByVenue));
    const charts = liquidityCharts(run, 'liq');
    expect(charts.map((chart) => chart.id)).toEqual(['liq-used', 'liq-locked']);
    const valuer = createValuer(run.scenario);
    for (const [chart, totals] of [
      [charts[0]!, fixture.summary.liquidityUsedByVenue],
      [charts[1]!, fixture.summary.lockedLiquidityMsByVenue],
    ] as const) {
      // Every venue drawn moved something; its table row is the summary's total.
      for (const series of chart.option.series as Array<{
        name: string;
        data: Array<[number, number]>;
      }>)
        expect(
          series.data.some(([, value]) => value > 0),
          `${chart.id} ${series.name}`,
        ).toBe(true);
      for (const [venue, asset, total] of chart.table.rows) {
        const amount = BigInt(totals[venue!]![asset!]!);
        expect(total).toBe(
          chart.id === 'liq-used'
            ? valuer.money(asset!, amount)
            : `${valuer.money(asset!, amount / 1000n)} · s`,
        );
      }
    }
  });

  it('events.csv resolves every placed hold exactly once and ends every accepted attempt', () => {
    const events = runCsv(fixture.dir, 'events.csv');
    const placed = events.filter((row) => row.event === 'hold-placed').map((row) => row.hold);
    const resolved = events.filter((row) => row.event === 'resolved').map((row) => row.hold);
    expect(placed.length).toBeGreaterThan(0);
    expect(new Set(resolved).size).toBe(resolved.length);
    expect([...resolved].sort()).toEqual([...placed].sort());
    const accepted = new Set(
      events.filter((row) => row.event === 'accepted').map((row) => row.payment),
    );
    const done = events.filter((row) => row.event === 'done').map((row) => row.payment);
    expect(new Set(done)).toEqual(accepted);
    expect(
      events.every((row) => row.ledger !== '' || ['decision', 'done'].includes(row.event!)),
    ).toBe(true);
  });

  it('timelines show chosen payments lane by ledger, with a mark for every hold placed and resolved', () => {
    const payments = new Map(runCsv(fixture.dir, 'payments.csv').map((row) => [row.id!, row]));
    expect(run.timelines).not.toBeNull();
    const chosen = [...run.timelines!.entries()];
    expect(
      chosen.map(([id]) => `${payments.get(id)!.outcome} ${payments.get(id)!.protocol}`),
    ).toEqual(expect.arrayContaining(['settled htlc', 'settled 2pc']));
    for (const [id, events] of chosen) {
      const chart = timelineChart(id, events, 'tl', '')!;
      const lanes = (chart.option.yAxis as { data: string[] }).data;
      const ledgers = payments.get(id)!.ledgers!.split('|');
      expect(new Set(lanes), id).toEqual(
        new Set(events.filter((e) => e.event === 'accepted').map((e) => e.ledger)),
      );
      if (payments.get(id)!.outcome === 'settled' && payments.get(id)!.requotes === '0')
        expect([...lanes].sort()).toEqual(expect.arrayContaining([...new Set(ledgers)].sort()));
      const marks = (chart.option.series as Array<{ type: string; name: string; data: unknown[] }>)
        .filter((series) => series.type === 'scatter' && series.name !== 'expiry / deadline')
        .reduce((sum, series) => sum + series.data.length, 0);
      const steps = events.filter((e) =>
        ['hold-placed', 'hold-failed', 'resolved'].includes(e.event),
      ).length;
      const batches = events.filter(
        (e) =>
          e.event === 'done' &&
          e.protocol === '' &&
          !events.some((a) => a.payment === e.payment && a.event === 'accepted' && a.hold !== ''),
      ).length;
      expect(marks, id).toBe(steps + batches);
    }
  });

  it('the scenario map has every ledger, org and venue', () => {
    const chart = scenarioMapChart(run.scenario, 'map');
    const kinds = column(chart, 'kind');
    expect(kinds.filter((kind) => kind === 'org')).toHaveLength(run.scenario.orgs.length);
    expect(kinds.filter((kind) => kind === 'ledger')).toHaveLength(run.scenario.ledgers.length);
    expect(kinds.filter((kind) => kind === 'venue')).toHaveLength(run.scenario.venues.length);
  });

  it('the same inputs give byte-identical HTML, with chart-scoped ids that never repeat', async () => {
    const first = buildReport({ runs: [run], sweeps: [] });
    const again = buildReport(await readInputs([fixture.dir]));
    expect(again).toBe(first);
    const ids = [...first.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first).not.toMatch(/\bzr\d+-/);
    expect(first).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/);
  });

  it('events.csv is written up to 10,000 payments unless forced either way', async () => {
    expect(recordsEvents(10_000, undefined)).toBe(true);
    expect(recordsEvents(10_001, undefined)).toBe(false);
    expect(recordsEvents(10_001, true)).toBe(true);
    expect(recordsEvents(5, false)).toBe(false);
    const quiet = await runFixture(parent, 'fastest', { payments: 20, events: false });
    expect(fs.existsSync(path.join(quiet.dir, 'events.csv'))).toBe(false);
    const inputs = await readInputs([quiet.dir]);
    expect(inputs.runs[0]!.timelines).toBeNull();
    expect(buildReport(inputs)).toContain('No events.csv in');
  });
});
