// The documented negative: HTLC is atomic only while every party can claim within the safety
// margin. A router that crashes right after the payee's claim and stays down longer than the
// margin finds the upstream holds expired: they are refunded while the downstream ones stay
// claimed. The auditor must report it (and the stablecoin minted without its reserve deposit).
// The control case — the same crash, restarted within the margin — must stay clean.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../router/scenario/types';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import type { PaymentRow } from '../../router/simulation/outputs';
import { chainRouter, chainScenario, runOnEmbedded } from '../../router/props/chain-world';

/**
 * Down for longer than the payee hold's lifetime plus one margin: whenever the payee claimed,
 * the next hold upstream has expired by the restart.
 */
function beyondMarginMs(scenario: Scenario): number {
  return scenario.settlement.htlc.expiryMs + scenario.settlement.htlc.marginPerHopMs;
}

async function crashAfterPayeeClaim(scenario: Scenario, restart: string, seed = 1) {
  const mixed = scenario.workload.profiles.mixed!;
  const profile = {
    ...mixed,
    corridors: mixed.corridors.filter((corridor) => corridor.name === 'three-ledger'),
  };
  const faults = parseFaultSpec(
    `crash:step=resolved:at=0:restart=${restart}`,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const rows: PaymentRow[] = [];
  const result = await runOnEmbedded({
    scenario,
    profile,
    payments: 3,
    seed,
    strategies: ['hand'],
    protocols: ['htlc'],
    faults: faults.value,
    makeRouter: () => chainRouter(),
    checkPolicy: () => [],
    onRow: (row) => rows.push(row),
  });
  return { result, rows };
}

describe('HTLC with the router down longer than the safety margin', () => {
  it('leaves payments half claimed, half refunded, and the auditor reports every one', async () => {
    const scenario = await chainScenario();
    const { result, rows } = await crashAfterPayeeClaim(scenario, `${beyondMarginMs(scenario)}ms`);
    expect(result.faults.crashes).toBe(1);
    const mixed = rows.filter((row) => row.outcome === 'mixed');
    expect(mixed.length).toBeGreaterThan(0);
    expect(mixed.every((row) => row.failure_reason === 'Expired')).toBe(true);
    expect(result.auditor.atomicityViolations).toBe(mixed.length);
    expect(
      result.auditor.findings.filter((finding) => finding.includes('neither settled nor reverted')),
    ).toHaveLength(mixed.length);
    // The payee's coin was minted, the deposit tokens backing it went back: reserves fall short.
    expect(result.auditor.reserveShortfalls).toBe(1);
    // Nothing was created or destroyed, though: value moved to the wrong party.
    expect(result.auditor.conservationViolations).toBe(0);
  });

  it('stays clean when the same crash restarts within the margin', async () => {
    const scenario = await chainScenario();
    const { result, rows } = await crashAfterPayeeClaim(scenario, '20s');
    expect(result.faults.crashes).toBe(1);
    expect(rows.filter((row) => row.outcome === 'mixed')).toEqual([]);
    expect(result.auditor).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
  });

  it('replays: the same seed reproduces the same violation, row for row', async () => {
    const scenario = await chainScenario();
    const first = await crashAfterPayeeClaim(scenario, `${beyondMarginMs(scenario)}ms`, 77);
    const second = await crashAfterPayeeClaim(scenario, `${beyondMarginMs(scenario)}ms`, 77);
    expect(first.result.auditor.atomicityViolations).toBeGreaterThan(0);
    expect(second.rows).toEqual(first.rows);
    expect(second.result.auditor).toEqual(first.result.auditor);
    expect(second.result.metrics).toEqual(first.result.metrics);
  });
});
