// An open held swap leaves its input pending beside the pool's reserves, and the core prices
// every later swap on reserve + pending while paying out only from the actual reserve. The
// router must quote exactly that, or a plan through the pool would fail its minOut (or deliver
// a different amount) while the hold is open.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDecimalAmount } from '../../chaincode/src/core/amount';
import type { ProtocolChoice } from '../../router/routing/plan';
import { createRouter } from '../../router/routing/router';
import type { Scenario } from '../../router/scenario/types';
import { balanceOf, boot, executePlan, loadBundled, type Booted } from './support';

const POOL = 'lionmm-cny-hkd';
const bundled = await loadBundled('mbridge-lite');
// Only the pool may convert, so every plan below goes through it.
const scenario: Scenario = {
  ...bundled,
  policies: {
    ...bundled.policies,
    forbiddenVenues: [
      ...bundled.policies.forbiddenVenues,
      ...bundled.venues
        .filter((venue) => venue.type === 'fx-quote')
        .map((venue) => ({ venue: venue.id, reason: 'test: pool only' })),
    ],
  },
};

function major(text: string): bigint {
  const parsed = parseDecimalAmount(text, 2, 'amount');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** Places (and leaves open) an HTLC hold whose swap sends `amountIn` of `assetIn` into the pool. */
async function openHeldSwap(booted: Booted, assetIn: string, from: string, amountIn: bigint) {
  const hashlock = createHash('sha256').update('held-swap-secret').digest('hex');
  const held = await booted.client.submit('cbdc', from.split('/')[0] ?? '', {
    type: 'hold',
    id: `open-hold:${assetIn}`,
    hold: `open-hold:${assetIn}`,
    legs: [{ type: 'swap', pool: POOL, from, to: from, assetIn, amountIn, minOut: 1n }],
    lock: { kind: 'htlc', hashlock, expiresAtMs: booted.client.nowMs() + 1_000_000 },
  });
  if (!held.ok) throw new Error(`${held.error.code}: ${held.error.message}`);
  const pool = await booted.client.evaluate('cbdc', 'jadebank', { type: 'pool', pool: POOL });
  if (!pool.ok) throw new Error(pool.error.message);
  return pool.value;
}

describe('quotes through a pool with an open held swap', () => {
  const cases: Array<{ protocol: ProtocolChoice; amountIs: 'send' | 'receive'; held: string }> = [
    { protocol: 'auto', amountIs: 'send', held: 'cny-cbdc' },
    { protocol: 'htlc', amountIs: 'send', held: 'cny-cbdc' },
    { protocol: '2pc', amountIs: 'receive', held: 'hkd-cbdc' },
    { protocol: 'auto', amountIs: 'receive', held: 'cny-cbdc' },
  ];
  for (const { protocol, amountIs, held } of cases) {
    it(`${amountIs} under ${protocol}, ${held} pending: the quote is what the ledger executes`, async () => {
      const booted = await boot(scenario);
      const holder = held === 'cny-cbdc' ? 'jadebank/reserve' : 'harbourbank/reserve';
      const pool = await openHeldSwap(booted, held, holder, major('40000000.00'));
      expect(pool.pendingA + pool.pendingB).toBeGreaterThan(0n);

      const router = createRouter({ scenario, client: booted.client });
      const outcome = await router.route({
        payer: 'jadebank/reserve',
        payerAsset: 'cny-cbdc',
        payee: 'peakbank/reserve',
        payeeAsset: 'hkd-cbdc',
        amount: major('25000000.00'),
        amountIs,
        protocol,
      });
      if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
      const plan = outcome.value;
      expect(plan.paths.flatMap((path) => path.legs.map((leg) => leg.venue))).toEqual([POOL]);

      const payeeBefore = await balanceOf(booted.client, scenario, 'hkd-cbdc', 'peakbank/reserve');
      const payerBefore = await balanceOf(booted.client, scenario, 'cny-cbdc', 'jadebank/reserve');
      expect(await executePlan(booted.client, plan, `pay-${protocol}-${amountIs}`)).toBeUndefined();
      const payeeAfter = await balanceOf(booted.client, scenario, 'hkd-cbdc', 'peakbank/reserve');
      const payerAfter = await balanceOf(booted.client, scenario, 'cny-cbdc', 'jadebank/reserve');
      // The pool pays what it was quoted at; the payee keeps what is above the guaranteed minOut.
      expect(payeeAfter - payeeBefore).toBe(plan.expectedAmountOut);
      expect(payerBefore - payerAfter).toBe(plan.amountIn);
      const [leg] = plan.paths.flatMap((path) => path.legs);
      const tolerance = BigInt(scenario.settlement.slippageToleranceBps);
      expect(leg?.expectedAmountOut).toBe(plan.expectedAmountOut);
      expect(plan.amountOut).toBe(
        ((plan.expectedAmountOut ?? 0n) * (10_000n - tolerance)) / 10_000n,
      );
      expect(plan.amountOut).toBeLessThan(plan.expectedAmountOut ?? 0n);
      if (amountIs === 'receive')
        expect(plan.amountOut).toBeGreaterThanOrEqual(major('25000000.00'));
    });
  }
});
