// Properties of routing on small random scenarios (generated, validated, bootstrapped onto the
// embedded ledger): cheapest equals an independent brute force over all simple paths; split is
// never worse than the best single path and never asks a venue for more than it has; no plan
// breaks a policy; and executing any plan's steps on the ledger moves exactly what it says. The
// slippage tolerance on AMM legs is drawn too: the brute force applies it by its own rule.
// Replay a failure with FC_SEED=<seed> (fast-check prints it); FC_RUNS=<n> runs each property longer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../router/routing/plan';
import { checkPolicy } from '../../router/routing/policy';
import type { RouteOutcome } from '../../router/routing/router';
import { createRouter } from '../../router/routing/router';
import { generateScenarioFile, type GenerateOptions } from '../../router/scenario/generate';
import { validateScenario } from '../../router/scenario/load';
import type { ScenarioFileInput } from '../../router/scenario/schema';
import type { Scenario } from '../../router/scenario/types';
import { bestDelivery } from './brute-force';
import { balanceOf, boot, executePlan, snapshots, type Booted } from './support';

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const params = (numRuns: number) => ({
  numRuns: process.env.FC_RUNS === undefined ? numRuns : Number(process.env.FC_RUNS),
  ...(seed === undefined ? {} : { seed }),
});
const MAX_HOPS = 4;

const optionsArb: fc.Arbitrary<GenerateOptions> = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  currencies: fc.integer({ min: 2, max: 3 }),
  banksPerCurrency: fc.integer({ min: 1, max: 2 }),
  dealers: fc.integer({ min: 1, max: 2 }),
  quotesPerDealer: fc.integer({ min: 1, max: 4 }),
  pools: fc.integer({ min: 0, max: 2 }),
  interbankLinks: fc.integer({ min: 0, max: 2 }),
  stablecoins: fc.integer({ min: 0, max: 2 }),
  corporatesPerBank: fc.constant(1),
});

const paymentArb = fc.record({
  payer: fc.nat(),
  payee: fc.nat(),
  // Parts per million of the payer's balance: mostly small, sometimes beyond any liquidity.
  ppm: fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 1, max: 1_200_000 })),
  toleranceBps: fc.oneof(fc.constant(30), fc.integer({ min: 0, max: 1_000 })),
});

function scenarioFrom(file: ScenarioFileInput, toleranceBps?: number): Scenario {
  const validated = validateScenario(
    toleranceBps === undefined
      ? file
      : { ...file, settlement: { ...file.settlement, slippageToleranceBps: toleranceBps } },
    'generated',
  );
  if (!validated.ok)
    throw new Error(
      `generator produced an invalid scenario: ${JSON.stringify(validated.problems)}`,
    );
  return validated.value;
}

/** A payment between two funded accounts (corporates, wallets, bank reserves) of the scenario. */
function pickPayment(scenario: Scenario, choice: { payer: number; payee: number; ppm: number }) {
  const funded = scenario.accounts
    .flatMap((account) =>
      Object.entries(account.balances).map(([asset, balance]) => ({
        account: account.id,
        asset,
        balance,
      })),
    )
    .filter(
      (entry) =>
        /\/(ops|wallet|reserve)$/.test(entry.account) && !entry.account.startsWith('issuer'),
    );
  if (funded.length < 2) return undefined;
  const payerIndex = choice.payer % funded.length;
  const payer = funded[payerIndex];
  const payee = funded[(payerIndex + 1 + (choice.payee % (funded.length - 1))) % funded.length];
  if (!payer || !payee) return undefined;
  const amount = (payer.balance * BigInt(choice.ppm)) / 1_000_000n;
  return {
    payer: payer.account,
    payerAsset: payer.asset,
    payee: payee.account,
    payeeAsset: payee.asset,
    amount: amount > 0n ? amount : 1n,
  };
}

/**
 * Executed at once (no pool moves first), every AMM leg pays its expected output: the payee gets
 * the plan's expected amount, at least the guaranteed one, and whoever an AMM leg pays keeps
 * what it pays above its minOut - the payer too, when it signs two swaps in a row.
 */
