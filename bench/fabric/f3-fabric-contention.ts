// F3 on Fabric: the workloads of bench/f3-workload.ts against the current chaincode and the
// old-layout one (f3-baseline-chaincode.ts), deployed side by side on the bench network's CBDC
// channel, each with its own world state, every transaction through @hyperledger/fabric-gateway.
import { encodeOp } from '../../chaincode/src/core/codec';
import type { LedgerOp } from '../../chaincode/src/core/types';
import { OP_TRANSACTIONS } from '../../chaincode/src/contracts/transaction-names';
import { addChaincode } from '../../network/src/network';
import {
  LEDGER,
  ORG,
  type Layout,
  roundOp,
  setupSteps,
  WORKERS,
  type Workload,
} from '../f3-workload';
import type { BenchNetwork } from './bench-network';
import { oldLayoutChaincode } from './f3-baseline-chaincode';
import { type Call, type ClassifiedLoad, gatewayLoad } from './gateway-load';

const SETUP_ATTEMPTS = 5;
const CHAINCODES: Record<Layout, string> = { new: 'corridor', old: 'corridor-old-layout' };

const call = (op: LedgerOp): Call => ({ fn: OP_TRANSACTIONS[op.type], args: [encodeOp(op)] });

export interface FabricContention {
  /** Runs one round of a workload on one layout; `perWorker` calls per worker. */
  round(
    layout: Layout,
    workload: Workload,
    round: number,
    perWorker: number,
  ): Promise<ClassifiedLoad>;
}

/** Deploys the old-layout chaincode next to the current one and sets both up identically. */
export async function prepareFabricContention(network: BenchNetwork): Promise<FabricContention> {
  const { profile, runtimeDir } = network;
  const channel = profile.ledgers[LEDGER]!;
  const peerPort = Number(profile.peers[channel.peers[0]!]!.endpoint.split(':')[1]);
  await addChaincode(runtimeDir, {
    name: CHAINCODES.old,
    channel: LEDGER,
    port: peerPort - 100 + 421,
    moduleDir: await oldLayoutChaincode(),
  });
  const target = (layout: Layout) => ({ ledger: LEDGER, org: ORG, chaincode: CHAINCODES[layout] });
  /**
   * Submits a step's operations concurrently, each on its own connection so that one an endorser
   * rejected (a loaded machine can exceed the endorsers' clock tolerance) is retried alone; a
   * DuplicateId on a retry means it had committed.
   */
  const all = (layout: Layout, step: string, ops: LedgerOp[]) =>
    Promise.all(
      ops.map(async (op) => {
        for (let attempt = 1; ; attempt++) {
          const done = await gatewayLoad(profile, target(layout), () => call(op), 1, 1);
          const reason = Object.keys(done.invalidBy)[0];
          if (done.committed === 1 || (attempt > 1 && reason === 'rejected DuplicateId')) return;
          if (attempt === SETUP_ATTEMPTS || !reason?.startsWith('rejected'))
            throw new Error(`F3 set-up (${layout} layout, ${step}, ${op.id}): ${reason}`);
        }
      }),
    );
  for (const layout of ['new', 'old'] as const) {
    // The bench network bootstrapped the current chaincode from the scenario (its kind, `cash`).
    for (const { step, ops } of setupSteps(layout === 'old')) await all(layout, step, ops);
  }
  return {
    round: (layout, workload, round, perWorker) =>
      gatewayLoad(
        profile,
        target(layout),
        (w, n) => call(roundOp(workload, round, w, n)),
        WORKERS,
        perWorker,
      ),
  };
}
