// Amounts for people: exact major units with the asset (tables), and a value in the scenario's
// reference currency at its mid-market rates, so flows in different assets can share one
// axis (charts). The value is exact until the final conversion to a drawable number.
import type { Rational } from '../../chaincode/src/core/types';
import { scenarioFxTable } from '../routing/cost';
import { formatMoney } from '../routing/format-plan';
import { divide, multiply, powerOfTen } from '../scenario/rational';
import type { Scenario, ScenarioAsset } from '../scenario/types';

export interface Valuer {
  /** The currency chart values are in. */
  readonly currency: string;
  /** `amount` minor units of `asset`, in major units of the reference currency. */
  value(asset: string, amount: bigint): number;
  /** "1,234.50 hkd-cbdc": exact, in the asset's major units. */
  money(asset: string, amount: bigint): string;
}

/** Hundred-thousandths: fine enough for any chart, coarse enough to stay a safe integer. */
const CHART_DECIMALS = 5n;

export function createValuer(scenario: Scenario): Valuer {
  const assets = new Map<string, ScenarioAsset>(scenario.assets.map((asset) => [asset.id, asset]));
  const currencies = [...new Set(scenario.assets.map((asset) => asset.currency))];
  const fx = scenarioFxTable(scenario);
  const currency = currencies.includes('USD') ? 'USD' : (currencies[0] ?? '');
  const reference = fx.get(currency) ?? { num: 1n, den: 1n };
  return {
    currency,
    value(assetId, amount) {
      const asset = assets.get(assetId);
      const unit = asset && fx.get(asset.currency);
      if (!asset || !unit) return 0;
      const value: Rational = divide(
        multiply(multiply(unit, { num: amount, den: 1n }), powerOfTen(-asset.scale)),
        reference,
      );
      const scaled = (value.num * 10n ** CHART_DECIMALS) / value.den;
      return Number(scaled) / 10 ** Number(CHART_DECIMALS);
    },
    money: (asset, amount) => formatMoney(amount, asset, assets),
  };
}
