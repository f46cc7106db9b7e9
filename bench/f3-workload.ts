// F3's workloads as ledger operations, shared by both backends (bench/fabric/f3-fabric-contention.ts,
// bench/f3-embedded-contention.ts) so that both run exactly the same transactions:
//   hot     20 workers; each alternates a payment INTO one hot account and a payment OUT of it
//   dealer  20 workers filling one dealer quote (fxSwap), so every fill debits the dealer's book
// Set-up ends with one warm-up debit of every account that pays (the new layout spreads its
// balance over shards on a first debit; the old one folds its credits), so rounds measure the
// steady state of each layout, not its first touch. Every account is cb's, on the CBDC ledger.
import type { LedgerOp } from '../chaincode/src/core/types';

export const LEDGER = 'cbdc';
export const ORG = 'cb';
export const WORKERS = 20;
const FUNDING = 10n ** 12n;
const HOT = 'cb/f3-hot';
const DEALER = 'cb/f3-dealer';
const QUOTE = 'f3-quote';
const payer = (w: number) => `cb/f3-payer-${w}`;
const sink = (w: number) => `cb/f3-sink-${w}`;

export type Layout = 'new' | 'old';
export type Workload = 'hot' | 'dealer';

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
const issue = (asset: string, to: string) => ({
  type: 'issue' as const,
  asset,
  to,
  amount: FUNDING,
});

function createAsset(id: string, currency: string): LedgerOp {
  return {
    type: 'createAsset',
    id: `f3-asset-${id}`,
    asset: { id, ledger: LEDGER, kind: 'cbdc', currency, issuer: ORG, scale: 2 },
  };
}

/**
 * Set-up in steps; the operations of one step touch disjoint keys and may run concurrently.
 * `fresh`: the ledger is not initialised yet (else it already has its kind and `cash`).
 */
export function setupSteps(fresh: boolean): Array<{ step: string; ops: LedgerOp[] }> {
  const workers = Array.from({ length: WORKERS }, (_, w) => w);
  const accounts = [HOT, DEALER, ...workers.flatMap((w) => [payer(w), sink(w)])];
  return [
    ...(fresh
      ? [
          { step: 'init', ops: [{ type: 'init', id: 'f3-init', kind: 'cbdc' } as LedgerOp] },
          { step: 'cash', ops: [createAsset('cash', 'XAU')] },
        ]
      : []),
    { step: 'asset', ops: [createAsset('f3fx', 'XAG')] },
    {
      step: 'accounts',
      ops: accounts.map((account): LedgerOp => ({
        type: 'openAccount',
        id: `f3-open-${account}`,
        account,
      })),
    },
    {
      step: 'funding',
      ops: [
        {
          type: 'batch',
          id: 'f3-fund',
          legs: [
            issue('cash', HOT),
            issue('f3fx', DEALER),
            ...workers.map((w) => issue('cash', payer(w))),
          ],
        },
      ],
    },
    {
      step: 'quote',
      ops: [
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
      ],
    },
    {
      step: 'warm-up',
      ops: [
        transfer('f3-warm-hot', HOT, sink(0)),
        ...workers.map((w) => transfer(`f3-warm-${w}`, payer(w), sink(w))),
      ],
    },
    { step: 'warm-up fill', ops: [fill('f3-warm-fill', 0)] },
  ];
}

/** Worker w's n-th operation in a round. */
export function roundOp(workload: Workload, round: number, w: number, n: number): LedgerOp {
  const id = `f3-${workload}-${round}-${w}-${n}`;
  if (workload === 'dealer') return fill(id, w);
  return n % 2 === 0 ? transfer(id, payer(w), HOT) : transfer(id, HOT, sink(w));
}
