// AMM and dealer-quote economics on the real ledger: a completed swap never lowers the pool's
// product of reserves; a swap pays the largest output the fee-adjusted constant product allows
// (checked from the invariant, not with pricing.ts) and never more than the fee-less price; and no round trip or deposit/withdrawal hands a trader
// more than they put in, i.e. rounding never creates value.
import fc from 'fast-check';
import type { PoolRecord } from '../../chaincode/src/core/types';
import { check, expectAccepted } from './expectations';
import {
  balance,
  effectiveReserves,
  fee,
  LP,
  poolWorld,
  readPool,
  reserve,
  tradeAmount,
  TRADER,
} from './pool-world';
import { defineProperty } from './property';
import { LEDGER, type World } from './world';

interface SwapObservation {
  before: PoolRecord;
  after: PoolRecord;
  assetIn: 'USD' | 'EUR';
  amountIn: bigint;
  amountOut: bigint;
}

/** Runs swaps in order; rejected ones (too small, pool too thin) are skipped. */
async function observeSwaps(
  world: World,
  swaps: Array<{ inUsd: boolean; amountIn: bigint }>,
): Promise<SwapObservation[]> {
  const observations: SwapObservation[] = [];
  for (const [index, { inUsd, amountIn }] of swaps.entries()) {
    const before = await readPool(world);
    const assetIn = inUsd ? 'USD' : 'EUR';
    const op = {
      type: 'swap' as const,
      id: `swap-${index}`,
      pool: 'amm',
      from: TRADER,
      to: TRADER,
      assetIn,
      amountIn,
      minOut: 0n,
    };
    const result = await world.client.submit(LEDGER, 'bankB', op);
    if (!result.ok) {
      check(
        result.error.code === 'InsufficientLiquidity',
        `swap-${index} rejected with ${result.error.code}: ${result.error.message}`,
      );
      continue;
    }
    observations.push({
      before,
      after: await readPool(world),
      assetIn,
      amountIn,
      amountOut: result.value.result.amountsOut[0]!,
    });
  }
  return observations;
}

const swapsArb = fc.array(fc.record({ inUsd: fc.boolean(), amountIn: tradeAmount }), {
  minLength: 1,
  maxLength: 8,
});

export const productProperty = defineProperty(
  'amm-product',
  'the product of pool reserves never decreases across a swap',
  (backend) =>
    fc.asyncProperty(reserve, reserve, fee, swapsArb, async (reserveA, reserveB, feeBps, swaps) => {
      const world = await poolWorld(reserveA, reserveB, feeBps, backend);
      for (const { before, after } of await observeSwaps(world, swaps)) {
        const k0 = before.reserveA * before.reserveB;
        const k1 = after.reserveA * after.reserveB;
        check(k1 >= k0, `product fell from ${k0} to ${k1}`);
      }
    }),
);

/** Basis points in one: fees are charged in bps of the input. */
const BPS = 10_000n;

export const quoteProperty = defineProperty(
  'amm-quote',
  'a swap pays the largest output the fee-adjusted constant product allows, never more than the fee-less price',
  (backend) =>
    fc.asyncProperty(reserve, reserve, fee, swapsArb, async (reserveA, reserveB, feeBps, swaps) => {
      const world = await poolWorld(reserveA, reserveB, feeBps, backend);
      for (const { before, assetIn, amountIn, amountOut } of await observeSwaps(world, swaps)) {
        const { a, b } = effectiveReserves(before);
        const [reserveIn, reserveOut] = assetIn === 'USD' ? [a, b] : [b, a];
        // Independent of pricing.ts: the pool pays the largest output that keeps the fee-adjusted
        // constant product (rIn·D + in·(D − fee)) · (rOut − out) ≥ rIn · rOut · D, and no more.
        const keepsProduct = (out: bigint) =>
          (reserveIn * BPS + amountIn * (BPS - BigInt(feeBps))) * (reserveOut - out) >=
          reserveIn * reserveOut * BPS;
        check(keepsProduct(amountOut), `paid ${amountOut}: breaks the fee-adjusted product`);
        check(!keepsProduct(amountOut + 1n), `paid ${amountOut}: one more unit was due`);
        // out / in <= rOut / (rIn + in): the spot price after the trade, with no fee at all.
        check(
          amountOut * (reserveIn + amountIn) <= amountIn * reserveOut,
          `paid ${amountOut} beats the fee-less price`,
        );
      }
    }),
);

