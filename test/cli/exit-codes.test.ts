// One exit-code policy for every command, checked on the real binary: 0 success, 1 the run
// found a problem, 2 bad usage or bad input — and a bad input's message names what is wrong.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const out = mkdtempSync(path.join(os.tmpdir(), 'corridor-exit-'));
const nowhere = path.join(out, 'no-network-here');

/** `corridor route` on mbridge-lite from one endpoint to another, with any extra flags. */
const route = (from: string, to: string, amount: string, ...extra: string[]): string[] => [
  'route',
  ...['--scenario', 'scenarios/mbridge-lite.yaml', '--from', from, '--to', to, '--amount', amount],
  ...extra,
];

interface Case {
  args: string[];
  code: 0 | 1 | 2;
  /** Printed on stdout or stderr. */
  says: RegExp;
}

const CASES: Case[] = [
  { args: ['nosuch'], code: 2, says: /unknown command 'nosuch'/ },
  { args: ['simulate', '--bogus'], code: 2, says: /unknown option '--bogus'/ },
  { args: ['simulate', '--payments', '0'], code: 2, says: /--payments: expected a whole number/ },
  {
    args: ['simulate', '--payments', '20', '--no-progress', '--out', path.join(out, 'run')],
    code: 0,
    says: /auditor: .* -> clean/,
  },
  {
    args: ['simulate', '--backend', 'fabric', '--runtime', nowhere, '--payments', '1'],
    code: 2,
    says: /corridor network up/,
  },
  { args: ['simulate', '--out', 'README.md'], code: 2, says: /--out: README\.md is a file/ },
  {
    args: ['route', '--scenario', 'nope.yaml', '--from', 'a/b:c', '--to', 'd/e:f', '--amount', '1'],
    code: 2,
    says: /--scenario nope\.yaml: 1 problem/,
  },
  {
    args: route('dragontrade/ops:cny-jade', 'kowloonretail/wallet:hkdx', ' 100'),
    code: 2,
    says: /--amount: expected a decimal without spaces/,
  },
  {
    // Well-formed, but no such account in the scenario: bad input, not a routing finding.
    args: route('nobody/ops:cny-jade', 'kowloonretail/wallet:hkdx', '100'),
    code: 2,
    says: /--from: account "nobody\/ops" is not declared/,
  },
  ...[
    // A Sunday in Bangkok: the only THB mint is closed, so no route (a finding, exit 1).
    { at: '2026-03-01T03:00:00Z', code: 1 as const, says: /VenueClosed: no open route/ },
    { at: 'tomorrow', code: 2 as const, says: /--at: expected an ISO 8601 time/ },
  ].map(({ at, code, says }) => ({
    args: route('dragontrade/ops:cny-jade', 'chaophraya/ops:thb-siam', '100000', '--at', at),
    code,
    says,
  })),
  {
    args: ['props', '--suite', 'nope'],
    code: 2,
    says: /--suite: expected ledger, cross-ledger, all/,
  },
  { args: ['recover', '--journal', nowhere], code: 2, says: /--journal: no journal file/ },
  { args: ['scenario', 'validate', 'scenarios/mbridge-lite.yaml'], code: 0, says: /^ok/ },
  {
    args: [
      'scenario',
      'generate',
      '--venues',
      '40',
      '--seed',
      '2',
      '--out',
      path.join(out, 'g.yaml'),
    ],
    code: 0,
    says: /g\.yaml: generated-2: .* venues/,
  },
  {
    args: ['scenario', 'generate', '--venues', '4', '--out', path.join(out, 'g.yaml')],
    code: 2,
    says: /--venues: expected an integer from 30/,
  },
  {
    args: ['scenario', 'validate', 'test/scenario/fixtures/duplicate-ids.yaml'],
    code: 2,
    says: /orgs\[6\]\.id: duplicate org id "bank"/,
  },
  { args: ['scenario'], code: 2, says: /Usage: corridor scenario/ },
  { args: ['props', '--runs', '0'], code: 2, says: /--runs: expected a positive integer/ },
  {
    args: ['props', '--only', 'codec-roundtrip', '--runs', '5'],
    code: 0,
    says: /1 passed, 0 failed/,
  },
  {
    args: ['props', '--only', 'ledger-model', '--seed', '1', '--path', 'x'],
    code: 2,
    says: /--path: expected a replay path/,
  },
  {
    args: ['network', 'status', '--runtime', nowhere],
    code: 2,
    says: /no network at .*corridor network up/,
  },
  { args: ['network', 'stop', 'peer0.x', '--runtime', nowhere], code: 2, says: /no network at/ },
  {
    args: ['network', 'up', '--base-port', '80'],
    code: 2,
    says: /--base-port: expected an integer from 1024/,
  },
  {
    args: ['network', 'up', '--scenario', 'nope.yaml'],
    code: 2,
    says: /--scenario nope\.yaml: 1 problem/,
  },
];

async function corridor(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/corridor.js', ...args], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: `${stdout}${stderr}` };
  }
}

describe('exit codes', () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(CASES)('corridor $args.0 … → $code', async ({ args, code, says }) => {
    const result = await corridor(args);
    expect(result.code, `corridor ${args.join(' ')}\n${result.output}`).toBe(code);
    expect(result.output).toMatch(says);
  });
});
