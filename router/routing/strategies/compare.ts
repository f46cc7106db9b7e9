// Ordering plans by cost: more delivered for the same input (send), or less input for the same
// delivery (receive); ties go to fewer legs, then lower latency, then the path keys, so every
// strategy is deterministic.
import type { RouteRequest } from '../request';
import type { Allocation, Evaluation, StrategyChoice } from './types';

export function compareCost(
  a: Evaluation,
  b: Evaluation,
  amountIs: RouteRequest['amountIs'],
): number {
  if (amountIs === 'send') {
    if (a.amountOut !== b.amountOut) return a.amountOut > b.amountOut ? -1 : 1;
  } else if (a.amountIn !== b.amountIn) {
    return a.amountIn < b.amountIn ? -1 : 1;
  }
  return 0;
}

export function compareTieBreak(a: StrategyChoice, b: StrategyChoice): number {
  const legs = (choice: StrategyChoice) =>
    choice.evaluation.paths.reduce((sum, path) => sum + path.legs.length, 0);
  if (legs(a) !== legs(b)) return legs(a) - legs(b);
  if (a.evaluation.expectedLatencyMs !== b.evaluation.expectedLatencyMs) {
    return a.evaluation.expectedLatencyMs - b.evaluation.expectedLatencyMs;
  }
  const keys = (allocations: Allocation[]) =>
    allocations.map((allocation) => allocation.path.key).join(' | ');
  return keys(a.allocations) < keys(b.allocations)
    ? -1
    : keys(a.allocations) > keys(b.allocations)
      ? 1
      : 0;
}

/** Cheapest first. */
export function byCost(amountIs: RouteRequest['amountIs']) {
  return (a: StrategyChoice, b: StrategyChoice): number =>
    compareCost(a.evaluation, b.evaluation, amountIs) || compareTieBreak(a, b);
}
