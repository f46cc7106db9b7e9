// What every protocol and recovery run on: the ledgers (only through LedgerClient), the
// journal, time, and the scenario's settlement timing. Injected, so the same code runs on the
// embedded ledger under virtual time and on any other backend.
import type { OrgId } from '../../chaincode/src/core/types';
import type { LedgerClient } from '../ledger/ledger-client';
import type { LedgerStep, Plan } from '../routing/plan';
import type { PolicyViolation } from '../routing/policy';
import type { Journal } from './journal';

export interface SettlementTiming {
  /** Cross-ledger protocol used by `auto` when a plan needs more than one transaction. */
  defaultProtocol: 'htlc' | '2pc';
  /** Lifetime of the payee-side HTLC hold. */
  htlcExpiryMs: number;
  /** Extra lifetime per hop towards the payer, so each party can claim after the next one did. */
  htlcSafetyMarginMs: number;
  /** 2PC escrow deadline after which anyone may abort. */
  twoPcDeadlineMs: number;
  /** Pause before retrying a transaction rejected by a transient fault. */
  retryDelayMs: number;
  /** Attempts for one transaction rejected by MVCC conflicts before giving up. */
  maxAttempts: number;
  /**
   * The longest a submitted transaction takes to commit or fail. Recovery waits this long
   * before reading the ledgers, so whatever the crashed router had sent has landed by then.
   */
  commitGraceMs: number;
}

export interface Clockwork {
  nowMs(): number;
  sleepUntil(atMs: number): Promise<void>;
}

/** Enough to finish payments: what recovery needs. */
export interface RecoveryDeps {
  client: LedgerClient;
  journal: Journal;
  time: Clockwork;
  timing: SettlementTiming;
}

export interface SettlementDeps extends RecoveryDeps {
  /** A fresh HTLC secret: 32 bytes from the run's seeded generator. */
  randomSecret(): Uint8Array;
  /** 2PC: the neutral org that coordinates the hold of `step` (a member of its ledger). */
  coordinatorFor(step: LedgerStep): OrgId;
  /** Policy re-check at settlement: every rule the plan breaks (routing/policy.ts). */
  checkPolicy(plan: Plan): PolicyViolation[];
}
