// Stage: marginal-rate bounds of candidate paths on one market. No input can come out of a path
// better than the product of its venues' marginal rates (every pricing function is concave and
// rounds down), so strategies rank paths by it and skip those that cannot win.
import type { Rational } from '../../chaincode/src/core/types';
import { approximateLog, ONE } from '../scenario/rational';
import { marginalRate } from './arbitrage';
import type { Edge } from './graph';
import type { MarketState } from './market';
import { toleranceFactor } from './slippage';
import type { CandidatePath, PathBound } from './strategies/types';

/**
 * Bounds memoised per edge and per path. An AMM edge's bound carries the slippage tolerance:
 * only its guaranteed output moves on.
 */
export function pathBounds(
  market: MarketState,
  toleranceBps: number,
): (path: CandidatePath) => PathBound | undefined {
  const edges = new Map<string, { rate: Rational; log: number } | null>();
  const paths = new Map<string, PathBound | null>();
  const tolerance = toleranceFactor(toleranceBps);
  const edgeBound = (edge: Edge) => {
    let found = edges.get(edge.id);
    if (found === undefined) {
      const marginal = marginalRate(edge, market);
      const rate =
        marginal && edge.kind === 'amm'
          ? { num: marginal.num * tolerance.num, den: marginal.den * tolerance.den }
          : marginal;
      found = rate && rate.num > 0n ? { rate, log: approximateLog(rate) } : null;
      edges.set(edge.id, found);
    }
    return found;
  };
  return (path) => {
    let found = paths.get(path.key);
    if (found === undefined) {
      const bounds = path.route.edges.map(edgeBound);
      found = bounds.every((bound) => bound !== null)
        ? lazyProduct(bounds as Array<{ rate: Rational; log: number }>)
        : null;
      paths.set(path.key, found);
    }
    return found ?? undefined;
  };
}

function lazyProduct(bounds: ReadonlyArray<{ rate: Rational; log: number }>): PathBound {
  let rate: Rational | undefined;
  return {
    log: bounds.reduce((sum, bound) => sum + bound.log, 0),
    rate() {
      // Unreduced on purpose: the bound is only ever compared, and gcd is the costly part.
      rate ??= bounds.reduce(
        (acc, { rate: next }) => ({ num: acc.num * next.num, den: acc.den * next.den }),
        ONE,
      );
      return rate;
    },
  };
}
