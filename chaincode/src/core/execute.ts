// executeOp: one ledger operation as one all-or-nothing transaction. The operation runs in a
// TxOverlay; only if it succeeds are its buffered writes (plus the operation-id marker) applied
// to the store, so a rejected operation leaves the state byte-for-byte unchanged.
import { parseOp } from './codec';
import { identifier, orgId, timeMs } from './decode';
import { placeHold, resolveHold } from './holds';
import { runLegs } from './legs';
import { addLiquidity, createPool, removeLiquidity } from './pools';
import { postQuote, refreshQuote, withdrawQuote } from './quotes';
import { fail, firstFailure, ok } from './result';
import { compact, createAsset, init, openAccount } from './setup';
import { loadKind, opIdUsed, saveOpId, Tx } from './state';
import { applyWrites, type StateStore, type StateWrite, TxOverlay } from './store';
import type { LedgerKind, LedgerOp, OpResult, Result, TxContext } from './types';

export interface PreparedOp {
  result: OpResult;
  /** Writes in key order; null deletes. Applying them commits the operation. */
  writes: StateWrite[];
}

/**
 * Runs an operation against `store` without changing it and returns its result and write set
 * (Fabric's endorsement simulation). The embedded ledger commits the writes itself, atomically.
 */
export function prepareOp(store: StateStore, ctx: TxContext, op: LedgerOp): Result<PreparedOp> {
  const checkedCtx = checkContext(ctx);
  if (!checkedCtx.ok) return checkedCtx;
  // Operations also arrive as in-memory values from TypeScript callers: check them just as
  // strictly as decoded wire input (bigint amounts are accepted there).
  const parsed = parseOp(op);
  if (!parsed.ok) return parsed;
  const overlay = new TxOverlay(store);
  const tx = new Tx(overlay, ctx);
  if (opIdUsed(overlay, parsed.value.id)) {
    return fail(
      'DuplicateId',
      `id: operation ${JSON.stringify(parsed.value.id)} was already executed`,
    );
  }
  const result = dispatch(tx, parsed.value);
  if (!result.ok) return result;
  saveOpId(
    overlay,
    parsed.value.id,
    parsed.value.type,
    checkedCtx.value.txId,
    result.value.amountsOut,
  );
  return ok({ result: result.value, writes: overlay.pendingWrites() });
}

/** Runs an operation and, only if it succeeds, writes its effects to `store`. */
export function executeOp(store: StateStore, ctx: TxContext, op: LedgerOp): Result<OpResult> {
  const prepared = prepareOp(store, ctx, op);
  if (!prepared.ok) return prepared;
  applyWrites(store, prepared.value.writes);
  return ok(prepared.value.result);
}

function checkContext(ctx: TxContext): Result<TxContext> {
  const failure = firstFailure([
    orgId(ctx.invokerOrg, 'ctx.invokerOrg'),
    identifier(ctx.txId, 'ctx.txId'),
    timeMs(ctx.nowMs, 'ctx.nowMs'),
  ]);
  return failure ?? ok(ctx);
}

function dispatch(tx: Tx, op: LedgerOp): Result<OpResult> {
  if (op.type === 'init') return init(tx, op);
  const kind = loadKind(tx.store);
  if (!kind) return fail('NotInitialized', `${op.type}: the ledger has not been initialised`);
  return dispatchInitialized(tx, op, kind);
}

function dispatchInitialized(
  tx: Tx,
  op: Exclude<LedgerOp, { type: 'init' }>,
  kind: LedgerKind,
): Result<OpResult> {
  switch (op.type) {
    case 'createAsset':
      return createAsset(tx, op, kind);
    case 'openAccount':
      return openAccount(tx, op);
    case 'transfer':
    case 'issue':
    case 'burn':
    case 'swap':
    case 'fxSwap':
      // A standalone leg is a one-leg batch whose fields are named without a prefix.
      return legsResult(runLegs(tx, [op], () => ''));
    case 'batch':
      return legsResult(runLegs(tx, op.legs, (index) => `legs[${index}]`));
    case 'hold':
      return placeHold(tx, op);
    case 'claim':
    case 'refund':
    case 'commit':
    case 'abort':
      return resolveHold(tx, op);
    case 'createPool':
      return createPool(tx, op);
    case 'addLiquidity':
      return addLiquidity(tx, op);
    case 'removeLiquidity':
      return removeLiquidity(tx, op);
    case 'postQuote':
      return postQuote(tx, op);
    case 'refreshQuote':
      return refreshQuote(tx, op);
    case 'withdrawQuote':
      return withdrawQuote(tx, op);
    case 'compact':
      return compact(tx, op);
  }
}

function legsResult(result: Result<bigint[]>): Result<OpResult> {
  return result.ok ? ok({ amountsOut: result.value }) : result;
}
