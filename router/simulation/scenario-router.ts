// The scenario's router (router/routing) as the simulation calls it: one payment in, a plan or a
// failure code out. Arbitrage diagnostics are off (they cost extra reads and are not a
// simulation metric). The profile's maxCostBps goes into routing, so every strategy looks for a
// plan under it; the run's clock gives venue hours, quote validity and the day of daily limits,
// whose tally of what each org sent is kept in `volumes` (told by the caller as payments end).
import type { LedgerClient } from '../ledger/ledger-client';
import { orgOf } from '../routing/path-ops';
import { DailyVolumes } from '../routing/policy';
import { createRouter } from '../routing/router';
import type { Scenario } from '../scenario/types';
import type { RoutePayment } from './engine';

export function scenarioRouter(
  scenario: Scenario,
  seed: number,
  clock?: () => number,
  volumes?: DailyVolumes,
): (client: LedgerClient) => RoutePayment {
  return (client) => {
    const router = createRouter({ scenario, client, detectArbitrage: false });
    return async (payment) => {
      const nowMs = clock?.();
      const org = orgOf(payment.payer);
      const routed = await router.route({
        payer: payment.payer,
        payerAsset: payment.payerAsset,
        payee: payment.payee,
        payeeAsset: payment.payeeAsset,
        amount: payment.amount,
        amountIs: payment.amountIs,
        strategy: payment.strategy,
        protocol: payment.protocol,
        seed: seed + payment.index,
        // Unset fields undefined, not spread in conditionally: those spreads cost more than
        // the rest of the request.
        maxCostBps: payment.maxCostBps ?? undefined,
        nowMs,
        sentToday:
          volumes && nowMs !== undefined ? volumes.sent(org, payment.payerAsset, nowMs) : undefined,
      });
      if (!routed.ok) return { ok: false, reason: routed.error.code, detail: routed.error.message };
      if (volumes && nowMs !== undefined) {
        volumes.record(payment.id, org, payment.payerAsset, nowMs, routed.value.amountIn);
      }
      return { ok: true, plan: routed.value };
    };
  };
}
