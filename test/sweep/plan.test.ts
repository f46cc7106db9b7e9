// Planning a sweep from a sweep file: every run's scenario derived (overrides, set values,
// liquidity scale) and validated before anything runs; values typed by the field they replace.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSweepSpec, type SweepSpec } from '../../router/sweep/spec';
import { planSweep } from '../../router/sweep/sweep';
import { readFileSync } from 'node:fs';

const MBRIDGE = path.resolve('scenarios/mbridge-lite.yaml');

function spec(raw: Record<string, unknown>): SweepSpec {
  const parsed = parseSweepSpec({ scenario: MBRIDGE, ...raw });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.spec;
}

describe('sweep planning', () => {
  it('plans the liquidity-split sweep file: 40 runs, one scenario per scale', () => {
    const file = parse(readFileSync('scenarios/sweeps/liquidity-split.yaml', 'utf8'));
    const planned = planSweep(
      spec({ ...file, scenario: path.resolve('scenarios/sweeps', file.scenario) }),
      '/nowhere',
    );
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
    const { runs } = planned.plan;
    expect(runs).toHaveLength(40);
    expect(new Set(runs.map((run) => run.params.scenarioSha256)).size).toBe(4);
    expect(new Set(runs.map((run) => run.dir)).size).toBe(40);
    const quarter = runs.find((run) => run.params.liquidityScale === '0.25')!.variant.scenario;
    expect(quarter.workload.defaultProfile).toBe('liquidity-constrained');
    const profile = quarter.workload.profiles['liquidity-constrained']!;
    expect(profile.maxCostBps).toBe(100);
    // orientfx's book pays HKD: 1,500,000,000.00 HKD × 0.25, in minor units.
    const book = quarter.accounts.find((account) => account.id === 'orientfx/book')!;
    expect(book.balances['hkd-cbdc']).toBe(37_500_000_000n);
  });

  it('keeps text for a text field and reads a number for a number field', () => {
    const planned = planSweep(
      spec({
        set: {
          'workload.profiles.mixed.ratePerSecond': ['5'],
          'venues[orientfx-cny-hkd].maxIn': ['5000000.00'],
        },
      }),
      '/nowhere',
    );
    if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
    const { scenario, text } = planned.plan.runs[0]!.variant;
    expect(scenario.workload.profiles.mixed!.ratePerSecond).toBe(5);
    expect(text).toMatch(/maxIn: "5000000\.00"/);
  });

  it('reports every value that breaks the scenario, naming the field', () => {
    const planned = planSweep(
      spec({ set: { 'workload.profiles.mixed.ratePerSecond': [5, -1, 'fast'] } }),
      '/nowhere',
    );
    expect(planned.ok).toBe(false);
    const messages = planned.ok ? [] : planned.problems.map((problem) => problem.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(
      /^with workload\.profiles\.mixed\.ratePerSecond=-1, the scenario is invalid: workload\.profiles\.mixed\.ratePerSecond: /,
    );
    expect(messages[1]).toMatch(
      /ratePerSecond=fast, the scenario is invalid: workload\.profiles\.mixed\.ratePerSecond: /,
    );
  });
});
