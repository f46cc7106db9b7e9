// split: several paths at once, order-router style. The amount is cut into increments; each
// increment goes to the path whose plan - re-quoted in full with everything allocated so far,
// so AMM price impact, dealer maxIn, shared pools and connector balances all count - comes out
// best. The result is compared with the best single path and the better one is returned, so
// split is never worse than cheapest, and no venue is ever asked for more than it can carry.
import { combineFailures, routeError } from '../errors';
import { byCost, compareCost } from './compare';
import { cheapestOf, evaluateEach, rankByBound } from './single-path';
import type {
  Allocation,
  CandidatePath,
  RoutingStrategy,
  StrategyChoice,
  StrategyContext,
  StrategyResult,
} from './types';

const INCREMENTS = 20n;
const MAX_SPLIT_PATHS = 6;
/** Paths probed (best bound first) when picking the ones to split over. */
const PROBED_PATHS = 4 * MAX_SPLIT_PATHS;

export const split: RoutingStrategy = {
  name: 'split',
  description: `several paths at once: the amount in ${INCREMENTS} increments, each to the path with the best marginal result`,
  async choose(context) {
    const whole = await cheapestOf(context, context.candidates);
    const wholePath = whole.ok ? whole.value.allocations[0]?.path : undefined;
    const divided = await allocateIncrements(context, wholePath);
    if (!divided.ok) return whole.ok ? whole : divided;
    if (whole.ok && byCost(context.request.amountIs)(whole.value, divided.value) <= 0) return whole;
    return divided;
  },
};

async function allocateIncrements(
  context: StrategyContext,
  wholePath: CandidatePath | undefined,
): Promise<StrategyResult> {
  const total = context.request.amount;
  const increments = total < INCREMENTS ? total : INCREMENTS;
  const chunk = total / increments;
  // The paths worth splitting over: among the most promising (and the best single path), those
  // that carry one increment best.
  const probed = rankByBound(context, context.candidates)
    .slice(0, PROBED_PATHS)
    .map(({ path }) => path);
  if (wholePath && !probed.includes(wholePath)) probed.push(wholePath);
  const probe = await evaluateEach(context, probed, chunk);
  const ranked = probe.choices
    .sort(byCost(context.request.amountIs))
    .map((choice) => choice.allocations[0]?.path)
    .filter((path): path is CandidatePath => path !== undefined);
  const paths = ranked.slice(0, MAX_SPLIT_PATHS);
  // The best whole-amount path (often a deep AMM pool that is dear for one increment) always
  // takes part, so the split can place what the cheap but capped venues cannot.
  if (wholePath && ranked.includes(wholePath) && !paths.includes(wholePath)) paths.push(wholePath);
  // Next-best paths waiting to step in when one of the chosen fills up.
  const waiting = ranked.filter((path) => !paths.includes(path));
  if (paths.length === 0)
    return { ok: false, error: combineFailures(probe.failures, 'no route carries even a part') };

  const allocated = new Map<string, bigint>();
  // A path that cannot take one more increment is full: the others only ever take more of any
  // liquidity they share with it, so it is not tried again.
  const open = new Set(paths);
  let current: StrategyChoice | undefined;
  for (let step = 1n; step <= increments; step++) {
    const size = step === increments ? total - chunk * (increments - 1n) : chunk;
    let bestTrial: StrategyChoice | undefined;
    for (const path of open) {
      const allocations = withIncrement(paths, allocated, path, size);
      const evaluated = await context.evaluate(allocations);
      if (!evaluated.ok) {
        open.delete(path);
        const next = waiting.shift();
        if (next) {
          paths.push(next);
          open.add(next); // a Set visits members added during iteration: tried this step
        }
        continue;
      }
      if (
        !bestTrial ||
        compareCost(evaluated.value, bestTrial.evaluation, context.request.amountIs) < 0
      ) {
        bestTrial = { allocations, evaluation: evaluated.value };
      }
    }
    if (!bestTrial) {
      return {
        ok: false,
        error: routeError(
          'InsufficientLiquidity',
          `the best ${paths.length} routes together cannot carry ${total}`,
          {
            reasons: paths.map((path) => path.key),
          },
        ),
      };
    }
    current = bestTrial;
    for (const allocation of bestTrial.allocations)
      allocated.set(allocation.path.key, allocation.amount);
  }
  return current
    ? { ok: true, value: current }
    : { ok: false, error: routeError('NoRoute', 'nothing to split') };
}

/** The allocation with `size` more on `path`, in the fixed path order (zero shares left out). */
function withIncrement(
  paths: readonly CandidatePath[],
  allocated: ReadonlyMap<string, bigint>,
  target: CandidatePath,
  size: bigint,
): Allocation[] {
  return paths.flatMap((path) => {
    const amount = (allocated.get(path.key) ?? 0n) + (path === target ? size : 0n);
    return amount > 0n ? [{ path, amount }] : [];
  });
}
