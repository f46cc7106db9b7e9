// Random ledger operations over the fixed world (world.ts), each with a label, built only when
// it runs: the op id, the time and the holds placed so far are filled in then. The model-based
// suite and the differential test draw from them.
import fc from 'fast-check';
import { LEDGER_KINDS, type LedgerOp, type OrgId } from '../../chaincode/src/core/types';
import {
  account,
  anyOrg,
  asset,
  assetPair,
  coherentLegs,
  coordinator,
  describeLeg,
  feeBps,
  holdId,
  holdLegArb,
  legArb,
  naturalSigner,
  naturalSignerOfLegs,
  poolId,
  quoteId,
  signerChoice,
} from './arbitraries';
import { HASHLOCKS, LEDGER, ownerOf, SECRETS } from './world';

/** What an operation needs to be built at run time (ids and times are relative). */
export interface BuildContext {
  id: string;
  nowMs: number;
  /** Ids of every hold placed so far, for resolutions to aim at. */
  holds: string[];
}

export type Build = (context: BuildContext) => [OrgId, LedgerOp];

export interface OpSpec {
  label: string;
  build: Build;
  toString(): string;
}

const HOUR_MS = 3_600_000;

/** Printed by its label in counterexamples. */
const spec = (label: string, build: Build): OpSpec => ({ label, build, toString: () => label });
const signer = (choice: OrgId | null, natural: OrgId) => choice ?? natural;

const legOp = fc.tuple(legArb, signerChoice).map(([leg, choice]) => {
  const org = signer(choice, naturalSigner(leg));
  return spec(`${describeLeg(leg)} as ${org}`, ({ id }) => [org, { id, ...leg } as LedgerOp]);
});

const batchOp = fc.tuple(coherentLegs(legArb, 4), signerChoice).map(([legs, choice]) => {
  const org = signer(choice, naturalSignerOfLegs(legs));
  return spec(`batch [${legs.map(describeLeg).join('; ')}] as ${org}`, ({ id }) => [
    org,
    { type: 'batch', id, legs },
  ]);
});

/** A lock's lifetime from placement, where time moves: often at the boundary (expired, or by 1 ms). */
const movingLifetimeMs = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -200, max: 3_000 }));
/** Where time cannot be moved: clearly expired at placement, or not before the case ends. */
const fixedLifetimeMs = fc.constantFrom(-HOUR_MS, HOUR_MS);

const lockArb = (lifetimeMs: fc.Arbitrary<number>) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('htlc' as const),
      secret: fc.constantFrom(0, 1),
      inMs: lifetimeMs,
    }),
    fc.record({
      kind: fc.constant('escrow' as const),
      coordinator,
      inMs: lifetimeMs,
    }),
  );

const holdOp = (lifetimeMs: fc.Arbitrary<number>) =>
  fc
    .tuple(holdId, coherentLegs(holdLegArb, 2), lockArb(lifetimeMs), signerChoice)
    .map(([hold, legs, lock, choice]) => {
      const org = signer(choice, naturalSignerOfLegs(legs));
      const lockText =
        lock.kind === 'htlc'
          ? `htlc#${lock.secret} +${lock.inMs}ms`
          : `escrow by ${lock.coordinator} +${lock.inMs}ms`;
      return spec(
        `hold ${hold} [${legs.map(describeLeg).join('; ')}] ${lockText} as ${org}`,
        ({ id, nowMs }) => [
          org,
          {
            type: 'hold',
            id,
            hold,
            legs,
            lock:
              lock.kind === 'htlc'
                ? {
                    kind: 'htlc',
                    hashlock: HASHLOCKS[lock.secret]!,
                    expiresAtMs: nowMs + lock.inMs,
                  }
                : { kind: 'escrow', coordinator: lock.coordinator, deadlineMs: nowMs + lock.inMs },
          },
        ],
      );
    });

/** A hold id, or (mostly) "the n-th hold placed so far", resolved when the command runs. */
const holdTarget = fc.oneof({ weight: 1, arbitrary: holdId }, { weight: 4, arbitrary: fc.nat(20) });
const pickHold = (target: string | number, holds: string[]) =>
  typeof target === 'string' ? target : (holds[target % Math.max(holds.length, 1)] ?? 'h0');
const describeTarget = (target: string | number) =>
  typeof target === 'string' ? target : `placed hold #${target}`;

const resolveOp = fc.oneof(
  fc
    .record({ target: holdTarget, secret: fc.constantFrom(0, 1), org: coordinator })
    .map(({ target, secret, org }) =>
      spec(`claim ${describeTarget(target)} with secret#${secret} as ${org}`, ({ id, holds }) => [
        org,
        { type: 'claim', id, hold: pickHold(target, holds), secret: SECRETS[secret]! },
      ]),
    ),
  fc
    .record({
      target: holdTarget,
      type: fc.constantFrom('refund' as const, 'commit' as const, 'abort' as const),
      org: coordinator,
    })
    .map(({ target, type, org }) =>
      spec(`${type} ${describeTarget(target)} as ${org}`, ({ id, holds }) => [
        org,
        { type, id, hold: pickHold(target, holds) },
      ]),
    ),
);

const poolAmount = fc.bigInt(1n, 5_000n);

