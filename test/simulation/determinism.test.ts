// Same seed, same bytes: two runs of mbridge-lite through the real router, with faults and a
// router crash, write identical summary.json and payments.csv; another seed does not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import { PAYMENTS_FILE, simulate, SUMMARY_FILE } from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAULTS =
  'crash:step=decision:at=0.3:restart=4s,mvcc:p=0.02,endorsement:p=0.01,node-down:ledger=deposit:from=5s:for=3s,delay:p=0.1:ms=300';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function mbridge(): Promise<Scenario> {
  const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

async function run(
  scenario: Scenario,
  seed: number,
): Promise<{ summary: string; payments: string }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-sim-'));
  dirs.push(outDir);
  const faults = parseFaultSpec(
    FAULTS,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  await simulate({
    scenario,
    profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
    payments: 300,
    seed,
    strategies: ['cheapest', 'split', 'random'],
    protocols: ['auto', '2pc'],
    faultSpec: FAULTS,
    faults: faults.value,
    outDir,
  });
  return {
    summary: fs.readFileSync(path.join(outDir, SUMMARY_FILE), 'utf8'),
    payments: fs.readFileSync(path.join(outDir, PAYMENTS_FILE), 'utf8'),
  };
}

describe('reproducible runs', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    const scenario = await mbridge();
    const first = await run(scenario, 2024);
    const second = await run(scenario, 2024);
    expect(second.summary).toBe(first.summary);
    expect(second.payments).toBe(first.payments);
    const other = await run(scenario, 2025);
    expect(other.payments).not.toBe(first.payments);

    const summary = JSON.parse(first.summary);
    expect(summary).toMatchObject({
      seed: 2024,
      backend: 'embedded',
      scenario: 'mbridge-lite',
      payments: 300,
    });
    expect(summary.faults.crashes).toBe(1);
    expect(summary.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
    expect(first.payments.trim().split('\n')).toHaveLength(301);
    // Settled over one, two and three ledgers, as the mixed profile intends.
    for (const count of ['1', '2', '3']) expect(summary.byLedgerCount[count]).toBeGreaterThan(0);
  });
});
