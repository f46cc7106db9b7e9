// Requoting, as an order router does it: when an attempt reverts in a way requote-rule.ts allows
// (a moved price or drained liquidity, nothing irrevocable done), re-route the payment against
// current ledger state and settle again, at most `maxRequotes` times. The attempt that reverts
// journals, in its `done` entry, the id of the attempt that will follow it (`requotedAs`); each
// attempt has its own id, so its holds and operation ids never collide with an earlier
// attempt's, and the auditor checks each attempt's atomicity on its own.
import type { Plan } from '../routing/plan';
import type { SettlementDeps } from './deps';
import type { FailureReason } from './failure-reason';
import { type PaymentRequest, type SettleResult, settlePayment } from './settle';

/** Attempt 0 settles under the payment's own id; requote n under `<id>.q<n>`. */
export function attemptId(payment: string, attempt: number): string {
  return attempt === 0 ? payment : `${payment}.q${attempt}`;
}

/** A plan for a payment, or why there is none (a stable code and a sentence). */
export type Routed =
  { ok: true; plan: Plan } | { ok: false; reason: FailureReason; detail: string };

/** A fresh plan from current ledger state. */
export type Requote = () => Promise<Routed>;

/** How a requoted payment ended: a settlement result, or no plan on a requote. */
export type RequotedResult = (
  SettleResult | { protocol: null; outcome: 'unrouted'; reason: FailureReason; detail: string }
) & { requotes: number };

export async function settleWithRequotes(
  deps: SettlementDeps,
  request: PaymentRequest,
  options: { maxRequotes: number; requote: Requote },
): Promise<RequotedResult> {
  let { plan } = request;
  for (let attempt = 0; ; attempt++) {
    const next = attempt < options.maxRequotes ? attemptId(request.id, attempt + 1) : null;
    const result = await settlePayment(deps, {
      id: attemptId(request.id, attempt),
      plan,
      protocol: request.protocol,
      requoteAs: next,
    });
    if (result.outcome === 'refused' || result.requotedAs === null)
      return { ...result, requotes: attempt };
    const fresh = await options.requote();
    if (!fresh.ok) {
      const { reason, detail } = fresh;
      return { protocol: null, outcome: 'unrouted', reason, detail, requotes: attempt + 1 };
    }
    plan = fresh.plan;
  }
}
