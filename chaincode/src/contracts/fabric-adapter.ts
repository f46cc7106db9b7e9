// The seam between fabric-contract-api and the pure core: the chaincode stub as a StateStore,
// the caller's MSP and the transaction timestamp as a TxContext, and failures as Fabric errors
// whose message starts with the stable error code (`NotOwner: from: ...`) for the client to
// read back. No decorators here, so it is testable without a peer.
import type { Context } from 'fabric-contract-api';
import { decodeOp, encodeOpResult, encodeQueryResult, evaluateQuery, prepareOp } from '../core';
import { type AsyncReads, replay } from '../core/replay';
import type {
  LedgerFailure,
  LedgerOpType,
  LedgerQuery,
  OrgId,
  QueryResult,
  Result,
  TxContext,
} from '../core/types';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** The stub's reads; the core runs over them by re-execution (replay.ts). */
export function stubReads(ctx: Context): AsyncReads {
  const { stub } = ctx;
  return {
    async get(key) {
      const bytes = await stub.getState(key);
      // The shim returns an empty buffer for a missing key; the core never writes empty values.
      return bytes.length === 0 ? undefined : utf8.decode(bytes);
    },
    async scan(objectType, attributes) {
      const entries: Array<[string, string]> = [];
      for await (const { key, value } of stub.getStateByPartialCompositeKey(
        objectType,
        attributes,
      )) {
        entries.push([key, utf8.decode(value)]);
      }
      return entries;
    },
  };
}

/** The org of an MSP id: "BankAMSP" -> "BankA" (scenario orgs are named without the suffix). */
export function orgOfMsp(mspId: string): OrgId {
  return mspId.endsWith('MSP') && mspId.length > 3 ? mspId.slice(0, -3) : mspId;
}

export function txContextOf(ctx: Context): TxContext {
  const { seconds, nanos } = ctx.stub.getTxTimestamp();
  return {
    invokerOrg: orgOfMsp(ctx.clientIdentity.getMSPID()),
    txId: ctx.stub.getTxID(),
    nowMs: seconds.toNumber() * 1000 + Math.floor(nanos / 1_000_000),
  };
}

/** Fabric reports a failed transaction as an error; its message starts with the code. */
export function toFabricError(error: LedgerFailure): Error {
  return new Error(`${error.code}: ${error.message}`);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw toFabricError(result.error);
  return result.value;
}

/**
 * How far a transaction's timestamp may be from the endorser's own clock. The core checks HTLC
 * expiries and 2PC deadlines against that timestamp, which the submitting client chooses; this
 * bound caps what a client gains by lying. A few seconds: far above NTP error between hosts and
 * the proposal-to-endorsement delay, far below every settlement margin (5 s at the least in the
 * bundled scenarios), so an honest client is never refused and a dishonest one wins little.
 */
export const MAX_TIMESTAMP_SKEW_MS = 3_000;

/**
 * Refuses a timestamp too far from this endorser's clock. The result of an accepted transaction
 * still depends on the timestamp alone (every endorser computes the same bytes); only whether it
 * is endorsed depends on the clock, so a skewed one fails endorsement and changes nothing.
 */
function checkTimestamp(txNowMs: number, endorserNowMs: number): void {
  const skewMs = Math.abs(txNowMs - endorserNowMs);
  if (skewMs <= MAX_TIMESTAMP_SKEW_MS) return;
  throw toFabricError({
    code: 'InvalidArgument',
    message: `timestamp: ${txNowMs} is ${skewMs} ms from this endorser's clock (at most ${MAX_TIMESTAMP_SKEW_MS} ms)`,
  });
}

/**
 * Runs one operation submitted to the transaction function for `type`; returns its result JSON.
 * `endorserNowMs` is the peer's clock (injected by tests).
 */
export async function submitOp(
  ctx: Context,
  type: LedgerOpType,
  opJson: string,
  endorserNowMs: () => number = Date.now,
): Promise<string> {
  const txContext = txContextOf(ctx);
  checkTimestamp(txContext.nowMs, endorserNowMs());
  const op = unwrap(decodeOp(opJson));
  if (op.type !== type) {
    throw toFabricError({
      code: 'InvalidArgument',
      message: `type: this function takes ${type} operations, got ${op.type}`,
    });
  }
  const prepared = unwrap(await replay(stubReads(ctx), (store) => prepareOp(store, txContext, op)));
  // Only a successful operation writes, in key order, as the embedded ledger commits them.
  for (const [key, value] of prepared.writes) {
    if (value === null) await ctx.stub.deleteState(key);
    else await ctx.stub.putState(key, encoder.encode(value));
  }
  return encodeOpResult(prepared.result);
}

export async function evaluate<Q extends LedgerQuery>(ctx: Context, query: Q): Promise<string> {
  const value: QueryResult<Q> = unwrap(
    await replay(stubReads(ctx), (store) => evaluateQuery(store, query)),
  );
  return encodeQueryResult(query, value);
}
