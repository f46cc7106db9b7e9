// Modelled block latency on the embedded backend: a submitted transaction commits (and is
// stamped) one block latency of its ledger later, in virtual time. Transactions to different
// ledgers, or sent in parallel, overlap; reads are served at once, as a peer answers queries
// from its local state.
import { decorateClient, type LedgerClient } from '../ledger/ledger-client';
import type { Sleeper } from './scheduler';

export function withBlockLatency(
  inner: LedgerClient,
  time: Sleeper,
  blockLatencyMs: (ledger: string) => number,
): LedgerClient {
  return decorateClient(inner, {
    async submit(ledger, org, op) {
      await time.sleepUntil(time.nowMs() + blockLatencyMs(ledger));
      return inner.submit(ledger, org, op);
    },
  });
}
