// The Fabric backend of LedgerClient: the same operations as the embedded ledger, submitted as
// real transactions through @hyperledger/fabric-gateway (the only module in router/ that
// imports it). One signing identity per org, one gRPC connection per peer, one Gateway per
// (org, peer). Every call has a deadline. An operation's outcome is always either a receipt or a
// definite failure; when a reply is lost after the transaction may have reached the orderer, the
// ledger itself is read back (the op-status query) before anything is concluded.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  type Contract,
  type Gateway,
  hash,
  type Identity,
  type Signer,
  signers,
  StatusCode,
} from '@hyperledger/fabric-gateway';
import {
  decodeOpResult,
  decodeQueryResult,
  encodeOp,
  parseOp,
  parseQuery,
} from '../../../chaincode/src/core/codec';
import { fail, ok } from '../../../chaincode/src/core/result';
import type {
  LedgerFailure,
  LedgerOp,
  LedgerQuery,
  OrgId,
  QueryResult,
  Result,
} from '../../../chaincode/src/core/types';
import {
  OP_TRANSACTIONS,
  QUERY_TRANSACTIONS,
} from '../../../chaincode/src/contracts/transaction-names';
import type { LedgerClient, Receipt } from '../ledger-client';
import type { FabricConnectionProfile } from './connection-profile';
import {
  asGatewayError,
  chaincodeFailure,
  describeGatewayError,
  endorsementTransportFailure,
  evaluationTransportFailure,
  type GatewayErrorShape,
  isEndorsementMismatch,
  isNotMemberRejection,
  submitNeverSent,
} from './error-mapping';

export interface FabricLedgerClient extends LedgerClient {
  readonly backend: 'fabric';
}

export interface FabricClientOptions {
  /** Deadline for one endorse/submit/evaluate call, ms. Default 10,000. */
  callTimeoutMs?: number;
  /** How long to wait for a submitted transaction's commit status, ms. Default 30,000. */
  commitTimeoutMs?: number;
  /** Re-endorsements after an MVCC/phantom-read invalidation before MvccConflict. Default 5. */
  mvccRetries?: number;
  /** First back-off after a conflict, ms; doubles per retry, with jitter. Default 50. */
  retryBackoffMs?: number;
  /**
   * How long to keep reading the ledger (and resubmitting the same op id) to settle an unknown
   * outcome before returning OutcomeUnknown, ms. Default 30,000.
   */
  resolveTimeoutMs?: number;
}

const DEFAULTS: Required<FabricClientOptions> = {
  callTimeoutMs: 10_000,
  commitTimeoutMs: 30_000,
  mvccRetries: 5,
  retryBackoffMs: 50,
  resolveTimeoutMs: 30_000,
};
/** Longest wait for a lagging peer to commit the newest block this client has seen. */
const MAX_CATCH_UP_MS = 2_000;
/** Longest pause between two reads of an in-doubt operation's status. */
const MAX_POLL_MS = 1_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Where an (org, ledger) call goes, and whether the channel will accept the org. */
interface Route {
  ledger: string;
  org: OrgId;
  /** The peer the org's gateway connects to for this ledger. */
  peer: string;
  contract: Contract;
}

/** One endorse-submit-commit round of an operation. */
type Attempt =
  | { kind: 'committed'; receipt: Receipt }
  /** The ledger judged the operation at endorsement: its own rules, or channel membership. */
  | { kind: 'rejected'; failure: LedgerFailure }
  /**
   * A concurrent change of what it read: invalidated at commit (MvccConflict), or endorsers
   * that simulated at different heights disagreed (EndorsementFailed). No effect; retryable.
   */
  | { kind: 'conflict'; failure: LedgerFailure }
  /** Certainly not applied: never endorsed, never sent, or invalidated for another reason. */
  | { kind: 'notApplied'; failure: LedgerFailure }
  /** Possibly handed to the orderer, outcome not known. */
  | { kind: 'inDoubt'; txId: string; reason: string };

