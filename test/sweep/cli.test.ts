// `corridor sweep` through the real binary: bad input exits 2 naming the flag or the field and
// writes nothing; a tiny sweep with 2 jobs writes one folder per run and a runs.csv whose rows
// are the runs' own summary.json figures; a second run skips every finished run; an emitted
// GNU parallel line runs one grid point.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const BIN = './bin/corridor.js';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-sweep-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function corridor(args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await exec(BIN, args);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

function parseCsv(text: string): Array<Record<string, string>> {
  // The sweep's cells hold no commas or quotes here (no JSON values on these axes).
  const [header, ...rows] = text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
  return rows.map((row) => Object.fromEntries(header!.map((column, i) => [column, row[i] ?? ''])));
}

/** Minor units as major units at scale 2, written out by hand. */
const major2 = (minor: string) => {
  const padded = minor.padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}`;
};

describe('corridor sweep: bad input', () => {
  const badFile = path.join(root, 'bad-sweep.yaml');
  fs.writeFileSync(badFile, 'strategies: [split]\nseeds: [1, x]\nbogus: 1\n');
  const cases: Array<{ args: string[]; says: RegExp[] }> = [
    { args: ['--strategy', 'cheapest,bogus'], says: [/--strategy: unknown strategy "bogus"/] },
    { args: ['--seed', '1,x'], says: [/--seed: expected an integer seed, got "x"/] },
    { args: ['--seed', '5-1'], says: [/--seed: range "5-1" runs backwards/] },
    {
      args: ['--liquidity-scale', '0'],
      says: [/--liquidity-scale: expected a decimal factor above 0/],
    },
    {
      args: ['--set', 'workload.nosuch.x=1'],
      says: [/--set workload\.nosuch\.x: no field "nosuch" here/],
    },
    {
      args: ['--set', 'workload.profiles.mixed.ratePerSecond=5,0'],
      says: [
        /--set: with workload\.profiles\.mixed\.ratePerSecond=0, the scenario is invalid: workload\.profiles\.mixed\.ratePerSecond: /,
      ],
    },
    { args: ['--set', 'novalue'], says: [/--set: expected PATH=VALUE/] },
    { args: ['--jobs', '0'], says: [/--jobs: expected a whole number/] },
    { args: ['--emit', 'pbs'], says: [/--emit: expected one of slurm, parallel/] },
    {
      args: ['--only-index', '3'],
      says: [/--only-index: expected a run index from 0 to 0, got 3/],
    },
    { args: ['--scenario', 'nope.yaml'], says: [/--scenario .*nope\.yaml: 1 problem/] },
    {
      args: [badFile],
      says: [
        /bad-sweep\.yaml: seeds\[1\]: expected an integer seed, got "x"/,
        /bad-sweep\.yaml: bogus: unknown field/,
      ],
    },
  ];
  for (const { args, says } of cases) {
    it(`refuses ${args.join(' ')}`, async () => {
      const out = path.join(root, `bad-${args.join('_').replace(/[^a-z0-9]/gi, '')}`);
      const result = await corridor(['sweep', ...args, '--out', out]);
      expect(result.code, result.out).toBe(2);
      for (const pattern of says) expect(result.out).toMatch(pattern);
      expect(fs.existsSync(out), 'nothing is written').toBe(false);
    });
  }
});

describe('corridor sweep: a tiny sweep end to end', () => {
  const out = path.join(root, 'tiny');
  const args = [
    'sweep',
    '--strategy',
    'cheapest,split',
    '--seed',
    '1-2',
    '--payments',
    '20',
    '--set',
    'workload.profiles.mixed.ratePerSecond=10',
    '--jobs',
    '2',
    '--out',
    out,
  ];

  it('writes one folder per run and runs.csv rows equal to each run summary.json', async () => {
    const result = await corridor(args);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/4 runs \(4 ran, 0 already finished\): ok 4/);
    const rows = parseCsv(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8'));
    expect(rows.map((row) => `${row.run} ${row.strategy} ${row.seed}`)).toEqual([
      '0 cheapest 1',
      '1 cheapest 2',
      '2 split 1',
      '3 split 2',
    ]);
    for (const row of rows) {
      const dir = path.join(out, row.dir!);
      const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
      const params = JSON.parse(fs.readFileSync(path.join(dir, 'params.json'), 'utf8'));
      expect([params.strategy, params.seed]).toEqual([row.strategy, Number(row.seed)]);
      expect(summary.strategies).toEqual([row.strategy]);
      expect(summary.seed).toBe(Number(row.seed));
      expect(row['workload.profiles.mixed.ratePerSecond']).toBe('10');
      expect(fs.readFileSync(path.join(dir, 'scenario.yaml'), 'utf8')).toMatch(
        /ratePerSecond: 10\n/,
      );
      expect(row.protocol).toBe('auto');
      expect(row.payments).toBe('20');
      expect(row.status).toBe('ok');
      expect(Number(row.settled)).toBe(summary.settled);
      expect(Number(row.failed)).toBe(summary.failed);
      expect(Number(row.mixed)).toBe(summary.mixed);
      expect(Number(row.success_ratio)).toBeCloseTo(summary.settled / summary.payments, 4);
      expect(Number(row.latency_p50_ms)).toBe(summary.latencyMs.p50);
      expect(Number(row.latency_p99_ms)).toBe(summary.latencyMs.p99);
      expect(Number(row.cost_p50_bps)).toBe(summary.costBps.p50);
      const delivered = Object.keys(row).filter((column) => column.startsWith('delivered_'));
      expect(delivered.length).toBeGreaterThan(0);
      for (const column of delivered) {
        const minor = summary.deliveredByAsset[column.slice('delivered_'.length)] ?? '0';
        expect(row[column], column).toBe(major2(minor));
      }
    }
    // groups.csv: one row per strategy, the mean of settled over the two seeds.
    const groups = parseCsv(fs.readFileSync(path.join(out, 'groups.csv'), 'utf8'));
    expect(groups.map((group) => `${group.strategy} ${group.runs} ${group.seeds}`)).toEqual([
      'cheapest 2 1 2',
      'split 2 1 2',
    ]);
    for (const group of groups) {
      const members = rows.filter((row) => row.strategy === group.strategy);
      const mean = (Number(members[0]!.settled) + Number(members[1]!.settled)) / 2;
      expect(Number(group.settled_mean)).toBeCloseTo(mean, 2);
    }
  }, 180_000);

  it('skips every finished run when run again, and reruns a run whose summary is gone', async () => {
    const rows = parseCsv(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8'));
    const summaryOf = (row: Record<string, string>) => path.join(out, row.dir!, 'summary.json');
    const before = rows.map((row) => fs.statSync(summaryOf(row)).mtimeMs);
    const again = await corridor(args);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/4 runs \(0 ran, 4 already finished\)/);
    expect(rows.map((row) => fs.statSync(summaryOf(row)).mtimeMs)).toEqual(before);

    fs.rmSync(summaryOf(rows[2]!));
    const resumed = await corridor(args);
    expect(resumed.out).toMatch(/4 runs \(1 ran, 3 already finished\)/);
    expect(fs.existsSync(summaryOf(rows[2]!))).toBe(true);
  }, 180_000);

  it('emits a GNU parallel command per run, and one such command runs its grid point', async () => {
    const emitted = await corridor([...args, '--emit', 'parallel']);
    expect(emitted.code, emitted.out).toBe(0);
    const lines = fs.readFileSync(path.join(out, 'sweep.parallel'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    lines.forEach((line, index) => expect(line).toMatch(new RegExp(`--only-index ${index} `)));

    const rows = parseCsv(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8'));
    const summary = path.join(out, rows[1]!.dir!, 'summary.json');
    fs.rmSync(summary);
    await exec('sh', ['-c', lines[1]!]);
    expect(JSON.parse(fs.readFileSync(summary, 'utf8')).seed).toBe(2);

    const slurm = await corridor([...args, '--emit', 'slurm']);
    expect(slurm.code, slurm.out).toBe(0);
    const script = fs.readFileSync(path.join(out, 'sweep.slurm'), 'utf8');
    expect(script).toMatch(/^#SBATCH --array=0-3%2$/m);
    expect(script).toMatch(/--only-index "\$SLURM_ARRAY_TASK_ID"/);
  }, 180_000);
});
