// Locked liquidity × time per venue: while a hold is open, the value its legs move through a
// venue is tied up. A leg is charged to the venue it runs through — the pool of a swap, the
// dealer quote of an fxSwap, or the venue whose paying account a transfer or burn debits (a
// bank's CBDC reserve on redeem, an issuer's reserve on off-ramp). Legs debiting a payer's own
// account are the payer's money, not venue liquidity, and are not charged. The amount is the
// leg's input, in the input asset's minor units.
import type { LegOp } from '../../chaincode/src/core/types';
import type { Scenario } from '../scenario/types';
import type { RunMetrics } from './metrics';

/** Where locked amounts go: the run's metrics, or a time series of them. */
export type LockSink = Pick<RunMetrics, 'locked'>;

export interface LockedLiquidity {
  record(metrics: LockSink, legs: readonly LegOp[], durationMs: number): void;
}

export function lockedLiquidity(scenario: Scenario): LockedLiquidity {
  const quoteAsset = new Map<string, string>();
  const payingAccounts = new Map<string, string[]>();
  const pays = (account: string, venue: string): void => {
    payingAccounts.set(account, [...(payingAccounts.get(account) ?? []), venue]);
  };
  for (const venue of scenario.venues) {
    if (venue.type === 'fx-quote') quoteAsset.set(venue.id, venue.assetIn);
    if (venue.type === 'mint-redeem' || venue.type === 'ramp') pays(venue.reserveAccount, venue.id);
    if (venue.type === 'interbank') pays(venue.from.reserve, venue.id);
  }
  /** What a paying account's legs are charged to: its venues joined by '+', once, not per leg. */
  const venueOfAccount = new Map(
    [...payingAccounts].map(([account, venues]) => [account, venues.join('+')]),
  );

  return {
    record(metrics, legs, durationMs) {
      for (const leg of legs) {
        if (leg.type === 'swap') metrics.locked(leg.pool, leg.assetIn, leg.amountIn, durationMs);
        else if (leg.type === 'fxSwap') {
          const asset = quoteAsset.get(leg.quote);
          if (asset) metrics.locked(leg.quote, asset, leg.amountIn, durationMs);
        } else if (leg.type === 'transfer' || leg.type === 'burn') {
          const venue = venueOfAccount.get(leg.from);
          if (venue) metrics.locked(venue, leg.asset, leg.amount, durationMs);
        }
      }
    },
  };
}
