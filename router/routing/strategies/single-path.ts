// Shared by the single-path strategies: evaluating candidates with the whole amount, with
// branch-and-bound on the marginal-rate bound so most paths are never quoted.
import { combineFailures, type RouteError } from '../errors';
import { compareCost, compareTieBreak } from './compare';
import type { Rational } from '../../../chaincode/src/core/types';
import type {
  CandidatePath,
  PathBound,
  StrategyChoice,
  StrategyContext,
  StrategyResult,
} from './types';

export async function evaluateEach(
  context: StrategyContext,
  candidates: readonly CandidatePath[],
  amount = context.request.amount,
): Promise<{ choices: StrategyChoice[]; failures: RouteError[] }> {
  const choices: StrategyChoice[] = [];
  const failures: RouteError[] = [];
  await context.prefetch(candidates);
  for (const path of candidates) {
    const evaluated = await evaluateOne(context, path, amount);
    if ('evaluation' in evaluated) choices.push(evaluated);
    else failures.push(evaluated);
  }
  return { choices, failures };
}

async function evaluateOne(
  context: StrategyContext,
  path: CandidatePath,
  amount: bigint,
): Promise<StrategyChoice | RouteError> {
  const allocations = [{ path, amount }];
  const evaluated = await context.evaluate(allocations);
  return evaluated.ok
    ? { allocations, evaluation: evaluated.value }
    : { ...evaluated.error, message: `${path.key}: ${evaluated.error.message}` };
}

/** Candidates with their bound, most promising first (priced paths before unpriced ones). */
export function rankByBound(
  context: StrategyContext,
  candidates: readonly CandidatePath[],
): Array<{ path: CandidatePath; bound: PathBound | undefined }> {
  const ranked = candidates.map((path) => ({ path, bound: context.bound(path) }));
  ranked.sort((a, b) => (b.bound?.log ?? -Infinity) - (a.bound?.log ?? -Infinity));
  return ranked;
}

/** Whether a path bounded by `bound` could still match `best` (ties can win on tie-break). */
function couldMatch(context: StrategyContext, bound: Rational, best: StrategyChoice): boolean {
  const { amount, amountIs } = context.request;
  return amountIs === 'send'
    ? amount * bound.num >= best.evaluation.amountOut * bound.den
    : amount * bound.den <= best.evaluation.amountIn * bound.num;
}

/**
 * The cheapest candidate, exactly: paths are quoted in order of their bound and skipped once
 * their bound cannot reach the best quote so far.
 */
export async function cheapestOf(
  context: StrategyContext,
  candidates: readonly CandidatePath[],
): Promise<StrategyResult> {
  let best: StrategyChoice | undefined;
  const failures: RouteError[] = [];
  for (const { path, bound } of rankByBound(context, candidates)) {
    if (best && bound && !couldMatch(context, bound.rate(), best)) continue;
    const evaluated = await evaluateOne(context, path, context.request.amount);
    if (!('evaluation' in evaluated)) {
      failures.push(evaluated);
      continue;
    }
    const order = best
      ? compareCost(evaluated.evaluation, best.evaluation, context.request.amountIs) ||
        compareTieBreak(evaluated, best)
      : -1;
    if (order < 0) best = evaluated;
  }
  return best
    ? { ok: true, value: best }
    : { ok: false, error: combineFailures(failures, 'no usable route') };
}
