// Holds: legs reserved now (their debit halves) and resolved exactly once later, either by
// paying them out (HTLC claim / escrow commit: credit halves) or by returning every reserved
// amount (HTLC refund / escrow abort: refund halves).
//
// Time is the transaction timestamp (`ctx.nowMs`), which the submitting client sets: every
// expiry and deadline check below trusts it. A client that back-dates a claim could claim after
// expiry; one that post-dates a refund could refund early, and then an HTLC chain can end half
// claimed, half refunded. On Fabric the endorsers bound that trust: each refuses a timestamp more
// than a few seconds from its own clock (contracts/fabric-adapter.ts), so a lie is worth at most
// that skew, and safety margins and deadlines must be far larger than it.
//
// Escrow (2PC): `commit` by the coordinator and only before the deadline; `abort` by the
// coordinator at any time, by anyone else only from the deadline on. No instant allows both a
// commit and a foreign abort, so a coordinator that commits in time cannot be overruled.
import { hashlockOf } from './hashlock';
import { creditLeg, debitLeg, hasAmountOut, refundLeg } from './legs';
import { fail, ok } from './result';
import { loadHold, requireHold, saveHold, type Tx } from './state';
import type { HoldLock, HoldRecord, HoldStatus, LedgerOp, LegOp, OpResult, Result } from './types';

type HoldOp = Extract<LedgerOp, { type: 'hold' }>;
type ResolveOp = Extract<LedgerOp, { type: 'claim' | 'refund' | 'commit' | 'abort' }>;

export function placeHold(tx: Tx, op: HoldOp): Result<OpResult> {
  if (loadHold(tx.store, op.hold))
    return fail('HoldExists', `hold: ${JSON.stringify(op.hold)} already exists`);
  const expiry = lockExpiryMs(op.lock);
  if (expiry <= tx.ctx.nowMs) {
    return fail(
      'Expired',
      `lock: expires at ${expiry}, not after the transaction time ${tx.ctx.nowMs}`,
    );
  }
  const reserved = new Map<string, bigint>();
  const amountsOut: bigint[] = [];
  for (const [index, leg] of op.legs.entries()) {
    const debited = debitLeg(tx, leg, `legs[${index}]`);
    if (!debited.ok) return debited;
    for (const [asset, amount] of debited.value.reserved)
      reserved.set(asset, (reserved.get(asset) ?? 0n) + amount);
    if (debited.value.amountOut !== undefined) amountsOut.push(debited.value.amountOut);
  }
  saveHold(tx.store, {
    id: op.hold,
    owner: tx.ctx.invokerOrg,
    legs: op.legs,
    lock: op.lock,
    status: 'open',
    reserved: Object.fromEntries(reserved),
    amountsOut,
  });
  return ok({ amountsOut });
}

function lockExpiryMs(lock: HoldLock): number {
  return lock.kind === 'htlc' ? lock.expiresAtMs : lock.deadlineMs;
}

export function resolveHold(tx: Tx, op: ResolveOp): Result<OpResult> {
  const found = requireHold(tx.store, op.hold, 'hold');
  if (!found.ok) return found;
  const hold = found.value;
  const expectedKind = op.type === 'claim' || op.type === 'refund' ? 'htlc' : 'escrow';
  if (hold.lock.kind !== expectedKind) {
    return fail(
      'WrongLockType',
      `hold: ${op.hold} is an ${hold.lock.kind} hold; ${op.type} needs ${expectedKind}`,
    );
  }
  if (hold.status !== 'open')
    return fail('HoldResolved', `hold: ${op.hold} is already ${hold.status}`);
  const allowed = checkResolution(tx, op, hold.lock);
  if (!allowed.ok) return allowed;
  const status = allowed.value;
  const paysOut = status === 'claimed' || status === 'committed';
  forEachLeg(hold, (leg, amountOut) =>
    paysOut ? creditLeg(tx, leg, amountOut) : refundLeg(tx, leg, amountOut),
  );
  saveHold(tx.store, { ...hold, status });
  return ok({ amountsOut: paysOut ? hold.amountsOut : [] });
}

/** Whether the caller may resolve this way now; the status the hold then moves to. */
function checkResolution(tx: Tx, op: ResolveOp, lock: HoldLock): Result<HoldStatus> {
  const { nowMs, invokerOrg } = tx.ctx;
  if (lock.kind === 'htlc') {
    if (op.type === 'claim') {
      if (nowMs >= lock.expiresAtMs)
        return fail('Expired', `hold: expired at ${lock.expiresAtMs}, now ${nowMs}`);
      if (hashlockOf(op.secret) !== lock.hashlock)
        return fail('HashlockMismatch', 'secret: does not match the hashlock');
      return ok('claimed');
    }
    if (nowMs < lock.expiresAtMs)
      return fail('NotExpired', `hold: refundable from ${lock.expiresAtMs}, now ${nowMs}`);
    return ok('refunded');
  }
  if (op.type === 'commit') {
    if (invokerOrg !== lock.coordinator) {
      return fail('NotCoordinator', `hold: only ${lock.coordinator} may commit, not ${invokerOrg}`);
    }
    if (nowMs >= lock.deadlineMs)
      return fail('Expired', `hold: commit deadline was ${lock.deadlineMs}, now ${nowMs}`);
    return ok('committed');
  }
  if (invokerOrg !== lock.coordinator && nowMs < lock.deadlineMs) {
    return fail(
      'NotCoordinator',
      `hold: only ${lock.coordinator} may abort before ${lock.deadlineMs}, now ${nowMs}`,
    );
  }
  return ok('aborted');
}

/** Visits legs in order with the output their debit half fixed (0 for legs without one). */
function forEachLeg(hold: HoldRecord, visit: (leg: LegOp, amountOut: bigint) => void): void {
  let next = 0;
  for (const leg of hold.legs) {
    const amountOut = hasAmountOut(leg) ? (hold.amountsOut[next++] ?? 0n) : 0n;
    visit(leg, amountOut);
  }
}
