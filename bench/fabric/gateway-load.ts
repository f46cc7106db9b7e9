// Raw load on one chaincode through @hyperledger/fabric-gateway, the same way for the Corridor
// chaincode and the minimal baseline: one identity, one peer, `workers` submitting in parallel,
// each its calls one after another, each timed from proposal to commit status. Only transactions that committed
// VALID count towards throughput.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, StatusCode } from '@hyperledger/fabric-gateway';
import type { FabricConnectionProfile } from '../../router/ledger/fabric';
import { quantile } from '../harness';

export interface LoadResult {
  committed: number;
  invalid: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ClassifiedLoad extends LoadResult {
  /**
   * Invalid transactions by reason: a validation code name, or `rejected <code>` for one never
   * ordered (the ledger error code an endorser answered with, or `unknown`).
   */
  invalidBy: Record<string, number>;
}

export interface Call {
  fn: string;
  args: string[];
}

export async function gatewayLoad(
  profile: FabricConnectionProfile,
  target: { ledger: string; org: string; chaincode: string },
  /** The n-th call of worker w; each worker owns what it touches, so workers never conflict. */
  call: (worker: number, n: number) => Call,
  workers: number,
  callsPerWorker: number,
): Promise<ClassifiedLoad> {
  const identity = profile.orgs[target.org]!;
  const peer = profile.peers[profile.ledgers[target.ledger]!.gatewayPeer[target.org]!]!;
  const client = new grpc.Client(
    peer.endpoint,
    grpc.credentials.createSsl(readFileSync(peer.tlsRootCertPath)),
    {
      'grpc.ssl_target_name_override': peer.hostnameOverride,
    },
  );
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: readFileSync(identity.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.keyPath))),
    hash: hash.sha256,
    endorseOptions: () => ({ deadline: Date.now() + 15_000 }),
    submitOptions: () => ({ deadline: Date.now() + 15_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 30_000 }),
  });
  const contract = gateway.getNetwork(target.ledger).getContract(target.chaincode);
  const latencies: number[] = [];
  const invalidBy: Record<string, number> = {};
  const fail = (reason: string) => (invalidBy[reason] = (invalidBy[reason] ?? 0) + 1);
  const codeNames = new Map<number, string>(
    Object.entries(StatusCode).map(([name, code]) => [code, name]),
  );
  const startedMs = performance.now();
  const worker = async (index: number) => {
    for (let n = 0; n < callsPerWorker; n++) {
      const { fn, args } = call(index, n);
      const sentMs = performance.now();
      try {
        const commit = await contract.submitAsync(fn, { arguments: args });
        const status = await commit.getStatus();
        if (status.successful) latencies.push(performance.now() - sentMs);
        else fail(codeNames.get(status.code) ?? String(status.code));
      } catch (error) {
        fail(`rejected ${rejectionCode(error)}`);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, (_, index) => worker(index)));
  } finally {
    gateway.close();
    client.close();
  }
  const seconds = (performance.now() - startedMs) / 1000;
  return {
    committed: latencies.length,
    invalid: Object.values(invalidBy).reduce((sum, count) => sum + count, 0),
    invalidBy,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

/**
 * Why endorsement failed: the core's error code an endorser answered with ("chaincode response
 * 500, <Code>: ..."), `EndorsementMismatch` when endorsers simulated against different versions
 * of the state (one had not committed the latest block yet), else `unknown`.
 */
function rejectionCode(error: unknown): string {
  const messages = ((error as { details?: Array<{ message?: string }> }).details ?? []).map(
    (detail) => detail.message ?? '',
  );
  if (messages.some((message) => message.includes('ProposalResponsePayloads do not match')))
    return 'EndorsementMismatch';
  const match = /chaincode response \d+, (\w+):/.exec(messages[0] ?? '');
  return match?.[1] ?? 'unknown';
}
