// Dealers keep their expiring quotes alive in a run: each fx-quote with validForMs is re-posted
// (refreshQuote, through the ledger like any other operation, signed by the dealer) at the run's
// start and then every refreshEveryMs, valid validForMs from then. A quote without
// refreshEveryMs gets only the first posting and lapses mid-run. Refreshes stop once the run's
// last payment has finished, so the run still ends at quiescence.
import type { LedgerClient } from '../ledger/ledger-client';
import type { FxQuoteVenue, Scenario } from '../scenario/types';
import type { Scheduler } from './scheduler';

const TRANSPORT: ReadonlySet<string> = new Set([
  'LedgerUnavailable',
  'EndorsementFailed',
  'MvccConflict',
  'OutcomeUnknown',
]);

export interface QuoteRefreshOptions {
  scenario: Scenario;
  client: LedgerClient;
  time: Scheduler;
  idPrefix: string;
  /** Whether the run still has payments to come or in flight. */
  running: () => boolean;
  track: (work: Promise<unknown>) => void;
}

export function startQuoteRefresh(options: QuoteRefreshOptions): void {
  const { scenario, client, time } = options;
  const ledgerOf = new Map(scenario.assets.map((asset) => [asset.id, asset.ledger]));
  const expiring = scenario.venues.filter(
    (venue): venue is FxQuoteVenue & { validForMs: number } =>
      venue.type === 'fx-quote' && venue.validForMs !== undefined,
  );
  for (const venue of expiring) {
    const ledger = ledgerOf.get(venue.assetIn);
    if (ledger === undefined) throw new Error(`quote ${venue.id}: unknown asset ${venue.assetIn}`);
    let round = 0;
    const refresh = (): void => {
      const nowMs = time.nowMs();
      options.track(
        client
          .submit(ledger, venue.operator, {
            type: 'refreshQuote',
            id: `${options.idPrefix}refresh-${venue.id}-${round++}`,
            quote: venue.id,
            validUntilMs: nowMs + venue.validForMs,
          })
          .then((result) => {
            // A refresh lost in transport leaves the quote to lapse, as a dealer's would; a
            // refusal by the ledger is a bug in the scenario or the run.
            if (!result.ok && !TRANSPORT.has(result.error.code)) {
              throw new Error(
                `refreshing ${venue.id}: ${result.error.code}: ${result.error.message}`,
              );
            }
          }),
      );
      const every = venue.refreshEveryMs;
      if (every !== undefined && options.running()) time.at(nowMs + every, refresh);
    };
    refresh();
  }
}
