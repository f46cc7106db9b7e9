// How the simulation configures settlement from a scenario: timing, and who coordinates 2PC.
import { type Scenario, twoPcCoordinatorOf } from '../scenario/types';
import type { SettlementDeps, SettlementTiming } from '../settlement/deps';

/** Attempts for one transaction rejected by MVCC conflicts before the payment gives up. */
const MAX_ATTEMPTS = 3;

/** Re-routes of one payment after attempts reverted by moved prices (settlement/requote.ts). */
export const MAX_REQUOTES = 2;

function slowestBlockMs(scenario: Scenario): number {
  return Math.max(0, ...Object.values(scenario.settlement.blockLatencyMs));
}

/**
 * The scenario's timing. Retries wait one of the slowest blocks; a transaction commits within
 * the slowest block plus `extraCommitMs` (injected commit delays).
 */
export function settlementTiming(scenario: Scenario, extraCommitMs = 0): SettlementTiming {
  return {
    defaultProtocol: scenario.settlement.defaultProtocol,
    htlcExpiryMs: scenario.settlement.htlc.expiryMs,
    htlcSafetyMarginMs: scenario.settlement.htlc.marginPerHopMs,
    twoPcDeadlineMs: scenario.settlement.twoPhaseCommit.deadlineMs,
    retryDelayMs: Math.max(slowestBlockMs(scenario), 100),
    maxAttempts: MAX_ATTEMPTS,
    commitGraceMs: slowestBlockMs(scenario) + extraCommitMs,
  };
}

/** 2PC coordinator: the neutral org the scenario names for the hold's ledger (validated there). */
export function coordinatorPolicy(scenario: Scenario): SettlementDeps['coordinatorFor'] {
  return (step) => {
    const coordinator = twoPcCoordinatorOf(scenario.settlement.twoPhaseCommit, step.ledger);
    if (coordinator === undefined || coordinator === step.signer)
      throw new Error(
        `ledger ${step.ledger}: no neutral 2PC coordinator for ${step.signer}'s hold`,
      );
    return coordinator;
  };
}
