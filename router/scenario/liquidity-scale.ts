// A scenario with every venue's liquidity multiplied by one factor, for experiments on how
// routing copes as liquidity tightens or loosens. What a venue can pay out is scaled: a dealer's
// book in the asset its quote pays and the quote's maxIn (its posted depth per fill, if any), both
// reserves of an AMM pool, and a bank's CBDC reserve that mint-redeem and interbank venues pay
// from. Payers' own balances keep their size, so the demand stays the same. A ramp's reserve is
// left alone: it backs the stablecoin's supply 1:1, and shrinking it would open the scenario
// under-collateralised instead of short of liquidity.
import type { Rational } from '../../chaincode/src/core/types';
import { multiply, parseDecimalRational, toDecimalString } from './rational';
import type { ScenarioFile, VenueEntry } from './schema';

/**
 * `file` with its venues' liquidity times `factor`, each amount rounded down to its asset's
 * scale (scaling never creates value). Amounts that are not plain decimals, or in an asset the
 * file does not declare, are left for validation to report.
 */
export function scaleLiquidity(file: ScenarioFile, factor: Rational): ScenarioFile {
  const scales = new Map(file.assets.map((asset) => [asset.id, asset.scale]));
  const scale = (amount: string, asset: string): string => {
    const value = parseDecimalRational(amount);
    const places = scales.get(asset);
    return value === null || places === undefined
      ? amount
      : toDecimalString(multiply(value, factor), places);
  };
  const payingOut = new Set(file.venues.flatMap(payOutInventory).map(inventoryKey));
  return {
    ...file,
    accounts: file.accounts.map((account) => ({
      ...account,
      balances: Object.fromEntries(
        Object.entries(account.balances).map(([asset, amount]) => [
          asset,
          payingOut.has(inventoryKey({ account: account.id, asset }))
            ? scale(amount, asset)
            : amount,
        ]),
      ),
    })),
    venues: file.venues.map((venue) => {
      if (venue.type === 'fx-quote' && venue.maxIn !== undefined)
        return { ...venue, maxIn: scale(venue.maxIn, venue.assetIn) };
      if (venue.type === 'amm') {
        return {
          ...venue,
          reserves: Object.fromEntries(
            Object.entries(venue.reserves).map(([asset, amount]) => [asset, scale(amount, asset)]),
          ),
        };
      }
      return venue;
    }),
  };
}

interface Inventory {
  account: string;
  asset: string;
}

/** The account balances a venue pays out of (AMM reserves live in the venue entry itself). */
function payOutInventory(venue: VenueEntry): Inventory[] {
  switch (venue.type) {
    case 'fx-quote':
      return [{ account: venue.account, asset: venue.assetOut }];
    case 'mint-redeem':
      return [{ account: venue.reserveAccount, asset: venue.cbdcAsset }];
    case 'interbank':
      return [{ account: venue.from.reserve, asset: venue.cbdcAsset }];
    case 'amm':
    case 'ramp':
    case 'transfer':
      return [];
  }
}

function inventoryKey({ account, asset }: Inventory): string {
  return `${account} ${asset}`;
}
