// Settling a routed payment: re-check policy, pick the protocol, run it. One module per protocol;
// each talks to the ledgers only through LedgerClient and journals before it acts.
import { policyError } from '../routing/diagnose';
import { chooseProtocol } from '../routing/latency';
import type { Plan, Protocol, ProtocolChoice } from '../routing/plan';
import { settleAtomic } from './atomic';
import type { SettlementDeps } from './deps';
import { settleHtlc } from './htlc';
import type { PaymentEnd } from './journal-entry';
import { settleTwoPhase } from './two-phase-commit';

/** Refusals before anything is journaled or submitted. */
export type SettlementRefusal = 'PolicyViolation' | 'PolicyLimit' | 'AtomicNotPossible';

export type SettleResult =
  | ({ protocol: Protocol } & PaymentEnd)
  | { protocol: Protocol | null; outcome: 'refused'; reason: SettlementRefusal; detail: string };

export interface PaymentRequest {
  /** Unique per payment: every hold and operation id derives from it. */
  id: string;
  plan: Plan;
  protocol: ProtocolChoice;
  /**
   * The id to continue under if this attempt reverts in a way that allows a requote (see
   * requote.ts); the caller then re-routes. Null or absent: no requote.
   */
  requoteAs?: string | null;
}

const PROTOCOL_RUNNERS: Record<
  Protocol,
  (
    deps: SettlementDeps,
    payment: string,
    plan: Plan,
    requoteAs: string | null,
  ) => Promise<PaymentEnd>
> = {
  atomic: settleAtomic,
  htlc: settleHtlc,
  '2pc': settleTwoPhase,
};

export async function settlePayment(
  deps: SettlementDeps,
  request: PaymentRequest,
): Promise<SettleResult> {
  const { id, plan } = request;
  if (plan.steps.length === 0) throw new Error(`payment ${id}: a plan without steps`);
  const decision = chooseProtocol(request.protocol, plan.steps, deps.timing.defaultProtocol);
  const violations = deps.checkPolicy(plan);
  if (violations.length > 0) {
    // The same code routing gives for the same rules: a limit is a PolicyLimit.
    const { code, message } = policyError(violations);
    const reason = code === 'PolicyLimit' ? code : 'PolicyViolation';
    const chosen = decision.ok ? decision.protocol : null;
    return { protocol: chosen, outcome: 'refused', reason, detail: message };
  }
  if (!decision.ok) {
    const detail = `plan spans ${plan.ledgers.length} ledger(s) and ${plan.steps.length} step(s); atomic needs one transaction`;
    return { protocol: null, outcome: 'refused', reason: 'AtomicNotPossible', detail };
  }
  const { protocol } = decision;
  const end = await PROTOCOL_RUNNERS[protocol](deps, id, plan, request.requoteAs ?? null);
  return { protocol, ...end };
}
