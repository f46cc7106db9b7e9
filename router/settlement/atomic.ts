// Atomic settlement: every step on one ledger under one signer becomes a single `batch`
// transaction, all legs or none. The journal holds the batch itself, so recovery can replay it
// under the same operation id: a replay of a batch that already landed is a DuplicateId.
import type { Result } from '../../chaincode/src/core/types';
import type { Receipt } from '../ledger/ledger-client';
import type { Plan } from '../routing/plan';
import type { RecoveryDeps } from './deps';
import type { JournalStep, PaymentEnd } from './journal-entry';
import { readOpStatus, submitPatiently, submitWithRetry } from './ledger-calls';
import { requotable } from './requote-rule';

export function batchIdFor(payment: string): string {
  return `${payment}.batch`;
}

export async function settleAtomic(
  deps: RecoveryDeps,
  payment: string,
  plan: Plan,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const [first] = plan.steps;
  if (!first) throw new Error(`payment ${payment}: a plan without steps`);
  const step: JournalStep = {
    ledger: first.ledger,
    signer: first.signer,
    legs: plan.steps.flatMap((planned) => planned.legs),
    hold: null,
    expiresAtMs: null,
    coordinator: null,
    deadlineMs: null,
  };
  await deps.journal.append({
    type: 'accepted',
    payment,
    protocol: 'atomic',
    atMs: deps.time.nowMs(),
    steps: [step],
  });
  return submitBatch(deps, payment, step, 'first', requoteAs);
}

/** The batch's swap outputs: from its receipt, or, for a replay that found it landed, its op-id marker. */
async function batchOutputs(
  deps: RecoveryDeps,
  step: JournalStep,
  id: string,
  result: Result<Receipt>,
): Promise<bigint[]> {
  if (result.ok) return result.value.result.amountsOut;
  const status = await readOpStatus(deps, step.ledger, step.signer, id);
  if (!status.ok)
    throw new Error(`batch ${id} landed but its receipt cannot be read: ${status.error.message}`);
  return status.value.amountsOut;
}

/**
 * Submits the journaled batch and journals the outcome. A first attempt rejected by a fault had
 * no effect, so the payment is reverted; one whose outcome the ledger could not settle, like a
 * replay after a crash (the first attempt may have landed), is resubmitted under the same id
 * until the ledger answers. Should it never answer, the payment is reported `mixed`, never
 * reverted: money may have moved.
 */
export async function submitBatch(
  deps: RecoveryDeps,
  payment: string,
  step: JournalStep,
  attempt: 'first' | 'replay',
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const op = { type: 'batch' as const, id: batchIdFor(payment), legs: step.legs };
  let result =
    attempt === 'first' ? await submitWithRetry(deps, step.ledger, step.signer, op) : undefined;
  if (result === undefined || (!result.ok && result.error.code === 'OutcomeUnknown'))
    result = await submitPatiently(deps, step.ledger, step.signer, op);
  const failure = result.ok || result.error.code === 'DuplicateId' ? null : result.error.code;
  const outcome =
    failure === null ? 'settled' : failure === 'OutcomeUnknown' ? 'mixed' : 'reverted';
  const end: PaymentEnd = {
    outcome,
    reason: failure,
    requotedAs:
      requoteAs !== null && requotable('atomic', outcome, failure, false) ? requoteAs : null,
    amountsOut: failure === null ? [await batchOutputs(deps, step, op.id, result)] : [],
  };
  await deps.journal.append({ type: 'done', payment, ...end, atMs: deps.time.nowMs() });
  return end;
}
