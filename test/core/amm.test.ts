import { describe, expect, it } from 'vitest';
import type { LedgerOp } from '../../chaincode/src/core/types';
import {
  dealerRoundingProperty,
  productProperty,
  quoteProperty,
  roundingProperty,
} from '../../router/props/amm';
import { expectAccepted, expectRejected } from '../../router/props/expectations';
import { heldClaimProperty, heldRefundProperty } from '../../router/props/held-swaps';
import { balance, LP, poolWorld, readPool, TRADER } from '../../router/props/pool-world';
import { assertProperty } from '../../router/props/property';
import { createWorld, HASHLOCKS, LEDGER, SECRETS, START_MS } from '../../router/props/world';

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

describe('held swaps', () => {
  const heldSwap = (
    hold: string,
    assetIn: string,
    amountIn: bigint,
    expiresAtMs: number,
  ): LedgerOp => ({
    type: 'hold',
    id: `place-${hold}`,
    hold,
    legs: [{ type: 'swap', pool: 'amm', from: TRADER, to: TRADER, assetIn, amountIn, minOut: 0n }],
    lock: { kind: 'htlc', hashlock: HASHLOCKS[0]!, expiresAtMs },
  });
  const claim = (hold: string) =>
    ({ type: 'claim', id: `claim-${hold}`, hold, secret: SECRETS[0] }) as const;
  const sides = async (world: Awaited<ReturnType<typeof poolWorld>>) => {
    const { reserveA, reserveB, pendingA, pendingB } = await readPool(world);
    return [reserveA, reserveB, pendingA, pendingB];
  };
  const later = START_MS + 60_000;

  it('are priced like immediate swaps at the effective reserves, claimed in any order', () =>
    assertProperty(heldClaimProperty, { numRuns: 60 }));
  it('are taken back exactly by a refund or abort', () =>
    assertProperty(heldRefundProperty, { numRuns: 60 }));

  it("price a second held swap on the first one's pending input", async () => {
    // 1000/1000, no fee. h1: 500 USD in, out = floor(1000 x 500 / 1500) = 333; 500 USD pending.
    // h2: 500 USD at effective 1500/667: out = floor(667 x 500 / 2000) = 166. Priced on the
    // actual 1000/667 it would get 222, and the claims would leave 2000 x 445 < 1000 x 1000.
    const world = await poolWorld(1_000n, 1_000n, 0);
    expect(
      (await expectAccepted(world, 'bankB', heldSwap('h1', 'USD', 500n, later))).amountsOut,
    ).toEqual([333n]);
    expect(await sides(world)).toEqual([1_000n, 667n, 500n, 0n]);
    expect(
      (await expectAccepted(world, 'bankB', heldSwap('h2', 'USD', 500n, later))).amountsOut,
    ).toEqual([166n]);
    expect(await sides(world)).toEqual([1_000n, 501n, 1_000n, 0n]);
    // A claim moves the input from pending to the reserve: the price does not move.
    await expectAccepted(world, 'bankB', claim('h2'));
    expect(await sides(world)).toEqual([1_500n, 501n, 500n, 0n]);
    await expectAccepted(world, 'bankB', claim('h1'));
    expect(await sides(world)).toEqual([2_000n, 501n, 0n, 0n]);
  });

  it('price an immediate swap on the effective reserves and leave nothing pending', async () => {
    const world = await poolWorld(1_000n, 1_000n, 0);
    await expectAccepted(world, 'bankB', heldSwap('h1', 'USD', 500n, later));
    // 100 EUR in at effective 1500 USD / 667 EUR: out = floor(1500 x 100 / 767) = 195 USD.
    const swap = await expectAccepted(world, 'bankB', {
      type: 'swap',
      id: 'now',
      pool: 'amm',
      from: TRADER,
      to: TRADER,
      assetIn: 'EUR',
      amountIn: 100n,
      minOut: 0n,
    });
    expect(swap.amountsOut).toEqual([195n]);
    expect(await sides(world)).toEqual([805n, 767n, 500n, 0n]);
    // The payout must come from the actual reserve: 805 USD, though 1305 are effective.
    await expectRejected(
      world,
      'bankB',
      {
        type: 'swap',
        id: 'too-much',
        pool: 'amm',
        from: TRADER,
        to: TRADER,
        assetIn: 'EUR',
        amountIn: 10_000n,
        minOut: 0n,
      },
      'InsufficientLiquidity',
      'amountIn',
    );
  });

  it('restore the pool and the trader exactly on an HTLC refund after expiry', async () => {
    const world = await poolWorld(1_000n, 1_000n, 30);
    const usd = await balance(world, 'USD', TRADER);
    const eur = await balance(world, 'EUR', TRADER);
    await expectAccepted(world, 'bankB', heldSwap('h1', 'USD', 500n, later));
    await expectRejected(
      world,
      'bankB',
      { type: 'refund', id: 'early', hold: 'h1' },
      'NotExpired',
      'hold',
    );
    world.clock.set(later);
    await expectAccepted(world, 'bankA', { type: 'refund', id: 'refund-h1', hold: 'h1' });
    expect(await sides(world)).toEqual([1_000n, 1_000n, 0n, 0n]);
    expect([await balance(world, 'USD', TRADER), await balance(world, 'EUR', TRADER)]).toEqual([
      usd,
      eur,
    ]);
  });

  it('leave deposits and withdrawals proportional to the actual reserves', async () => {
    const world = await poolWorld(1_000n, 1_000n, 0);
    await expectAccepted(world, 'bankB', heldSwap('h1', 'USD', 500n, later));
    // 1000/667 actual, 500 USD pending. Half the shares pay floor(500 x 1000 / 1000) = 500 USD
    // and floor(500 x 667 / 1000) = 333 EUR: nothing of the pending input, which may be refunded.
    const [usd, eur] = [await balance(world, 'USD', LP), await balance(world, 'EUR', LP)];
    await expectAccepted(world, 'bankA', {
      type: 'removeLiquidity',
      id: 'exit',
      pool: 'amm',
      to: LP,
      shares: 500n,
    });
    expect([
      (await balance(world, 'USD', LP)) - usd,
      (await balance(world, 'EUR', LP)) - eur,
    ]).toEqual([500n, 333n]);
    expect(await sides(world)).toEqual([500n, 334n, 500n, 0n]);
  });
});
