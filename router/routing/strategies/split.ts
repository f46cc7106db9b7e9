// split: several paths at once, as an optimiser. The allocation is the optimum of the payment's
// continuous relaxation (optimiser/relaxation.ts): a linear program over every priced candidate
// path, in which linear venues keep their rate up to their capacity, pools are their concave
// curves cut into segments of falling chord rate, and every balance, quote, pool and policy
// limit shared by several paths is one row they all draw on. This is the path-flow form of a
// convex (generalised) min-cost flow, as in Pickhardt and Richter's payment flows, and the exact
// counterpart of the Uniswap router's percentage grid. Optimality: the problem is convex (linear
// rows, concave objective), so a local optimum is global, and the simplex stops only when no
// column has a positive reduced cost, i.e. when no path, at any share, could improve the result;
// every path that improves it therefore takes part. Up to the chords (a few segments per pool,
// under the curve, so never promising more than it pays) this is the best allocation over the
// candidate paths. The optimum is then made exact in bigint: shares floored to minor units,
// quoted by the router's own exact replay (every rounding in the venue's favour), pulled back if
// float error crossed a binding capacity, and the last minor units water-filled to whichever
// path's exact quote takes them best. Where pools must carry more than the linear venues can
// take, whether a payment fits is not convex (a pool pays out for every input, and its output
// must fit what follows); if the relaxation's optimum then cannot be made exact, split
// water-fills the whole amount in exact steps. Finally the result is compared with the best
// single path, which is returned at once when its marginal rate at the full amount is still no
// worse than any other path's bound (then no split can beat it): split is never worse than
// cheapest. Measured against an independent LP in BENCHMARKS.md, row O1.
import type { Rational } from '../../../chaincode/src/core/types';
import { combineFailures, routeError, type RouteError } from '../errors';
import { buildRelaxation } from '../optimiser/relaxation';
import { solveLinearProgram } from '../optimiser/simplex';
import { byCost, compareCost } from './compare';
import { cheapestOf, rankByBound } from './single-path';
import type {
  Allocation,
  CandidatePath,
  RoutingStrategy,
  StrategyChoice,
  StrategyContext,
  StrategyResult,
} from './types';

/** Pull-backs tried when the floored optimum crosses a capacity (float error at a bound). */
const PULL_BACKS = [0n, 1n, 100n, 10_000n, 100_000n, 1_000_000n] as const;
const PPM = 1_000_000n;
/** Increments of a fill from nothing (when the relaxation's optimum cannot be made exact). */
const FILL_STEPS = 32n;
/** The secant past the amount that bounds the best path's marginal rate: amount/1024 on. */
const SECANT_STEPS = 1024n;
/** Paths beyond the optimum's own that may take the last minor units. */
const FILL_EXTRA_PATHS = 4;

export const split: RoutingStrategy = {
  name: 'split',
  description:
    'several paths at once: the LP optimum over all candidate paths (shared capacities, pool curves), made exact in bigint',
  async choose(context) {
    const whole = await cheapestOf(context, context.candidates);
    if (whole.ok && (await unbeatable(context, whole.value))) return whole;
    const divided = await optimise(context);
    if (!divided.ok) return whole.ok ? whole : divided;
    if (whole.ok && byCost(context.request.amountIs)(whole.value, divided.value) <= 0) return whole;
    return divided;
  },
};

/**
 * The best single path is optimal when, at the full amount, its own marginal rate is still at
 * least every other path's bound: moving any share y elsewhere loses at least y times that rate
 * (concavity) and gains at most y times the other bound, shared venues only making the others
 * worse. The marginal rate at the amount is bounded below by the secant just past it (one more
 * exact quote), so the relaxation need not be solved. Most small payments end here.
 */
async function unbeatable(context: StrategyContext, choice: StrategyChoice): Promise<boolean> {
  const [only] = choice.allocations;
  if (!only || choice.allocations.length !== 1) return false;
  let best: Rational | undefined;
  for (const path of context.candidates) {
    const other = path === only.path ? undefined : context.bound(path)?.rate();
    if (other && (!best || other.num * best.den > best.num * other.den)) best = other;
  }
  if (!best) return true;
  const { amount, amountIs } = context.request;
  const step = amount / SECANT_STEPS + 1n;
  const further = await context.evaluate([{ path: only.path, amount: amount + step }]);
  if (!further.ok) return false;
  // Two minor units of slack for the floors in both quotes.
  if (amountIs === 'send') {
    const gained = further.value.amountOut - choice.evaluation.amountOut - 2n;
    return gained * best.den >= step * best.num;
  }
  const spent = further.value.amountIn - choice.evaluation.amountIn + 2n;
  return spent * best.num <= step * best.den;
}