export const roundingProperty = defineProperty(
  'amm-rounding',
  'rounding never creates value: swap round trips, LP withdrawals and deposit/withdrawal cycles pay out no more than is due',
  (backend) =>
    fc.asyncProperty(
      reserve,
      reserve,
      fee,
      tradeAmount,
      fc.bigInt(1n, 10n ** 12n),
      async (reserveA, reserveB, feeBps, amountIn, deposit) => {
        const world = await poolWorld(reserveA, reserveB, feeBps, backend);
        const swap = (id: string, assetIn: string, amount: bigint) =>
          world.client.submit(LEDGER, 'bankB', {
            type: 'swap',
            id,
            pool: 'amm',
            from: TRADER,
            to: TRADER,
            assetIn,
            amountIn: amount,
            minOut: 0n,
          });
        // Round trip USD -> EUR -> USD: the trader ends with at most what it started with.
        const usdBefore = await balance(world, 'USD', TRADER);
        const there = await swap('there', 'USD', amountIn);
        if (there.ok) {
          const back = await swap('back', 'EUR', there.value.result.amountsOut[0]!);
          check(
            back.ok || back.error.code === 'InsufficientLiquidity',
            'the return swap failed unexpectedly',
          );
          const usdAfter = await balance(world, 'USD', TRADER);
          check(usdAfter <= usdBefore, `round trip turned ${usdBefore} USD into ${usdAfter}`);
        }
        // The founding LP withdraws some shares: paid at most its exact pro-rata part.
        const founded = await readPool(world);
        const withdrawn = 1n + (deposit % (founded.shares[LP] ?? 1n));
        const [lpUsd, lpEur] = [await balance(world, 'USD', LP), await balance(world, 'EUR', LP)];
        await expectAccepted(world, 'bankA', {
          type: 'removeLiquidity',
          id: 'exit',
          pool: 'amm',
          to: LP,
          shares: withdrawn,
        });
        const paidUsd = (await balance(world, 'USD', LP)) - lpUsd;
        const paidEur = (await balance(world, 'EUR', LP)) - lpEur;
        check(
          paidUsd * founded.totalShares <= withdrawn * founded.reserveA &&
            paidEur * founded.totalShares <= withdrawn * founded.reserveB,
          `${withdrawn} of ${founded.totalShares} shares paid ${paidUsd} USD and ${paidEur} EUR`,
        );
        // Deposit, then withdraw exactly the shares minted: never more of either asset back.
        const pool = await readPool(world);
        const [usd0, eur0] = [
          await balance(world, 'USD', TRADER),
          await balance(world, 'EUR', TRADER),
        ];
        const added = await world.client.submit(LEDGER, 'bankB', {
          type: 'addLiquidity',
          id: 'add',
          pool: 'amm',
          from: TRADER,
          amountA: deposit,
          amountB: deposit,
        });
        if (!added.ok) {
          check(added.error.code === 'InvalidAmount', `deposit rejected with ${added.error.code}`);
          return;
        }
        const shares = (await readPool(world)).shares[TRADER] ?? 0n;
        await expectAccepted(world, 'bankB', {
          type: 'removeLiquidity',
          id: 'remove',
          pool: 'amm',
          to: TRADER,
          shares,
        });
        check((await balance(world, 'USD', TRADER)) <= usd0, 'deposit and withdrawal gained USD');
        check((await balance(world, 'EUR', TRADER)) <= eur0, 'deposit and withdrawal gained EUR');
        const after = await readPool(world);
        check(
          after.reserveA >= pool.reserveA && after.reserveB >= pool.reserveB,
          'the pool lost reserves to an LP round trip',
        );
      },
    ),
);

export const dealerRoundingProperty = defineProperty(
  'fx-rounding',
  'a dealer fill pays floor(in x rate x (1 - fee)): never more than amountIn x rate',
  (backend) =>
    fc.asyncProperty(
      fc.bigInt(1n, 10n ** 15n),
      fc.bigInt(1n, 10n ** 6n),
      fc.bigInt(1n, 10n ** 6n),
      fee,
      async (amountIn, num, den, feeBps) => {
        const world = await poolWorld(1_000n, 1_000n, 0, backend);
        await expectAccepted(world, 'bankA', {
          type: 'postQuote',
          id: 'post',
          quote: 'fx',
          dealer: LP,
          assetIn: 'USD',
          assetOut: 'EUR',
          rate: { num, den },
          feeBps,
          maxIn: 10n ** 15n,
        });
        const fill = await world.client.submit(LEDGER, 'bankB', {
          type: 'fxSwap',
          id: 'fill',
          quote: 'fx',
          from: TRADER,
          to: TRADER,
          amountIn,
          minOut: 0n,
        });
        if (!fill.ok) {
          check(
            fill.error.code === 'InsufficientLiquidity',
            `fill rejected with ${fill.error.code}: ${fill.error.message}`,
          );
          return;
        }
        const paid = fill.value.result.amountsOut[0]!;
        check(
          paid * den * 10_000n <= amountIn * num * BigInt(10_000 - feeBps),
          `dealer paid ${paid} for ${amountIn} at ${num}/${den}`,
        );
        check(
          (paid + 1n) * den * 10_000n > amountIn * num * BigInt(10_000 - feeBps),
          `dealer paid ${paid}: short by more than rounding`,
        );
      },
    ),
);
