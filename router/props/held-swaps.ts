// Held AMM swaps (a swap leg inside a hold) on the real ledger. The output leaves the pool at
// placement and the input waits as `pending` until the hold resolves; every swap prices on
// reserve + pending (see chaincode/src/core/legs.ts). So several held swaps open on one pool are
// priced exactly as the same swaps done immediately one after another, a claim never moves the
// price, the product of reserves never falls, and a refund undoes exactly what its placement did.
import fc from 'fast-check';
import type { LedgerOp, PoolRecord, Result, SwapLeg } from '../../chaincode/src/core/types';
import type { Receipt } from '../ledger/ledger-client';
import { check, expectAccepted } from './expectations';
import {
  createUsdEurPool,
  effectiveReserves,
  fee,
  POOL,
  poolWorld,
  readPool,
  reserve,
  tradeAmount,
  TRADER,
} from './pool-world';
import { defineProperty } from './property';
import {
  FAR_MS,
  HASHLOCKS,
  LEDGER,
  SECRETS,
  setClock,
  type World,
  type WorldBackend,
} from './world';

function swapLeg(pool: string, inUsd: boolean, amountIn: bigint): SwapLeg {
  return {
    type: 'swap',
    pool,
    from: TRADER,
    to: TRADER,
    assetIn: inUsd ? 'USD' : 'EUR',
    amountIn,
    minOut: 0n,
  };
}

const submit = (world: World, op: LedgerOp): Promise<Result<Receipt>> =>
  world.client.submit(LEDGER, 'bankB', op);

const show = ({ reserveA, reserveB, pendingA, pendingB }: PoolRecord) =>
  `reserves ${reserveA}/${reserveB} pending ${pendingA}/${pendingB}`;

const sameEffective = (x: PoolRecord, y: PoolRecord) => {
  const [ex, ey] = [effectiveReserves(x), effectiveReserves(y)];
  return ex.a === ey.a && ex.b === ey.b;
};

const effectiveProduct = (pool: PoolRecord) => {
  const { a, b } = effectiveReserves(pool);
  return a * b;
};

/**
 * Places trade `index` on pool `amm` (held or immediate) and checks it against the same swap
 * done immediately on a fresh probe pool seeded with amm's effective reserves: the same output,
 * unless amm's actual reserve cannot pay it (InsufficientLiquidity). Returns whether it was placed.
 */
async function placeAgainstProbe(
  world: World,
  index: number,
  trade: { inUsd: boolean; amountIn: bigint; held: boolean },
  feeBps: number,
): Promise<boolean> {
  const before = await readPool(world);
  const { a, b } = effectiveReserves(before);
  const probeId = `probe-${index}`;
  await createUsdEurPool(world, probeId, a, b, feeBps);
  const probe = await submit(world, {
    id: `probe-swap-${index}`,
    ...swapLeg(probeId, trade.inUsd, trade.amountIn),
  });
  check(
    probe.ok || probe.error.code === 'InsufficientLiquidity',
    `probe swap ${index} rejected with ${probe.ok ? '' : probe.error.code}`,
  );
  const leg = swapLeg(POOL, trade.inUsd, trade.amountIn);
  const placed = await submit(
    world,
    trade.held
      ? {
          type: 'hold',
          id: `place-${index}`,
          hold: `h${index}`,
          legs: [leg],
          lock: { kind: 'htlc', hashlock: HASHLOCKS[0]!, expiresAtMs: world.startMs + FAR_MS },
        }
      : { id: `swap-${index}`, ...leg },
  );
  const payable = trade.inUsd ? before.reserveB : before.reserveA;
  const probeOut = probe.ok ? probe.value.result.amountsOut[0]! : undefined;
  const what = `${trade.held ? 'held' : 'immediate'} swap ${index} on ${show(before)}`;
  if (probeOut === undefined || probeOut >= payable) {
    check(
      !placed.ok && placed.error.code === 'InsufficientLiquidity',
      `${what}: ${placed.ok ? 'accepted' : placed.error.code}, but the pool cannot pay ${probeOut ?? 'anything'}`,
    );
    return false;
  }
  check(placed.ok, `${what}: rejected (${placed.ok ? '' : placed.error.message})`);
  const out = placed.value.result.amountsOut[0];
  check(
    out === probeOut,
    `${what}: paid ${out}, an immediate swap at its effective reserves ${probeOut}`,
  );
  const after = await readPool(world);
  check(
    effectiveProduct(after) >= effectiveProduct(before),
    `${what}: effective product fell to ${show(after)}`,
  );
  if (!trade.held) {
    check(
      after.pendingA === before.pendingA && after.pendingB === before.pendingB,
      `${what}: left something pending: ${show(after)}`,
    );
  }
  return true;
}