async function executedMatches(booted: Booted, plan: Plan): Promise<void> {
  const { client, scenario } = booted;
  const before = {
    payer: await balanceOf(client, scenario, plan.payerAsset, plan.payer),
    payee: await balanceOf(client, scenario, plan.payeeAsset, plan.payee),
  };
  const failure = await executePlan(client, plan, `exec-${plan.strategy}`);
  expect(failure).toBeUndefined();
  const legs = plan.paths.flatMap((path) => path.legs);
  const surplus = (account: string, asset: string) =>
    legs
      .filter((leg) => leg.to === account && leg.assetOut === asset)
      .reduce((sum, leg) => sum + (leg.expectedAmountOut ?? leg.amountOut) - leg.amountOut, 0n);
  expect(before.payer - (await balanceOf(client, scenario, plan.payerAsset, plan.payer))).toBe(
    plan.amountIn - surplus(plan.payer, plan.payerAsset),
  );
  const received = (await balanceOf(client, scenario, plan.payeeAsset, plan.payee)) - before.payee;
  expect(received).toBe(plan.amountOut + surplus(plan.payee, plan.payeeAsset));
  expect(received).toBe(plan.expectedAmountOut);
  expect(received).toBeGreaterThanOrEqual(plan.amountOut);
}

function describeOutcome(outcome: RouteOutcome): string {
  return outcome.ok
    ? `plan delivering ${outcome.value.amountOut}`
    : `${outcome.error.code}: ${outcome.error.message}`;
}

