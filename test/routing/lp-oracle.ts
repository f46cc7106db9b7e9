// An independent bound on any split of a payment, the most it can deliver (send) or the least it
// must send (receive): a linear program over every simple path of the brute force
// (brute-force.ts, not the router's path search), priced and capped from ledger snapshots by the
// routing rules restated there, and solved by HiGHS. Per path and hop a variable carries the
// hop's input; a linear hop multiplies it by its rate; a pool's output is bounded by tangent cuts
// of its (concave, slippage-reduced) curve at the pool's total input, which only ever
// over-estimate it, so the LP is a relaxation: its optimum bounds every real split.
// Capacities: quote maxIn and the dealer's book, a pool's reserve, connector payout reserves,
// interbank CBDC settlement, and every debit of a hold-settled path out of what the account
// already holds (a path of swaps alone settles as one batch, its credits landing first).
import highsLoader from 'highs';
import type { LedgerSnapshot } from '../../chaincode/src/core/types';
import type { Scenario } from '../../router/scenario/types';
import {
  allSimplePaths,
  hopTarget,
  inputAccount,
  isSwap,
  ownAccounts,
  type Hop,
} from './brute-force';

export interface OraclePayment {
  payer: string;
  payerAsset: string;
  payee: string;
  payeeAsset: string;
  /** What is sent, or (receive) what the payee must get. */
  amount: bigint;
  amountIs?: 'send' | 'receive';
}

const BPS = 10_000;
/** Tangent points per pool: log-spaced from 1e-7 to 1e3 times its input reserve. */
const TANGENTS = 160;

let highs: Awaited<ReturnType<typeof highsLoader>> | undefined;

export async function solveOracle(
  scenario: Scenario,
  snapshots: Record<string, LedgerSnapshot>,
  payment: OraclePayment,
  maxHops: number,
  venues: 'all' | 'linear' = 'all',
): Promise<number | null> {
  highs ??= await highsLoader();
  const model = buildModel(scenario, snapshots, payment, maxHops, venues);
  return model ? solve(model.lp(payment.amountIs ?? 'send')) : null;
}

/**
 * The largest payment the linear venues alone can carry in full (bisection on the payer's
 * balance). Without pools the relaxation is exact up to rounding, so every payment up to it is
 * feasible; pools only add to what can be carried. (With pools, whether a payment can be carried
 * at all is not a convex question: a pool cannot swallow input without paying out, and that
 * output must fit what follows.)
 */
export async function oracleCapacity(
  scenario: Scenario,
  snapshots: Record<string, LedgerSnapshot>,
  payment: Omit<OraclePayment, 'amount'>,
  maxHops: number,
): Promise<bigint> {
  const ledger = scenario.assets.find((asset) => asset.id === payment.payerAsset)?.ledger ?? '';
  let high = snapshots[ledger]?.balances[payment.payerAsset]?.[payment.payer] ?? 0n;
  let low = 0n;
  const carries = async (amount: bigint) =>
    (await solveOracle(scenario, snapshots, { ...payment, amount }, maxHops, 'linear')) !== null;
  if (high > 0n && (await carries(high))) return high;
  for (let step = 0; step < 24 && high - low > 1n; step++) {
    const middle = (low + high) / 2n;
    if (await carries(middle)) low = middle;
    else high = middle;
  }
  return low;
}

function solve(text: string): number | null {
  if (!highs) throw new Error('HiGHS not loaded');
  const result = highs.solve(text, { presolve: 'on' });
  return result.Status === 'Optimal' ? result.ObjectiveValue : null;
}

