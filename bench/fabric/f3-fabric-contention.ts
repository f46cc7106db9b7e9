// F3 on Fabric: the two contended workloads, run against the current chaincode and the old-layout
// one (f3-baseline-chaincode.ts) deployed side by side on the bench network's CBDC channel, each
// with its own world state. Every transaction goes through @hyperledger/fabric-gateway; a
// transaction counts as invalidated when it was ordered but committed with a non-VALID code.
//   hot     20 workers; each alternates a payment INTO one hot account and a payment OUT of it
//   dealer  20 workers filling one dealer quote (fxSwap), so every fill debits the dealer's book
// Set-up ends with one warm-up debit of every account that pays (the new layout spreads its
// balance over shards on a first debit; the old one folds its credits), so rounds measure the
// steady state of each layout, not its first touch.
import { encodeOp } from '../../chaincode/src/core/codec';
import type { LedgerOp } from '../../chaincode/src/core/types';
import { OP_TRANSACTIONS } from '../../chaincode/src/contracts/transaction-names';
import { addChaincode } from '../../network/src/network';
import type { BenchNetwork } from './bench-network';
import { oldLayoutChaincode } from './f3-baseline-chaincode';
import { type Call, gatewayLoad, type ClassifiedLoad } from './gateway-load';

const LEDGER = 'cbdc';
const ORG = 'cb';
export const WORKERS = 20;
const FUNDING = 10n ** 12n;
const HOT = 'cb/f3-hot';
const DEALER = 'cb/f3-dealer';
const QUOTE = 'f3-quote';
const SETUP_ATTEMPTS = 5;
const payer = (w: number) => `cb/f3-payer-${w}`;
const sink = (w: number) => `cb/f3-sink-${w}`;

export type Layout = 'new' | 'old';
export type Workload = 'hot' | 'dealer';

const CHAINCODES: Record<Layout, string> = { new: 'corridor', old: 'corridor-old-layout' };

const call = (op: LedgerOp): Call => ({ fn: OP_TRANSACTIONS[op.type], args: [encodeOp(op)] });
const transfer = (id: string, from: string, to: string): LedgerOp => ({
  type: 'transfer',
  id,
  asset: 'cash',
  from,
  to,
  amount: 1n,
});
const fill = (id: string, w: number): LedgerOp => ({
  type: 'fxSwap',
  id,
  quote: QUOTE,
  from: payer(w),
  to: payer(w),
  amountIn: 1n,
  minOut: 0n,
});

export interface Contention {
  /** Runs one round of a workload on one layout; `perWorker` calls per worker. */
  round(
    layout: Layout,
    workload: Workload,
    round: number,
    perWorker: number,
  ): Promise<ClassifiedLoad>;
}

/** Deploys the old-layout chaincode next to the current one and sets both up identically. */
export async function prepareContention(network: BenchNetwork): Promise<Contention> {
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
   * Submits set-up operations concurrently (they touch disjoint keys), each on its own
   * connection so that one an endorser rejected (a loaded machine can exceed the endorsers'
   * clock tolerance) is retried alone; a DuplicateId on a retry means it had committed.
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
    // The bench network bootstrapped the current chaincode from the scenario (ledger kind, `cash`).
    if (layout === 'old') {
      await all(layout, 'init', [{ type: 'init', id: 'f3-init', kind: 'cbdc' }]);
      await all(layout, 'cash', [createAsset('cash', 'XAU')]);
    }
    await all(layout, 'asset', [createAsset('f3fx', 'XAG')]);
    const accounts = [
      HOT,
      DEALER,
      ...Array.from({ length: WORKERS }, (_, w) => [payer(w), sink(w)]).flat(),
    ];
    await all(
      layout,
      'accounts',
      accounts.map((account) => ({ type: 'openAccount', id: `f3-open-${account}`, account })),
    );
    const issue = (asset: string, to: string) => ({
      type: 'issue' as const,
      asset,
      to,
      amount: FUNDING,
    });
    await all(layout, 'funding', [
      {
        type: 'batch',
        id: 'f3-fund',
        legs: [
          issue('cash', HOT),
          issue('f3fx', DEALER),
          ...Array.from({ length: WORKERS }, (_, w) => issue('cash', payer(w))),
        ],
      },
    ]);
    await all(layout, 'quote', [
      {
        type: 'postQuote',
        id: 'f3-post',
        quote: QUOTE,
        dealer: DEALER,
        assetIn: 'cash',
        assetOut: 'f3fx',
        rate: { num: 1n, den: 1n },
        feeBps: 0,
        maxIn: FUNDING,
      },
    ]);
    await all(layout, 'warm-up', [
      transfer('f3-warm-hot', HOT, sink(0)),
      ...Array.from({ length: WORKERS }, (_, w) => transfer(`f3-warm-${w}`, payer(w), sink(w))),
    ]);
    await all(layout, 'warm-up fill', [fill('f3-warm-fill', 0)]);
  }
  return {
    round: (layout, workload, round, perWorker) =>
      gatewayLoad(
        profile,
        target(layout),
        (w, n) => {
          const id = `f3-${workload}-${round}-${w}-${n}`;
          if (workload === 'dealer') return call(fill(id, w));
          return call(n % 2 === 0 ? transfer(id, payer(w), HOT) : transfer(id, HOT, sink(w)));
        },
        WORKERS,
        perWorker,
      ),
  };
}

function createAsset(id: string, currency: string): LedgerOp {
  return {
    type: 'createAsset',
    id: `f3-asset-${id}`,
    asset: { id, ledger: LEDGER, kind: 'cbdc', currency, issuer: ORG, scale: 2 },
  };
}
