// The richer market on mbridge-lite, routed and (where it moves money) executed on the embedded
// ledger: operating hours, expiring quotes, fixed fees, per-org daily limits and one dealer
// book shared by several quotes.
import { describe, expect, it } from 'vitest';
import { parseDecimalAmount } from '../../chaincode/src/core/amount';
import type { RequestInput } from '../../router/routing/request';
import { DailyVolumes } from '../../router/routing/policy';
import { createRouter } from '../../router/routing/router';
import type { Scenario } from '../../router/scenario/types';
import { balanceOf, boot, executePlan, loadBundled } from './support';

const scenario = await loadBundled('mbridge-lite');
const MONDAY_0900Z = Date.parse('2026-03-02T09:00:00Z');
const SATURDAY_0900Z = Date.parse('2026-03-07T09:00:00Z');

const major = (text: string): bigint => {
  const parsed = parseDecimalAmount(text, 2, 'amount');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};

async function route(request: RequestInput, on: Scenario = scenario) {
  const booted = await boot(on);
  const router = createRouter({ scenario: on, client: booted.client });
  return { booted, outcome: await router.route(request) };
}

const venuesOf = (plan: { paths: Array<{ legs: Array<{ venue: string }> }> }) =>
  plan.paths.flatMap((path) => path.legs.map((leg) => leg.venue));

const thbToHkd: RequestInput = {
  payer: 'chaophraya/ops',
  payerAsset: 'thb-siam',
  payee: 'victoriaships/ops',
  payeeAsset: 'hkd-harbour',
  amount: major('100000.00'),
};

describe('operating hours', () => {
  it('routes through a venue inside its hours', async () => {
    const { outcome } = await route({ ...thbToHkd, nowMs: MONDAY_0900Z });
    expect(outcome.ok && venuesOf(outcome.value)).toContain('siambank-tokens');
  });

  it('fails with VenueClosed, naming the venue and its hours, when every route is closed', async () => {
    for (const strategy of ['cheapest', 'split', 'fastest']) {
      const { outcome } = await route({ ...thbToHkd, strategy, nowMs: SATURDAY_0900Z });
      expect(outcome.ok).toBe(false);
      if (outcome.ok) continue;
      expect(outcome.error.code).toBe('VenueClosed');
      expect(outcome.error.message).toContain(
        'siambank-tokens (mon,tue,wed,thu,fri 08:30-16:30 UTC+07:00)',
      );
    }
  });

  it('rejects a bad time naming the field', async () => {
    const { outcome } = await route({ ...thbToHkd, nowMs: -1 });
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'InvalidRequest' });
    expect(!outcome.ok && outcome.error.message).toMatch(/^nowMs:/);
  });
});

describe('quote validity', () => {
  const cnyToAed: RequestInput = {
    payer: 'jadebank/reserve',
    payerAsset: 'cny-cbdc',
    payee: 'falconbank/reserve',
    payeeAsset: 'aed-cbdc',
    amount: major('100000.00'),
  };

  it('skips a quote whose validity has ended and routes around it', async () => {
    const booted = await boot(scenario);
    const refreshed = await booted.client.submit('cbdc', 'gulffx', {
      type: 'refreshQuote',
      id: 'refresh-1',
      quote: 'gulffx-cny-aed',
      validUntilMs: 5_000,
    });
    expect(refreshed.ok).toBe(true);
    const router = createRouter({ scenario, client: booted.client });
    const before = await router.route({ ...cnyToAed, nowMs: 4_999 });
    expect(before.ok && venuesOf(before.value)).toEqual(['gulffx-cny-aed']);
    const after = await router.route({ ...cnyToAed, nowMs: 5_000 });
    expect(after.ok && venuesOf(after.value)).not.toContain('gulffx-cny-aed');
  });
});

describe('fixed fees', () => {
  it('a ramp keeps its fixed fee after the proportional one, as the plan says and the ledger does', async () => {
    const request: RequestInput = {
      payer: 'victoriaships/ops',
      payerAsset: 'hkd-harbour',
      payee: 'victoriaships/wallet',
      payeeAsset: 'hkdx',
      amount: major('1000.00'),
    };
    const { booted, outcome } = await route(request);
    if (!outcome.ok) throw new Error(outcome.error.message);
    // floor(100000 × (1 − 5 bps)) − 50: HKD 1,000.00 buys HKDX 999.00.
    expect(outcome.value.amountOut).toBe(major('999.00'));
    const before = await balanceOf(booted.client, scenario, 'hkdx', 'victoriaships/wallet');
    expect(await executePlan(booted.client, outcome.value, 'fixed-fee')).toBeUndefined();
    const after = await balanceOf(booted.client, scenario, 'hkdx', 'victoriaships/wallet');
    expect(after - before).toBe(major('999.00'));
  });
});

