// Routing on the bundled mbridge-lite scenario: plans for one-, two- and three-ledger corridors
// are executed on the embedded ledger, and what the core actually moves must equal the plan.
import { describe, expect, it } from 'vitest';
import { parseDecimalAmount } from '../../chaincode/src/core/amount';
import type { Plan } from '../../router/routing/plan';
import { checkPolicy } from '../../router/routing/policy';
import type { RequestInput } from '../../router/routing/request';
import { createRouter } from '../../router/routing/router';
import { STRATEGIES } from '../../router/routing/strategies';
import { balanceOf, boot, executePlan, loadBundled } from './support';

const scenario = await loadBundled('mbridge-lite');

function amount(text: string): bigint {
  const parsed = parseDecimalAmount(text, 2, 'amount');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

async function routeAndExecute(request: RequestInput) {
  const booted = await boot(scenario);
  const router = createRouter({ scenario, client: booted.client });
  const outcome = await router.route(request);
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  const plan = outcome.value;
  const payerBefore = await balanceOf(booted.client, scenario, plan.payerAsset, plan.payer);
  const payeeBefore = await balanceOf(booted.client, scenario, plan.payeeAsset, plan.payee);
  const failure = await executePlan(booted.client, plan, 'test');
  expect(failure).toBeUndefined();
  const payerAfter = await balanceOf(booted.client, scenario, plan.payerAsset, plan.payer);
  const payeeAfter = await balanceOf(booted.client, scenario, plan.payeeAsset, plan.payee);
  return {
    plan,
    paid: payerBefore - payerAfter,
    received: payeeAfter - payeeBefore,
    diagnostics: outcome.diagnostics,
  };
}

function venues(plan: Plan): string[][] {
  return plan.paths.map((path) => path.legs.map((leg) => leg.venue));
}

describe('route on mbridge-lite, executed on the embedded ledger', () => {
  it('one ledger: bank-to-bank PvP on the cbdc ledger settles as one atomic batch', async () => {
    const { plan, paid, received } = await routeAndExecute({
      payer: 'jadebank/reserve',
      payerAsset: 'cny-cbdc',
      payee: 'harbourbank/reserve',
      payeeAsset: 'hkd-cbdc',
      amount: amount('1000000.00'),
    });
    expect(plan.ledgers).toEqual(['cbdc']);
    expect(plan.protocol).toBe('atomic');
    expect(plan.steps).toHaveLength(1);
    expect(paid).toBe(plan.amountIn);
    expect(received).toBe(plan.amountOut);
    expect(plan.costBps).toBeGreaterThan(0);
  });

  it('two ledgers: a CNY corporate pays an HKD corporate (redeem, PvP, mint) under HTLC', async () => {
    const { plan, paid, received } = await routeAndExecute({
      payer: 'dragontrade/ops',
      payerAsset: 'cny-jade',
      payee: 'victoriaships/ops',
      payeeAsset: 'hkd-harbour',
      amount: amount('1000000.00'),
    });
    expect(new Set(plan.ledgers)).toEqual(new Set(['deposit', 'cbdc']));
    expect(plan.protocol).toBe('htlc');
    expect(venues(plan)).toEqual([['jadebank-tokens', 'orientfx-cny-hkd', 'harbourbank-tokens']]);
    expect(paid).toBe(plan.amountIn);
    expect(received).toBe(plan.amountOut);
    // 2 bps redeem + 10 bps quote + 2 bps mint, against mid-market.
    expect(plan.costBps).toBeCloseTo(14, 0);
  });

  it('three ledgers: a CNY corporate pays an HKDX wallet', async () => {
    const { plan, paid, received } = await routeAndExecute({
      payer: 'dragontrade/ops',
      payerAsset: 'cny-jade',
      payee: 'kowloonretail/wallet',
      payeeAsset: 'hkdx',
      amount: amount('250000.00'),
    });
    expect(new Set(plan.ledgers)).toEqual(new Set(['deposit', 'cbdc', 'stablecoin']));
    expect(plan.steps.map((step) => step.ledger)).toEqual([
      'deposit',
      'cbdc',
      'deposit',
      'stablecoin',
    ]);
    expect(paid).toBe(plan.amountIn);
    expect(received).toBe(plan.amountOut);
  });

  it('receive: the payee gets at least the amount asked for, and exactly what the plan says', async () => {
    const target = amount('100000.00');
    const { plan, paid, received } = await routeAndExecute({
      payer: 'chaophraya/ops',
      payerAsset: 'thb-siam',
      payee: 'kowloonretail/ops',
      payeeAsset: 'hkd-peak',
      amount: target,
      amountIs: 'receive',
    });
    expect(plan.amountOut).toBeGreaterThanOrEqual(target);
    expect(received).toBe(plan.amountOut);
    expect(paid).toBe(plan.amountIn);
  });

  it('interbank and off-ramp corridors execute as planned', async () => {
    for (const request of [
      {
        payer: 'kowloonretail/ops',
        payerAsset: 'hkd-peak',
        payee: 'victoriaships/ops',
        payeeAsset: 'hkd-harbour',
      },
      {
        payer: 'kowloonretail/wallet',
        payerAsset: 'hkdx',
        payee: 'chaophraya/ops',
        payeeAsset: 'thb-siam',
      },
    ]) {
      const { plan, paid, received } = await routeAndExecute({
        ...request,
        amount: amount('20000.00'),
      });
      expect(paid).toBe(plan.amountIn);
      expect(received).toBe(plan.amountOut);
    }
  });

  it('split carries a payment larger than any one quote and beats the best single path', async () => {
    const request = {
      payer: 'jadebank/reserve',
      payerAsset: 'cny-cbdc',
      payee: 'harbourbank/reserve',
      payeeAsset: 'hkd-cbdc',
      amount: amount('50000000.00'),
    };
    const single = await routeAndExecute({ ...request, strategy: 'cheapest' });
    const { plan, received } = await routeAndExecute({ ...request, strategy: 'split' });
    expect(plan.paths.length).toBeGreaterThan(1);
    expect(plan.amountOut).toBeGreaterThan(single.plan.amountOut);
    expect(received).toBe(plan.amountOut);
    expect(checkPolicy(plan, scenario)).toEqual([]);
  });

  it('split brings in the deep pool once the capped dealer quotes are full', async () => {
    // 80M is more than every dealer path together can take (about 60M, two-hop paths through
    // AED and THB included): the dealer quotes fill up and the AMM pool must carry the rest.
    const request = {
      payer: 'jadebank/reserve',
      payerAsset: 'cny-cbdc',
      payee: 'harbourbank/reserve',
      payeeAsset: 'hkd-cbdc',
      amount: amount('80000000.00'),
    };
    const single = await routeAndExecute({ ...request, strategy: 'cheapest' });
    const { plan, received } = await routeAndExecute({ ...request, strategy: 'split' });
    expect(venues(plan).flat()).toContain('lionmm-cny-hkd');
    expect(venues(plan).flat()).toContain('orientfx-cny-hkd');
    expect(plan.costBps * 10).toBeLessThan(single.plan.costBps);
    expect(received).toBeGreaterThanOrEqual(plan.amountOut);
  });

  it('fastest prefers fewer ledger rounds; direct only uses one venue', async () => {
    const booted = await boot(scenario);
    const router = createRouter({ scenario, client: booted.client });
    const base = {
      payer: 'jadebank/reserve',
      payerAsset: 'cny-cbdc',
      payee: 'harbourbank/reserve',
      payeeAsset: 'hkd-cbdc',
      amount: amount('1000.00'),
    };
    const direct = await router.route({ ...base, strategy: 'direct' });
    expect(direct.ok && direct.value.paths.every((path) => path.legs.length === 1)).toBe(true);
    const fastest = await router.route({
      ...base,
      payer: 'dragontrade/ops',
      payerAsset: 'cny-jade',
      payee: 'victoriaships/ops',
      payeeAsset: 'hkd-harbour',
      strategy: 'fastest',
    });
    const cheapest = await router.route({
      ...base,
      payer: 'dragontrade/ops',
      payerAsset: 'cny-jade',
      payee: 'victoriaships/ops',
      payeeAsset: 'hkd-harbour',
    });
    if (!fastest.ok || !cheapest.ok) throw new Error('expected plans');
    expect(fastest.value.expectedLatencyMs).toBeLessThanOrEqual(cheapest.value.expectedLatencyMs);
  });
});

describe('routing failures are values with stable codes', () => {
  it('rejects what the scenario forbids, what the payer cannot fund, and malformed requests', async () => {
    const booted = await boot(scenario);
    const router = createRouter({ scenario, client: booted.client });
    const wallet = { payer: 'kowloonretail/wallet', payerAsset: 'hkdx' };
    const cases: Array<[RequestInput, string]> = [
      [
        { ...wallet, payee: 'dunesenergy/ops', payeeAsset: 'aed-falcon', amount: 100n },
        'PolicyViolation',
      ],
      [
        {
          ...wallet,
          payee: 'victoriaships/wallet',
          payeeAsset: 'hkdx',
          amount: amount('6000000.00'),
        },
        'PolicyLimit',
      ],
      [
        {
          payer: 'kowloonretail/till-2',
          payerAsset: 'hkdx',
          payee: 'victoriaships/wallet',
          payeeAsset: 'hkdx',
          amount: amount('3000000.00'),
        },
        'InsufficientFunds',
      ],
      [{ ...wallet, payee: 'nobody/wallet', payeeAsset: 'hkdx', amount: 100n }, 'InvalidRequest'],
      [
        { ...wallet, payee: 'victoriaships/wallet', payeeAsset: 'hkdx', amount: 0n },
        'InvalidRequest',
      ],
      [
        {
          ...wallet,
          payee: 'victoriaships/wallet',
          payeeAsset: 'hkdx',
          amount: 100n,
          strategy: 'psychic',
        },
        'InvalidRequest',
      ],
      [
        {
          ...wallet,
          payee: 'victoriaships/ops',
          payeeAsset: 'hkd-harbour',
          amount: 100n,
          protocol: 'atomic',
        },
        'NoRoute',
      ],
    ];
    for (const [request, code] of cases) {
      const outcome = await router.route(request);
      expect(
        outcome.ok ? 'ok' : outcome.error.code,
        JSON.stringify(request, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      ).toBe(code);
    }
  });

  it('the same payment fails with the same reason whatever the strategy', async () => {
    const booted = await boot(scenario);
    const router = createRouter({ scenario, client: booted.client });
    const cny = { payer: 'dragontrade/ops', payerAsset: 'cny-jade' };
    const reserves = {
      payer: 'jadebank/reserve',
      payerAsset: 'cny-cbdc',
      payee: 'harbourbank/reserve',
      payeeAsset: 'hkd-cbdc',
    };
    const cases: Array<[RequestInput, string, RegExp]> = [
      // 60M CNY is about 65M HKD: far above the 5M per-payment limit on HKDX.
      [
        { ...cny, payee: 'kowloonretail/wallet', payeeAsset: 'hkdx', amount: amount('60000000') },
        'PolicyLimit',
        /above the per-payment limit of 5,000,000\.00 hkdx/,
      ],
      // Every plan for 200M needs the pool deep into its curve: hundreds of bps.
      [
        { ...reserves, amount: amount('200000000'), maxCostBps: 150 },
        'CostLimitExceeded',
        /the best plan found costs \d+(\.\d+)? bps, above the cap of 150 bps/,
      ],
      [
        {
          payer: 'kowloonretail/till-2',
          payerAsset: 'hkdx',
          payee: 'victoriaships/wallet',
          payeeAsset: 'hkdx',
          amount: amount('3000000.00'),
        },
        'InsufficientFunds',
        /holds [\d,]+\.\d\d hkdx, the payment sends 3,000,000\.00 hkdx/,
      ],
      [
        {
          payer: 'kowloonretail/till-2',
          payerAsset: 'hkdx',
          payee: 'victoriaships/wallet',
          payeeAsset: 'hkdx',
          amount: amount('3000000.00'),
          amountIs: 'receive',
        },
        'InsufficientFunds',
        /./,
      ],
      [
        {
          payer: 'kowloonretail/wallet',
          payerAsset: 'hkdx',
          payee: 'victoriaships/ops',
          payeeAsset: 'hkd-harbour',
          amount: 100n,
          protocol: 'atomic',
        },
        'NoRoute',
        /./,
      ],
    ];
    for (const [request, code, message] of cases) {
      for (const { name: strategy } of STRATEGIES) {
        // The one-venue baseline has no candidate at all where no single venue joins the assets.
        const noSingleVenue = request.payeeAsset === 'hkdx' && request.payerAsset !== 'hkdx';
        const expected = strategy === 'direct' && noSingleVenue ? 'NoRoute' : code;
        const outcome = await router.route({ ...request, strategy });
        const what = `${strategy}: ${JSON.stringify(request, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`;
        expect(outcome.ok ? 'ok' : outcome.error.code, what).toBe(expected);
        if (!outcome.ok && expected === code) expect(outcome.error.message, what).toMatch(message);
      }
    }
  });

  it('an intermediary after an AMM leg keeps its fee plus exactly the positive slippage', async () => {
    // Only the pool converts, so the plan is redeem (jadebank), swap, mint (harbourbank).
    const poolOnly = {
      ...scenario,
      policies: {
        ...scenario.policies,
        forbiddenVenues: scenario.venues
          .filter((venue) => venue.type === 'fx-quote')
          .map((venue) => ({ venue: venue.id, reason: 'test: pool only' })),
      },
    };
    const booted = await boot(poolOnly);
    const router = createRouter({ scenario: poolOnly, client: booted.client });
    const outcome = await router.route({
      payer: 'dragontrade/ops',
      payerAsset: 'cny-jade',
      payee: 'victoriaships/ops',
      payeeAsset: 'hkd-harbour',
      amount: amount('1000000.00'),
    });
    if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
    const plan = outcome.value;
    const [redeem, swap, mint] = plan.paths[0]?.legs ?? [];
    expect([redeem?.venue, swap?.venue, mint?.venue]).toEqual([
      'jadebank-tokens',
      'lionmm-cny-hkd',
      'harbourbank-tokens',
    ]);
    if (!swap || !mint) throw new Error('unreachable');
    const expectedOut = swap.expectedAmountOut ?? 0n;
    // The swap guarantees 30 bps below its quote, and the mint is sized from that guarantee.
    expect(swap.amountOut).toBe((expectedOut * 9_970n) / 10_000n);
    expect(mint.amountIn).toBe(swap.amountOut);
    const reserve = () => balanceOf(booted.client, poolOnly, 'hkd-cbdc', 'harbourbank/reserve');
    const before = await reserve();
    expect(await executePlan(booted.client, plan, 'pool')).toBeUndefined();
    // harbourbank takes the pool's whole output as CBDC reserve and issues only the guaranteed
    // amount less its fee in tokens: it is left with its fee plus the positive slippage.
    expect((await reserve()) - before).toBe(expectedOut);
    expect(expectedOut - mint.amountOut).toBe(mint.feeOut + (expectedOut - swap.amountOut));
    expect(expectedOut - swap.amountOut).toBeGreaterThan(0n);
  });
});