export async function createFabricLedgerClient(
  profile: FabricConnectionProfile,
  options: FabricClientOptions = {},
): Promise<FabricLedgerClient> {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  for (const [name, value] of Object.entries(settings)) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  const identities = new Map<OrgId, { identity: Identity; signer: Signer }>();
  for (const [org, entry] of Object.entries(profile.orgs)) {
    identities.set(org, {
      identity: { mspId: entry.mspId, credentials: readFileSync(entry.certPath) },
      signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(entry.keyPath))),
    });
  }
  // Connections and gateways are made on first use: a client of one ledger dials only its peers.
  const grpcClients = new Map<string, grpc.Client>();
  const gateways = new Map<string, Gateway>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  // Read-your-writes across peers. A commit status comes from one peer; the ledger's other peers
  // commit the same block a few ms later (observed: an issue through peer0.cb right after an
  // openAccount committed on peer0.bank1 got UnknownAccount). So the newest commit per ledger
  // is remembered, and before a call reaches a ledger's peers, each peer not yet known to have
  // that block is asked for that transaction's commit status, which returns once it commits it.
  const newestCommit = new Map<string, { blockNumber: bigint; request: Uint8Array }>();
  /** `<ledger>\0<peer>` -> the highest block that peer is known to have committed. */
  const peerHeights = new Map<string, bigint>();
  const catchingUp = new Map<string, Promise<void>>();

  const deadline = (ms: number) => ({ deadline: Date.now() + ms });

  function peerClient(peerName: string): grpc.Client {
    let client = grpcClients.get(peerName);
    if (!client) {
      const peer = profile.peers[peerName];
      if (!peer) throw new Error(`connection profile: unknown peer ${JSON.stringify(peerName)}`);
      const credentials = grpc.credentials.createSsl(readFileSync(peer.tlsRootCertPath));
      client = new grpc.Client(peer.endpoint, credentials, {
        'grpc.ssl_target_name_override': peer.hostnameOverride,
      });
      grpcClients.set(peerName, client);
    }
    return client;
  }

  function gatewayFor(org: OrgId, peerName: string): Gateway {
    const key = `${org}\u0000${peerName}`;
    let gateway = gateways.get(key);
    if (!gateway) {
      const signing = identities.get(org);
      if (!signing) throw new Error(`connection profile: no identity for org ${org}`);
      gateway = connect({
        client: peerClient(peerName),
        identity: signing.identity,
        signer: signing.signer,
        hash: hash.sha256,
        // Safety nets: every call below also passes its own deadline.
        endorseOptions: () => deadline(settings.callTimeoutMs),
        submitOptions: () => deadline(settings.callTimeoutMs),
        evaluateOptions: () => deadline(settings.callTimeoutMs),
        commitStatusOptions: () => deadline(settings.commitTimeoutMs),
      });
      gateways.set(key, gateway);
    }
    return gateway;
  }

  function route(ledgerName: string, org: OrgId): Result<Route> {
    if (closed) throw new Error('Fabric ledger client used after close()');
    const ledger = profile.ledgers[ledgerName];
    if (!ledger || !Object.hasOwn(profile.ledgers, ledgerName)) {
      return fail(
        'InvalidArgument',
        `ledger: unknown ledger ${JSON.stringify(ledgerName)} (known: ${Object.keys(profile.ledgers).join(', ')})`,
      );
    }
    // An org without an identity in this network cannot sign anything: certainly no member.
    if (!identities.has(org)) return notMember(ledgerName, org);
    // A non-member goes through the ledger's first peer anyway, so that the channel itself
    // refuses it (read back as NotMember): membership is the ledger's rule, not the client's.
    const peerName = Object.hasOwn(ledger.gatewayPeer, org)
      ? ledger.gatewayPeer[org]
      : ledger.peers[0];
    if (!peerName) throw new Error(`connection profile: ledger ${ledgerName} has no peers`);
    const network = gatewayFor(org, peerName).getNetwork(ledger.channel);
    return ok({
      ledger: ledgerName,
      org,
      peer: peerName,
      contract: network.getContract(profile.chaincode),
    });
  }

  function noteCommit(target: Route, blockNumber: bigint, request: Uint8Array): void {
    notePeerHeight(target.ledger, target.peer, blockNumber);
    const newest = newestCommit.get(target.ledger);
    if (!newest || newest.blockNumber < blockNumber)
      newestCommit.set(target.ledger, { blockNumber, request });
  }

  function notePeerHeight(ledger: string, peer: string, blockNumber: bigint): void {
    const key = `${ledger}\u0000${peer}`;
    const known = peerHeights.get(key);
    if (known === undefined || known < blockNumber) peerHeights.set(key, blockNumber);
  }

  /** Waits (bounded) until every peer of the ledger has the newest block this client saw commit. */
  async function catchUp(target: Route): Promise<void> {
    const newest = newestCommit.get(target.ledger);
    if (!newest) return;
    const peers = profile.ledgers[target.ledger]?.peers ?? [];
    await Promise.all(
      peers.map((peer) => {
        const key = `${target.ledger}\u0000${peer}`;
        if ((peerHeights.get(key) ?? -1n) >= newest.blockNumber) return undefined;
        const waitKey = `${key}\u0000${newest.blockNumber}`;
        let waiting = catchingUp.get(waitKey);
        if (!waiting) {
          waiting = (async () => {
            // The request is already signed by its submitter, a channel member; any gateway to
            // that peer can carry it.
            const commit = gatewayFor(target.org, peer).newCommit(newest.request);
            try {
              const status = await commit.getStatus(
                deadline(Math.min(settings.callTimeoutMs, MAX_CATCH_UP_MS)),
              );
              notePeerHeight(target.ledger, peer, status.blockNumber);
            } catch {
              // The peer is down or far behind: go ahead, and do not wait for it again for this
              // block. At worst it judges on older state, which any Fabric client risks.
              notePeerHeight(target.ledger, peer, newest.blockNumber);
            } finally {
              catchingUp.delete(waitKey);
            }
          })();
          catchingUp.set(waitKey, waiting);
        }
        return waiting;
      }),
    );
  }

  /** Runs `work` as tracked in-flight work, so close() can wait for it. */
  async function track<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    inFlight.add(promise);
    try {
      return await promise;
    } finally {
      inFlight.delete(promise);
    }
  }

  async function attempt(target: Route, txName: string, json: string): Promise<Attempt> {
    await catchUp(target);
    const proposal = target.contract.newProposal(txName, { arguments: [json] });
    const txId = proposal.getTransactionId();
    let transaction;
    try {
      transaction = await proposal.endorse(deadline(settings.callTimeoutMs));
    } catch (error) {
      // Endorsement only simulates: nothing has been sent to the orderer yet.
      const gatewayError = expectGatewayError(error);
      const judged = judgement(gatewayError, target);
      // An endorser refuses a proposal whose timestamp has drifted past its skew bound (it
      // waited too long in a busy peer's queue): a fresh proposal carries a fresh timestamp.
      if (judged && judged.code === 'InvalidArgument' && judged.message.startsWith('timestamp:'))
        return {
          kind: 'conflict',
          failure: { code: 'EndorsementFailed', message: judged.message },
        };
      if (judged) return { kind: 'rejected', failure: judged };
      if (isEndorsementMismatch(gatewayError)) {
        return {
          kind: 'conflict',
          failure: endorsementTransportFailure(gatewayError, `endorsing ${txId}`),
        };
      }
      return {
        kind: 'notApplied',
        failure: endorsementTransportFailure(gatewayError, `endorsing ${txId}`),
      };
    }
    const result = decodeOpResult(utf8.decode(transaction.getResult()));
    if (!result.ok)
      throw new Error(`transaction ${txId}: undecodable result: ${result.error.message}`);
    let submitted;
    try {
      submitted = await transaction.submit(deadline(settings.callTimeoutMs));
    } catch (error) {
      const gatewayError = expectGatewayError(error);
      const reason = `submitting ${txId}: ${describeGatewayError(gatewayError)}`;
      if (submitNeverSent(gatewayError))
        return { kind: 'notApplied', failure: { code: 'LedgerUnavailable', message: reason } };
      return { kind: 'inDoubt', txId, reason };
    }
    let status;
    try {
      status = await submitted.getStatus(deadline(settings.commitTimeoutMs));
    } catch (error) {
      // The orderer has (or had) the transaction: it may still commit, or may have been lost.
      const reason = `commit status of ${txId}: ${describeGatewayError(expectGatewayError(error))}`;
      return { kind: 'inDoubt', txId, reason };
    }
    const committedAtMs = Date.now();
    noteCommit(target, status.blockNumber, submitted.getBytes());
    if (status.successful)
      return { kind: 'committed', receipt: { txId, committedAtMs, result: result.value } };
    const statusName = validationCodeName(status.code);
    const failure: LedgerFailure = {
      code: 'EndorsementFailed',
      message: `transaction ${txId} was invalidated at commit in block ${status.blockNumber} (${statusName})`,
    };
    if (
      status.code === StatusCode.MVCC_READ_CONFLICT ||
      status.code === StatusCode.PHANTOM_READ_CONFLICT
    )
      return { kind: 'conflict', failure: { ...failure, code: 'MvccConflict' } };
    return { kind: 'notApplied', failure };
  }

  /** The ledger's own verdict in an endorsement/evaluation error, if it gave one. */
  function judgement(error: GatewayErrorShape, target: Route): LedgerFailure | undefined {
    const failure = chaincodeFailure(error);
    if (failure) return failure;
    if (isNotMemberRejection(error)) return notMember(target.ledger, target.org).error;
    return undefined;
  }

  type StatusRead =
    | { kind: 'committed'; receipt: Receipt }
    | { kind: 'absent' }
    | { kind: 'failed'; failure: LedgerFailure };

  /** Reads the op-id marker: the ledger's record of whether (and how) `op` was committed. */
  async function readOpStatus(target: Route, op: LedgerOp): Promise<StatusRead> {
    const status = await evaluateOn(target, { type: 'op', id: op.id });
    if (status.ok) {
      if (status.value.type !== op.type) {
        // The id was taken by a different operation: for this op that is a replayed id.
        return {
          kind: 'failed',
          failure: {
            code: 'DuplicateId',
            message: `id: operation ${JSON.stringify(op.id)} was already executed`,
          },
        };
      }
      // txId is the transaction that wrote the marker (and the effects): honest even when an
      // earlier attempt whose reply we lost was the one that committed. committedAtMs is when
      // this client learnt of the commit, which is at or after the commit itself.
      return {
        kind: 'committed',
        receipt: {
          txId: status.value.txId,
          committedAtMs: Date.now(),
          result: { amountsOut: status.value.amountsOut },
        },
      };
    }
    return status.error.code === 'UnknownOp'
      ? { kind: 'absent' }
      : { kind: 'failed', failure: status.error };
  }

  async function submitOp(target: Route, op: LedgerOp): Promise<Result<Receipt>> {
    let json: string;
    try {
      json = encodeOp(op);
    } catch {
      // Not even encodable (NaN, a function, ...): report it as the ledger would.
      const parsed = parseOp(op);
      return parsed.ok ? fail('InvalidArgument', 'op: not encodable as JSON') : parsed;
    }
    const txName = Object.hasOwn(OP_TRANSACTIONS, op.type) ? OP_TRANSACTIONS[op.type] : undefined;
    if (txName === undefined) {
      const parsed = parseOp(op);
      return parsed.ok ? fail('InvalidArgument', `type: unknown operation type`) : parsed;
    }
    let conflicts = 0;
    // Set once an attempt may have reached the orderer: from then on the ledger decides.
    let doubt:
      | { sinceMs: number; txIds: string[]; reason: string; polls: number; resubmit: boolean }
      | undefined;
    for (;;) {
      if (doubt) {
        const read = await readOpStatus(target, op);
        if (read.kind === 'committed') return ok(read.receipt);
        if (read.kind === 'failed' && read.failure.code === 'DuplicateId')
          return { ok: false, error: read.failure };
        if (Date.now() - doubt.sinceMs >= settings.resolveTimeoutMs) {
          return fail(
            'OutcomeUnknown',
            `op ${JSON.stringify(op.id)} may or may not have been applied: transactions ${doubt.txIds.join(', ')} ` +
              `were possibly handed to the orderer (${doubt.reason}) and the ledger could not confirm either way ` +
              `within ${settings.resolveTimeoutMs} ms (last read: ${read.kind === 'failed' ? read.failure.message : 'not committed yet'}); ` +
              `query {type: 'op', id} later to settle it`,
          );
        }
        if (read.kind === 'failed' || !doubt.resubmit) {
          await pause(doubt);
          continue;
        }
        // Not committed as of this read: resubmitting the same op id is safe, since a second
        // commit of it is impossible (DuplicateId at endorsement, MVCC on the op-id key).
      }
      const outcome = await attempt(target, txName, json);
      switch (outcome.kind) {
        case 'committed':
          return ok(outcome.receipt);
        case 'rejected':
          if (!doubt) return { ok: false, error: outcome.failure };
          // DuplicateId: most likely our own earlier attempt committed; the marker says.
          if (outcome.failure.code === 'DuplicateId') {
            await pause(doubt);
            continue;
          }
          // A later timestamp can fail where the earlier attempt passed (a claim or commit
          // that is Expired now), while that attempt may still commit: only the marker decides.
          if (outcome.failure.code === 'Expired') {
            doubt.resubmit = false;
            continue;
          }
          // Anything else is definite: the chaincode is deterministic and checks the op id
          // first, so a different verdict means a key the in-doubt attempt read has changed
          // since, and that attempt can no longer commit (MVCC at validation).
          return { ok: false, error: outcome.failure };
        case 'conflict':
          // In doubt, the conflict may be with our own earlier attempt: read the marker.
          if (doubt) {
            await pause(doubt);
            continue;
          }
          conflicts += 1;
          if (conflicts > settings.mvccRetries) {
            // MvccConflict, or EndorsementFailed if the endorsers kept disagreeing.
            return fail(
              outcome.failure.code,
              `${outcome.failure.message}; gave up after ${conflicts} attempts`,
            );
          }
          await sleep(backoffMs(settings.retryBackoffMs, conflicts));
          continue;
        case 'notApplied':
          if (!doubt) return { ok: false, error: outcome.failure };
          await pause(doubt);
          continue;
        case 'inDoubt':
          doubt ??= {
            sinceMs: Date.now(),
            txIds: [],
            reason: outcome.reason,
            polls: 0,
            resubmit: true,
          };
          doubt.txIds.push(outcome.txId);
          continue;
      }
    }
  }

  async function evaluateOn<Q extends LedgerQuery>(
    target: Route,
    query: Q,
  ): Promise<Result<QueryResult<Q>>> {
    const parsed = parseQuery(query);
    if (!parsed.ok) return parsed;
    await catchUp(target);
    const proposal = target.contract.newProposal(QUERY_TRANSACTIONS[parsed.value.type], {
      arguments: queryArguments(parsed.value),
    });
    let bytes: Uint8Array;
    try {
      bytes = await proposal.evaluate(deadline(settings.callTimeoutMs));
    } catch (error) {
      const gatewayError = expectGatewayError(error);
      const judged = judgement(gatewayError, target);
      if (judged) return { ok: false, error: judged };
      return {
        ok: false,
        error: evaluationTransportFailure(gatewayError, `evaluating ${parsed.value.type}`),
      };
    }
    const decoded = decodeQueryResult(query, utf8.decode(bytes));
    if (!decoded.ok)
      throw new Error(`${parsed.value.type} query: undecodable result: ${decoded.error.message}`);
    return decoded;
  }

  return {
    backend: 'fabric',
    ledgers: Object.keys(profile.ledgers),

    async submit(ledgerName: string, org: OrgId, op: LedgerOp): Promise<Result<Receipt>> {
      const target = route(ledgerName, org);
      if (!target.ok) return target;
      return track(() => submitOp(target.value, op));
    },

    async evaluate<Q extends LedgerQuery>(
      ledgerName: string,
      org: OrgId,
      query: Q,
    ): Promise<Result<QueryResult<Q>>> {
      const target = route(ledgerName, org);
      if (!target.ok) return target;
      return track(() => evaluateOn(target.value, query));
    },

    nowMs: () => Date.now(),

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Every in-flight call is bounded by its deadlines; let them finish, then hang up.
      await Promise.allSettled([...inFlight]);
      for (const gateway of gateways.values()) gateway.close();
      for (const client of grpcClients.values()) client.close();
      gateways.clear();
      grpcClients.clear();
    },
  };
}

