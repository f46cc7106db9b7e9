// The cost of a route against mid-market: (value in − value out) / value in, in basis points,
// with both sides valued through the scenario's reference rates. Exact until the final rounding.
import type { Rational } from '../../chaincode/src/core/types';
import { multiply, roundDiv } from '../scenario/rational';
import type { FxPair, Scenario, ScenarioAsset } from '../scenario/types';
import type { Plan } from './plan';

/** Value of one unit of each currency in a common (arbitrary) numeraire. */
export type FxTable = ReadonlyMap<string, Rational>;

export function buildFxTable(pairs: readonly FxPair[], currencies: Iterable<string>): FxTable {
  const neighbours = new Map<string, Array<{ currency: string; rate: Rational }>>();
  const link = (from: string, to: string, rate: Rational) => {
    const list = neighbours.get(from) ?? [];
    list.push({ currency: to, rate });
    neighbours.set(from, list);
  };
  for (const { base, quote, rate } of pairs) {
    // 1 base = rate quote: value(base) = rate · value(quote).
    link(quote, base, rate);
    link(base, quote, { num: rate.den, den: rate.num });
  }
  const values = new Map<string, Rational>();
  for (const start of currencies) {
    if (values.has(start)) continue;
    values.set(start, { num: 1n, den: 1n });
    const queue = [start];
    for (let currency = queue.shift(); currency !== undefined; currency = queue.shift()) {
      const value = values.get(currency) ?? { num: 1n, den: 1n };
      for (const next of neighbours.get(currency) ?? []) {
        if (values.has(next.currency)) continue;
        values.set(next.currency, multiply(value, next.rate));
        queue.push(next.currency);
      }
    }
  }
  return values;
}

/** The scenario's reference rates over every currency its assets use. */
export function scenarioFxTable(scenario: Scenario): FxTable {
  return buildFxTable(
    scenario.fx,
    scenario.assets.map((asset) => asset.currency),
  );
}

/** Cost in bps, to two decimal places; negative when the payee receives more than was sent. */
export function costBps(
  fx: FxTable,
  assetIn: ScenarioAsset,
  amountIn: bigint,
  assetOut: ScenarioAsset,
  amountOut: bigint,
): number {
  if (amountIn <= 0n) return 0;
  const valueIn = valueOf(fx, assetIn, amountIn);
  const valueOut = valueOf(fx, assetOut, amountOut);
  // 1 − out/in, in hundredths of a basis point. Unreduced: a factor common to both parts does
  // not change the rounded quotient, and the gcds were most of the cost of every call.
  const num = valueOut.num * valueIn.den;
  const den = valueOut.den * valueIn.num;
  const hundredths = roundDiv((den - num) * 1_000_000n, den);
  return Number(hundredths) / 100;
}

/** The value of `amount` base units, unreduced; its denominator is positive. */
function valueOf(fx: FxTable, asset: ScenarioAsset, amount: bigint): Rational {
  const unit = fx.get(asset.currency);
  if (!unit)
    throw new Error(`no reference rate for ${asset.currency} (the scenario validator checks this)`);
  return { num: unit.num * amount, den: unit.den * 10n ** BigInt(asset.scale) };
}

/**
 * A plan's cost as settled: the same measure on what the payee actually received (an AMM's last
 * leg usually pays more than its guaranteed minimum).
 */
export function settledCostFn(scenario: Scenario): (plan: Plan, delivered: bigint) => number {
  const fx = scenarioFxTable(scenario);
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  return (plan, delivered) => {
    const assetIn = assets.get(plan.payerAsset);
    const assetOut = assets.get(plan.payeeAsset);
    if (!assetIn || !assetOut) throw new Error(`plan names an asset the scenario lacks`);
    return costBps(fx, assetIn, plan.amountIn, assetOut, delivered);
  };
}
