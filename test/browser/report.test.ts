// The report and the route page in a real browser: Debian's Chromium, headless, driven by
// playwright-core. Each page opens from disk with no console error and no failed request,
// every chart is drawn, the tables hold the summary's totals, a comparison of two strategies
// on the same seed shows both, and the downloads give an SVG and a PNG. Screenshots go to
// test-artifacts/. Without /usr/bin/chromium the suite skips with the reason, unless
// CORRIDOR_REQUIRE_BROWSER=1 (CI), where that is a failure.
import fs from 'node:fs';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  corridorCli,
  type FixtureRun,
  ROOT,
  ROUTE_ARGS,
  runFixture,
  tempDir,
} from '../report/run-fixture';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CORRIDOR_REQUIRE_BROWSER === '1')
  throw new Error(`browser suite required (CORRIDOR_REQUIRE_BROWSER=1) but ${CHROMIUM} is missing`);

function corridor(...args: string[]): void {
  const result = corridorCli(...args);
  if (result.code !== 0)
    throw new Error(`corridor ${args.join(' ')}: exit ${result.code}\n${result.output}`);
}

const parent = tempDir('corridor-browser-');
let context: BrowserContext;
let cheapest: FixtureRun;
let split: FixtureRun;
const pages = { report: '', comparison: '', route: '' };

