// fastest: the lowest expected settlement latency (fewest ledgers and protocol rounds, quickest
// venues); among equally fast paths the cheapest. Latency needs no quote, so paths are tried
// tier by tier and only the fastest tier with a usable path is priced.
import { combineFailures, type RouteError } from '../errors';
import { cheapestOf } from './single-path';
import type { CandidatePath, RoutingStrategy } from './types';

export const fastest: RoutingStrategy = {
  name: 'fastest',
  description:
    'single path with the lowest expected latency (fewest ledgers and rounds), then cost',
  choose: async (context) => {
    const tiers = new Map<number, CandidatePath[]>();
    for (const path of context.candidates)
      tiers.set(path.latencyMs, [...(tiers.get(path.latencyMs) ?? []), path]);
    const failures: RouteError[] = [];
    for (const latency of [...tiers.keys()].sort((a, b) => a - b)) {
      const chosen = await cheapestOf(context, tiers.get(latency) ?? []);
      if (chosen.ok) return chosen;
      failures.push(chosen.error);
    }
    const combined = combineFailures(failures, 'no usable route');
    return {
      ok: false,
      error: {
        ...combined,
        reasons: failures.flatMap((failure) => failure.reasons ?? [failure.message]),
      },
    };
  },
};
