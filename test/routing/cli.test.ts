// The `route` and `scenario validate` commands, run in-process: readable and JSON plans, and bad
// flags rejected with an error naming the flag (exit code 2) before anything runs.
import { Command, CommanderError } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register as registerRoute } from '../../router/cli/route';
import { register as registerScenario } from '../../router/cli/scenario';

interface Run {
  stdout: string;
  stderr: string;
  exitCode: number;
}

async function run(...args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation(
    (...parts: unknown[]) => void out.push(parts.join(' ')),
  );
  vi.spyOn(console, 'error').mockImplementation(
    (...parts: unknown[]) => void err.push(parts.join(' ')),
  );
  const program = new Command().exitOverride().configureOutput({
    writeOut: (text) => void out.push(text),
    writeErr: (text) => void err.push(text),
  });
  registerRoute(program);
  registerScenario(program);
  process.exitCode = undefined;
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'corridor', ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    exitCode = error.exitCode;
  } finally {
    process.exitCode = undefined;
  }
  return { stdout: out.join('\n'), stderr: err.join('\n'), exitCode };
}

afterEach(() => vi.restoreAllMocks());

const SCENARIO = ['--scenario', 'scenarios/mbridge-lite.yaml'];
const CORRIDOR = ['--from', 'dragontrade/ops:cny-jade', '--to', 'victoriaships/ops:hkd-harbour'];

