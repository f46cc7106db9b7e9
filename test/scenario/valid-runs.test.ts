// If a scenario validates, a run on it must not crash: generated scenarios of random sizes,
// then random leaves of the file replaced by other values of the same type (amounts, rates,
// fees, times, counts — edge values included). Whatever validates is simulated for 50 payments
// on the embedded ledger; it may settle nothing, but it must finish and the auditor must run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateScenarioFile } from '../../router/scenario/generate';
import { validateScenario } from '../../router/scenario/load';
import { simulate } from '../../router/simulation/simulate';
import { fcOptions } from '../simulation/fc-options';

const out = mkdtempSync(path.join(os.tmpdir(), 'corridor-valid-runs-'));

type Leaf = { path: Array<string | number>; value: string | number | boolean };

function leaves(value: unknown, at: Array<string | number> = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...at, index]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...at, key]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return [{ path: at, value }];
  return [];
}

function setIn(root: unknown, at: Array<string | number>, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
}

/** Another value of the leaf's type: numbers at the edges, decimals of every shape. */
const replacement = (leaf: Leaf): fc.Arbitrary<unknown> => {
  if (typeof leaf.value === 'number')
    return fc.oneof(
      fc.constantFrom(0, 1, -1, 0.5, 1e-7, 1e9, 2 ** 53),
      fc.integer({ min: 0, max: 1e6 }),
    );
  if (typeof leaf.value === 'boolean') return fc.boolean();
  if (/^[0-9.]+$/.test(leaf.value))
    return fc.oneof(
      fc.constantFrom('0', '0.0', '1', '0.000000001', '99999999999999999999', '1.5'),
      fc
        .tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.nat({ max: 8 }))
        .map(([units, places]) =>
          places === 0 ? String(units) : `${units}.${'7'.repeat(places)}`,
        ),
    );
  return fc.constant(leaf.value);
};

describe('a scenario that validates runs without a crash', () => {
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('generated and mutated scenarios: validate, or simulate 50 payments to the end', async () => {
    let simulated = 0;
    const options = fc.record({
      seed: fc.nat({ max: 1_000 }),
      currencies: fc.integer({ min: 2, max: 3 }),
      banksPerCurrency: fc.integer({ min: 1, max: 2 }),
      dealers: fc.integer({ min: 1, max: 2 }),
      quotesPerDealer: fc.integer({ min: 1, max: 2 }),
      pools: fc.integer({ min: 0, max: 2 }),
      interbankLinks: fc.integer({ min: 0, max: 1 }),
      stablecoins: fc.integer({ min: 0, max: 1 }),
      corporatesPerBank: fc.integer({ min: 1, max: 2 }),
    });
    const mutated = options.chain((sizes) => {
      const file = generateScenarioFile(sizes);
      const all = leaves(file);
      return fc
        .uniqueArray(fc.nat({ max: all.length - 1 }), { maxLength: 3 })
        .chain((picks) =>
          fc.tuple(
            ...picks.map((pick) =>
              replacement(all[pick]!).map((value) => [all[pick]!.path, value] as const),
            ),
          ),
        )
        .map((edits) => {
          const copy = structuredClone(file);
          for (const [at, value] of edits) setIn(copy, at, value);
          return { copy, edits };
        });
    });
    await fc.assert(
      fc.asyncProperty(mutated, async ({ copy }) => {
        const loaded = validateScenario(copy, 'generated');
        if (!loaded.ok) return;
        const scenario = loaded.value;
        const summary = await simulate({
          scenario,
          profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
          payments: 50,
          seed: 1,
          strategies: ['cheapest'],
          protocols: ['auto'],
          faultSpec: '',
          faults: [],
          outDir: path.join(out, String(simulated++)),
        });
        expect(summary.payments).toBe(50);
      }),
      fcOptions(25),
    );
    // Most mutations keep the file valid, so runs really happened.
    expect(simulated).toBeGreaterThan(5);
  });
});