const claimTrades = fc.array(
  fc.record({
    inUsd: fc.boolean(),
    amountIn: tradeAmount,
    held: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false)),
    /** Claimed after this many later placements (capped by the end): any claim order. */
    claimAfter: fc.nat(12),
  }),
  { minLength: 1, maxLength: 6 },
);

type Event = { kind: 'place' | 'claim'; index: number };

/** Placements in order, each claim somewhere after its own placement. */
function claimSchedule(trades: ReadonlyArray<{ claimAfter: number }>): Event[] {
  const keyed = trades.flatMap(({ claimAfter }, index) => [
    { key: [index, 0, index], event: { kind: 'place' as const, index } },
    { key: [index + claimAfter, 1, index], event: { kind: 'claim' as const, index } },
  ]);
  const byKey = (x: number[], y: number[]) => x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  return keyed.sort((x, y) => byKey(x.key, y.key)).map(({ event }) => event);
}

export const heldClaimProperty = defineProperty(
  'amm-held-claims',
  'held swaps open on one pool are priced like immediate swaps at the effective reserves; claims in any order never move the price, and the product of reserves after all claims is no lower than before',
  (backend) =>
    fc.asyncProperty(
      reserve,
      reserve,
      fee,
      claimTrades,
      async (reserveA, reserveB, feeBps, trades) => {
        const world = await poolWorld(reserveA, reserveB, feeBps, backend);
        const start = await readPool(world);
        const placed = new Set<number>();
        for (const { kind, index } of claimSchedule(trades)) {
          const trade = trades[index]!;
          if (kind === 'place') {
            if (await placeAgainstProbe(world, index, trade, feeBps)) placed.add(index);
            continue;
          }
          if (!trade.held || !placed.has(index)) continue;
          const before = await readPool(world);
          await expectAccepted(world, 'bankB', {
            type: 'claim',
            id: `claim-${index}`,
            hold: `h${index}`,
            secret: SECRETS[0],
          });
          const after = await readPool(world);
          check(
            sameEffective(before, after),
            `claim ${index} moved the price: ${show(before)} -> ${show(after)}`,
          );
        }
        const end = await readPool(world);
        check(
          end.pendingA === 0n && end.pendingB === 0n,
          `left pending after claims: ${show(end)}`,
        );
        check(
          end.reserveA * end.reserveB >= start.reserveA * start.reserveB,
          `product of reserves fell: ${show(start)} -> ${show(end)}`,
        );
      },
    ),
);

const resolveTrades = fc.array(
  fc.record({
    inUsd: fc.boolean(),
    amountIn: tradeAmount,
    lock: fc.constantFrom('htlc' as const, 'escrow' as const),
    /** Claim/commit, or refund/abort. */
    payOut: fc.boolean(),
    /** Position in the resolution order (ties by placement): any order. */
    order: fc.nat(20),
  }),
  { minLength: 1, maxLength: 6 },
);

/** Where time cannot be moved an HTLC is never refunded: those refunds become escrow aborts. */
function resolveTradesOn(backend: WorldBackend) {
  if (backend.provides.has('movable-time')) return resolveTrades;
  return resolveTrades.map((trades) =>
    trades.map((trade) =>
      trade.lock === 'htlc' && !trade.payOut ? { ...trade, lock: 'escrow' as const } : trade,
    ),
  );
}

interface Placement {
  before: PoolRecord;
  /** Change in effective reserves caused by the placement. */
  delta: { a: bigint; b: bigint };
  reversed: boolean;
}

