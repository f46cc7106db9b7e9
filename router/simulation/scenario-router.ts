// The scenario's router (router/routing) as the simulation calls it: one payment in, a plan or a
// failure code out. Arbitrage diagnostics are off (they cost extra reads and are not a
// simulation metric); a plan above the profile's maxCostBps is turned down here.
import type { LedgerClient } from '../ledger/ledger-client';
import { createRouter } from '../routing/router';
import type { Scenario } from '../scenario/types';
import type { RoutePayment } from './engine';

export function scenarioRouter(
  scenario: Scenario,
  seed: number,
): (client: LedgerClient) => RoutePayment {
  return (client) => {
    const router = createRouter({ scenario, client, detectArbitrage: false });
    return async (payment) => {
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
      });
      if (!routed.ok) return { ok: false, reason: routed.error.code, detail: routed.error.message };
      const plan = routed.value;
      if (payment.maxCostBps !== null && plan.costBps > payment.maxCostBps) {
        return {
          ok: false,
          reason: 'CostLimitExceeded',
          detail: `costs ${plan.costBps} bps, above ${payment.maxCostBps}`,
        };
      }
      return { ok: true, plan };
    };
  };
}
