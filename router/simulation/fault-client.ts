// Ledger faults as a LedgerClient wrapper, so protocols run untouched and meet faults exactly as
// they would meet them from a real network: a node down (every call to that ledger fails while
// the window is open), endorsement failures (rejected before ordering, no state change), MVCC
// conflicts (rejected at commit one block later, no state change), slow commits, and submits
// whose outcome the client never learns (OutcomeUnknown): a lost reply (the transaction took
// effect, or was rejected, as without the fault) or a lost submit (it never reached the ledger;
// the client waits one block for a commit that never comes). Each draw comes from the fault
// stream of the seeded generator, in a fixed order per call.
import type { ErrorCode, LedgerOp, Result } from '../../chaincode/src/core/types';
import { decorateClient, type LedgerClient } from '../ledger/ledger-client';
import type { FaultSpec } from './fault-spec';
import type { Rng } from '../scenario/rng';
import type { Sleeper } from './scheduler';

export type LedgerFault = Exclude<FaultSpec, { kind: 'crash' }>;

export interface FaultCounts {
  nodeDown: number;
  endorsement: number;
  mvcc: number;
  delay: number;
  lostReply: number;
  lostSubmit: number;
}

export interface FaultyLedgerClient extends LedgerClient {
  readonly injected: Readonly<FaultCounts>;
}

export interface FaultOptions {
  faults: readonly LedgerFault[];
  rng: Rng;
  time: Sleeper;
  /** When the run started on `time`: node-down windows count from here. */
  startMs: number;
  blockLatencyMs: (ledger: string) => number;
}

export function withFaults(
  inner: LedgerClient,
  { faults, rng, time, startMs, blockLatencyMs }: FaultOptions,
): FaultyLedgerClient {
  const injected: FaultCounts = {
    nodeDown: 0,
    endorsement: 0,
    mvcc: 0,
    delay: 0,
    lostReply: 0,
    lostSubmit: 0,
  };
  const applies = (fault: LedgerFault, ledger: string): boolean =>
    fault.kind === 'node-down'
      ? fault.ledger === ledger
      : fault.ledger === null || fault.ledger === ledger;
  const strikes = (fault: Extract<LedgerFault, { probability: number }>): boolean =>
    rng.nextFloat() < fault.probability;
  // Kept apart: every call looks them up, and most runs have none.
  const windows = faults.filter(
    (fault): fault is Extract<LedgerFault, { kind: 'node-down' }> => fault.kind === 'node-down',
  );
  const downWindow = (ledger: string): Extract<LedgerFault, { kind: 'node-down' }> | undefined => {
    if (windows.length === 0) return undefined;
    const now = time.nowMs() - startMs;
    return windows.find(
      (fault) => applies(fault, ledger) && now >= fault.fromMs && now < fault.fromMs + fault.forMs,
    );
  };
  const down = (ledger: string, window: { fromMs: number; forMs: number }): Result<never> => {
    injected.nodeDown++;
    return rejected(
      'LedgerUnavailable',
      `ledger ${ledger}: node down (fault window ${window.fromMs} ms to ${window.fromMs + window.forMs} ms)`,
    );
  };

  const decorated = decorateClient(inner, {
    async submit(ledger, org, op) {
      const window = downWindow(ledger);
      if (window) return down(ledger, window);
      let extraMs = 0;
      let replyLost = false;
      for (const fault of faults) {
        if (fault.kind === 'node-down' || !applies(fault, ledger) || !strikes(fault)) continue;
        if (fault.kind === 'endorsement') {
          injected.endorsement++;
          return rejected(
            'EndorsementFailed',
            `ledger ${ledger}: endorsement failed for ${op.type} ${op.id} (injected)`,
          );
        }
        if (fault.kind === 'mvcc') {
          injected.mvcc++;
          await time.sleepUntil(time.nowMs() + blockLatencyMs(ledger));
          return rejected(
            'MvccConflict',
            `ledger ${ledger}: MVCC read conflict on ${op.type} ${op.id} (injected)`,
          );
        }
        if (fault.kind === 'lost-submit') {
          injected.lostSubmit++;
          await time.sleepUntil(time.nowMs() + blockLatencyMs(ledger));
          return unknownOutcome(ledger, op, 'the submit was lost');
        }
        if (fault.kind === 'lost-reply') {
          replyLost = true;
          continue;
        }
        injected.delay++;
        extraMs += fault.delayMs;
      }
      if (extraMs > 0) await time.sleepUntil(time.nowMs() + extraMs);
      const result = await inner.submit(ledger, org, op);
      if (!replyLost) return result;
      injected.lostReply++;
      return unknownOutcome(ledger, op, 'the reply was lost');
    },
    async evaluate(ledger, org, query) {
      const window = downWindow(ledger);
      return window ? down(ledger, window) : inner.evaluate(ledger, org, query);
    },
  });
  return { ...decorated, injected };
}

function unknownOutcome(ledger: string, op: LedgerOp, why: string): Result<never> {
  return rejected(
    'OutcomeUnknown',
    `ledger ${ledger}: ${op.type} ${op.id} may or may not have been applied: ${why} (injected)`,
  );
}

function rejected(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}
