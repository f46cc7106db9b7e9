// Two-phase commit across ledgers with escrow holds. Phase one prepares every step at once (an
// escrow hold per step); the decision — commit only if every prepare succeeded with time left to
// commit before the deadline — is written to the journal before anything acts on it, which makes
// the journal the single commit point; phase two commits (or aborts) every hold, in parallel.
//
// Coordinator: a neutral org the scenario names per ledger (settlement.twoPhaseCommit.coordinator,
// validated to be a member owning no account there, so never the party whose funds are held);
// the router signs as that org. The chaincode accepts a commit only before the deadline and an
// abort by anyone else only after it, so a ledger cannot be aborted under a commit made in time.
// Only a commit that misses the deadline (the router down past it) can split a payment: the hold
// is then aborted and the payment reported mixed.
import type { ErrorCode, OrgId } from '../../chaincode/src/core/types';
import type { Plan } from '../routing/plan';
import type { RecoveryDeps, SettlementDeps } from './deps';
import type { FailureReason } from './failure-reason';
import { acceptedEntry, HoldBook, holdOf, plannedSteps } from './hold-resolution';
import type { JournalStep, PaymentEnd } from './journal-entry';
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
    coordinator: deps.coordinatorFor(step),
    deadlineMs,
  }));
  const accepted = acceptedEntry(payment, '2pc', startMs, steps);
  await deps.journal.append(accepted);

  const book = new HoldBook(deps, accepted);
  const failures = await Promise.all(
    steps.map((step) =>
      book.place(step, {
        kind: 'escrow',
        coordinator: coordinatorOf(step),
        deadlineMs,
      }),
    ),
  );
  // Commits take up to the commit grace to land; deciding later risks missing the deadline.
  const late = deps.time.nowMs() + deps.timing.commitGraceMs >= deadlineMs;
  const failure = failures.find((code) => code !== null) ?? (late ? 'Expired' : null);
  const decision = failure === null ? 'commit' : 'abort';
  await deps.journal.append({ type: 'decision', payment, decision });
  return finishTwoPhase(deps, book, decision, failure, requoteAs);
}

/**
 * Phase two from a journaled decision: commit or abort every hold not yet resolved. A hold not
 * seen on its ledger (recovery after a crash mid-prepare) is aborted once its deadline passed:
 * by then no late prepare can land (placement after the deadline is rejected). A commit the
 * ledger refuses as past the deadline leaves the hold to abort: the payment did not commit there.
 */
export async function finishTwoPhase(
  deps: RecoveryDeps,
  book: HoldBook,
  decision: 'commit' | 'abort',
  reason: FailureReason | null,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const codes = await Promise.all(
    book.accepted.steps.map(async (step) => {
      const hold = holdOf(step);
      const state = book.state(hold);
      if (state !== 'open' && state !== 'unknown') return null;
      const resolve = (action: 'commit' | 'abort') =>
        resolveHold(deps, { ledger: step.ledger, org: coordinatorOf(step), hold, action });
      let missed: ErrorCode | null = null;
      let result = await resolve(decision);
      if (!result.ok && result.error.code === 'Expired') {
        missed = result.error.code;
        result = await resolve('abort');
      }
      if (!result.ok && result.error.code === 'UnknownHold' && decision === 'abort') {
        await deps.time.sleepUntil(step.deadlineMs ?? 0);
        result = await resolve('abort');
        if (!result.ok && result.error.code === 'UnknownHold') {
          book.set(hold, 'absent');
          return null;
        }
      }
      if (result.ok) await book.settle(hold, result.value);
      return result.ok ? missed : result.error.code;
    }),
  );
  return book.done(reason ?? codes.find((code) => code !== null) ?? null, requoteAs);
}

function coordinatorOf(step: JournalStep): OrgId {
  if (step.coordinator === null) throw new Error(`2pc step on ${step.ledger} has no coordinator`);
  return step.coordinator;
}
