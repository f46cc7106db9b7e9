// What HTLC and 2PC share: journaled steps with deterministic hold ids, journaling a hold's
// resolution exactly once, and judging a payment's outcome from the states of its holds.
import type { ErrorCode, HoldLock, HoldStatus, LegOp } from '../../chaincode/src/core/types';
import type { LedgerStep, Protocol } from '../routing/plan';
import type { RecoveryDeps } from './deps';
import type {
  HoldAction,
  JournalEntry,
  JournalStep,
  PaymentEnd,
  PaymentOutcome,
} from './journal-entry';
import type { FailureReason } from './failure-reason';
import { readHold, submitWithRetry } from './ledger-calls';
import { requotable } from './requote-rule';

export type AcceptedEntry = Extract<JournalEntry, { type: 'accepted' }>;

/** A planned hold as settlement tracks it: `absent` = known never placed; `unknown` = not seen yet. */
export type HoldState = HoldStatus | 'absent' | 'unknown';

export function holdIdFor(payment: string, index: number): string {
  return `${payment}.h${index}`;
}

export function plannedSteps(
  payment: string,
  steps: readonly LedgerStep[],
  lock: (
    index: number,
    step: LedgerStep,
  ) => Pick<JournalStep, 'expiresAtMs' | 'coordinator' | 'deadlineMs'>,
): JournalStep[] {
  return steps.map((step, index) => ({
    ledger: step.ledger,
    signer: step.signer,
    legs: step.legs.map((leg): LegOp => ({ ...leg })),
    hold: holdIdFor(payment, index),
    ...lock(index, step),
  }));
}

export function acceptedEntry(
  payment: string,
  protocol: Protocol,
  atMs: number,
  steps: JournalStep[],
): AcceptedEntry {
  return { type: 'accepted', payment, protocol, atMs, steps };
}

export function holdOf(step: JournalStep): string {
  if (step.hold === null) throw new Error(`step on ${step.ledger} has no hold id`);
  return step.hold;
}

const ACTION_OF: Partial<Record<HoldState, HoldAction>> = {
  claimed: 'claim',
  refunded: 'refund',
  committed: 'commit',
  aborted: 'abort',
};

/**
 * Tracks the holds of one payment and journals each resolution once, whoever performed it (this
 * run, or a run before a crash whose journal entry never got written).
 */
export class HoldBook {
  readonly states: Map<string, HoldState>;
  private readonly journaled: Set<string>;
  /** Swap outputs each placed hold fixed, as the ledger reported them (placement receipt or record). */
  private readonly outputs = new Map<string, bigint[]>();

  constructor(
    private readonly deps: RecoveryDeps,
    readonly accepted: AcceptedEntry,
    initial: ReadonlyMap<string, HoldState> = new Map(),
    journaled: Iterable<string> = [],
  ) {
    this.states = new Map(
      accepted.steps.map((step) => [holdOf(step), initial.get(holdOf(step)) ?? 'unknown']),
    );
    this.journaled = new Set(journaled);
  }

  get payment(): string {
    return this.accepted.payment;
  }

  state(hold: string): HoldState {
    return this.states.get(hold) ?? 'unknown';
  }

  set(hold: string, state: HoldState): void {
    this.states.set(hold, state);
  }

  /**
   * Places the step's hold under `lock` and journals the result: null, or why it failed. A
   * placement whose outcome the ledger could not settle stays `unknown`: it may have landed, so
   * it is refunded or aborted like a placed hold, never taken as absent.
   */
  async place(step: JournalStep, lock: HoldLock): Promise<ErrorCode | null> {
    const hold = holdOf(step);
    const placed = await submitWithRetry(this.deps, step.ledger, step.signer, {
      type: 'hold',
      id: `${hold}:place`,
      hold,
      legs: step.legs,
      lock,
    });
    if (!placed.ok) {
      this.set(hold, placed.error.code === 'OutcomeUnknown' ? 'unknown' : 'absent');
      await this.deps.journal.append({
        type: 'hold-failed',
        payment: this.payment,
        hold,
        code: placed.error.code,
      });
      return placed.error.code;
    }
    this.set(hold, 'open');
    this.outputs.set(hold, placed.value.result.amountsOut);
    await this.deps.journal.append({
      type: 'hold-placed',
      payment: this.payment,
      hold,
      atMs: placed.value.committedAtMs,
    });
    return null;
  }

  /** What the ledger's record of a placed hold says its swap legs pay out. */
  recordOutputs(hold: string, amountsOut: bigint[]): void {
    this.outputs.set(hold, amountsOut);
  }

  /** Records a final state; a resolved one goes to the journal unless it is there already. */
  async settle(hold: string, state: HoldState): Promise<void> {
    this.states.set(hold, state);
    const action = ACTION_OF[state];
    if (action === undefined || this.journaled.has(hold)) return;
    this.journaled.add(hold);
    await this.deps.journal.append({
      type: 'resolved',
      payment: this.payment,
      hold,
      action,
      atMs: this.deps.time.nowMs(),
    });
  }

  outcome(): PaymentOutcome {
    const states = [...this.states.values()];
    const paid = states.filter((state) => state === 'claimed' || state === 'committed').length;
    if (paid === states.length) return 'settled';
    const unwound = states.every(
      (state) => state === 'refunded' || state === 'aborted' || state === 'absent',
    );
    return paid === 0 && unwound ? 'reverted' : 'mixed';
  }

  /** Per step, the outputs its hold paid; a hold this run never saw placed is read from its ledger. */
  private async paidOutputs(): Promise<bigint[][]> {
    const outputs: bigint[][] = [];
    for (const step of this.accepted.steps) {
      const hold = holdOf(step);
      let known = this.outputs.get(hold);
      if (known === undefined) {
        const record = await readHold(this.deps, step.ledger, step.signer, hold);
        if (!record.ok)
          throw new Error(`hold ${hold} paid out but cannot be read: ${record.error.message}`);
        known = record.value.amountsOut;
      }
      outputs.push(known);
    }
    return outputs;
  }

  /** Journals the payment's end; `requoteAs` is taken up only if requote-rule.ts allows it. */
  async done(reason: FailureReason | null, requoteAs: string | null = null): Promise<PaymentEnd> {
    const outcome = this.outcome();
    const why = outcome === 'settled' ? null : (reason ?? 'Unresolved');
    const anyHoldPlaced = [...this.states.values()].some((state) => state !== 'absent');
    const allowed =
      requoteAs !== null && requotable(this.accepted.protocol, outcome, why, anyHoldPlaced);
    const end: PaymentEnd = {
      outcome,
      reason: why,
      requotedAs: allowed ? requoteAs : null,
      amountsOut: outcome === 'settled' ? await this.paidOutputs() : [],
    };
    await this.deps.journal.append({
      type: 'done',
      payment: this.payment,
      ...end,
      atMs: this.deps.time.nowMs(),
    });
    return end;
  }
}
