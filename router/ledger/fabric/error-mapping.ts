// Reading Fabric gateway errors back into Corridor's failure values. Pure functions over the
// error's shape (name, gRPC code, message, per-peer details), so this module needs no
// @hyperledger/fabric-gateway import. Shapes observed on our Fabric v3.1.1 network with
// fabric-gateway 1.11 are written next to the rule that reads them (test/fabric/ provokes each).
import { status as GrpcStatus } from '@grpc/grpc-js';
import { ERROR_CODES, type ErrorCode, type LedgerFailure } from '../../../chaincode/src/core/types';

export interface GatewayErrorShape {
  /** `EndorseError`, `SubmitError`, `CommitStatusError` or `GatewayError` (evaluate). */
  name: string;
  /** gRPC status code. */
  code: number;
  message: string;
  details: Array<{ address: string; mspId: string; message: string }>;
}

export function asGatewayError(error: unknown): GatewayErrorShape | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, details } = error as Partial<GatewayErrorShape>;
  if (typeof code !== 'number' || !Array.isArray(details)) return undefined;
  return { name: error.name, code, message: error.message, details };
}

/** Codes a client reports about transport; the chaincode never throws them. */
const CLIENT_CODES: ReadonlySet<ErrorCode> = new Set([
  'LedgerUnavailable',
  'EndorsementFailed',
  'MvccConflict',
  'OutcomeUnknown',
]);
const CHAINCODE_CODES = ERROR_CODES.filter((code) => !CLIENT_CODES.has(code));
// The contract throws `Error("<Code>: <message>")`; the peer wraps it (observed):
//   endorse:  EndorseError code 10 ABORTED, message "10 ABORTED: failed to endorse transaction,
//             see attached details for more info", details[0].message
//             "chaincode response 500, InsufficientFunds: amount: bank1/reserve holds
//             50000000 cash, needs 999999999999"
//   evaluate: GatewayError code 2 UNKNOWN, message "2 UNKNOWN: evaluate call to endorser
//             returned error: chaincode response 500, UnknownAsset: asset: unknown asset \"XAU\"",
//             details[0].message the same "chaincode response 500, ..." text
// The code is the first "<Code>: " after "chaincode response <status>, ".
const CHAINCODE_ERROR = new RegExp(
  `chaincode response \\d+, (${CHAINCODE_CODES.join('|')}): ([\\s\\S]*)$`,
);

/** The core's own failure, if the ledger rejected the operation or query itself. */
export function chaincodeFailure(error: GatewayErrorShape): LedgerFailure | undefined {
  for (const text of [...error.details.map((detail) => detail.message), error.message]) {
    const match = CHAINCODE_ERROR.exec(text);
    if (match) return { code: match[1] as ErrorCode, message: match[2] ?? '' };
  }
  return undefined;
}

// A proposal signed by an org outside the channel is refused by the peer before the chaincode
// runs. Observed: endorse -> EndorseError code 10 ABORTED "10 ABORTED: failed to endorse
// transaction, see attached details for more info"; evaluate -> GatewayError code 9
// FAILED_PRECONDITION "9 FAILED_PRECONDITION: evaluate call to endorser returned error: error
// validating proposal: access denied: channel [cbdc] creator org unknown, creator is malformed";
// both with details[0].message "error validating proposal: access denied: channel [cbdc]
// creator org unknown, creator is malformed".
const NOT_MEMBER =
  /creator org (\[[^\]]*\] )?unknown|access denied: channel \[[^\]]*\] creator org|creator is malformed/;

export function isNotMemberRejection(error: GatewayErrorShape): boolean {
  return [error.message, ...error.details.map((detail) => detail.message)].some((text) =>
    NOT_MEMBER.test(text),
  );
}

// Endorsers that simulated on different ledger heights return different read/write sets, and
// the gateway refuses to assemble them (observed during 20 concurrent debits of one account:
// EndorseError code 10 "10 ABORTED: failed to collect enough transaction endorsements, see
// attached details for more info", each detail "ProposalResponsePayloads do not match"). It is
// the endorsement-time face of a concurrent write, so it is retried like an MVCC conflict.
export function isEndorsementMismatch(error: GatewayErrorShape): boolean {
  return error.details.some((detail) =>
    detail.message.includes('ProposalResponsePayloads do not match'),
  );
}

function describe(error: GatewayErrorShape): string {
  const details = error.details.map((detail) => `${detail.address}: ${detail.message}`);
  return [error.message, ...details].join('; ');
}

/**
 * An endorsement or evaluation that failed for a reason other than the ledger's own rules.
 * Nothing reached the orderer, so the operation was not applied:
 * - UNAVAILABLE (observed, peer not listening: EndorseError/GatewayError code 14 "14
 *   UNAVAILABLE: No connection established. Last error: Error: connect ECONNREFUSED
 *   127.0.0.1:<port>", no details) and DEADLINE_EXCEEDED (observed with a 1 ms deadline: code 4
 *   "4 DEADLINE_EXCEEDED: Deadline exceeded after 0.001s,...", no details) -> LedgerUnavailable;
 * - anything else, e.g. FAILED_PRECONDITION "no combination of peers can be derived which
 *   satisfy the endorsement policy" while gossip has lost a peer -> EndorsementFailed.
 */
export function endorsementTransportFailure(error: GatewayErrorShape, what: string): LedgerFailure {
  const unavailable =
    error.code === GrpcStatus.UNAVAILABLE || error.code === GrpcStatus.DEADLINE_EXCEEDED;
  return {
    code: unavailable ? 'LedgerUnavailable' : 'EndorsementFailed',
    message: `${what}: ${describe(error)}`,
  };
}

export function evaluationTransportFailure(error: GatewayErrorShape, what: string): LedgerFailure {
  return { code: 'LedgerUnavailable', message: `${what}: ${describe(error)}` };
}

// A refused connection means the envelope never left: to the gateway peer ("No connection
// established ... ECONNREFUSED") or from it to every orderer (observed with the orderer stopped:
// SubmitError code 14 "14 UNAVAILABLE: no orderers could successfully process transaction",
// details[0].message "rpc error: code = Unavailable desc = connection error: desc = \"transport:
// Error while dialing: dial tcp 127.0.0.1:37050: connect: connection refused\"").
// A lost commit status is CommitStatusError code 4 "4 DEADLINE_EXCEEDED: Deadline exceeded
// after 0.000s,remote_addr=..." (no details): always "outcome unknown".
const NEVER_CONNECTED = /ECONNREFUSED|connection refused|No connection established/;

/**
 * True only when a failed Submit certainly handed nothing to the orderer. Any other failure
 * (deadline, reset mid-call) may have delivered the transaction: its outcome is unknown.
 */
export function submitNeverSent(error: GatewayErrorShape): boolean {
  if (error.code !== GrpcStatus.UNAVAILABLE) return false;
  const texts = error.details.length > 0 ? error.details.map((d) => d.message) : [error.message];
  return texts.every((text) => NEVER_CONNECTED.test(text));
}

export function describeGatewayError(error: GatewayErrorShape): string {
  return describe(error);
}