export const heldRefundProperty = defineProperty(
  'amm-held-refund',
  'a refund or abort of a held swap takes back exactly what its placement added to the effective reserves; with no other swap left standing since, the pool is as before it',
  (backend) =>
    fc.asyncProperty(
      reserve,
      reserve,
      fee,
      resolveTradesOn(backend),
      async (reserveA, reserveB, feeBps, trades) => {
        const movableTime = backend.provides.has('movable-time');
        const world = await poolWorld(reserveA, reserveB, feeBps, backend);
        const start = await readPool(world);
        const order = trades
          .map(({ order }, index) => ({ order, index }))
          .sort((x, y) => x.order - y.order || x.index - y.index)
          .map(({ index }) => index);
        // Where time moves, resolution step s runs at start + 1000·(s + 1), and an HTLC resolved
        // at that step expires then (refund) or 1 ms later (claim); elsewhere HTLCs are only
        // claimed, and outlive the case.
        const stepMs = (step: number) => world.startMs + 1_000 * (step + 1);
        const htlcExpiryMs = (step: number, payOut: boolean) =>
          movableTime ? stepMs(step) + (payOut ? 1 : 0) : world.startMs + FAR_MS;
        const placements = new Map<number, Placement>();
        for (const [index, trade] of trades.entries()) {
          const step = order.indexOf(index);
          const before = await readPool(world);
          const placed = await submit(world, {
            type: 'hold',
            id: `place-${index}`,
            hold: `h${index}`,
            legs: [swapLeg(POOL, trade.inUsd, trade.amountIn)],
            lock:
              trade.lock === 'htlc'
                ? {
                    kind: 'htlc',
                    hashlock: HASHLOCKS[0]!,
                    expiresAtMs: htlcExpiryMs(step, trade.payOut),
                  }
                : { kind: 'escrow', coordinator: 'bankB', deadlineMs: world.startMs + FAR_MS },
          });
          if (!placed.ok) {
            check(
              placed.error.code === 'InsufficientLiquidity',
              `hold ${index} rejected with ${placed.error.code}: ${placed.error.message}`,
            );
            continue;
          }
          const [x, y] = [effectiveReserves(before), effectiveReserves(await readPool(world))];
          placements.set(index, {
            before,
            delta: { a: y.a - x.a, b: y.b - x.b },
            reversed: false,
          });
        }
        for (const [step, index] of order.entries()) {
          const placement = placements.get(index);
          if (!placement) continue;
          const trade = trades[index]!;
          if (movableTime) setClock(world, stepMs(step));
          const before = await readPool(world);
          const id = `resolve-${index}`;
          const hold = `h${index}`;
          await expectAccepted(
            world,
            'bankB',
            trade.lock === 'htlc'
              ? trade.payOut
                ? { type: 'claim', id, hold, secret: SECRETS[0] }
                : { type: 'refund', id, hold }
              : { type: trade.payOut ? 'commit' : 'abort', id, hold },
          );
          const after = await readPool(world);
          if (trade.payOut) {
            check(sameEffective(before, after), `claim ${index} moved the price: ${show(after)}`);
            continue;
          }
          placement.reversed = true;
          // Effective reserves = start + every placement's change not taken back.
          const expected = effectiveReserves(start);
          for (const { delta, reversed } of placements.values()) {
            if (reversed) continue;
            expected.a += delta.a;
            expected.b += delta.b;
          }
          const actual = effectiveReserves(after);
          check(
            actual.a === expected.a && actual.b === expected.b,
            `refund ${index}: effective reserves ${actual.a}/${actual.b}, expected ${expected.a}/${expected.b}`,
          );
          // Nothing interleaved: every hold placed before it still stands, every later one is
          // taken back. The refund then returns the pool to its effective state at placement.
          const untouched = [...placements].every(
            ([other, { reversed }]) => other === index || reversed === other > index,
          );
          if (untouched) {
            check(
              sameEffective(after, placement.before),
              `refund ${index} with nothing interleaved: ${show(after)}, before placement ${show(placement.before)}`,
            );
          }
        }
        if ([...placements.values()].every(({ reversed }) => reversed)) {
          const end = await readPool(world);
          check(
            show(end) === show(start) && end.totalShares === start.totalShares,
            `every hold refunded, yet the pool went from ${show(start)} to ${show(end)}`,
          );
        }
      },
    ),
);
