// cheapest: the single path that delivers the most (or costs the least input). Exact over all
// enumerated simple paths: paths are quoted best-bound first with bigint amounts, and a path is
// skipped only when its marginal-rate bound proves it cannot match the best quote found.
import { cheapestOf } from './single-path';
import type { RoutingStrategy } from './types';

export const cheapest: RoutingStrategy = {
  name: 'cheapest',
  description: 'single path with the best delivered amount (send) or smallest input (receive)',
  choose: (context) => cheapestOf(context, context.candidates),
};
