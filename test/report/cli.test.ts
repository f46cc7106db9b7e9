// `corridor report`, `simulate --report` and `route --html` through the real entry point: bad
// input exits 2 naming the argument or field and writes nothing; good input writes the page.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corridorCli, type FixtureRun, ROOT, ROUTE_ARGS, runFixture, tempDir } from './run-fixture';

const parent = tempDir('corridor-report-cli-');
let run: FixtureRun;
beforeAll(async () => {
  run = await runFixture(parent, 'cheapest', { payments: 40 });
}, 120_000);
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }));

const corridor = corridorCli;

/** A copy of the run folder with `change` applied. */
function brokenCopy(name: string, change: (dir: string) => void): string {
  const dir = path.join(parent, name);
  fs.cpSync(run.dir, dir, { recursive: true });
  change(dir);
  return dir;
}

describe('corridor report: bad input', () => {
  it('refuses a folder that is not a run, naming it, and writes nothing', () => {
    const missing = path.join(parent, 'nothing-here');
    const result = corridor('report', missing, '--out', path.join(parent, 'a.html'));
    expect(result.code).toBe(2);
    expect(result.output).toContain(`RUN_DIR ${missing}: not a directory`);
    expect(fs.existsSync(path.join(parent, 'a.html'))).toBe(false);
  });

  it('refuses a summary without a field it needs, naming the field', () => {
    const dir = brokenCopy('no-auditor', (copy) => {
      const file = path.join(copy, 'summary.json');
      const summary = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      delete summary.auditor;
      fs.writeFileSync(file, JSON.stringify(summary));
    });
    const result = corridor('report', dir);
    expect(result.code).toBe(2);
    expect(result.output).toContain('field "auditor" must be a object');
    expect(fs.existsSync(path.join(dir, 'report.html'))).toBe(false);
  });

  it('refuses a run without payments.csv, and a payments.csv with a short row', () => {
    const noPayments = brokenCopy('no-payments', (copy) =>
      fs.rmSync(path.join(copy, 'payments.csv')),
    );
    expect(corridor('report', noPayments).output).toContain('no payments.csv');
    const shortRow = brokenCopy('short-row', (copy) =>
      fs.appendFileSync(path.join(copy, 'payments.csv'), 'x,y\n'),
    );
    const result = corridor('report', shortRow);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/payments\.csv:\d+: expected \d+ fields, found 2/);
    expect(fs.existsSync(path.join(shortRow, 'report.html'))).toBe(false);
  });

  it("refuses a scenario file of another scenario than the run's, and a non-HTML --out", () => {
    const dir = brokenCopy('no-scenario', (copy) => fs.rmSync(path.join(copy, 'scenario.yaml')));
    const other = path.join(ROOT, 'scenarios/micropayments.yaml');
    const result = corridor('report', dir, '--scenario', other);
    expect(result.code).toBe(2);
    expect(result.output).toContain('is scenario "micropayments", but RUN_DIR');
    const out = corridor('report', run.dir, '--out', path.join(parent, 'report.txt'));
    expect(out.code).toBe(2);
    expect(out.output).toContain('--out: expected a file ending in .html');
  });
});

describe('pages written', () => {
  it('report writes one HTML file for a run', () => {
    const result = corridor('report', run.dir);
    expect(result.code).toBe(0);
    expect(fs.readFileSync(path.join(run.dir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('simulate --report writes report.html beside summary.json; --no-events writes no events.csv', () => {
    const out = path.join(parent, 'sim');
    const result = corridor(
      'simulate',
      '--payments',
      '30',
      '--no-progress',
      '--no-events',
      '--report',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(out, 'report.html'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'events.csv'))).toBe(false);
  });

  it('route --html writes the plan page, and refuses a non-HTML file before routing', () => {
    const page = path.join(parent, 'route.html');
    const args = ROUTE_ARGS;
    expect(corridor(...args, '--html', page).code).toBe(0);
    expect(fs.readFileSync(page, 'utf8')).toContain('data-chart="route-legs"');
    const bad = corridor(...args, '--html', path.join(parent, 'route.png'));
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('--html: expected a file ending in .html');
  });
});
