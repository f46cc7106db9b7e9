// Ledger calls with the retry rules settlement needs. Placing a hold or a batch retries MVCC
// conflicts only, a bounded number of times: anything else fails the payment. Resolving a hold
// (claim, refund, commit, abort) must eventually happen for the payment to end atomically, so it
// retries every transient fault, and treats a replayed id as "already done" once the hold record
// confirms it.
import type {
  ErrorCode,
  HoldRecord,
  HoldStatus,
  LedgerOp,
  OrgId,
  Result,
} from '../../chaincode/src/core/types';
import type { Receipt } from '../ledger/ledger-client';
import type { RecoveryDeps } from './deps';
import type { HoldAction } from './journal-entry';

/** Failures that left no effect and may not recur: node down, endorsement, MVCC. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'LedgerUnavailable',
  'EndorsementFailed',
  'MvccConflict',
]);

/** Upper bound on attempts to resolve one hold, so a permanent outage cannot spin forever. */
const MAX_RESOLVE_ATTEMPTS = 1000;

export const RESOLVED_STATUS: Record<HoldAction, HoldStatus> = {
  claim: 'claimed',
  refund: 'refunded',
  commit: 'committed',
  abort: 'aborted',
};

export async function submitWithRetry(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  op: LedgerOp,
): Promise<Result<Receipt>> {
  for (let attempt = 1; ; attempt++) {
    const result = await deps.client.submit(ledger, org, op);
    if (result.ok || result.error.code !== 'MvccConflict' || attempt >= deps.timing.maxAttempts)
      return result;
    await deps.time.sleepUntil(deps.time.nowMs() + deps.timing.retryDelayMs);
  }
}

/** Reads a hold, waiting out transient faults. UnknownHold comes back as a failure value. */
export async function readHold(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  hold: string,
): Promise<Result<HoldRecord>> {
  for (let attempt = 1; ; attempt++) {
    const result = await deps.client.evaluate(ledger, org, { type: 'hold', hold });
    if (result.ok || !TRANSIENT_CODES.has(result.error.code) || attempt >= MAX_RESOLVE_ATTEMPTS)
      return result;
    await deps.time.sleepUntil(deps.time.nowMs() + deps.timing.retryDelayMs);
  }
}

export interface ResolveRequest {
  ledger: string;
  /** Signs the resolution: the coordinator for commit/abort, the hold's signer otherwise. */
  org: OrgId;
  hold: string;
  action: HoldAction;
  /** The HTLC preimage, for claims. */
  secret?: string;
  /** Stop retrying transient faults once a retry could no longer commit before this instant. */
  giveUpAtMs?: number;
}

/**
 * Submits until the ledger gives a definitive answer: transient faults are waited out (until a
 * retry could no longer commit before `giveUpAtMs`). For operations that must not be abandoned
 * on a fault: resolutions, and recovery's replay of a batch whose first attempt is unknown.
 */
export async function submitPatiently(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  op: LedgerOp,
  giveUpAtMs?: number,
): Promise<Result<Receipt>> {
  for (let attempt = 1; ; attempt++) {
    const result = await deps.client.submit(ledger, org, op);
    if (result.ok || !TRANSIENT_CODES.has(result.error.code) || attempt >= MAX_RESOLVE_ATTEMPTS)
      return result;
    const retryAtMs = deps.time.nowMs() + deps.timing.retryDelayMs;
    if (giveUpAtMs !== undefined && retryAtMs >= giveUpAtMs) return result;
    await deps.time.sleepUntil(retryAtMs);
  }
}

/**
 * Resolves a hold; the value is the hold's final status, which differs from the requested
 * action's when the hold had already been resolved the other way.
 */
export async function resolveHold(
  deps: RecoveryDeps,
  request: ResolveRequest,
): Promise<Result<HoldStatus>> {
  const { ledger, org, hold, action } = request;
  const result = await submitPatiently(
    deps,
    ledger,
    org,
    resolutionOp(request),
    request.giveUpAtMs,
  );
  if (result.ok) return { ok: true, value: RESOLVED_STATUS[action] };
  if (result.error.code !== 'DuplicateId' && result.error.code !== 'HoldResolved') return result;
  const record = await readHold(deps, ledger, org, hold);
  if (!record.ok) return record;
  return record.value.status === 'open' ? result : { ok: true, value: record.value.status };
}

function resolutionOp({ hold, action, secret }: ResolveRequest): LedgerOp {
  const id = `${hold}:${action}`;
  if (action === 'claim') {
    if (secret === undefined) throw new Error(`claim of ${hold} without a secret`);
    return { type: 'claim', id, hold, secret };
  }
  return { type: action, id, hold };
}
