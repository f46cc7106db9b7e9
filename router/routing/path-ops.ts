// How a path becomes ledger legs (the convention agreed with settlement). Value passes from the
// payer through venue operators to the payee, Interledger style, and every leg is signed by the
// org owning the debited account:
//   - a swap (fx-quote, amm) or transfer is signed by whoever holds the input;
//   - a connector (mint/redeem, ramp, interbank) takes the input into its input account and its
//     operator side issues or pays the output.
// Where the output goes: to the payee after the last venue; into the next connector's input
// account; or, before a swap, into an account of whoever will sign that swap - the holder itself
// after a swap, the connector's own account after a connector (paying out of the account it
// holds instead of moving the money first).
import type { AccountId, LegOp, OrgId } from '../../chaincode/src/core/types';
import { isSwap, type Edge } from './graph';
import type { LedgerStep } from './plan';

export interface SignedLeg {
  ledger: string;
  signer: OrgId;
  leg: LegOp;
}

/** Who holds the value before each edge and where each edge delivers it. */
export interface PathRoute {
  edges: readonly Edge[];
  /** holders[i] pays into edges[i]; holders[0] is the payer. */
  holders: AccountId[];
  /** targets[i] receives edges[i]'s output; the last is the payee. */
  targets: AccountId[];
}

export interface EdgeFill {
  amountIn: bigint;
  amountOut: bigint;
  /** Interbank: the CBDC moved between the banks. */
  settlementAmount?: bigint;
  /** Transfer: what the operator keeps. */
  feeAmount?: bigint;
}

export function orgOf(account: AccountId): OrgId {
  return account.slice(0, account.indexOf('/'));
}

export function routeAccounts(
  edges: readonly Edge[],
  payer: AccountId,
  payee: AccountId,
): PathRoute {
  const holders: AccountId[] = [];
  const targets: AccountId[] = [];
  let holder = payer;
  edges.forEach((edge, index) => {
    const next = edges[index + 1];
    let target: AccountId;
    if (next === undefined) target = payee;
    else if (next.kind === 'transfer' || isSwap(next)) target = ownAccount(edge, holder);
    else target = next.inputAccount;
    holders.push(holder);
    targets.push(target);
    holder = target;
  });
  return { edges, holders, targets };
}

/** The account of whoever keeps signing after this edge, without moving the output further. */
function ownAccount(edge: Edge, holder: AccountId): AccountId {
  if (edge.kind === 'transfer' || isSwap(edge)) return holder;
  return edge.output.mode === 'issue' ? edge.output.ownAccount : edge.output.account;
}

/** The legs of one edge, in execution order. */
export function edgeLegs(
  edge: Edge,
  holder: AccountId,
  target: AccountId,
  fill: EdgeFill,
): SignedLeg[] {
  const signer = orgOf(holder);
  switch (edge.kind) {
    case 'transfer': {
      const legs: SignedLeg[] = [];
      const move = (to: AccountId, amount: bigint) =>
        legs.push({
          ledger: edge.ledgerIn,
          signer,
          leg: { type: 'transfer', asset: edge.assetIn, from: holder, to, amount },
        });
      if (holder !== target) move(target, fill.amountOut);
      if (edge.feeAccount !== undefined && (fill.feeAmount ?? 0n) > 0n)
        move(edge.feeAccount, fill.feeAmount ?? 0n);
      return legs;
    }
    case 'fx-quote':
      return [
        {
          ledger: edge.ledgerIn,
          signer,
          leg: {
            type: 'fxSwap',
            quote: edge.quote,
            from: holder,
            to: target,
            amountIn: fill.amountIn,
            minOut: fill.amountOut,
          },
        },
      ];
    case 'amm':
      return [
        {
          ledger: edge.ledgerIn,
          signer,
          leg: {
            type: 'swap',
            pool: edge.pool,
            from: holder,
            to: target,
            assetIn: edge.assetIn,
            amountIn: fill.amountIn,
            minOut: fill.amountOut,
          },
        },
      ];
    default: {
      const legs: SignedLeg[] = [];
      if (holder !== edge.inputAccount) {
        legs.push({
          ledger: edge.ledgerIn,
          signer,
          leg: {
            type: 'transfer',
            asset: edge.assetIn,
            from: holder,
            to: edge.inputAccount,
            amount: fill.amountIn,
          },
        });
      }
      if (edge.settlement) {
        const { asset, ledger, from, to, signer: bank } = edge.settlement;
        legs.push({
          ledger,
          signer: bank,
          leg: { type: 'transfer', asset, from, to, amount: fill.settlementAmount ?? 0n },
        });
      }
      const { output } = edge;
      if (output.mode === 'issue') {
        legs.push({
          ledger: edge.ledgerOut,
          signer: output.issuer,
          leg: { type: 'issue', asset: edge.assetOut, to: target, amount: fill.amountOut },
        });
      } else if (output.account !== target) {
        legs.push({
          ledger: edge.ledgerOut,
          signer: output.signer,
          leg: {
            type: 'transfer',
            asset: edge.assetOut,
            from: output.account,
            to: target,
            amount: fill.amountOut,
          },
        });
      }
      return legs;
    }
  }
}

/** Consecutive legs with the same ledger and signer become one step (one transaction). */
export function mergeSteps(legs: readonly SignedLeg[]): LedgerStep[] {
  const steps: LedgerStep[] = [];
  for (const { ledger, signer, leg } of legs) {
    const last = steps[steps.length - 1];
    if (last && last.ledger === ledger && last.signer === signer) last.legs.push(leg);
    else steps.push({ ledger, signer, legs: [leg] });
  }
  return steps;
}

/**
 * Accounts a venue itself debits or credits on this edge (dealer book, reserve, treasury, fee
 * account). A payment whose payer or payee is one of them would net against the venue's own
 * movements, so such paths are not offered.
 */
export function venueAccounts(edge: Edge): AccountId[] {
  switch (edge.kind) {
    case 'transfer':
      return edge.feeAccount === undefined ? [] : [edge.feeAccount];
    case 'fx-quote':
      return [edge.dealer];
    case 'amm':
      return [];
    default: {
      const output = edge.output.mode === 'issue' ? edge.output.ownAccount : edge.output.account;
      const settlement = edge.settlement ? [edge.settlement.from, edge.settlement.to] : [];
      return [edge.inputAccount, output, ...settlement];
    }
  }
}

/** The legs of a path with zero amounts: enough to see signers, ledgers and debited accounts. */
export function skeletonLegs(route: PathRoute): SignedLeg[] {
  const zero: EdgeFill = { amountIn: 0n, amountOut: 0n, settlementAmount: 0n, feeAmount: 1n };
  return route.edges.flatMap((edge, index) =>
    edgeLegs(edge, route.holders[index] ?? '', route.targets[index] ?? '', zero),
  );
}
