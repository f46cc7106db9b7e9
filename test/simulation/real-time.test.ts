// Real time: the wall-clock scheduler on its own, and the engine in real-time mode on the
// embedded ledger with a SystemClock — the configuration a run on Fabric has, minus the network.
// A run must end at quiescence (nothing scheduled, no tracked work in flight), never earlier.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../router/ledger/clock';
import { loadScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import type { PaymentRow } from '../../router/simulation/outputs';
import { RealTimeScheduler } from '../../router/simulation/real-time-scheduler';
import { scenarioRouter } from '../../router/simulation/scenario-router';
import { runOnEmbedded } from '../../router/props/chain-world';

/** The Fabric suite's scenario (one-, two- and three-ledger corridors the router can route). */
const FABRIC_CI = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fabric/fixtures/fabric-ci.yaml',
);

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('RealTimeScheduler', () => {
  it('fires events at their wall-clock instants, same-instant ones in scheduling order', async () => {
    const scheduler = new RealTimeScheduler(new SystemClock());
    const startMs = scheduler.nowMs();
    const fired: Array<[string, number]> = [];
    const note = (name: string) => () => fired.push([name, scheduler.nowMs() - startMs]);
    scheduler.at(startMs + 60, note('c'));
    scheduler.at(startMs + 20, note('a'));
    scheduler.at(startMs + 20, note('b'));
    scheduler.at(startMs - 1000, note('past'));
    await scheduler.run();
    expect(fired.map(([name]) => name)).toEqual(['past', 'a', 'b', 'c']);
    expect(fired[1]![1]).toBeGreaterThanOrEqual(20);
    expect(fired[3]![1]).toBeGreaterThanOrEqual(60);
  });

  it('ends only once tracked work has settled, even when it waits on nothing scheduled', async () => {
    const scheduler = new RealTimeScheduler(new SystemClock());
    let finished = false;
    // Sleeps on the scheduler, then on real I/O-like time the scheduler knows nothing of, then
    // schedules more: between the steps nothing is pending, yet the run must go on.
    const work = async () => {
      await scheduler.sleepUntil(scheduler.nowMs() + 10);
      await wait(40);
      await scheduler.sleepUntil(scheduler.nowMs() + 10);
      await wait(20);
      finished = true;
    };
    scheduler.track(work());
    scheduler.track(Promise.reject(new Error('a rejected task ends too')));
    await scheduler.run();
    expect(finished).toBe(true);
  });

  it('resolves at once with nothing to do, and rejects when an event throws', async () => {
    const scheduler = new RealTimeScheduler(new SystemClock());
    await scheduler.run();
    scheduler.at(scheduler.nowMs() + 5, () => {
      throw new Error('boom');
    });
    await expect(scheduler.run()).rejects.toThrow('boom');
  });
});

/** The Fabric CI scenario with block times short enough for a quick test in real time. */
async function quickScenario(): Promise<Scenario> {
  const loaded = await loadScenario(FABRIC_CI);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const scenario = loaded.value;
  return {
    ...scenario,
    settlement: {
      ...scenario.settlement,
      blockLatencyMs: { cbdc: 40, deposit: 30, stablecoin: 20 },
      htlc: { expiryMs: 1500, marginPerHopMs: 800 },
      twoPhaseCommit: { ...scenario.settlement.twoPhaseCommit, deadlineMs: 1500 },
    },
  };
}

async function realTimeRun(scenario: Scenario, payments: number, faultSpec: string) {
  const faults = parseFaultSpec(
    faultSpec,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const rows: PaymentRow[] = [];
  const startedMs = Date.now();
  const result = await runOnEmbedded(
    {
      scenario,
      profile: { ...scenario.workload.profiles.mixed!, ratePerSecond: 40 },
      payments,
      seed: 5,
      strategies: ['cheapest'],
      protocols: ['auto', 'htlc', '2pc'],
      faults: faults.value,
      makeRouter: scenarioRouter(scenario, 5),
      checkPolicy: () => [],
      onRow: (row) => rows.push(row),
    },
    'wall',
  );
  return { result, rows, elapsedMs: Date.now() - startedMs };
}

describe('the engine in real time on the embedded ledger', () => {
  it('settles a small run over one, two and three ledgers and ends at quiescence, auditor clean', async () => {
    const scenario = await quickScenario();
    const { result, rows, elapsedMs } = await realTimeRun(scenario, 24, '');
    expect(rows).toHaveLength(24);
    expect(result.metrics.settled).toBe(24);
    for (const count of ['1', '2', '3'])
      expect(result.metrics.byLedgerCount[count]).toBeGreaterThan(0);
    expect(result.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
    // Wall-clock latencies: at least one block of the fastest ledger, and the run took real time.
    expect(Math.min(...rows.map((row) => Number(row.latency_ms)))).toBeGreaterThanOrEqual(20);
    expect(elapsedMs).toBeGreaterThanOrEqual(result.metrics.virtualDurationMs);
    // Every hold resolved: nothing left in flight on the ledgers either.
    for (const snapshot of result.finalState.values())
      expect(Object.values(snapshot.holds).every((hold) => hold.status !== 'open')).toBe(true);
  });

  it('finishes every payment after a router crash and restart, from the journal', async () => {
    const scenario = await quickScenario();
    const { result, rows } = await realTimeRun(
      scenario,
      16,
      'crash:step=hold-placed:at=0.4:restart=300ms',
    );
    expect(result.faults.crashes).toBe(1);
    expect(rows).toHaveLength(16);
    expect(result.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
    expect(rows.every((row) => row.outcome === 'settled' || row.outcome === 'failed')).toBe(true);
  });
});
