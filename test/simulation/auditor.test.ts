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
    manifests: journal.manifests(),
    supplyChanges: journal.supplyChanges(),
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

  it('reports a payment whose holds ended differently', async () => {
    const input = await cleanInput();
    const hold = (id: string, status: 'claimed' | 'refunded') => ({
      id,
      owner: 'bank1',
      legs: [],
      lock: { kind: 'htlc' as const, hashlock: '0'.repeat(64), expiresAtMs: 1 },
      status,
      reserved: {},
      amountsOut: [],
    });
    const after = tamper(input, 'deposit', (s) => {
      s.holds['p.h0'] = hold('p.h0', 'claimed');
      s.holds['p.h1'] = hold('p.h1', 'refunded');
    });
    const manifests = [
      {
        payment: 'p',
        holds: [
          { ledger: 'deposit', hold: 'p.h0' },
          { ledger: 'deposit', hold: 'p.h1' },
        ],
      },
    ];
    const report = audit({ ...after, manifests });
    expect(report.atomicityViolations).toBe(1);
    expect(report.findings).toEqual([
      'payment p is neither settled nor reverted: p.h0=claimed, p.h1=refunded',
    ]);
    // A planned hold that never reached its ledger counts as unwound, not as paid.
    const unplaced = audit({
      ...after,
      manifests: [
        {
          payment: 'q',
          holds: [
            { ledger: 'deposit', hold: 'p.h1' },
            { ledger: 'cbdc', hold: 'q.h9' },
          ],
        },
      ],
    });
    expect(unplaced.atomicityViolations).toBe(0);
  });
});
