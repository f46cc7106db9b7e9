// Two-phase commit across ledgers with escrow holds. Phase one prepares every step at once (an
// escrow hold per step); the decision — commit only if every prepare succeeded — is written to
// the journal before anything acts on it, which makes the journal the single commit point; phase
// two commits (or aborts) every hold, in parallel.
//
// Coordinator: the escrow's coordinator is the payer's org where it is a member of the hold's
// ledger, otherwise the step's own signer (see SettlementDeps.coordinatorFor); the router signs
// as that org. Either way only the router, following its journal, resolves before the deadline.
import type { Plan } from '../routing/plan';
import type { RecoveryDeps, SettlementDeps } from './deps';
import { acceptedEntry, HoldBook, holdOf, plannedSteps } from './hold-resolution';
import type { PaymentEnd } from './journal-entry';
import { resolveHold } from './ledger-calls';

export async function settleTwoPhase(
  deps: SettlementDeps,
  payment: string,
  plan: Plan,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const startMs = deps.time.nowMs();
  const deadlineMs = startMs + deps.timing.twoPcDeadlineMs;
  const steps = plannedSteps(payment, plan.steps, (_index, step) => ({
    expiresAtMs: null,
    coordinator: deps.coordinatorFor(step, plan),
    deadlineMs,
  }));
  const accepted = acceptedEntry(payment, '2pc', startMs, steps);
  await deps.journal.append(accepted);

  const book = new HoldBook(deps, accepted);
  const failures = await Promise.all(
    steps.map((step) =>
      book.place(step, {
        kind: 'escrow',
        coordinator: step.coordinator ?? step.signer,
        deadlineMs,
      }),
    ),
  );
  const failure = failures.find((code) => code !== null) ?? null;
  const decision = failure === null ? 'commit' : 'abort';
  await deps.journal.append({ type: 'decision', payment, decision });
  return finishTwoPhase(deps, book, decision, failure, requoteAs);
}

/**
 * Phase two from a journaled decision: commit or abort every hold not yet resolved. A hold not
 * seen on its ledger (recovery after a crash mid-prepare) is aborted once its deadline passed:
 * by then no late prepare can land (placement after the deadline is rejected).
 */
export async function finishTwoPhase(
  deps: RecoveryDeps,
  book: HoldBook,
  decision: 'commit' | 'abort',
  reason: string | null,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const action = decision === 'commit' ? 'commit' : 'abort';
  const codes = await Promise.all(
    book.accepted.steps.map(async (step) => {
      const hold = holdOf(step);
      const state = book.state(hold);
      if (state !== 'open' && state !== 'unknown') return null;
      const org = step.coordinator ?? step.signer;
      let result = await resolveHold(deps, { ledger: step.ledger, org, hold, action });
      if (!result.ok && result.error.code === 'UnknownHold' && action === 'abort') {
        await deps.time.sleepUntil(step.deadlineMs ?? 0);
        result = await resolveHold(deps, { ledger: step.ledger, org, hold, action });
        if (!result.ok && result.error.code === 'UnknownHold') {
          book.set(hold, 'absent');
          return null;
        }
      }
      if (result.ok) await book.settle(hold, result.value);
      return result.ok ? null : result.error.code;
    }),
  );
  return book.done(reason ?? codes.find((code) => code !== null) ?? null, requoteAs);
}
