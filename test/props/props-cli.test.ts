import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineProperty } from '../../router/props/property';
import { PROPERTIES } from '../../router/props/registry';
import { formatOutcome, runProperties } from '../../router/props/runner';

function corridor(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'router/cli/main.ts', 'props', ...args],
    { encoding: 'utf8' },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

// Deliberately false: every n >= 10 is a counterexample; fast-check shrinks it to exactly 10.
const alwaysFails = defineProperty('below-ten', 'a property that is false', () =>
  fc.property(fc.nat(), (n) => n < 10),
);

describe('property runner', () => {
  it('reports a failure with the shrunk counterexample and a replay command', async () => {
    const [outcome] = await runProperties([alwaysFails], { numRuns: 200, seed: 42 });
    expect(outcome?.passed).toBe(false);
    expect(outcome?.counterexample).toBe('[10]');
    const report = formatOutcome(outcome!);
    expect(report).toMatch(/^FAIL below-ten/);
    expect(report).toContain(
      `replay: corridor props --only below-ten --seed 42 --path ${outcome!.path}`,
    );
  });

  it('replays a failure straight from its seed and path', async () => {
    const [first] = await runProperties([alwaysFails], { numRuns: 200, seed: 7 });
    const [replayed] = await runProperties([alwaysFails], {
      numRuns: 200,
      seed: 7,
      path: first!.path,
    });
    expect(replayed?.counterexample).toBe(first?.counterexample);
    expect(replayed?.runs).toBe(1);
  });

  it('has one uniquely named entry per property', () => {
    const names = PROPERTIES.map((property) => property.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('corridor props', () => {
  it('prints one line per property and the summary last', () => {
    const run = corridor('--only', 'codec-roundtrip', '--runs', '20', '--seed', '3');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^PASS codec-roundtrip\s+20 runs/);
    expect(lines.at(-1)).toBe('1 passed, 0 failed');
  });

  it('exits 2 with --backend fabric and no network, saying how to bring one up', () => {
    const runtime = mkdtempSync(path.join(tmpdir(), 'corridor-no-network-'));
    const run = corridor('--backend', 'fabric', '--runtime', runtime);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`no Fabric network at ${runtime}`);
    expect(run.stderr).toContain('corridor network up');
    expect(run.stdout).toBe('');
  });

  it('exits 2 when the network has no props channel, naming the channels it has', () => {
    const runtime = mkdtempSync(path.join(tmpdir(), 'corridor-other-network-'));
    writeFileSync(
      path.join(runtime, 'connection.json'),
      JSON.stringify({
        version: 1,
        network: 'mbridge',
        chaincode: 'corridor',
        peers: {},
        orgs: {},
        ledgers: { cbdc: { channel: 'cbdc', members: ['cb'], peers: [], gatewayPeer: {} } },
      }),
    );
    const run = corridor('--backend', 'fabric', '--runtime', runtime);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('has no channel "props" (its channels: cbdc)');
    expect(run.stdout).toBe('');
  });

  it.each([
    [['--runs', '0'], '--runs'],
    [['--runs', '1.5'], '--runs'],
    [['--seed', 'abc'], '--seed'],
    [['--only', 'nope'], '--only'],
    [['--path', '1:2'], '--path'],
    [['--runtime', '/tmp'], '--runtime'],
    [['--backend', 'besu'], '--backend'],
  ])('rejects %j naming the flag, running nothing', (args, flag) => {
    const run = corridor(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(flag);
    expect(run.stdout).toBe('');
  });
});
