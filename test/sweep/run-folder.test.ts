// Resume: a run whose folder holds its own parameters and a summary of that very run is
// finished (skipped); anything else — no summary, a summary of another run, a half-written
// file, parameters that changed — runs again, and laying the folder out drops a stale summary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  finishedRun,
  prepareRunDir,
  runDirName,
  type RunParams,
} from '../../router/sweep/run-folder';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-run-folder-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const params: RunParams = {
  strategy: 'split',
  protocol: 'htlc',
  seed: 3,
  payments: 20,
  liquidityScale: '0.5',
  set: { 'workload.profiles.mixed.ratePerSecond': 10 },
  scenarioSha256: 'ab'.repeat(32),
  codeSha256: '12'.repeat(32),
};

/** A summary.json as `simulate` writes it, reduced to the fields a sweep reads. */
function summaryOf(run: RunParams, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    seed: run.seed,
    payments: run.payments,
    settled: 15,
    failed: 5,
    mixed: 0,
    strategies: [run.strategy],
    protocols: [run.protocol],
    latencyMs: { p50: 1200, p99: 3400.5 },
    costBps: { p50: 12.34, p99: 20 },
    deliveredByAsset: { 'hkd-harbour': '123456' },
    auditor: { conservationViolations: 0, atomicityViolations: 0, reserveShortfalls: 0 },
    ...overrides,
  });
}

function freshDir(name: string): string {
  const dir = path.join(root, name);
  prepareRunDir(dir, params, 'name: x\n');
  return dir;
}

describe('run folders and resume', () => {
  it('names a run by its parameters: readable, and different when any parameter differs', () => {
    expect(runDirName(params)).toMatch(/^runs\/split-htlc-seed3-[0-9a-f]{10}$/);
    expect(runDirName({ ...params })).toBe(runDirName(params));
    expect(runDirName({ ...params, liquidityScale: '1' })).not.toBe(runDirName(params));
    expect(
      runDirName({ ...params, set: { 'workload.profiles.mixed.ratePerSecond': 20 } }),
    ).not.toBe(runDirName(params));
  });

  it('skips a run whose summary of the same run exists', () => {
    const dir = freshDir('done');
    expect(finishedRun(dir, params)).toBeNull();
    fs.writeFileSync(path.join(dir, 'summary.json'), summaryOf(params));
    expect(finishedRun(dir, params)?.settled).toBe(15);
  });

  it('runs again when the summary is of another run, unreadable, or the parameters changed', () => {
    const other = freshDir('other-seed');
    fs.writeFileSync(path.join(other, 'summary.json'), summaryOf({ ...params, seed: 4 }));
    expect(finishedRun(other, params)).toBeNull();

    const half = freshDir('half-written');
    fs.writeFileSync(path.join(half, 'summary.json'), summaryOf(params).slice(0, 40));
    expect(finishedRun(half, params)).toBeNull();

    const changed = freshDir('changed');
    fs.writeFileSync(path.join(changed, 'summary.json'), summaryOf(params));
    expect(finishedRun(changed, { ...params, scenarioSha256: 'cd'.repeat(32) })).toBeNull();
  });

  it('runs again, in the same folder, when other code made the run', () => {
    const newer = { ...params, codeSha256: '34'.repeat(32) };
    expect(runDirName(newer)).toBe(runDirName(params));
    const dir = freshDir('recoded');
    fs.writeFileSync(path.join(dir, 'summary.json'), summaryOf(params));
    expect(finishedRun(dir, params)?.settled).toBe(15);
    expect(finishedRun(dir, newer)).toBeNull();
  });

  it('drops a stale summary when a run is laid out again, so a crash is never "finished"', () => {
    const dir = freshDir('stale');
    fs.writeFileSync(path.join(dir, 'summary.json'), summaryOf(params));
    prepareRunDir(dir, params, 'name: x\n');
    expect(fs.existsSync(path.join(dir, 'summary.json'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'scenario.yaml'), 'utf8')).toBe('name: x\n');
  });
});