describe('daily limits', () => {
  const walletPayment: RequestInput = {
    payer: 'kowloonretail/wallet',
    payerAsset: 'hkdx',
    payee: 'victoriaships/wallet',
    payeeAsset: 'hkdx',
    amount: major('3000000.00'),
    nowMs: MONDAY_0900Z,
  };

  it("refuses a payment over what is left of its org's daily limit, on every strategy", async () => {
    for (const strategy of ['cheapest', 'split', 'direct']) {
      const { outcome } = await route({
        ...walletPayment,
        strategy,
        sentToday: major('18000000.00'),
      });
      expect(!outcome.ok && outcome.error.code).toBe('PolicyLimit');
      expect(!outcome.ok && outcome.error.message).toContain(
        "kowloonretail's daily limit of 20,000,000.00 hkdx (2,000,000.00 hkdx left on 2026-03-02)",
      );
    }
  });

  it('routes it while the day leaves room, and never limits another org', async () => {
    const within = await route({ ...walletPayment, sentToday: major('17000000.00') });
    expect(within.outcome.ok).toBe(true);
    const other = await route({
      ...walletPayment,
      payer: 'victoriaships/wallet',
      payee: 'kowloonretail/wallet',
      sentToday: major('19000000.00'),
    });
    expect(other.outcome.ok).toBe(true);
  });
});

describe('daily volumes', () => {
  const day = Date.UTC(2026, 2, 2, 9);
  const nextDay = day + 86_400_000;

  it('counts a payment once it has a plan, replaces it on a requote, and forgets it if it moved nothing', () => {
    const volumes = new DailyVolumes();
    volumes.record('p1', 'bank', 'hkdx', day, 100n);
    volumes.record('p2', 'bank', 'hkdx', day, 40n);
    volumes.record('p1', 'bank', 'hkdx', day, 70n); // p1 requoted for less
    expect(volumes.sent('bank', 'hkdx', day)).toBe(110n);
    volumes.ended('p2', false);
    expect(volumes.sent('bank', 'hkdx', day)).toBe(70n);
    volumes.ended('p1', true);
    volumes.ended('p1', false); // already ended: nothing left to forget
    expect(volumes.sent('bank', 'hkdx', day)).toBe(70n);
    expect(volumes.sent('bank', 'hkdx', nextDay)).toBe(0n);
    expect(volumes.sent('other', 'hkdx', day)).toBe(0n);
  });
});

describe('one dealer book behind several quotes', () => {
  // Gulf FX's two AED quotes (from CNY and from HKD) set no maxIn; give its AED book 15M.
  const thinBook: Scenario = {
    ...scenario,
    accounts: scenario.accounts.map((account) =>
      account.id === 'gulffx/book'
        ? { ...account, balances: { ...account.balances, 'aed-cbdc': major('15000000.00') } }
        : account,
    ),
  };
  const cnyToAed = (amount: string): RequestInput => ({
    payer: 'jadebank/reserve',
    payerAsset: 'cny-cbdc',
    payee: 'falconbank/reserve',
    payeeAsset: 'aed-cbdc',
    amount: major(amount),
    strategy: 'split',
  });

  it('split uses both quotes within the one book, and the ledger pays what the plan says', async () => {
    const { booted, outcome } = await route(cnyToAed('28000000.00'), thinBook);
    if (!outcome.ok) throw new Error(outcome.error.message);
    expect(outcome.value.amountOut).toBeLessThanOrEqual(major('15000000.00'));
    const before = await balanceOf(booted.client, thinBook, 'aed-cbdc', 'falconbank/reserve');
    expect(await executePlan(booted.client, outcome.value, 'book')).toBeUndefined();
    const after = await balanceOf(booted.client, thinBook, 'aed-cbdc', 'falconbank/reserve');
    expect(after - before).toBe(outcome.value.amountOut);
  });

  it('does not count the book twice: a payment beyond it fails on liquidity', async () => {
    const { outcome } = await route(cnyToAed('40000000.00'), thinBook);
    expect(!outcome.ok && outcome.error.code).toBe('InsufficientLiquidity');
  });
});