beforeAll(async () => {
  if (!available) return;
  cheapest = await runFixture(parent, 'cheapest', { payments: 200, seed: 5 });
  split = await runFixture(parent, 'split', { payments: 200, seed: 5 });
  pages.report = path.join(cheapest.dir, 'report.html');
  pages.comparison = path.join(parent, 'comparison.html');
  pages.route = path.join(parent, 'route.html');
  corridor('report', cheapest.dir);
  corridor('report', cheapest.dir, split.dir, '--out', pages.comparison);
  corridor(...ROUTE_ARGS, '--protocol', 'htlc', '--html', pages.route);
  context = await chromium.launchPersistentContext(tempDir('corridor-chromium-'), {
    executablePath: CHROMIUM,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
  fs.rmSync(parent, { recursive: true, force: true });
});

/** Opens a page from disk, recording every console error, page error and failed request. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on(
    'console',
    (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`),
  );
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, problems };
}

/**
 * Every chart has a table with rows, and an SVG of real size with something drawn: a series mark (a bar, a symbol, a
 * node) or a line spanning the plot in both directions (axes and grid lines are flat).
 */
async function expectChartsDrawn(page: Page): Promise<number> {
  const charts = await page.$$eval('figure.chart', (figures) =>
    figures.map((figure) => {
      const svg = figure.querySelector('.plot svg');
      const box = svg?.getBoundingClientRect();
      return {
        id: figure.getAttribute('data-chart'),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        tableRows: figure.querySelectorAll('table tbody tr').length,
        marks:
          (svg?.querySelectorAll('[ecmeta_ssr_type="chart"]').length ?? 0) +
          [...(svg?.querySelectorAll('path') ?? [])].filter((path) => {
            const { width, height } = path.getBoundingClientRect();
            return width > 30 && height > 30;
          }).length,
      };
    }),
  );
  expect(charts.length).toBeGreaterThan(0);
  for (const chart of charts) {
    expect(chart.width, chart.id).toBeGreaterThan(300);
    expect(chart.height, chart.id).toBeGreaterThan(100);
    expect(chart.marks, `${chart.id} draws nothing`).toBeGreaterThan(0);
    expect(chart.tableRows, `${chart.id} has an empty table`).toBeGreaterThan(0);
  }
  return charts.length;
}

async function tableRows(page: Page, table: string): Promise<string[][]> {
  return page.$$eval(`table[data-table="${table}"] tbody tr`, (rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
}

async function headers(page: Page, table: string): Promise<string[]> {
  return page.$$eval(`table[data-table="${table}"] thead th`, (cells) =>
    cells.map((cell) => cell.textContent ?? ''),
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

describe.skipIf(!available)(
  `reports in Chromium${available ? '' : ` (skipped: no ${CHROMIUM}; apt-get install chromium)`}`,
  () => {
    it('the run report opens cleanly, draws every chart and tables the summary totals', async () => {
      const { page, problems } = await open(pages.report);
      const count = await expectChartsDrawn(page);
      expect(count).toBeGreaterThanOrEqual(9);
      for (const id of [
        'r0-value-flow',
        'latency-by-protocol',
        'latency-by-ledgers',
        'cost',
        'outcomes',
        'r0-liquidity-used',
        'r0-liquidity-locked',
        'scenario-0',
        'r0-timeline-0',
      ])
        expect(await page.locator(`figure[data-chart="${id}"]`).count(), id).toBe(1);
      const { summary } = cheapest;
      const columns = await headers(page, 'summary');
      const [row] = await tableRows(page, 'summary');
      const cell = (name: string) => row![columns.indexOf(name)];
      expect([cell('payments'), cell('settled'), cell('failed'), cell('mixed')]).toEqual(
        [summary.payments, summary.settled, summary.failed, summary.mixed].map(String),
      );
      const outcomeColumns = await headers(page, 'outcomes');
      const total = (await tableRows(page, 'outcomes')).find((cells) => cells[0] === 'total')!;
      expect(total[outcomeColumns.indexOf('payments')]).toBe(String(summary.payments));
      expect(total[outcomeColumns.indexOf('settled')]).toBe(String(summary.settled));
      const [auditor] = await tableRows(page, 'auditor-0');
      expect(auditor).toEqual(
        [
          summary.auditor.conservationViolations,
          summary.auditor.atomicityViolations,
          summary.auditor.reserveShortfalls,
          summary.auditor.paymentsAudited,
        ].map(String),
      );
      expect(await page.locator('.verdict-clean').count()).toBe(1);

      const figure = page.locator('figure[data-chart="outcomes"]');
      const [svgDownload] = await Promise.all([
        page.waitForEvent('download'),
        figure.locator('button[data-download="svg"]').click(),
      ]);
      expect(svgDownload.suggestedFilename()).toBe('outcomes.svg');
      expect(fs.readFileSync((await svgDownload.path())!, 'utf8')).toMatch(/^<svg/);
      const [pngDownload] = await Promise.all([
        page.waitForEvent('download'),
        figure.locator('button[data-download="png"]').click(),
      ]);
      expect(pngDownload.suggestedFilename()).toBe('outcomes.png');
      expect(
        fs
          .readFileSync((await pngDownload.path())!)
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');

      await screenshot(page, 'report.png');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('a comparison of two strategies on the same seed shows both, overlaid', async () => {
      const { page, problems } = await open(pages.comparison);
      await expectChartsDrawn(page);
      const rows = await tableRows(page, 'summary');
      expect(rows.map((cells) => cells[0])).toEqual(['cheapest', 'split']);
      expect(rows.map((cells) => cells[2])).toEqual(['5', '5']);
      expect(rows.map((cells) => cells[5])).toEqual([
        String(cheapest.summary.payments),
        String(split.summary.payments),
      ]);
      expect(rows.map((cells) => cells[6])).toEqual([
        String(cheapest.summary.settled),
        String(split.summary.settled),
      ]);
      const legend = await page
        .locator('figure[data-chart="latency-by-protocol"] svg')
        .textContent();
      expect(legend).toContain('cheapest · ');
      expect(legend).toContain('split · ');
      expect(await page.locator('figure[data-chart="r1-value-flow"]').count()).toBe(1);
      await screenshot(page, 'comparison.png');
      expect(problems).toEqual([]);
      await page.close();
    });

    it('the route page draws the legs across ledgers and the protocol steps in order', async () => {
      const { page, problems } = await open(pages.route);
      expect(await expectChartsDrawn(page)).toBe(2);
      const steps = await tableRows(page, 'route-steps');
      expect(steps.map((cells) => cells[2]!.split(' ')[0])).toEqual([
        ...Array(steps.length / 2).fill('place'),
        ...Array(steps.length / 2).fill('claim'),
      ]);
      const legs = await tableRows(page, 'route-legs');
      expect(legs.length).toBeGreaterThan(1);
      expect(await page.locator('ol.steps li').count()).toBe(steps.length);
      await screenshot(page, 'route.png');
      expect(problems).toEqual([]);
      await page.close();
    });
  },
);