function buildModel(
  scenario: Scenario,
  snapshots: Record<string, LedgerSnapshot>,
  payment: OraclePayment,
  maxHops: number,
  venues: 'all' | 'linear',
) {
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const ledgerOf = (asset: string) => assets.get(asset)?.ledger ?? '';
  const scaleOf = (asset: string) => 10 ** (assets.get(asset)?.scale ?? 0);
  const balance = (asset: string, account: string) =>
    Number(snapshots[ledgerOf(asset)]?.balances[asset]?.[account] ?? 0n);
  const kept = 1 - scenario.settlement.slippageToleranceBps / BPS;
  const paths = allSimplePaths(scenario, payment.payerAsset, payment.payeeAsset, maxHops).filter(
    (path) =>
      (venues === 'all' || path.every((hop) => hop.kind !== 'pool')) &&
      !path.some((hop) =>
        ownAccounts(hop.venue).some(
          (account) => account === payment.payer || account === payment.payee,
        ),
      ),
  );
  if (paths.length === 0) return undefined;

  const constraints: string[] = [];
  /** Sums of terms per capacity, with its bound. */
  const caps = new Map<string, { terms: string[]; bound: number }>();
  const cap = (key: string, bound: number, term: string) => {
    const entry = caps.get(key) ?? { terms: [], bound };
    entry.terms.push(term);
    caps.set(key, entry);
  };
  const pools = new Map<string, { ins: string[]; outs: string[]; hop: Hop; reach: number }>();
  /** A pool's marginal guaranteed rate at zero input. */
  const poolRate = (hop: Hop) => {
    const pool = snapshots[ledgerOf(hop.assetIn)]?.pools[hop.venue.id];
    if (!pool) return 0;
    const aIn = hop.assetIn === pool.assetA;
    const [rIn, rOut] = aIn ? [pool.reserveA, pool.reserveB] : [pool.reserveB, pool.reserveA];
    return (kept * Number(rOut) * (1 - pool.feeBps / BPS)) / Number(rIn);
  };
  const firsts: string[] = [];
  const lasts: string[] = [];
  paths.forEach((path, p) => {
    const batch = path.every(isSwap);
    const v = (i: number) => `f${p}_${i}`;
    firsts.push(v(0));
    lasts.push(v(path.length));
    let holder = payment.payer;
    // Most one unit of the payer's asset can become by the current hop.
    let upstream = 1;
    path.forEach((hop, i) => {
      const target = hopTarget(path, i, holder, payment.payee);
      const venue = hop.venue;
      // Debits out of held balances: the payer always; an intermediary only in hold mode.
      const debit = (asset: string, account: string, term: string) => {
        if (i === 0 || !batch) cap(`bal ${asset} ${account}`, balance(asset, account), term);
      };
      if (venue.type === 'fx-quote') {
        const quote = snapshots[ledgerOf(hop.assetIn)]?.quotes[venue.id];
        const rate = quote?.active
          ? (Number(quote.rate.num) / Number(quote.rate.den)) * (1 - quote.feeBps / BPS)
          : 0;
        constraints.push(`${v(i + 1)} - ${rate} ${v(i)} = 0`);
        upstream *= rate;
        cap(`quote ${venue.id}`, Number(quote?.maxIn ?? 0n), v(i));
        cap(
          `bal ${hop.assetOut} ${quote?.dealer ?? ''}`,
          balance(hop.assetOut, quote?.dealer ?? ''),
          v(i + 1),
        );
        debit(hop.assetIn, holder, v(i));
      } else if (venue.type === 'amm') {
        const entry = pools.get(`${venue.id} ${hop.assetIn}`) ?? {
          ins: [],
          outs: [],
          hop,
          reach: 0,
        };
        entry.reach = Math.max(entry.reach, upstream);
        upstream *= poolRate(hop);
        entry.ins.push(v(i));
        entry.outs.push(v(i + 1));
        pools.set(`${venue.id} ${hop.assetIn}`, entry);
        debit(hop.assetIn, holder, v(i));
      } else if (venue.type === 'transfer') {
        constraints.push(`${v(i + 1)} - ${1 - venue.feeBps / BPS} ${v(i)} = 0`);
        upstream *= 1 - venue.feeBps / BPS;
        debit(hop.assetIn, holder, v(i));
      } else {
        const fee = 1 - venue.feeBps / BPS;
        const par = scaleOf(hop.assetOut) / scaleOf(hop.assetIn);
        constraints.push(`${v(i + 1)} - ${par * fee} ${v(i)} = 0`);
        upstream *= par * fee;
        if (holder !== inputAccount(hop)) debit(hop.assetIn, holder, v(i));
        if (venue.type === 'interbank') {
          const settled = (scaleOf(venue.cbdcAsset) / scaleOf(hop.assetIn)) * fee;
          cap(
            `bal ${venue.cbdcAsset} ${venue.from.reserve}`,
            balance(venue.cbdcAsset, venue.from.reserve),
            `${settled} ${v(i)}`,
          );
        } else if (
          (hop.kind === 'redeem' || hop.kind === 'off') &&
          venue.reserveAccount !== target
        ) {
          cap(
            `bal ${hop.assetOut} ${venue.reserveAccount}`,
            balance(hop.assetOut, venue.reserveAccount),
            v(i + 1),
          );
        }
      }
      holder = target;
    });
  });

  const amount = Number(payment.amount);
  // The most the payer can put in: what it sends, or (receive) everything it holds.
  const input =
    payment.amountIs === 'receive' ? balance(payment.payerAsset, payment.payer) : amount;
  for (const { ins, outs, hop, reach } of pools.values()) {
    const pool = snapshots[ledgerOf(hop.assetIn)]?.pools[hop.venue.id];
    if (!pool) {
      for (const out of outs) constraints.push(`${out} = 0`);
      continue;
    }
    const aIn = hop.assetIn === pool.assetA;
    const rIn = Number(aIn ? pool.reserveA : pool.reserveB);
    const rOut = Number(aIn ? pool.reserveB : pool.reserveA);
    const phi = 1 - pool.feeBps / BPS;
    // Guaranteed output g(x) = kept·rOut·φx/(rIn+φx); g'(x) = kept·rOut·φ·rIn/(rIn+φx)².
    const g = (x: number) => (kept * rOut * phi * x) / (rIn + phi * x);
    const slope = (x: number) => (kept * rOut * phi * rIn) / (rIn + phi * x) ** 2;
    const total = (names: string[]) => names.join(' + ');
    for (let k = 0; k < TANGENTS; k++) {
      const t = rIn * 10 ** (-7 + (10 * k) / (TANGENTS - 1));
      // Σ out ≤ g(t) + g'(t)(Σ in − t)
      const s = slope(t);
      constraints.push(`${total(outs)} - ${s} ${ins.join(` - ${s} `)} <= ${g(t) - s * t}`);
    }
    // A later path through the pool never gets more than its marginal rate at the start; and
    // no input vanishes in a pool: on a total input up to the most the payment can bring, the
    // (concave) output is at least the chord to that point.
    ins.forEach((input, i) => constraints.push(`${outs[i]} - ${slope(0)} ${input} <= 0`));
    const most = input * reach;
    const chord = g(most) / most;
    constraints.push(`${total(outs)} - ${chord} ${ins.join(` - ${chord} `)} >= 0`);
    constraints.push(`${total(outs)} <= ${kept * rOut}`);
  }
  for (const { terms, bound } of caps.values())
    constraints.push(`${terms.join(' + ')} <= ${bound}`);

  return {
    /** Send: the most delivered for the amount. Receive: the least sent to deliver it. */
    lp(amountIs: 'send' | 'receive'): string {
      const send = amountIs === 'send';
      const fixed = `${(send ? firsts : lasts).join(' + ')} = ${amount}`;
      return [
        send ? 'Maximize' : 'Minimize',
        ` obj: ${(send ? lasts : firsts).join(' + ')}`,
        'Subject To',
        ...[...constraints, fixed].map((line, i) => ` c${i}: ${line}`),
        'End',
      ].join('\n');
    },
  };
}
