// direct: a baseline that only considers routes through a single venue.
import { routeError } from '../errors';
import { cheapestOf } from './single-path';
import type { RoutingStrategy } from './types';

export const direct: RoutingStrategy = {
  name: 'direct',
  description: 'baseline: the cheapest route through one venue only',
  choose: async (context) => {
    const { payerAsset, payeeAsset } = context.request;
    const oneHop = context.candidates.filter((path) => path.route.edges.length === 1);
    if (oneHop.length === 0) {
      return {
        ok: false,
        error: routeError('NoRoute', `no single venue converts ${payerAsset} into ${payeeAsset}`),
      };
    }
    return cheapestOf(context, oneHop);
  },
};
