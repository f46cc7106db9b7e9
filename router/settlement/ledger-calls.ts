// Ledger calls with the retry rules settlement needs. Placing a hold or a batch retries MVCC
// conflicts only, a bounded number of times: anything else fails the payment. Resolving a hold
// (claim, refund, commit, abort) must eventually happen for the payment to end atomically, so it
// retries every transient fault, and treats a replayed id as "already done" once the hold record
// confirms it.
// Every submit may come back OutcomeUnknown (committed with the reply lost, or lost on the way):
// such a result is never read as "not applied". The ledger settles it (submitSettled): after the
// commit grace nothing in flight can still land, so the op-id marker then tells committed from
// never-committed. Only a ledger that stays unreadable leaves it unknown, and then resubmitting
// the same op id is the one safe move: it cannot commit twice.
import type {
  ErrorCode,
  HoldRecord,
  HoldStatus,
  LedgerOp,
  LedgerQuery,
  OpStatus,
  OrgId,
  QueryResult,
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

/** Patient retries may also resubmit an unresolved op: its id makes a second commit impossible. */
const RESUBMITTABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  ...TRANSIENT_CODES,
  'OutcomeUnknown',
]);

/**
 * Submits once; an OutcomeUnknown is settled from the ledger after the commit grace: the op-id
 * marker gives the committed op's receipt, its absence means it never committed (reported as
 * LedgerUnavailable: no effect, retryable). OutcomeUnknown remains only if the ledger stays
 * unreadable.
 */
export async function submitSettled(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  op: LedgerOp,
): Promise<Result<Receipt>> {
  const result = await deps.client.submit(ledger, org, op);
  if (result.ok || result.error.code !== 'OutcomeUnknown') return result;
  await deps.time.sleepUntil(deps.time.nowMs() + deps.timing.commitGraceMs);
  const status = await readOpStatus(deps, ledger, org, op.id);
  if (status.ok) {
    if (status.value.type !== op.type) {
      const message = `id: ${JSON.stringify(op.id)} was committed as a ${status.value.type} operation`;
      return { ok: false, error: { code: 'DuplicateId', message } };
    }
    const receipt: Receipt = {
      txId: status.value.txId,
      committedAtMs: deps.client.nowMs(),
      result: { amountsOut: status.value.amountsOut },
    };
    return { ok: true, value: receipt };
  }
  if (status.error.code !== 'UnknownOp') return result;
  const message = `${result.error.message}; not committed on ${ledger} after the commit grace, so it never will be`;
  return { ok: false, error: { code: 'LedgerUnavailable', message } };
}

export async function submitWithRetry(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  op: LedgerOp,
): Promise<Result<Receipt>> {
  for (let attempt = 1; ; attempt++) {
    const result = await submitSettled(deps, ledger, org, op);
    if (result.ok || result.error.code !== 'MvccConflict' || attempt >= deps.timing.maxAttempts)
      return result;
    await deps.time.sleepUntil(deps.time.nowMs() + deps.timing.retryDelayMs);
  }
}

/** Reads how an operation id was committed (its receipt's outputs), waiting out transient faults. */
export function readOpStatus(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  id: string,
): Promise<Result<OpStatus>> {
  return readPatiently(deps, ledger, org, { type: 'op', id });
}

/** Reads a hold, waiting out transient faults. UnknownHold comes back as a failure value. */
export function readHold(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  hold: string,
): Promise<Result<HoldRecord>> {
  return readPatiently(deps, ledger, org, { type: 'hold', hold });
}

async function readPatiently<Q extends LedgerQuery>(
  deps: RecoveryDeps,
  ledger: string,
  org: OrgId,
  query: Q,
): Promise<Result<QueryResult<Q>>> {
  for (let attempt = 1; ; attempt++) {
    const result = await deps.client.evaluate(ledger, org, query);
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
    const result = await submitSettled(deps, ledger, org, op);
    if (result.ok || !RESUBMITTABLE_CODES.has(result.error.code) || attempt >= MAX_RESOLVE_ATTEMPTS)
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