describe('routing on random graphs', () => {
  it('cheapest equals a brute force over all simple paths, and its plan executes exactly', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, paymentArb, async (options, choice) => {
        const scenario = scenarioFrom(generateScenarioFile(options), choice.toleranceBps);
        const payment = pickPayment(scenario, choice);
        if (!payment) return;
        const booted = await boot(scenario);
        const expected = bestDelivery(
          scenario,
          await snapshots(booted),
          { ...payment, amountIn: payment.amount },
          MAX_HOPS,
        );
        const router = createRouter({ scenario, client: booted.client });
        const outcome = await router.route({ ...payment, maxHops: MAX_HOPS });
        if (outcome.ok) expect(outcome.diagnostics.pathsTruncated).toBe(false);
        expect(outcome.ok ? outcome.value.amountOut : null, describeOutcome(outcome)).toBe(
          expected,
        );
        if (outcome.ok) await executedMatches(booted, outcome.value);
      }),
      params(40),
    );
  });

  it('split is never worse than the best single path, stays within capacity and executes exactly', async () => {
    await fc.assert(
      fc.asyncProperty(optionsArb, paymentArb, async (options, choice) => {
        const scenario = scenarioFrom(generateScenarioFile(options), choice.toleranceBps);
        const payment = pickPayment(scenario, choice);
        if (!payment) return;
        const booted = await boot(scenario);
        const router = createRouter({ scenario, client: booted.client });
        const single = await router.route({ ...payment, maxHops: MAX_HOPS });
        const split = await router.route({ ...payment, maxHops: MAX_HOPS, strategy: 'split' });
        if (single.ok) {
          expect(split.ok, describeOutcome(split)).toBe(true);
          if (split.ok)
            expect(split.value.amountOut).toBeGreaterThanOrEqual(single.value.amountOut);
        }
        if (!split.ok) return;
        // A dealer quote's maxIn bounds what the whole plan sends through it.
        const sent = new Map<string, bigint>();
        for (const leg of split.value.paths.flatMap((path) => path.legs)) {
          if (leg.venueType === 'fx-quote')
            sent.set(leg.venue, (sent.get(leg.venue) ?? 0n) + leg.amountIn);
        }
        for (const [venue, total] of sent) {
          const quote = scenario.venues.find((candidate) => candidate.id === venue);
          expect(quote?.type === 'fx-quote' && total <= quote.maxIn).toBe(true);
        }
        // Every balance, reserve and quote limit is checked again by the ledger core itself.
        await executedMatches(booted, split.value);
      }),
      params(25),
    );
  });

  it('no plan uses a forbidden venue, a forbidden corridor or an unlisted participant, or exceeds a limit', async () => {
    const policyArb = fc.record({
      forbidden: fc.array(fc.nat(), { maxLength: 3 }),
      limitAsset: fc.nat(),
      limitPpm: fc.integer({ min: 1, max: 100_000 }),
      allowListVenue: fc.nat(),
      strategy: fc.constantFrom('cheapest', 'split', 'fastest', 'direct', 'random'),
    });
    await fc.assert(
      fc.asyncProperty(optionsArb, paymentArb, policyArb, async (options, choice, policy) => {
        const file = generateScenarioFile(options);
        const venues = file.venues ?? [];
        const venueAt = (n: number) => venues[n % Math.max(1, venues.length)]?.id;
        const asset = file.assets[policy.limitAsset % file.assets.length];
        const listed = venueAt(policy.allowListVenue);
        file.policies = {
          forbiddenVenues: policy.forbidden.flatMap((n) =>
            venueAt(n) ? [{ venue: venueAt(n) ?? '' }] : [],
          ),
          forbiddenCorridors: [
            {
              from: { currency: file.assets[0]?.currency ?? 'QAA' },
              to: { currency: file.assets[file.assets.length - 1]?.currency ?? 'QAA' },
            },
          ],
          limits: asset ? [{ asset: asset.id, maxAmount: String(policy.limitPpm) }] : [],
          allowLists: listed ? [{ venue: listed, orgs: [file.orgs[0]?.id ?? 'cb0'] }] : [],
        };
        const scenario = scenarioFrom(file, choice.toleranceBps);
        const payment = pickPayment(scenario, choice);
        if (!payment) return;
        const booted = await boot(scenario);
        const router = createRouter({ scenario, client: booted.client });
        const outcome = await router.route({
          ...payment,
          maxHops: MAX_HOPS,
          strategy: policy.strategy,
        });
        if (!outcome.ok) return;
        expect(checkPolicy(outcome.value, scenario)).toEqual([]);
        const forbidden = new Set(scenario.policies.forbiddenVenues.map((rule) => rule.venue));
        expect(
          outcome.value.paths
            .flatMap((path) => path.legs)
            .filter((leg) => forbidden.has(leg.venue)),
        ).toEqual([]);
      }),
      params(40),
    );
  });

  it('every strategy and protocol yields plans that execute exactly as quoted', async () => {
    const routeArb = fc.record({
      strategy: fc.constantFrom('cheapest', 'fastest', 'split', 'direct', 'random'),
      protocol: fc.constantFrom('auto' as const, 'htlc' as const, '2pc' as const),
      receive: fc.boolean(),
      routeSeed: fc.integer(),
    });
    await fc.assert(
      fc.asyncProperty(optionsArb, paymentArb, routeArb, async (options, choice, how) => {
        const scenario = scenarioFrom(generateScenarioFile(options), choice.toleranceBps);
        const payment = pickPayment(scenario, choice);
        if (!payment) return;
        const booted = await boot(scenario);
        const router = createRouter({ scenario, client: booted.client });
        const outcome = await router.route({
          ...payment,
          maxHops: MAX_HOPS,
          strategy: how.strategy,
          protocol: how.protocol,
          amountIs: how.receive ? 'receive' : 'send',
          seed: how.routeSeed,
        });
        if (!outcome.ok) return;
        const plan = outcome.value;
        if (how.receive) expect(plan.amountOut).toBeGreaterThanOrEqual(payment.amount);
        else expect(plan.amountIn).toBe(payment.amount);
        if (how.protocol !== 'auto') expect(plan.protocol).toBe(how.protocol);
        await executedMatches(booted, plan);
      }),
      params(40),
    );
  });
});
