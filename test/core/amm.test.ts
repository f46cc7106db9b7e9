import { describe, expect, it } from 'vitest';
import {
  dealerRoundingProperty,
  productProperty,
  quoteProperty,
  roundingProperty,
} from '../../router/props/amm';
import { expectAccepted, expectRejected } from '../../router/props/expectations';
import { assertProperty } from '../../router/props/property';
import { createWorld, LEDGER } from '../../router/props/world';

describe('AMM pools and dealer quotes', () => {
  it('never lowers the product of reserves across a swap', () =>
    assertProperty(productProperty, { numRuns: 80 }));
  it("pays exactly the router's quote", () => assertProperty(quoteProperty, { numRuns: 80 }));
  it('never creates value by rounding', () => assertProperty(roundingProperty, { numRuns: 80 }));
  it('fills dealer quotes at floor(in x rate x (1 - fee))', () =>
    assertProperty(dealerRoundingProperty, { numRuns: 80 }));

  it('prices a swap on the seeded pool as the constant-product formula says', async () => {
    // Pool p0: 5000 USD / 4000 EUR, 30 bps. in' = 1000 x 0.997 = 997;
    // out = floor(4000 x 997 / (5000 + 997)) = floor(3988000 / 5997) = 664.
    const world = await createWorld();
    const result = await expectAccepted(world, 'bankB', {
      type: 'swap',
      id: 's',
      pool: 'p0',
      from: 'bankB/main',
      to: 'bankB/main',
      assetIn: 'USD',
      amountIn: 1_000n,
      minOut: 664n,
    });
    expect(result.amountsOut).toEqual([664n]);
    const pool = await world.client.evaluate(LEDGER, 'bankB', { type: 'pool', pool: 'p0' });
    expect(pool.ok && [pool.value.reserveA, pool.value.reserveB]).toEqual([6_000n, 3_336n]);
  });

  it('mints floor(sqrt(a x b)) initial shares and takes liquidity in proportion, rounded up', async () => {
    const world = await createWorld();
    const pool = async () => {
      const read = await world.client.evaluate(LEDGER, 'bankA', { type: 'pool', pool: 'p0' });
      if (!read.ok) throw new Error(read.error.message);
      return read.value;
    };
    expect((await pool()).totalShares).toBe(4_472n); // isqrt(5000 x 4000) = 4472.13...
    // shares = min(1000 x 4472 / 5000, 1000 x 4472 / 4000) = min(894, 1118) = 894;
    // takes ceil(894 x 5000 / 4472) = 1000 USD and ceil(894 x 4000 / 4472) = 800 EUR.
    await expectAccepted(world, 'bankA', {
      type: 'addLiquidity',
      id: 'add',
      pool: 'p0',
      from: 'bankA/main',
      amountA: 1_000n,
      amountB: 1_000n,
    });
    const after = await pool();
    expect([after.reserveA, after.reserveB, after.totalShares, after.shares['bankA/main']]).toEqual(
      [6_000n, 4_800n, 5_366n, 894n],
    );
    await expectRejected(
      world,
      'bankA',
      { type: 'removeLiquidity', id: 'rm', pool: 'p0', to: 'bankA/main', shares: 895n },
      'InsufficientFunds',
      'shares',
    );
  });

  it('rejects a swap below minOut and one the pool cannot pay', async () => {
    const world = await createWorld();
    const swap = (id: string, amountIn: bigint, minOut: bigint) =>
      ({
        type: 'swap',
        id,
        pool: 'p0',
        from: 'bankB/main',
        to: 'bankB/main',
        assetIn: 'USD',
        amountIn,
        minOut,
      }) as const;
    await expectRejected(
      world,
      'bankB',
      swap('greedy', 1_000n, 665n),
      'SlippageExceeded',
      'minOut',
    );
    await expectRejected(world, 'bankB', swap('dust', 1n, 0n), 'InsufficientLiquidity', 'amountIn');
  });
});
