// Random inputs over the fixed world (world.ts): a few ids of each kind so operations collide,
// amounts mostly affordable with some that are not, and signers that are usually the natural
// one (the payer's org, the issuer) and sometimes anyone, including a non-member.
import fc from 'fast-check';
import type { LegOp, OrgId } from '../../chaincode/src/core/types';
import {
  ASSETS,
  ISSUERS,
  MEMBERS,
  OPEN_ACCOUNTS,
  OUTSIDER,
  UNKNOWN_ASSET,
  UNOPENED_ACCOUNTS,
  ownerOf,
} from './world';

export const anyOrg = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...MEMBERS) },
  { weight: 1, arbitrary: fc.constant(OUTSIDER) },
);
export const account = fc.oneof(
  { weight: 15, arbitrary: fc.constantFrom(...OPEN_ACCOUNTS) },
  { weight: 1, arbitrary: fc.constantFrom(...UNOPENED_ACCOUNTS) },
);
export const asset = fc.oneof(
  { weight: 15, arbitrary: fc.constantFrom(...ASSETS) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN_ASSET) },
);
/** Mostly the two known assets in either order, sometimes anything (same asset, unknown). */
export const assetPair = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<[string, string]>(['USD', 'EUR'], ['EUR', 'USD']) },
  { weight: 1, arbitrary: fc.tuple(asset, asset) },
);
export const amount = fc.oneof(
  { weight: 5, arbitrary: fc.bigInt(1n, 2_000n) },
  { weight: 1, arbitrary: fc.bigInt(1n, 60_000n) },
);
export const minOut = fc.oneof(fc.constant(0n), fc.bigInt(1n, 3_000n));
export const holdId = fc.constantFrom('h0', 'h1', 'h2');
export const poolId = fc.constantFrom('p0', 'p1');
export const quoteId = fc.constantFrom('q0', 'q1');
export const feeBps = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(0, 30, 100) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9_999 }) },
);

/** null = the natural signer; otherwise any org. */
export const signerChoice: fc.Arbitrary<OrgId | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: anyOrg },
);

const transferLeg = fc.record({
  type: fc.constant('transfer' as const),
  asset,
  from: account,
  to: account,
  amount,
});
const issueLeg = fc.record({ type: fc.constant('issue' as const), asset, to: account, amount });
const burnLeg = fc.record({ type: fc.constant('burn' as const), asset, from: account, amount });
const swapLeg = fc.record({
  type: fc.constant('swap' as const),
  pool: poolId,
  from: account,
  to: account,
  assetIn: asset,
  amountIn: amount,
  minOut,
});
const fxSwapLeg = fc.record({
  type: fc.constant('fxSwap' as const),
  quote: quoteId,
  from: account,
  to: account,
  amountIn: amount,
  minOut,
});

/** Any leg, transfers most often. */
export const legArb: fc.Arbitrary<LegOp> = fc.oneof(
  { weight: 3, arbitrary: transferLeg },
  { weight: 1, arbitrary: issueLeg },
  { weight: 1, arbitrary: burnLeg },
  { weight: 2, arbitrary: swapLeg },
  { weight: 2, arbitrary: fxSwapLeg },
);

/** Legs for holds: mostly payments, so that holds get placed and then resolved. */
export const holdLegArb: fc.Arbitrary<LegOp> = fc.oneof(
  { weight: 8, arbitrary: transferLeg },
  { weight: 1, arbitrary: issueLeg },
  { weight: 1, arbitrary: burnLeg },
  { weight: 1, arbitrary: swapLeg },
  { weight: 1, arbitrary: fxSwapLeg },
);

/**
 * Legs that mostly share one payer (the first debited account), so a batch or hold signed by
 * that payer's org usually passes the ownership checks and goes on to exercise the rest.
 */
export function coherentLegs(leg: fc.Arbitrary<LegOp>, maxLength: number): fc.Arbitrary<LegOp[]> {
  return fc
    .tuple(fc.array(leg, { minLength: 1, maxLength }), fc.nat(3))
    .map(([legs, mixed]) => (mixed === 0 ? legs : alignPayers(legs)));
}

function alignPayers(legs: LegOp[]): LegOp[] {
  const payer = legs.find((leg) => leg.type !== 'issue');
  if (!payer) return legs;
  return legs.map((leg) => (leg.type === 'issue' ? leg : { ...leg, from: payer.from }));
}

/** The org that would normally sign a leg: the issuer for mints and burns, else the payer's org. */
export function naturalSigner(leg: LegOp): OrgId {
  if (leg.type === 'issue' || leg.type === 'burn') return ISSUERS[leg.asset] ?? 'cb';
  return ownerOf(leg.from);
}

/** The natural signer of several legs: that of the first leg that debits someone. */
export function naturalSignerOfLegs(legs: readonly LegOp[]): OrgId {
  return naturalSigner(legs.find((leg) => leg.type !== 'issue') ?? legs[0]!);
}

/** Escrow coordinators and the orgs resolving holds: mostly one org, so commits can succeed. */
export const coordinator = fc.oneof(
  { weight: 3, arbitrary: fc.constant('bankA') },
  { weight: 1, arbitrary: anyOrg },
);

export function describeLeg(leg: LegOp): string {
  switch (leg.type) {
    case 'transfer':
      return `transfer ${leg.amount} ${leg.asset} ${leg.from}->${leg.to}`;
    case 'issue':
      return `issue ${leg.amount} ${leg.asset} ->${leg.to}`;
    case 'burn':
      return `burn ${leg.amount} ${leg.asset} ${leg.from}`;
    case 'swap':
      return `swap ${leg.amountIn} ${leg.assetIn} on ${leg.pool} ${leg.from}->${leg.to} min ${leg.minOut}`;
    case 'fxSwap':
      return `fxSwap ${leg.amountIn} on ${leg.quote} ${leg.from}->${leg.to} min ${leg.minOut}`;
  }
}
