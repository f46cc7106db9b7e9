// The simulation engine on a real Fabric network (CORRIDOR_FABRIC_RUNTIME, the CI scenario
// bootstrapped by `corridor network up`): a few payments per protocol over one, two and three
// ledgers, in real time, then the independent auditor over before/after snapshots of the live
// ledgers. Each run opens its own backend, so its ids carry a fresh run id: the runs share the
// long-lived ledgers without replaying one another's operation ids.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolChoice } from '../../router/routing/plan';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { openBackend } from '../../router/simulation/backend';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import { PAYMENTS_FILE, simulate, type Summary } from '../../router/simulation/simulate';
import { FABRIC_CI_SCENARIO } from './network-up';

const runtime = process.env.CORRIDOR_FABRIC_RUNTIME;
/** Its first six payments draw the one-, two- and three-ledger corridors twice each. */
const SEED = 2;
const PAYMENTS = 6;

describe.skipIf(!runtime)('corridor simulate on Fabric', () => {
  let scenario: Scenario;
  let outRoot: string;

  beforeAll(async () => {
    const loaded = await loadScenario(FABRIC_CI_SCENARIO);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    scenario = loaded.value;
    outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-fabric-sim-'));
  });
  afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

  async function run(protocol: ProtocolChoice, faultSpec = '') {
    const faults = parseFaultSpec(
      faultSpec,
      scenario.ledgers.map((ledger) => ledger.id),
    );
    if (!faults.ok) throw new Error(faults.error.message);
    const opened = await openBackend({ name: 'fabric', runtimeDir: runtime! }, scenario, SEED);
    if (!opened.ok) throw new Error(opened.error.message);
    const outDir = path.join(outRoot, `${protocol}-${faults.value.length}`);
    try {
      const summary = await simulate({
        backend: opened.backend,
        scenario,
        profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
        payments: PAYMENTS,
        seed: SEED,
        strategies: ['cheapest'],
        protocols: [protocol],
        faultSpec,
        faults: faults.value,
        outDir,
      });
      const rows = fs.readFileSync(path.join(outDir, PAYMENTS_FILE), 'utf8').trim().split('\n');
      return { summary, ids: rows.slice(1).map((row) => row.slice(0, row.indexOf(','))) };
    } finally {
      await opened.backend.close();
    }
  }

  function expectClean(summary: Summary): void {
    expect(summary).toMatchObject({ backend: 'fabric', scenario: 'fabric-ci', payments: PAYMENTS });
    expect(summary.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
    expect(summary.mixed).toBe(0);
  }

  it.each<ProtocolChoice>(['auto', 'htlc', '2pc'])(
    '%s: settles payments over one, two and three ledgers, auditor clean',
    async (protocol) => {
      const { summary, ids } = await run(protocol);
      expectClean(summary);
      for (const count of ['1', '2', '3']) expect(summary.byLedgerCount[count]).toBeGreaterThan(0);
      expect(summary.settled, JSON.stringify(summary.failureReasons)).toBe(PAYMENTS);
      // Ids carry the run id, so a second run on the same ledgers cannot replay them.
      expect(ids.every((id) => /^run-[0-9a-f]{8}\.pay-\d+$/.test(id))).toBe(true);
    },
  );

  it('finishes every payment after a router crash and restart, from the journal', async () => {
    const { summary } = await run('htlc', 'crash:step=hold-placed:at=0.3:restart=2s');
    expectClean(summary);
    expect(summary.faults.crashes).toBe(1);
    expect(summary.failed + summary.settled).toBe(PAYMENTS);
  });
});
