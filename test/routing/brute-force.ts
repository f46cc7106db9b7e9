// An independent reference for single-path routing, written from the routing rules (not from
// the router's code): every simple path over the scenario's venues, priced with the formulas
// restated here and checked against the liquidity in ledger snapshots. Deliberately naive: it
// enumerates everything and shares nothing with router/routing.
import type { AccountId, LedgerSnapshot } from '../../chaincode/src/core/types';
import type { Scenario, Venue } from '../../router/scenario/types';

type Kind = 'quote' | 'pool' | 'transfer' | 'mint' | 'redeem' | 'on' | 'off' | 'interbank';

export interface Hop {
  venue: Venue;
  kind: Kind;
  assetIn: string;
  assetOut: string;
}

export interface Payment {
  payer: AccountId;
  payerAsset: string;
  payee: AccountId;
  payeeAsset: string;
  amountIn: bigint;
}

function hopsOf(venue: Venue): Hop[] {
  const hop = (kind: Kind, assetIn: string, assetOut: string): Hop => ({
    venue,
    kind,
    assetIn,
    assetOut,
  });
  switch (venue.type) {
    case 'transfer':
      return [hop('transfer', venue.asset, venue.asset)];
    case 'fx-quote':
      return [hop('quote', venue.assetIn, venue.assetOut)];
    case 'amm':
      return [hop('pool', venue.assetA, venue.assetB), hop('pool', venue.assetB, venue.assetA)];
    case 'mint-redeem':
      return [
        hop('mint', venue.cbdcAsset, venue.depositAsset),
        hop('redeem', venue.depositAsset, venue.cbdcAsset),
      ];
    case 'ramp':
      return venue.redemptionsPaused
        ? [hop('on', venue.depositAsset, venue.stablecoin)]
        : [
            hop('on', venue.depositAsset, venue.stablecoin),
            hop('off', venue.stablecoin, venue.depositAsset),
          ];
    case 'interbank':
      return [hop('interbank', venue.from.asset, venue.to.asset)];
  }
}

/** Every simple path (no asset twice) of at most maxHops venues; a same-asset payment is one transfer. */
export function allSimplePaths(
  scenario: Scenario,
  from: string,
  to: string,
  maxHops: number,
): Hop[][] {
  const hops = scenario.venues.flatMap(hopsOf);
  if (from === to)
    return hops
      .filter((hop) => hop.kind === 'transfer' && hop.assetIn === from)
      .map((hop) => [hop]);
  const found: Hop[][] = [];
  const extend = (path: Hop[], at: string, seen: string[]) => {
    if (at === to) {
      found.push(path);
      return;
    }
    if (path.length === maxHops) return;
    for (const hop of hops) {
      if (hop.kind !== 'transfer' && hop.assetIn === at && !seen.includes(hop.assetOut)) {
        extend([...path, hop], hop.assetOut, [...seen, hop.assetOut]);
      }
    }
  };
  extend([], from, [from]);
  return found;
}

export const isSwap = (hop: Hop) =>
  hop.kind === 'quote' || hop.kind === 'pool' || hop.kind === 'transfer';

/** Where a connector takes its input. */
export function inputAccount(hop: Hop): AccountId {
  const venue = hop.venue;
  if (venue.type === 'mint-redeem')
    return hop.kind === 'mint' ? venue.reserveAccount : venue.treasuryAccount;
  if (venue.type === 'ramp')
    return hop.kind === 'on' ? venue.reserveAccount : venue.treasuryAccount;
  if (venue.type === 'interbank') return venue.from.treasury;
  throw new Error(`not a connector: ${venue.id}`);
}

/** The operator's own account holding a connector's output (where a following swap is signed). */
function ownAccount(hop: Hop, holder: AccountId): AccountId {
  const venue = hop.venue;
  if (venue.type === 'mint-redeem')
    return hop.kind === 'mint' ? venue.treasuryAccount : venue.reserveAccount;
  if (venue.type === 'ramp')
    return hop.kind === 'on' ? venue.treasuryAccount : venue.reserveAccount;
  if (venue.type === 'interbank') return venue.to.treasury;
  return holder;
}

const BPS = 10_000n;

/** Where hop `index` of `path` delivers, paid into by `holder`. */
export function hopTarget(
  path: Hop[],
  index: number,
  holder: AccountId,
  payee: AccountId,
): AccountId {
  const hop = path[index];
  const next = path[index + 1];
  if (!hop || next === undefined) return payee;
  return isSwap(next) ? ownAccount(hop, holder) : inputAccount(next);
}

/**
 * What the payee is guaranteed over `path`, or null where some venue cannot carry it. A path of
 * swaps on the payer's own ledger settles as one batch (credits land before the next leg); any
 * other settles by holds, where every debit comes out of what its account already held. A pool
 * promises only its output less the scenario's slippage tolerance, so only that much goes on
 * (the pool still pays its whole output to the recipient, who keeps the rest).
 */
