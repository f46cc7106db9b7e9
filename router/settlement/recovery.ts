// Recovery after a router crash: every payment the journal shows unfinished is driven to an end
// from durable state alone — its journal entries plus the hold records on the ledgers.
//   atomic: replay the journaled batch under its operation id (DuplicateId = it had landed).
//   htlc:   a journaled claim decision, or any hold found claimed, means the payee may have the
//           money: claim the rest with the journaled secret while unexpired. Otherwise refund
//           every hold at its expiry (a hold never placed reports UnknownHold then, and no late
//           placement can land after expiry).
//   2pc:    a journaled commit decision commits every hold; anything else aborts all.
// Every submit and read here goes through ledger-calls.ts, so a reply lost during recovery is
// settled from the ledger as during settlement, and a placement journaled as failed with an
// unknown outcome is read back, not taken as absent.
// It first waits out the commit grace period, so every transaction the crashed router had in
// flight has landed or failed before any ledger state is read or any batch replayed.
// Running it again is harmless: replayed resolutions are DuplicateIds, checked against the hold.
import type { HoldStatus } from '../../chaincode/src/core/types';
import { submitBatch } from './atomic';
import type { RecoveryDeps } from './deps';
import { finishHtlc } from './htlc';
import { type AcceptedEntry, HoldBook, type HoldState, holdOf } from './hold-resolution';
import type { JournalEntry, PaymentEnd } from './journal-entry';
import { readHold } from './ledger-calls';
import { finishTwoPhase } from './two-phase-commit';

export interface Recovered extends PaymentEnd {
  payment: string;
}

/** Finishes every unfinished payment in the journal, concurrently; resolves when all ended. */
export async function recover(deps: RecoveryDeps): Promise<Recovered[]> {
  const pending = deps.journal.pending();
  if (pending.length === 0) return [];
  await deps.time.sleepUntil(deps.time.nowMs() + deps.timing.commitGraceMs);
  return Promise.all(
    pending.map(async ({ payment, entries }) => ({
      payment,
      ...(await recoverPayment(deps, entries)),
    })),
  );
}

async function recoverPayment(
  deps: RecoveryDeps,
  entries: readonly JournalEntry[],
): Promise<PaymentEnd> {
  const [accepted] = entries;
  if (accepted?.type !== 'accepted')
    throw new Error('journal: a pending payment must start with accepted');
  if (accepted.protocol === 'atomic') {
    const [step] = accepted.steps;
    if (!step) throw new Error(`journal: atomic payment ${accepted.payment} without a step`);
    return submitBatch(deps, accepted.payment, step, 'replay');
  }

  const book = await observedHolds(deps, accepted, entries);
  const failed = entries.find((entry) => entry.type === 'hold-failed');
  const journaled = entries.find((entry) => entry.type === 'decision');
  const reason = failed?.type === 'hold-failed' ? failed.code : 'RouterCrashed';
  if (accepted.protocol === '2pc') {
    const decision = journaled?.type === 'decision' ? journaled.decision : 'abort';
    if (!journaled)
      await deps.journal.append({ type: 'decision', payment: accepted.payment, decision });
    return finishTwoPhase(deps, book, decision, decision === 'commit' ? null : reason);
  }

  const secret = entries.find((entry) => entry.type === 'secret');
  const anyClaimed = [...book.states.values()].some((state) => state === 'claimed');
  const decision =
    journaled?.type === 'decision' ? journaled.decision : anyClaimed ? 'commit' : 'abort';
  if (!journaled)
    await deps.journal.append({ type: 'decision', payment: accepted.payment, decision });
  if (decision === 'commit' && secret?.type !== 'secret') {
    throw new Error(
      `journal: htlc payment ${accepted.payment} decided to claim without a journaled secret`,
    );
  }
  return finishHtlc(
    deps,
    book,
    secret?.type === 'secret' ? secret.secret : '',
    decision,
    decision === 'commit' ? null : reason,
  );
}

/** Each planned hold's state from its ledger record, journaling resolutions the crash lost. */
async function observedHolds(
  deps: RecoveryDeps,
  accepted: AcceptedEntry,
  entries: readonly JournalEntry[],
): Promise<HoldBook> {
  const journaled = entries.flatMap((entry) => (entry.type === 'resolved' ? [entry.hold] : []));
  // A placement that failed with an unsettled outcome may have landed: read it like the rest.
  const failed = new Set(
    entries.flatMap((entry) =>
      entry.type === 'hold-failed' && entry.code !== 'OutcomeUnknown' ? [entry.hold] : [],
    ),
  );
  const states = new Map<string, HoldState>();
  const outputs = new Map<string, bigint[]>();
  await Promise.all(
    accepted.steps.map(async (step) => {
      const hold = holdOf(step);
      if (failed.has(hold)) return states.set(hold, 'absent');
      const record = await readHold(deps, step.ledger, step.signer, hold);
      if (record.ok) outputs.set(hold, record.value.amountsOut);
      const state: HoldStatus | 'unknown' = record.ok ? record.value.status : 'unknown';
      return states.set(hold, state);
    }),
  );
  const book = new HoldBook(deps, accepted, states, journaled);
  for (const [hold, amountsOut] of outputs) book.recordOutputs(hold, amountsOut);
  for (const [hold, state] of states) {
    if (state !== 'open' && state !== 'unknown' && state !== 'absent')
      await book.settle(hold, state);
  }
  return book;
}
