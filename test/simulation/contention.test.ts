// Contention emerges from the workload: mbridge-lite with every fault flag off still has
// transactions invalidated at validation, reported by ledger and by reason, apart from the
// injected `mvcc` faults; settlement's retries keep every payment atomic.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFLICT_REASONS } from '../../router/ledger/embedded';
import { loadScenario } from '../../router/scenario/load';
import { simulate } from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('emergent invalidations', () => {
  it('are counted by ledger and reason on mbridge-lite with no faults injected', async () => {
    const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const scenario = loaded.value;
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-contention-'));
    dirs.push(outDir);
    const summary = await simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: 300,
      seed: 11,
      strategies: ['cheapest'],
      protocols: ['auto'],
      faultSpec: '',
      faults: [],
      outDir,
    });
    const invalidations = summary.invalidations!;
    expect(Object.keys(invalidations.byLedger)).toEqual(
      scenario.ledgers.map((ledger) => ledger.id).sort(),
    );
    expect(invalidations.invalidated).toBeGreaterThan(0);
    const ledgers = Object.values(invalidations.byLedger);
    for (const reason of CONFLICT_REASONS) {
      expect(invalidations.byReason[reason]).toBe(
        ledgers.reduce((sum, ledger) => sum + ledger.byReason[reason], 0),
      );
    }
    expect(invalidations.transactions).toBe(
      ledgers.reduce((sum, ledger) => sum + ledger.transactions, 0),
    );
    expect(summary.faults.mvcc).toBe(0);
    expect(summary.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
  });
});
