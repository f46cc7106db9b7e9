// Shared by the single-path strategies: evaluating candidates with the whole amount, with
// branch-and-bound on the marginal-rate bound so most paths are never quoted.
import { combineFailures, type RouteError } from '../errors';
import { compareCost, compareTieBreak } from './compare';
import { approximateLog } from '../../scenario/rational';
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

/**
 * Logarithms this far apart decide a comparison: each is exact to within some 1e-13 (53-bit
 * mantissas, a few terms), so only a closer call needs the exact bigint products.
 */
const LOG_MARGIN = 1e-9;

/** ln of a non-negative amount (-Infinity for 0). */
function logOf(amount: bigint): number {
  return approximateLog({ num: amount, den: 1n });
}

/**
 * Whether a path bounded by `bound` could still match `best` (ties can win on tie-break).
 * `gap` is ln(what the path could at best deliver, or spare, relative to best's quote): the
 * logarithms settle all but near ties, which are computed exactly.
 */
function couldMatch(
  context: StrategyContext,
  bound: PathBound,
  best: StrategyChoice,
  gap: number,
): boolean {
  if (gap > LOG_MARGIN) return true;
  if (gap < -LOG_MARGIN) return false;
  const { amount, amountIs } = context.request;
  const rate = bound.rate();
  return amountIs === 'send'
    ? amount * rate.num >= best.evaluation.amountOut * rate.den
    : amount * rate.den <= best.evaluation.amountIn * rate.num;
}

/**
 * The cheapest candidate, exactly: paths are quoted in order of their bound and skipped once
 * their bound cannot reach the best quote so far.
 */
export async function cheapestOf(
  context: StrategyContext,
  candidates: readonly CandidatePath[],
): Promise<StrategyResult> {
  const { amount, amountIs } = context.request;
  const send = amountIs === 'send';
  const amountLog = logOf(amount);
  let best: StrategyChoice | undefined;
  /** ln of best's output (send) or input (receive). */
  let bestLog = 0;
  const failures: RouteError[] = [];
  for (const { path, bound } of rankByBound(context, candidates)) {
    if (best && bound) {
      // send: amount · rate ≥ best's output; receive: amount ≤ best's input · rate.
      const gap = send ? amountLog + bound.log - bestLog : bestLog + bound.log - amountLog;
      if (!couldMatch(context, bound, best, gap)) continue;
    }
    const evaluated = await evaluateOne(context, path, amount);
    if (!('evaluation' in evaluated)) {
      failures.push(evaluated);
      continue;
    }
    const order = best
      ? compareCost(evaluated.evaluation, best.evaluation, amountIs) ||
        compareTieBreak(evaluated, best)
      : -1;
    if (order < 0) {
      best = evaluated;
      bestLog = logOf(send ? best.evaluation.amountOut : best.evaluation.amountIn);
    }
  }
  return best
    ? { ok: true, value: best }
    : { ok: false, error: combineFailures(failures, 'no usable route') };
}