export function deliver(
  scenario: Scenario,
  snapshots: Record<string, LedgerSnapshot>,
  payment: Payment,
  path: Hop[],
): bigint | null {
  const assets = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const ledgerOf = (asset: string) => assets.get(asset)?.ledger ?? '';
  const scaleOf = (asset: string) => 10n ** BigInt(assets.get(asset)?.scale ?? 0);
  const batch = path.every(isSwap);
  const balances = new Map<string, bigint>();
  const key = (asset: string, account: string) => `${asset}|${account}`;
  const balance = (asset: string, account: string) =>
    balances.get(key(asset, account)) ??
    snapshots[ledgerOf(asset)]?.balances[asset]?.[account] ??
    0n;
  const take = (asset: string, account: string, amount: bigint) => {
    if (balance(asset, account) < amount) return false;
    balances.set(key(asset, account), balance(asset, account) - amount);
    return true;
  };
  const give = (asset: string, account: string, amount: bigint) => {
    if (batch) balances.set(key(asset, account), balance(asset, account) + amount);
  };
  const quoteUse = new Map<string, bigint>();
  const keptBps = BPS - BigInt(scenario.settlement.slippageToleranceBps);

  let holder = payment.payer;
  let amount = payment.amountIn;
  for (const [index, hop] of path.entries()) {
    const target = hopTarget(path, index, holder, payment.payee);
    const venue = hop.venue;
    let out: bigint;
    if (venue.type === 'fx-quote') {
      const quote = snapshots[ledgerOf(hop.assetIn)]?.quotes[venue.id];
      if (!quote || !quote.active) return null;
      const used = (quoteUse.get(venue.id) ?? 0n) + amount;
      if (used > quote.maxIn) return null;
      quoteUse.set(venue.id, used);
      out = (amount * quote.rate.num * (BPS - BigInt(quote.feeBps))) / (quote.rate.den * BPS);
      if (out <= 0n || !take(hop.assetIn, holder, amount) || !take(hop.assetOut, quote.dealer, out))
        return null;
      give(hop.assetIn, quote.dealer, amount);
      give(hop.assetOut, target, out);
    } else if (venue.type === 'amm') {
      const pool = snapshots[ledgerOf(hop.assetIn)]?.pools[venue.id];
      if (!pool) return null;
      const aIn = hop.assetIn === pool.assetA;
      const reserveIn = aIn ? pool.reserveA : pool.reserveB;
      const reserveOut = aIn ? pool.reserveB : pool.reserveA;
      const withFee = amount * (BPS - BigInt(pool.feeBps));
      const paid = (reserveOut * withFee) / (reserveIn * BPS + withFee);
      out = (paid * keptBps) / BPS;
      if (out <= 0n || paid >= reserveOut || !take(hop.assetIn, holder, amount)) return null;
      give(hop.assetOut, target, paid);
    } else if (venue.type === 'transfer') {
      out = (amount * (BPS - BigInt(venue.feeBps))) / BPS;
      if (out <= 0n || !take(hop.assetIn, holder, amount)) return null;
      give(hop.assetIn, target, out);
    } else {
      // 1:1 at par, scales converted, fee taken on the first conversion.
      const fee = BPS - BigInt(venue.feeBps);
      if (holder !== inputAccount(hop) && !take(hop.assetIn, holder, amount)) return null;
      if (venue.type === 'interbank') {
        const cbdc = venue.cbdcAsset;
        const settled = (amount * scaleOf(cbdc) * fee) / (scaleOf(hop.assetIn) * BPS);
        if (!take(cbdc, venue.from.reserve, settled)) return null;
        out = (settled * scaleOf(hop.assetOut)) / scaleOf(cbdc);
      } else {
        out = (amount * scaleOf(hop.assetOut) * fee) / (scaleOf(hop.assetIn) * BPS);
        const paysFromReserve = hop.kind === 'redeem' || hop.kind === 'off';
        const reserve =
          venue.type === 'mint-redeem' || venue.type === 'ramp' ? venue.reserveAccount : '';
        if (paysFromReserve && reserve !== target && !take(hop.assetOut, reserve, out)) return null;
      }
      if (out <= 0n) return null;
    }
    holder = target;
    amount = out;
  }
  return amount;
}

/** Accounts the venue itself moves money in or out of (never the payer's or payee's). */
export function ownAccounts(venue: Venue): AccountId[] {
  switch (venue.type) {
    case 'transfer':
      return venue.feeAccount === undefined ? [] : [venue.feeAccount];
    case 'fx-quote':
      return [venue.account];
    case 'amm':
      return [];
    case 'mint-redeem':
    case 'ramp':
      return [venue.reserveAccount, venue.treasuryAccount];
    case 'interbank':
      return [venue.from.treasury, venue.from.reserve, venue.to.treasury, venue.to.reserve];
  }
}

/** The most any single simple path delivers, or null when none can carry the payment. */
export function bestDelivery(
  scenario: Scenario,
  snapshots: Record<string, LedgerSnapshot>,
  payment: Payment,
  maxHops: number,
): bigint | null {
  let best: bigint | null = null;
  for (const path of allSimplePaths(scenario, payment.payerAsset, payment.payeeAsset, maxHops)) {
    if (
      path.some((hop) =>
        ownAccounts(hop.venue).some(
          (account) => account === payment.payer || account === payment.payee,
        ),
      )
    )
      continue;
    const out = deliver(scenario, snapshots, payment, path);
    if (out !== null && (best === null || out > best)) best = out;
  }
  return best;
}
