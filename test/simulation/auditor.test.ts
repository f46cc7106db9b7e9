// The auditor against tampered ledger snapshots: each kind of damage must be reported.
import { describe, expect, it } from 'vitest';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import { createMemoryJournal } from '../../router/settlement/journal';
import { audit, type AuditInput } from '../../router/simulation/auditor';
import { snapshots } from '../../router/simulation/engine';
import { settlementWorld } from '../settlement/settlement-world';

async function cleanInput(): Promise<AuditInput> {
  const world = await settlementWorld();
  const state = await snapshots(world.ledger, world.scenario);
  const journal = createMemoryJournal();
  return {
    scenario: world.scenario,
    before: state,
    after: structuredClone(state),
    supplyChanges: journal.supplyChanges(),
    atomicity: { violations: 0, audited: 0, findings: [] },
  };
}

function tamper(
  input: AuditInput,
  ledger: string,
  change: (snapshot: LedgerSnapshot) => void,
): AuditInput {
  const after = new Map(input.after);
  const snapshot = structuredClone(after.get(ledger)!);
  change(snapshot);
  after.set(ledger, snapshot);
  return { ...input, after };
}

describe('auditor', () => {
  it('finds nothing wrong with untouched ledgers', async () => {
    expect(audit(await cleanInput())).toMatchObject({
      conservationViolations: 0,
      atomicityViolations: 0,
      reserveShortfalls: 0,
    });
  });

  it('reports value created out of nothing, a negative balance and an unrecorded mint', async () => {
    const input = await cleanInput();
    const created = audit(tamper(input, 'deposit', (s) => (s.balances.tok!['carol/tok'] = 1n)));
    expect(created.conservationViolations).toBe(1);
    expect(created.findings[0]).toMatch(
      /deposit\/tok: balances, pool reserves and open holds add up to 2500001, supply is 2500000/,
    );

    const negative = audit(
      tamper(input, 'deposit', (s) => {
        s.balances.tok!['carol/tok'] = -5n;
        s.balances.tok!['bank1/tok'] = s.balances.tok!['bank1/tok']! + 5n;
      }),
    );
    expect(negative.findings).toEqual([
      expect.stringMatching(/carol\/tok holds a negative tok balance -5/),
    ]);

    const minted = audit(
      tamper(input, 'stablecoin', (s) => {
        s.supplies.coin = s.supplies.coin! + 10n;
        s.balances.coin!['bob/wallet'] = s.balances.coin!['bob/wallet']! + 10n;
      }),
    );
    expect(minted.conservationViolations).toBe(1);
    expect(minted.findings[0]).toMatch(
      /stablecoin\/coin: supply is 500010, but the recorded issuance and burns give 500000/,
    );
    // ... and that unbacked coin leaves the reserves short.
    expect(minted.reserveShortfalls).toBe(1);
  });

  it("lists the atomicity check's findings after conservation's", async () => {
    const input = await cleanInput();
    const report = audit({
      ...tamper(input, 'deposit', (s) => (s.balances.tok!['carol/tok'] = 1n)),
      atomicity: {
        violations: 1,
        audited: 3,
        findings: ['payment p is neither settled nor reverted'],
      },
    });
    expect(report).toMatchObject({ atomicityViolations: 1, paymentsAudited: 3 });
    expect(report.findings[1]).toBe('payment p is neither settled nor reverted');
  });
});
