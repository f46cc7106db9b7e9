// A world for AMM properties: the fixed world (world.ts) plus a liquidity provider and a trader
// with plenty of both assets, and pool `amm` seeded with chosen reserves and fee; and the ranges
// the properties draw reserves, trades and fees from (tiny pools and huge ones).
import fc from 'fast-check';
import type { PoolRecord } from '../../chaincode/src/core/types';
import { expectAccepted } from './expectations';
import {
  embeddedBackend,
  type EmbeddedWorld,
  ISSUERS,
  type Lane,
  LEDGER,
  runStages,
  type World,
  type WorldBackend,
} from './world';

export const TRADER = 'bankB/main';
export const LP = 'bankA/main';
export const POOL = 'amm';
const FUNDS = 10n ** 18n;

export const reserve = fc.oneof(fc.bigInt(1n, 1_000n), fc.bigInt(1n, 10n ** 15n));
export const tradeAmount = fc.oneof(fc.bigInt(1n, 1_000n), fc.bigInt(1n, 10n ** 15n));
export const fee = fc.oneof(fc.constantFrom(0, 30, 9_999), fc.integer({ min: 0, max: 9_999 }));

/** On the embedded backend by default; on `backend`, in a world of its own there. */
export async function poolWorld(
  reserveA: bigint,
  reserveB: bigint,
  feeBps: number,
): Promise<EmbeddedWorld>;
export async function poolWorld(
  reserveA: bigint,
  reserveB: bigint,
  feeBps: number,
  backend: WorldBackend,
): Promise<World>;
export async function poolWorld(
  reserveA: bigint,
  reserveB: bigint,
  feeBps: number,
  backend: WorldBackend = embeddedBackend,
): Promise<World> {
  const world = await backend.openWorld();
  // A stage per account, its two issues (one per asset, so no supply is written twice) at once.
  const funding = [LP, TRADER].map((account) =>
    ['USD', 'EUR'].map((asset): Lane => [
      [
        ISSUERS[asset]!,
        {
          type: 'issue',
          id: `fund-${asset.toLowerCase()}-${account}`,
          asset,
          to: account,
          amount: FUNDS,
        },
      ],
    ]),
  );
  await runStages(world.client, funding, world.concurrent);
  await createUsdEurPool(world, POOL, reserveA, reserveB, feeBps);
  return world;
}

/** A USD/EUR pool seeded by the LP. */
export async function createUsdEurPool(
  world: World,
  pool: string,
  reserveA: bigint,
  reserveB: bigint,
  feeBps: number,
): Promise<void> {
  await expectAccepted(world, 'bankA', {
    type: 'createPool',
    id: `create-${pool}`,
    pool,
    assetA: 'USD',
    assetB: 'EUR',
    feeBps,
    from: LP,
    amountA: reserveA,
    amountB: reserveB,
  });
}

export async function readPool(world: World, pool = POOL): Promise<PoolRecord> {
  const read = await world.client.evaluate(LEDGER, 'bankB', { type: 'pool', pool });
  if (!read.ok) throw new Error(`pool read failed: ${read.error.message}`);
  return read.value;
}

export async function balance(world: World, asset: string, account: string): Promise<bigint> {
  const result = await world.client.evaluate(LEDGER, 'bankB', { type: 'balance', asset, account });
  if (!result.ok) throw new Error(`balance read failed: ${result.error.message}`);
  return result.value;
}

/** The reserves swaps are priced on: what the pool holds plus the inputs of open held swaps. */
export function effectiveReserves(pool: PoolRecord): { a: bigint; b: bigint } {
  return { a: pool.reserveA + pool.pendingA, b: pool.reserveB + pool.pendingB };
}
