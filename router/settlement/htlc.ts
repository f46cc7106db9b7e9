// HTLC settlement across ledgers. The payer side draws a secret and locks every step under its
// hash, one hold per step from the payer towards the payee, each hold expiring one safety margin
// before the one upstream of it (the payer's hold lives longest). Once all are placed the router
// claims from the payee back to the payer, each claim revealing the secret to the next party
// upstream; if anything fails before the payee's claim, every placed hold is refunded at its
// expiry. The margin is what gives each upstream party time to claim after the downstream claim:
// a router down for longer than it can leave a payment half claimed, half refunded.
// Anyone holding the secret may claim; the router claims and refunds each hold itself, signing as
// the hold's owner (a member of that hold's ledger), on behalf of the parties it serves.
import { hashlockOf } from '../../chaincode/src/core/hashlock';
import type { ErrorCode } from '../../chaincode/src/core/types';
import type { Plan } from '../routing/plan';
import type { RecoveryDeps, SettlementDeps } from './deps';
import type { FailureReason } from './failure-reason';
import { acceptedEntry, HoldBook, holdOf, plannedSteps } from './hold-resolution';
import type { PaymentEnd } from './journal-entry';
import { resolveHold } from './ledger-calls';

export async function settleHtlc(
  deps: SettlementDeps,
  payment: string,
  plan: Plan,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const startMs = deps.time.nowMs();
  const last = plan.steps.length - 1;
  const { htlcExpiryMs, htlcSafetyMarginMs } = deps.timing;
  const steps = plannedSteps(payment, plan.steps, (index) => ({
    expiresAtMs: startMs + htlcExpiryMs + (last - index) * htlcSafetyMarginMs,
    coordinator: null,
    deadlineMs: null,
  }));
  const accepted = acceptedEntry(payment, 'htlc', startMs, steps);
  await deps.journal.append(accepted);
  const secret = Buffer.from(deps.randomSecret()).toString('hex');
  const hashlock = hashlockOf(secret);
  await deps.journal.append({ type: 'secret', payment, secret, hashlock });

  const book = new HoldBook(deps, accepted);
  let failure: ErrorCode | null = null;
  for (const step of steps) {
    if (failure !== null) {
      // Holds after the failed one were never attempted.
      book.set(holdOf(step), 'absent');
      continue;
    }
    failure = await book.place(step, {
      kind: 'htlc',
      hashlock,
      expiresAtMs: step.expiresAtMs ?? 0,
    });
  }

  const decision = failure === null ? 'commit' : 'abort';
  await deps.journal.append({ type: 'decision', payment, decision });
  return finishHtlc(deps, book, secret, decision, failure, requoteAs);
}

/**
 * Drives an HTLC payment to its end from `decision` on: claims (payee first) or refunds at
 * expiry. Shared with recovery, which fills `book` from the journal and the ledgers.
 */
export async function finishHtlc(
  deps: RecoveryDeps,
  book: HoldBook,
  secret: string,
  decision: 'commit' | 'abort',
  reason: FailureReason | null,
  requoteAs: string | null = null,
): Promise<PaymentEnd> {
  const downstreamFirst = [...book.accepted.steps].reverse();
  let why = reason;
  if (decision === 'commit') {
    for (const step of downstreamFirst) {
      const hold = holdOf(step);
      if (book.state(hold) !== 'open' && book.state(hold) !== 'unknown') continue;
      // Once the payee's hold is not claimed, claiming upstream would pay for nothing delivered.
      const payeeHold = holdOf(downstreamFirst[0]!);
      if (hold !== payeeHold && book.state(payeeHold) !== 'claimed') break;
      const claimed = await resolveHold(deps, {
        ledger: step.ledger,
        org: step.signer,
        hold,
        action: 'claim',
        secret,
        giveUpAtMs: step.expiresAtMs ?? undefined,
      });
      if (claimed.ok) await book.settle(hold, claimed.value);
      else why ??= claimed.error.code;
    }
  }
  // Refund whatever is left, each hold once it has expired: payee side first.
  for (const step of downstreamFirst) {
    const hold = holdOf(step);
    const state = book.state(hold);
    if (state !== 'open' && state !== 'unknown') continue;
    await deps.time.sleepUntil(step.expiresAtMs ?? 0);
    const refunded = await resolveHold(deps, {
      ledger: step.ledger,
      org: step.signer,
      hold,
      action: 'refund',
    });
    if (refunded.ok) await book.settle(hold, refunded.value);
    else if (refunded.error.code === 'UnknownHold') book.set(hold, 'absent');
    else why ??= refunded.error.code;
  }
  return book.done(why, requoteAs);
}
