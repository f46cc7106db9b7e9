// Seeded instances for split's optimality check, shared by the test and benchmark O1: a random
// generated graph (linear dealers and connectors only, or with AMM pools), a payment between two
// funded accounts whose corridor the LP oracle says can carry something, sized at half of that
// capacity ("below") or 97 % of it ("near"). Split routes it through the real router on the
// embedded ledger; the oracle solves the same payment over the same snapshots.
import { createRouter } from '../../router/routing/router';
import { generateScenarioFile, type GenerateOptions } from '../../router/scenario/generate';
import { validateScenario } from '../../router/scenario/load';
import type { Scenario } from '../../router/scenario/types';
import { createRng } from '../../router/scenario/rng';
import { oracleCapacity, solveOracle, type OraclePayment } from './lp-oracle';
import { boot, snapshots } from './support';

export type Family = 'linear' | 'amm';
/**
 * Share of the linear venues' capacity: below and near it the payment is known to be feasible;
 * beyond it only pools can carry the rest, and whether they can is not an LP question (a pool
 * cannot take input without paying out, and its output must fit what follows).
 */
export type Level = 'below' | 'near' | 'beyond';

export interface OptimalityCase {
  family: Family;
  level: Level;
  seed: number;
  payment?: OraclePayment;
  /**
   * Split's guaranteed delivery over the LP's upper bound, or (receive) the LP's lower bound on
   * the input over split's input (null: nothing to compare).
   */
  ratio: number | null;
  /** Set when split found no plan (a failure on a feasible payment, except beyond capacity). */
  failure?: string;
}

const MAX_HOPS = 4;
const LEVELS: Record<Level, bigint> = { below: 500n, near: 970n, beyond: 1500n };

function options(family: Family, seed: number): GenerateOptions {
  const rng = createRng(seed, `optimality:${family}`);
  const between = (low: number, high: number) => low + rng.intBelow(high - low + 1);
  return {
    seed,
    currencies: between(2, 3),
    banksPerCurrency: between(1, 2),
    dealers: between(2, 3),
    quotesPerDealer: between(2, 4),
    pools: family === 'amm' ? between(2, 3) : 0,
    interbankLinks: between(0, 2),
    stablecoins: between(0, 1),
    corporatesPerBank: 1,
  };
}

function scenarioFor(family: Family, seed: number): Scenario {
  const validated = validateScenario(generateScenarioFile(options(family, seed)), 'generated');
  if (!validated.ok) throw new Error(`seed ${seed}: invalid generated scenario`);
  return validated.value;
}

/** Funded endpoints (corporates, wallets, bank reserves), in a seeded order. */
function endpoints(scenario: Scenario, seed: number) {
  const funded = scenario.accounts.flatMap((account) =>
    Object.entries(account.balances)
      .filter(([, balance]) => balance > 0n)
      .map(([asset]) => ({ account: account.id, asset })),
  );
  const usable = funded.filter(
    (entry) => /\/(ops|wallet|reserve)$/.test(entry.account) && !entry.account.startsWith('issuer'),
  );
  const rng = createRng(seed, 'optimality:pairs');
  const pairs = usable.flatMap((payer) =>
    usable.filter((payee) => payee.asset !== payer.asset).map((payee) => ({ payer, payee })),
  );
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.intBelow(i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  return pairs;
}

/**
 * Send: split's delivery over the LP's most. Receive (the payee to get 99 % of that most): the
 * LP's least input over what split sends.
 */
export async function optimalityCase(
  family: Family,
  level: Level,
  seed: number,
  amountIs: 'send' | 'receive' = 'send',
): Promise<OptimalityCase> {
  const scenario = scenarioFor(family, seed);
  const booted = await boot(scenario);
  const state = await snapshots(booted);
  for (const { payer, payee } of endpoints(scenario, seed).slice(0, 12)) {
    const corridor = {
      payer: payer.account,
      payerAsset: payer.asset,
      payee: payee.account,
      payeeAsset: payee.asset,
    };
    const capacity = await oracleCapacity(scenario, state, corridor, MAX_HOPS);
    const amount = (capacity * LEVELS[level]) / 1000n;
    if (amount < 1_000n) continue;
    const most = await solveOracle(scenario, state, { ...corridor, amount }, MAX_HOPS);
    if (most === null || most <= 0) continue;
    const payment: OraclePayment =
      amountIs === 'send'
        ? { ...corridor, amount }
        : { ...corridor, amount: BigInt(Math.floor(most * 0.99)), amountIs };
    const bound =
      amountIs === 'send' ? most : await solveOracle(scenario, state, payment, MAX_HOPS);
    if (bound === null || bound <= 0) continue;
    const router = createRouter({ scenario, client: booted.client, detectArbitrage: false });
    const outcome = await router.route({
      ...payment,
      amountIs,
      strategy: 'split',
      maxHops: MAX_HOPS,
    });
    if (!outcome.ok)
      return {
        family,
        level,
        seed,
        payment,
        ratio: 0,
        failure: `${outcome.error.code}: ${outcome.error.message}`,
      };
    return {
      family,
      level,
      seed,
      payment,
      ratio:
        amountIs === 'send'
          ? Number(outcome.value.amountOut) / bound
          : bound / Number(outcome.value.amountIn),
    };
  }
  return { family, level, seed, ratio: null };
}

/** Split must reach this share of the LP bound at every instance of a family. */
export const TARGETS: Record<Family, number> = { linear: 0.999, amm: 0.99 };

export function describeCase(found: OptimalityCase): string {
  const payment = found.payment;
  const what = payment
    ? `${payment.payer}:${payment.payerAsset} → ${payment.payee}:${payment.payeeAsset} ${payment.amountIs ?? 'send'} ${payment.amount}`
    : 'no payment';
  return `${found.family}/${found.level} seed ${found.seed} (${what}): ratio ${found.ratio}${found.failure ? `, ${found.failure}` : ''}`;
}
