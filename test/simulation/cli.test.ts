// `corridor simulate`: bad flags, scenarios, fault specs and networks are refused with a message
// naming the culprit, exit code 2, and nothing written; a good run writes both files.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { register } from '../../router/cli/simulate';
import { CHAIN_SCENARIO } from '../../router/props/chain-world';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let dir: string;
let out: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-cli-'));
  out = path.join(dir, 'out');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `corridor simulate` through the real entry point, as a separate Node process. */
function simulateBinary(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'router/cli/main.ts'), 'simulate', ...args],
    { cwd: ROOT, encoding: 'utf8' },
  );
}

/** Runs the command in-process; resolves to the exit code and what went to stderr. */
async function simulateCli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const program = new Command().exitOverride().configureOutput({
    writeErr: (text) => (stderr += text),
    writeOut: () => {},
  });
  register(program);
  try {
    await program.parseAsync([
      'node',
      'corridor',
      'simulate',
      '--out',
      out,
      '--no-progress',
      ...args,
    ]);
    return { code: 0, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { code: error.exitCode, stderr };
    throw error;
  }
}

describe('corridor simulate refuses bad input before anything runs', () => {
  it.each([
    [['--payments', '0'], /--payments: expected a whole number/],
    [['--payments', '12abc'], /--payments: expected a whole number/],
    [['--payments', '99999999999'], /--payments: expected a whole number from 1 to 10000000/],
    [['--seed', '1.5'], /--seed: expected an integer, got "1.5"/],
    [
      ['--strategy', 'cheapest,quickest'],
      /--strategy: unknown strategy "quickest" \(known: cheapest/,
    ],
    [
      ['--protocol', 'htlc,3pc'],
      /--protocol: unknown protocol "3pc" \(known: auto, atomic, htlc, 2pc\)/,
    ],
    [['--backend', 'postgres'], /--backend: expected embedded or fabric, got "postgres"/],
    [['--runtime', '/tmp'], /--runtime: only with --backend fabric/],
    [['--backend', 'fabric', '--runtime', ' '], /--runtime: expected a directory/],
    [['--rate', '0'], /--rate: expected payments per second above 0/],
    [['--rate', '-2'], /--rate: expected payments per second above 0/],
    [['--rate', '2/s'], /--rate: expected payments per second above 0 .*got "2\/s"/],
    [['--rate', '1e3'], /--rate: expected payments per second/],
    [['--rate', '2000000'], /--rate: expected payments per second above 0 and up to 1000000/],
    [['--scenario', 'no/such/file.yaml'], /--scenario no\/such\/file.yaml: 1 problem/],
    [['--profile', 'weekend'], /--profile: unknown profile "weekend" \(known: mixed, micro\)/],
    [['--faults', 'mvcc:p=2'], /--faults: "mvcc:p=2": p: expected a probability/],
    [['--faults', 'node-down:ledger=atlantis:from=1s:for=1s'], /ledger: unknown ledger "atlantis"/],
    [['--paymnts', '5'], /unknown option '--paymnts'/],
  ])('%j', async (args, message) => {
    const { code, stderr } = await simulateCli(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('corridor simulate --backend fabric refuses a network it cannot use', () => {
  const fabric = (...args: string[]) =>
    simulateCli('--scenario', CHAIN_SCENARIO, '--backend', 'fabric', ...args);

  it('exits 2 with how to bring one up when no network is at --runtime', async () => {
    const { code, stderr } = await fabric('--runtime', path.join(dir, 'no-network'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--backend fabric: no Fabric network at .*run `corridor network up`/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 when the network was generated from another scenario', async () => {
    const runtime = path.join(dir, 'runtime');
    fs.mkdirSync(runtime);
    fs.writeFileSync(
      path.join(runtime, 'connection.json'),
      JSON.stringify({
        version: 1,
        network: 'mbridge-lite',
        chaincode: 'corridor',
        peers: {},
        orgs: {},
        ledgers: {},
      }),
    );
    const { code, stderr } = await fabric('--runtime', runtime);
    expect(code).toBe(2);
    expect(stderr).toMatch(/generated from scenario "mbridge-lite", not "chain"/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('exits 2 naming an injected fault that only the embedded ledger has', async () => {
    const { code, stderr } = await fabric(
      '--runtime',
      path.join(dir, 'no-network'),
      '--faults',
      'crash:step=decision:at=0.5:restart=1s,delay:p=0.1:ms=200',
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/--faults: delay faults are injected into the embedded ledger only/);
  });
});

describe('corridor simulate end to end', () => {
  it('runs through the real binary entry: a clean run exits 0 and writes both files', () => {
    const run = ['--scenario', CHAIN_SCENARIO, '--payments', '20', '--seed', '3', '--json'];
    const result = simulateBinary(...run, '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ scenario: 'chain', payments: 20, seed: 3 });
    expect(result.stderr).toMatch(/wall time .* payments\/s/);
    expect(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).toBe(
      `${JSON.stringify(summary, null, 2)}\n`,
    );
    expect(fs.readFileSync(path.join(out, 'payments.csv'), 'utf8').split('\n')[0]).toBe(
      'id,corridor,ledger_count,ledgers,strategy,protocol,outcome,failure_reason,payer,payer_asset,amount_in,payee,payee_asset,amount_out,cost_bps,latency_ms,requotes',
    );
  });

  it('exits 2 from the real binary for --backend fabric with no network up', () => {
    const runtime = path.join(dir, 'no-network');
    const result = simulateBinary('--backend', 'fabric', '--runtime', runtime, '--out', out);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/no Fabric network at .*: run `corridor network up` first/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('records an overridden arrival rate in the summary', async () => {
    const { code } = await simulateCli(
      '--scenario',
      CHAIN_SCENARIO,
      '--payments',
      '5',
      '--rate',
      '0.5',
      '--json',
    );
    expect(code).toBe(0);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ backend: 'embedded', ratePerSecond: 0.5, payments: 5 });
  });
});
