// Settling a routed payment: re-check policy, pick the protocol, run it. One module per protocol;
// each talks to the ledgers only through LedgerClient and journals before it acts.
import type { Plan, Protocol, ProtocolChoice } from '../routing/plan';
import { settleAtomic } from './atomic';
import type { SettlementDeps } from './deps';
import { settleHtlc } from './htlc';
import type { PaymentEnd } from './journal-entry';
import { settleTwoPhase } from './two-phase-commit';

/** Refusals before anything is journaled or submitted. */
export type SettlementRefusal = 'PolicyViolation' | 'AtomicNotPossible';

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

/** `atomic` when one transaction can carry the plan (one ledger, one signer). */
export function isSingleTransaction(plan: Plan): boolean {
  const [first] = plan.steps;
  return (
    first !== undefined &&
    plan.steps.every((step) => step.ledger === first.ledger && step.signer === first.signer)
  );
}

export function chooseProtocol(
  plan: Plan,
  choice: ProtocolChoice,
  defaultProtocol: 'htlc' | '2pc',
): Protocol | 'AtomicNotPossible' {
  if (choice === 'auto') return isSingleTransaction(plan) ? 'atomic' : defaultProtocol;
  if (choice === 'atomic' && !isSingleTransaction(plan)) return 'AtomicNotPossible';
  return choice;
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
  const protocol = chooseProtocol(plan, request.protocol, deps.timing.defaultProtocol);
  const violation = deps.checkPolicy(plan);
  if (violation !== null) {
    const chosen = protocol === 'AtomicNotPossible' ? null : protocol;
    return { protocol: chosen, outcome: 'refused', reason: 'PolicyViolation', detail: violation };
  }
  if (protocol === 'AtomicNotPossible') {
    const detail = `plan spans ${plan.ledgers.length} ledger(s) and ${plan.steps.length} step(s); atomic needs one transaction`;
    return { protocol: null, outcome: 'refused', reason: protocol, detail };
  }
  const end = await PROTOCOL_RUNNERS[protocol](deps, id, plan, request.requoteAs ?? null);
  return { protocol, ...end };
}
