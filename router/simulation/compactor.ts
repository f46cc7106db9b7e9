// Periodic compaction, the other half of the ledger's hot-account layout (see
// chaincode/src/core/balances.ts): every credit writes a fresh delta key and a balance read
// sums them, so an account that is only ever credited (a payee, a dealer's book, an issuer's
// reserve) would make every read slower. The ledger operator folds them back: once an account
// has taken `threshold` credits, its owner submits a `compact`. Compaction goes through the
// faulty, latency-modelled client like any transaction; a failed one is retried on the next
// credit.
import type { LegOp } from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';
import type { Scenario } from '../scenario/types';

export interface Compactor {
  /** Notes the credits `legs` made on `ledger`, compacting accounts that crossed the threshold. */
  credited(ledger: string, legs: readonly LegOp[]): void;
  readonly submitted: number;
}

export interface CompactorOptions {
  /** Put before every compaction id: unique per run where ledgers outlive runs. */
  idPrefix?: string;
  /** Told of every compaction in flight, so a run does not end before it lands. */
  track?: (work: Promise<unknown>) => void;
}

export function createCompactor(
  scenario: Scenario,
  client: LedgerClient,
  threshold: number,
  { idPrefix = '', track }: CompactorOptions = {},
): Compactor {
  const poolAssets = new Map<string, [string, string]>();
  const quotes = new Map<string, { dealer: string; assetIn: string; assetOut: string }>();
  for (const venue of scenario.venues) {
    if (venue.type === 'amm') poolAssets.set(venue.id, [venue.assetA, venue.assetB]);
    if (venue.type === 'fx-quote')
      quotes.set(venue.id, {
        dealer: venue.account,
        assetIn: venue.assetIn,
        assetOut: venue.assetOut,
      });
  }
  const credits = new Map<string, number>();
  const inFlight = new Set<string>();
  let submitted = 0;

  const note = (ledger: string, asset: string, account: string): void => {
    const key = `${ledger} ${asset} ${account}`;
    const count = (credits.get(key) ?? 0) + 1;
    credits.set(key, count);
    if (count < threshold || inFlight.has(key)) return;
    inFlight.add(key);
    credits.set(key, 0);
    submitted++;
    const org = account.slice(0, account.indexOf('/'));
    const work = client
      .submit(ledger, org, {
        type: 'compact',
        id: `${idPrefix}compact:${submitted}`,
        asset,
        account,
      })
      .then((result) => {
        inFlight.delete(key);
        if (!result.ok) credits.set(key, threshold);
      });
    track?.(work);
  };

  return {
    credited(ledger, legs) {
      for (const leg of legs) {
        if (leg.type === 'transfer' || leg.type === 'issue') note(ledger, leg.asset, leg.to);
        else if (leg.type === 'swap') {
          const [a, b] = poolAssets.get(leg.pool) ?? [];
          const out = leg.assetIn === a ? b : a;
          if (out) note(ledger, out, leg.to);
        } else if (leg.type === 'fxSwap') {
          const quote = quotes.get(leg.quote);
          if (quote) {
            note(ledger, quote.assetOut, leg.to);
            note(ledger, quote.assetIn, quote.dealer);
          }
        }
      }
    },
    get submitted() {
      return submitted;
    },
  };
}