const poolOp = fc.oneof(
  fc
    .record({
      pool: poolId,
      pair: assetPair,
      feeBps,
      from: account,
      amountA: poolAmount,
      amountB: poolAmount,
      choice: signerChoice,
    })
    .map(({ pool, pair: [assetA, assetB], feeBps, from, amountA, amountB, choice }) => {
      const org = signer(choice, ownerOf(from));
      return spec(
        `createPool ${pool} ${amountA} ${assetA}/${amountB} ${assetB} fee ${feeBps} from ${from} as ${org}`,
        ({ id }) => [
          org,
          { type: 'createPool', id, pool, assetA, assetB, feeBps, from, amountA, amountB },
        ],
      );
    }),
  fc
    .record({
      pool: poolId,
      from: account,
      amountA: poolAmount,
      amountB: poolAmount,
      choice: signerChoice,
    })
    .map(({ pool, from, amountA, amountB, choice }) => {
      const org = signer(choice, ownerOf(from));
      return spec(`addLiquidity ${pool} ${amountA}/${amountB} from ${from} as ${org}`, ({ id }) => [
        org,
        { type: 'addLiquidity', id, pool, from, amountA, amountB },
      ]);
    }),
  fc
    .record({ pool: poolId, to: account, shares: poolAmount, choice: signerChoice })
    .map(({ pool, to, shares, choice }) => {
      const org = signer(choice, ownerOf(to));
      return spec(`removeLiquidity ${pool} ${shares} shares to ${to} as ${org}`, ({ id }) => [
        org,
        { type: 'removeLiquidity', id, pool, to, shares },
      ]);
    }),
);

const quoteOp = fc.oneof(
  fc
    .record({
      quote: quoteId,
      dealer: account,
      pair: assetPair,
      num: fc.bigInt(1n, 20n),
      den: fc.bigInt(1n, 20n),
      feeBps: fc.integer({ min: 0, max: 500 }),
      maxIn: fc.bigInt(1n, 5_000n),
      // Validity relative to the run's clock (none, already over, or ahead) and a fixed fee.
      validForMs: fc.option(fc.integer({ min: -HOUR_MS, max: 2 * HOUR_MS }), { nil: undefined }),
      feeFixed: fc.option(fc.bigInt(0n, 50n), { nil: undefined }),
      choice: signerChoice,
    })
    .map(
      ({
        quote,
        dealer,
        pair: [assetIn, assetOut],
        num,
        den,
        feeBps,
        maxIn,
        choice,
        ...extras
      }) => {
        const org = signer(choice, ownerOf(dealer));
        const { validForMs, feeFixed } = extras;
        return spec(
          `postQuote ${quote} ${assetIn}->${assetOut} ${num}/${den} fee ${feeBps}+${feeFixed ?? 0n} max ${maxIn} valid ${validForMs ?? '∞'}ms by ${dealer} as ${org}`,
          ({ id, nowMs }) => [
            org,
            {
              type: 'postQuote',
              id,
              quote,
              dealer,
              assetIn,
              assetOut,
              rate: { num, den },
              feeBps,
              maxIn,
              ...(validForMs === undefined
                ? {}
                : { validUntilMs: Math.max(0, nowMs + validForMs) }),
              ...(feeFixed === undefined ? {} : { feeFixed }),
            },
          ],
        );
      },
    ),
  fc
    .record({
      quote: quoteId,
      org: anyOrg,
      validForMs: fc.integer({ min: -HOUR_MS, max: 2 * HOUR_MS }),
    })
    .map(({ quote, org, validForMs }) =>
      spec(`refreshQuote ${quote} +${validForMs}ms as ${org}`, ({ id, nowMs }) => [
        org,
        { type: 'refreshQuote', id, quote, validUntilMs: Math.max(0, nowMs + validForMs) },
      ]),
    ),
  fc
    .record({ quote: quoteId, org: anyOrg })
    .map(({ quote, org }) =>
      spec(`withdrawQuote ${quote} as ${org}`, ({ id }) => [
        org,
        { type: 'withdrawQuote', id, quote },
      ]),
    ),
);

const adminOp = fc.oneof(
  fc.record({ asset, account, choice: signerChoice }).map(({ asset, account, choice }) => {
    const org = signer(choice, ownerOf(account));
    return spec(`compact ${asset} ${account} as ${org}`, ({ id }) => [
      org,
      { type: 'compact', id, asset, account },
    ]);
  }),
  fc.record({ account, choice: signerChoice }).map(({ account, choice }) => {
    const org = signer(choice, ownerOf(account));
    return spec(`openAccount ${account} as ${org}`, ({ id }) => [
      org,
      { type: 'openAccount', id, account },
    ]);
  }),
  fc
    .record({
      asset: fc.constantFrom('USD', 'GBP'),
      issuer: anyOrg,
      kind: fc.constantFrom(...LEDGER_KINDS),
      org: anyOrg,
    })
    .map(({ asset, issuer, kind, org }) =>
      spec(`createAsset ${asset} (${kind}, issuer ${issuer}) as ${org}`, ({ id }) => [
        org,
        {
          type: 'createAsset',
          id,
          asset: { id: asset, ledger: LEDGER, kind, currency: asset, issuer, scale: 2 },
        },
      ]),
    ),
  anyOrg.map((org) =>
    spec(`init as ${org}`, ({ id }) => [org, { type: 'init', id, kind: 'cbdc' }]),
  ),
);

/** Every kind of operation, weighted by repetition; lock lifetimes suit a clock that moves or not. */
export function operationArbs(movableTime: boolean): Array<fc.Arbitrary<OpSpec>> {
  const hold = holdOp(movableTime ? movingLifetimeMs : fixedLifetimeMs);
  return [
    legOp,
    legOp,
    batchOp,
    hold,
    hold,
    resolveOp,
    resolveOp,
    poolOp,
    poolOp,
    quoteOp,
    adminOp,
  ];
}
