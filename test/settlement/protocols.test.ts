import { describe, expect, it } from 'vitest';
import { hashlockOf } from '../../chaincode/src/core/hashlock';
import type { HoldRecord } from '../../chaincode/src/core/types';
import type { PolicyViolation } from '../../router/routing/policy';
import { createMemoryJournal } from '../../router/settlement/journal';
import type { JournalEntry } from '../../router/settlement/journal-entry';
import { settlePayment } from '../../router/settlement/settle';
import type { GeneratedPayment } from '../../router/simulation/workload';
import { chainPlan } from '../../router/props/chain-world';
import { payment, type SettlementWorld, settlementWorld } from './settlement-world';

async function hold(world: SettlementWorld, ledger: string, id: string): Promise<HoldRecord> {
  const found = await world.ledger.evaluate(
    ledger,
    world.scenario.ledgers.find((l) => l.id === ledger)!.members[0]!,
    {
      type: 'hold',
      hold: id,
    },
  );
  if (!found.ok) throw new Error(found.error.message);
  return found.value;
}

/** Settles `pay` along its corridor's chain plan, with the world's own dependencies. */
function settleChain(
  world: SettlementWorld,
  pay: GeneratedPayment,
  protocol: Parameters<typeof settlePayment>[1]['protocol'],
) {
  return world.run(settlePayment(world.deps(), { id: pay.id, plan: chainPlan(pay), protocol }));
}

function position(log: readonly string[], prefix: string): number {
  const index = log.findIndex((line) => line.startsWith(prefix));
  expect(index, `${prefix} in ${log.join('\n')}`).toBeGreaterThanOrEqual(0);
  return index;
}

describe('htlc', () => {
  it('locks every step under one hashlock with expiries falling toward the payee, then claims payee-first', async () => {
    const world = await settlementWorld();
    const journal = createMemoryJournal();
    const entries: JournalEntry[] = [];
    const deps = world.deps({
      ...journal,
      append: (entry) => (entries.push(entry), journal.append(entry)),
    });
    const pay = payment('three-ledger', 150_000n, 'htlc');
    const result = await world.run(
      settlePayment(deps, { id: pay.id, plan: chainPlan(pay), protocol: 'htlc' }),
    );
    expect(result).toEqual({
      protocol: 'htlc',
      outcome: 'settled',
      reason: null,
      requotedAs: null,
      amountsOut: [[], [], []], // transfers and mints only: no swap outputs
    });

    const { expiryMs, marginPerHopMs } = world.scenario.settlement.htlc;
    const holds = await Promise.all(
      ['cbdc', 'deposit', 'stablecoin'].map((ledger, index) =>
        hold(world, ledger, `${pay.id}.h${index}`),
      ),
    );
    expect(holds.map((record) => record.lock)).toEqual(
      [0, 1, 2].map((index) => ({
        kind: 'htlc',
        hashlock: holds[0]!.lock.kind === 'htlc' ? holds[0]!.lock.hashlock : '',
        expiresAtMs: expiryMs + (2 - index) * marginPerHopMs,
      })),
    );
    expect(holds.map((record) => record.status)).toEqual(['claimed', 'claimed', 'claimed']);
    const secret = entries.find((entry) => entry.type === 'secret');
    expect(secret?.type === 'secret' && hashlockOf(secret.secret)).toBe(
      holds[0]!.lock.kind === 'htlc' && holds[0]!.lock.hashlock,
    );

    // Journal before acting: the secret before any hold, the decision before any claim; holds
    // payer → payee, claims payee → payer.
    const { log } = world;
    expect(position(log, 'journal secret')).toBeLessThan(position(log, 'submit hold'));
    expect(position(log, 'journal decision')).toBeLessThan(position(log, 'submit claim'));
    expect(log.filter((line) => line.startsWith('submit hold'))).toEqual(
      [0, 1, 2].map((i) => `submit hold ${pay.id}.h${i}:place`),
    );
    expect(log.filter((line) => line.startsWith('submit claim'))).toEqual(
      [2, 1, 0].map((i) => `submit claim ${pay.id}.h${i}:claim`),
    );

    const balances = await world.balances();
    expect(balances.get('stablecoin')?.coin?.['bob/wallet']).toBe(300_000n + 150_000n);
    expect(balances.get('deposit')?.tok?.['issuer/reserve']).toBe(500_000n + 150_000n);
    expect(balances.get('cbdc')?.cash?.['bank1/cash']).toBe(150_000n);
  });

  it('stops at the first failed hold and refunds the placed ones only after they expire', async () => {
    const world = await settlementWorld();
    const before = await world.balances();
    const pay = payment('three-ledger', 2_500_000n, 'htlc'); // more than bank1/tok holds
    const result = await settleChain(world, pay, 'htlc');
    expect(result).toEqual({
      protocol: 'htlc',
      outcome: 'reverted',
      reason: 'InsufficientFunds',
      requotedAs: null,
      amountsOut: [],
    });
    const payerHold = await hold(world, 'cbdc', `${pay.id}.h0`);
    expect(payerHold.status).toBe('refunded');
    // The refund waited for the payer hold's expiry.
    expect(world.clock.nowMs()).toBeGreaterThanOrEqual(
      payerHold.lock.kind === 'htlc' ? payerHold.lock.expiresAtMs : Infinity,
    );
    expect(world.log.filter((line) => line.startsWith('submit'))).toEqual([
      `submit hold ${pay.id}.h0:place`,
      `submit hold ${pay.id}.h1:place`,
      `submit refund ${pay.id}.h0:refund`,
    ]);
    expect(await world.balances()).toEqual(before);
  });
});