/** Spaces out the reads and resubmissions of an in-doubt operation: 100 ms, doubling to 1 s. */
async function pause(doubt: { polls: number }): Promise<void> {
  doubt.polls += 1;
  await sleep(Math.min(MAX_POLL_MS, 50 * 2 ** doubt.polls));
}

function notMember(ledger: string, org: OrgId): { ok: false; error: LedgerFailure } {
  return fail('NotMember', `org: ${org} is not a member of ledger ${ledger}`) as {
    ok: false;
    error: LedgerFailure;
  };
}

/** Positional arguments of each query's transaction function (see corridor-contract.ts). */
function queryArguments(query: LedgerQuery): string[] {
  switch (query.type) {
    case 'balance':
      return [query.asset, query.account];
    case 'supply':
    case 'asset':
      return [query.asset];
    case 'hold':
      return [query.hold];
    case 'pool':
      return [query.pool];
    case 'quote':
      return [query.quote];
    case 'op':
      return [query.id];
    case 'snapshot':
      return [query.holds ?? 'all'];
  }
}

/** Anything thrown by the gateway that is not a gateway error is a bug: rethrow it. */
function expectGatewayError(error: unknown): GatewayErrorShape {
  const gatewayError = asGatewayError(error);
  if (!gatewayError) throw error;
  return gatewayError;
}

const VALIDATION_CODE_NAMES = new Map<number, string>(
  Object.entries(StatusCode).map(([name, code]) => [code as number, name]),
);

function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `validation code ${code}`;
}

/** Exponential back-off with full jitter, so conflicting retries do not collide again. */
function backoffMs(baseMs: number, attempt: number): number {
  // Jitter is timing only, never state: the wall-clock Fabric backend is not replayable anyway.
  return Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
