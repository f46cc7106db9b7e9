// random: a baseline that takes a uniformly drawn usable path (seeded, so reproducible).
import { combineFailures, type RouteError } from '../errors';
import type { RoutingStrategy } from './types';

export const random: RoutingStrategy = {
  name: 'random',
  description: 'baseline: a random usable path, drawn from the request seed',
  choose: async (context) => {
    const rng = context.rng();
    const order = [...context.candidates];
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.intBelow(i + 1);
      [order[i], order[j]] = [
        order[j] as (typeof order)[number],
        order[i] as (typeof order)[number],
      ];
    }
    const failures: RouteError[] = [];
    for (const path of order) {
      const allocations = [{ path, amount: context.request.amount }];
      const evaluated = await context.evaluate(allocations);
      if (evaluated.ok) return { ok: true, value: { allocations, evaluation: evaluated.value } };
      failures.push({ ...evaluated.error, message: `${path.key}: ${evaluated.error.message}` });
    }
    return { ok: false, error: combineFailures(failures, 'no usable route') };
  },
};