describe('2pc', () => {
  it('prepares every ledger at once, commits on a journaled decision, coordinated by the neutral org the scenario names', async () => {
    const world = await settlementWorld();
    const pay = payment('three-ledger', 150_000n, '2pc');
    const result = await settleChain(world, pay, '2pc');
    expect(result).toEqual({
      protocol: '2pc',
      outcome: 'settled',
      reason: null,
      requotedAs: null,
      amountsOut: [[], [], []],
    });
    const holds = await Promise.all(
      ['cbdc', 'deposit', 'stablecoin'].map((ledger, index) =>
        hold(world, ledger, `${pay.id}.h${index}`),
      ),
    );
    expect(holds.map((record) => record.status)).toEqual(['committed', 'committed', 'committed']);
    // Never the payer or a hold's owner: the clearing house, on every ledger.
    expect(holds.map((record) => record.lock.kind === 'escrow' && record.lock.coordinator)).toEqual(
      ['clearing', 'clearing', 'clearing'],
    );
    // Parallel phases: one slowest block (2 s) to prepare, one to commit.
    expect(world.clock.nowMs()).toBe(4000);
    expect(position(world.log, 'journal decision')).toBeLessThan(
      position(world.log, 'submit commit'),
    );
    expect(position(world.log, 'submit hold pay-three-ledger-150000.h2')).toBeLessThan(
      position(world.log, 'journal hold-placed'),
    );
  });

  it('aborts every prepared hold when one prepare fails', async () => {
    const world = await settlementWorld();
    const before = await world.balances();
    const pay = payment('three-ledger', 2_500_000n, '2pc');
    const result = await settleChain(world, pay, '2pc');
    expect(result).toEqual({
      protocol: '2pc',
      outcome: 'reverted',
      reason: 'InsufficientFunds',
      requotedAs: null,
      amountsOut: [],
    });
    expect((await hold(world, 'cbdc', `${pay.id}.h0`)).status).toBe('aborted');
    expect((await hold(world, 'stablecoin', `${pay.id}.h2`)).status).toBe('aborted');
    expect(position(world.log, 'journal decision')).toBeLessThan(
      position(world.log, 'submit abort'),
    );
    expect(world.log.some((line) => line.startsWith('submit commit'))).toBe(false);
    expect(await world.balances()).toEqual(before);
  });
});

describe('atomic, auto and refusals', () => {
  it('settles a one-ledger plan as one batch under auto', async () => {
    const world = await settlementWorld();
    const pay = payment('one-ledger', 1_000n);
    const result = await settleChain(world, pay, 'auto');
    expect(result).toEqual({
      protocol: 'atomic',
      outcome: 'settled',
      reason: null,
      requotedAs: null,
      amountsOut: [[]],
    });
    expect(world.log.filter((line) => line.startsWith('submit'))).toEqual([
      `submit batch ${pay.id}.batch`,
    ]);
  });

  it('uses the scenario default cross-ledger protocol under auto', async () => {
    const world = await settlementWorld();
    const pay = payment('two-ledger', 1_000n);
    const result = await settleChain(world, pay, 'auto');
    expect(result.protocol).toBe(world.scenario.settlement.defaultProtocol);
  });

  it('refuses atomic for a multi-ledger plan and any plan that fails the policy re-check, touching nothing', async () => {
    const world = await settlementWorld();
    const pay = payment('three-ledger', 1_000n);
    const atomic = await settleChain(world, pay, 'atomic');
    expect(atomic).toMatchObject({ outcome: 'refused', reason: 'AtomicNotPossible' });
    const refusedBy = (violations: PolicyViolation[]) =>
      world.run(
        settlePayment(
          { ...world.deps(), checkPolicy: () => violations },
          { id: pay.id, plan: chainPlan(pay), protocol: 'htlc' },
        ),
      );
    const limit = {
      rule: 'limit',
      message: 'moves 6,000,000.00 HKDX, above 5,000,000.00',
    } as const;
    const forbidden = { rule: 'forbidden-venue', message: 'venue fx1 is forbidden' } as const;
    // The codes routing gives for the same rules: a limit alone is a PolicyLimit.
    expect(await refusedBy([limit])).toEqual({
      protocol: 'htlc',
      outcome: 'refused',
      reason: 'PolicyLimit',
      detail: limit.message,
    });
    expect(await refusedBy([forbidden, limit])).toMatchObject({ reason: 'PolicyViolation' });
    expect(world.log).toEqual([]);
  });
});