describe('corridor route', () => {
  it('prints a readable plan with legs, steps, totals, cost and latency', async () => {
    const result = await run('route', ...SCENARIO, ...CORRIDOR, '--amount', '1000000.00');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('sends     1,000,000.00 cny-jade');
    expect(result.stdout).toMatch(/cost\s+\d+\.\d\d bps against mid-market/);
    expect(result.stdout).toContain('orientfx-cny-hkd');
    expect(result.stdout).toContain('signed by dragontrade');
    expect(result.stdout).toMatch(/protocol htlc · 2 ledgers \(deposit, cbdc\) · expected latency/);
  });

  /** 60M CNY between central-bank reserves: more than the dealers take, so a deep-pool plan. */
  const POOL_PAYMENT = [
    ...SCENARIO,
    '--from',
    'jadebank/reserve:cny-cbdc',
    '--to',
    'peakbank/reserve:hkd-cbdc',
    '--amount',
    '60000000.00',
  ];

  it("honours the profile's cost cap and --max-cost-bps, naming the best cost found", async () => {
    const payment = POOL_PAYMENT;
    const capped = await run('route', ...payment);
    expect(capped.exitCode).toBe(1);
    expect(capped.stderr).toMatch(
      /no plan: CostLimitExceeded: .*the best plan found costs 1698\.59 bps, above the cap of 150 bps \(cost cap 150 bps, profile mixed\)/,
    );
    const flagged = await run('route', ...payment, '--max-cost-bps', '1000');
    expect(flagged.stderr).toContain(
      'above the cap of 1000 bps (cost cap 1000 bps, --max-cost-bps)',
    );
    const split = await run('route', ...payment, '--strategy', 'split', '--max-cost-bps', '1000');
    expect(split.exitCode).toBe(0);
    expect(split.stdout).toMatch(/cost\s+\d+\.\d+ bps/);
    const bad = await run('route', ...payment, '--max-cost-bps', '-3');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--max-cost-bps: expected an integer from 0 to 10000, got "-3"');
    const unknown = await run('route', ...payment, '--profile', 'nope');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('--profile: unknown profile "nope"');
  });

  it('shows guaranteed and expected output on AMM legs, with the tolerance used', async () => {
    // A 1,700 bps pool plan: above the default profile's cap, shown here for its AMM legs.
    const pool = [...POOL_PAYMENT, '--max-cost-bps', '10000'];
    const byDefault = await run('route', ...pool);
    expect(byDefault.exitCode).toBe(0);
    expect(byDefault.stdout).toMatch(/delivers\s+54,540,254\.28 hkd-cbdc guaranteed/);
    expect(byDefault.stdout).toMatch(/expected\s+54,704,367\.39 hkd-cbdc/);
    expect(byDefault.stdout).toContain('tolerance 30 bps on AMM legs');
    expect(byDefault.stdout).toContain('(min out 54,540,254.28 hkd-cbdc)');
    const wider = await run('route', ...pool, '--slippage-bps', '100', '--json');
    const parsed = JSON.parse(wider.stdout) as {
      plan: { amountOut: string; expectedAmountOut: string; slippageToleranceBps: number };
    };
    expect(parsed.plan.slippageToleranceBps).toBe(100);
    expect(parsed.plan.expectedAmountOut).toBe('5470436739');
    // floor(5,470,436,739 × 9,900 / 10,000)
    expect(parsed.plan.amountOut).toBe('5415732371');
  });

  it('prints JSON with amounts as strings of minor units', async () => {
    const result = await run(
      'route',
      ...SCENARIO,
      ...CORRIDOR,
      '--amount',
      '1000.00',
      '--json',
      '--strategy',
      'fastest',
    );
    const parsed = JSON.parse(result.stdout) as {
      ok: boolean;
      plan: { amountIn: string; strategy: string; steps: unknown[] };
    };
    expect(parsed.ok).toBe(true);
    expect(parsed.plan.amountIn).toBe('100000');
    expect(parsed.plan.strategy).toBe('fastest');
    expect(parsed.plan.steps.length).toBeGreaterThan(1);
  });

  it('rejects bad flags with exit code 2, naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--amount', '10.001'], /--amount: "10.001" has 3 decimal places/],
      [['--amount', '-5'], /--amount: expected a positive decimal/],
      [['--amount', '10', '--strategy', 'best'], /--strategy: unknown strategy "best"/],
      [
        ['--amount', '10', '--protocol', 'paxos'],
        /--protocol: expected one of auto, atomic, htlc, 2pc/,
      ],
      [['--amount', '10', '--seed', '1.5'], /--seed: expected an integer/],
      [['--amount', '10', '--max-hops', '0'], /--max-hops: expected an integer from 1 to 12/],
      [
        ['--amount', '10', '--slippage-bps', '1001'],
        /--slippage-bps: expected an integer from 0 to 1000/,
      ],
      [['--amount', '10', '--slippage-bps', '0.5'], /--slippage-bps: expected an integer/],
      [['--amount', '10', '--backend', 'oracle'], /--backend: expected embedded or fabric/],
      [['--amount', '10', '--runtime', '/tmp'], /--runtime: only with --backend fabric/],
      [
        ['--amount', '10', '--backend', 'fabric', '--runtime', '/nonexistent/corridor-runtime'],
        /--backend fabric: no Fabric network at \/nonexistent\/corridor-runtime .*run `corridor network up`/,
      ],
      [['--amount', '10', '--frobnicate'], /unknown option '--frobnicate'/],
    ];
    for (const [flags, message] of cases) {
      const result = await run('route', ...SCENARIO, ...CORRIDOR, ...flags);
      expect(result.exitCode, flags.join(' ')).toBe(2);
      expect(result.stderr, flags.join(' ')).toMatch(message);
      expect(result.stdout).toBe('');
    }
    const endpoint = await run(
      'route',
      ...SCENARIO,
      '--from',
      'dragontrade-ops',
      '--to',
      'victoriaships/ops:hkd-harbour',
      '--amount',
      '1',
    );
    expect(endpoint.stderr).toMatch(/--from: expected ORG\/ACCOUNT:ASSET/);
    const unknown = await run(
      'route',
      ...SCENARIO,
      '--from',
      'dragontrade/ops:cny-jade',
      '--to',
      'victoriaships/ops:usd',
      '--amount',
      '1',
    );
    expect(unknown.stderr).toMatch(/--to: unknown asset "usd"/);
    expect(unknown.exitCode).toBe(2);
  });

  it('exits 1 with the reason when no plan exists', async () => {
    const result = await run(
      'route',
      ...SCENARIO,
      '--from',
      'kowloonretail/wallet:hkdx',
      '--to',
      'dunesenergy/ops:aed-falcon',
      '--amount',
      '10',
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^no plan: PolicyViolation: payment hkdx → aed-falcon is in the forbidden corridor/,
    );
  });
});

describe('corridor scenario validate', () => {
  it('prints ok and a summary for a valid file', async () => {
    const result = await run('scenario', 'validate', 'scenarios/mbridge-lite.yaml');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^ok\nmbridge-lite: 19 orgs, 3 ledgers, 10 assets, \d+ accounts, 26 venues/,
    );
  });

  it('lists every problem with its path and exits 2 (bad input)', async () => {
    const result = await run('scenario', 'validate', 'test/scenario/fixtures/duplicate-ids.yaml');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('3 problems');
    expect(result.stderr).toContain('orgs[6].id: duplicate org id "bank"');
    const json = await run(
      'scenario',
      'validate',
      'test/scenario/fixtures/duplicate-ids.yaml',
      '--json',
    );
    expect((JSON.parse(json.stdout) as { problems: unknown[] }).problems).toHaveLength(3);
  });
});