async function optimise(context: StrategyContext): Promise<StrategyResult> {
  const { request } = context;
  const priced = rankByBound(context, context.candidates).flatMap(({ path, bound }) =>
    bound ? [path] : [],
  );
  if (priced.length === 0) return { ok: false, error: routeError('NoRoute', 'no priced route') };
  const liquidity = await context.liquidity(priced);
  if (!liquidity.ok) return liquidity;
  const relaxation = buildRelaxation({
    paths: priced,
    ...liquidity.value,
    amountIs: request.amountIs,
    amount: request.amount,
  });
  const solution = solveLinearProgram(relaxation.program);
  const shares = new Map<CandidatePath, number>();
  solution.forEach((value, column) => {
    const path = relaxation.columnPath[column];
    if (path && value > 0) shares.set(path, (shares.get(path) ?? 0) + value);
  });
  const order = priced.filter((path) => shares.has(path));
  const floored = new Map(
    order.map((path) => [
      path,
      BigInt(Math.floor((shares.get(path) ?? 0) * relaxation.columnScale)),
    ]),
  );
  const start = await pullBack(context, order, floored);
  const fillers = [
    ...order,
    ...priced.filter((path) => !shares.has(path)).slice(0, FILL_EXTRA_PATHS),
  ];
  return fill(context, fillers, start ?? new Map());
}

/** The floored optimum, pulled back by growing factors until the exact replay accepts it. */
async function pullBack(
  context: StrategyContext,
  order: readonly CandidatePath[],
  floored: ReadonlyMap<CandidatePath, bigint>,
): Promise<Map<CandidatePath, bigint> | undefined> {
  const cap = context.request.amount;
  for (const ppm of PULL_BACKS) {
    const shares = new Map<CandidatePath, bigint>();
    let sum = 0n;
    for (const path of order) {
      const share = ((floored.get(path) ?? 0n) * (PPM - ppm)) / PPM;
      const kept = share + sum > cap ? cap - sum : share;
      if (kept > 0n) shares.set(path, kept);
      sum += kept;
    }
    if (shares.size === 0) return undefined;
    if ((await context.evaluate(allocationsOf(order, shares))).ok) return shares;
  }
  return undefined;
}

/**
 * Places what is left, in chunks that halve when no path takes them, each to the path whose
 * exact quote with the chunk added comes out best: on a concave objective, water-filling.
 */
async function fill(
  context: StrategyContext,
  paths: readonly CandidatePath[],
  shares: Map<CandidatePath, bigint>,
): Promise<StrategyResult> {
  const total = context.request.amount;
  let left = total - [...shares.values()].reduce((sum, share) => sum + share, 0n);
  // Small enough steps that a greedy fill from nothing still follows the marginal rates.
  const step = total / FILL_STEPS > 0n ? total / FILL_STEPS : 1n;
  let chunk = left < step ? left : step;
  let current: StrategyChoice | undefined;
  // Why the largest chunk that found no taker failed (smaller ones only add rounding noise).
  let refused: RouteError[] | undefined;
  while (left > 0n) {
    if (chunk === 0n) return { ok: false, error: shortfall(context, refused ?? [], total - left) };
    let best: StrategyChoice | undefined;
    const failures: RouteError[] = [];
    for (const path of paths) {
      const trial = new Map(shares);
      trial.set(path, (trial.get(path) ?? 0n) + chunk);
      const allocations = allocationsOf(paths, trial);
      const evaluated = await context.evaluate(allocations);
      if (!evaluated.ok) {
        failures.push({ ...evaluated.error, message: `${path.key}: ${evaluated.error.message}` });
        continue;
      }
      if (!best || compareCost(evaluated.value, best.evaluation, context.request.amountIs) < 0)
        best = { allocations, evaluation: evaluated.value };
    }
    if (!best) {
      refused ??= failures;
      chunk /= 2n;
      continue;
    }
    refused = undefined;
    current = best;
    shares = new Map(best.allocations.map(({ path, amount }) => [path, amount]));
    left -= chunk;
    if (chunk > left || chunk === 0n) chunk = left;
  }
  if (current) return { ok: true, value: current };
  const allocations = allocationsOf(paths, shares);
  const evaluated = await context.evaluate(allocations);
  return evaluated.ok
    ? { ok: true, value: { allocations, evaluation: evaluated.value } }
    : evaluated;
}

function shortfall(
  context: StrategyContext,
  failures: readonly RouteError[],
  carried: bigint,
): RouteError {
  const { describeAmount, request } = context;
  const combined = combineFailures(
    failures,
    `the routes together carry ${describeAmount(carried)} of ${describeAmount(request.amount)}`,
  );
  return combined.code === 'NoRoute' ? { ...combined, code: 'InsufficientLiquidity' } : combined;
}

/** The allocation in the fixed path order, zero shares left out. */
function allocationsOf(
  paths: readonly CandidatePath[],
  shares: ReadonlyMap<CandidatePath, bigint>,
): Allocation[] {
  return paths.flatMap((path) => {
    const amount = shares.get(path) ?? 0n;
    return amount > 0n ? [{ path, amount }] : [];
  });
}
