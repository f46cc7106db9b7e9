// The routing pipeline: request → candidate venues (after policy) → simple paths → live
// liquidity → strategy choice over quoted paths → Plan, one stage per module: prepare.ts (no
// live state; cached per corridor by caching.ts, the graph being static), bounds.ts (marginal
// rates to rank and prune), evaluate.ts (exact quoting of allocations), choose.ts (the strategy
// and the Plan) and diagnose.ts (one reason per failure). Live liquidity is read in two rounds
// at most per priced path: the prices of every candidate, then the balances of a path only when
// the strategy first quotes it; a value is never read twice in one call.
import type { LedgerClient } from '../ledger/ledger-client';
import type { Scenario } from '../scenario/types';
import { cachedPreparation } from './caching';
import { choosePlan } from './choose';
import { createRoutingContext, type RoutingContext } from './context';
import { unavailable } from './diagnose';
import { LiveSnapshot } from './market';
import type { RouteOutcome } from './outcome';
import { preparePayment, type Preparation } from './prepare';
import { normalizeRequest, type RequestInput, type RouteRequest } from './request';
import type { RoutingStrategy } from './strategies/types';

export type { RouteDiagnostics, RouteOutcome } from './outcome';

export interface Router {
  readonly context: RoutingContext;
  route(input: RequestInput): Promise<RouteOutcome>;
}

export interface RouterOptions {
  scenario: Scenario;
  client: LedgerClient;
  strategies?: readonly RoutingStrategy[];
  detectArbitrage?: boolean;
}

export function createRouter(options: RouterOptions): Router {
  const context = createRoutingContext(options.scenario, options);
  const preparation = cachedPreparation(context);
  return {
    context,
    async route(input) {
      const request = normalizeRequest(input);
      // One snapshot for all pages: a value read for one page is not read again for the next.
      const snapshot = new LiveSnapshot(options.client, context.graph.readers, request.nowMs);
      let first: RouteOutcome | undefined;
      for (let page = 0; ; page++) {
        const outcome = await routePage(context, preparation, request, page, snapshot);
        first ??= outcome;
        if (outcome.ok) return outcome;
        if (!NEXT_PAGE_ON.has(outcome.error.code)) return first;
        if (page >= preparation.search(request).later.length) return first;
      }
    },
  };
}

/** Failures a further page of paths may avoid (a page's paths share no liquidity with the next). */
const NEXT_PAGE_ON: ReadonlySet<string> = new Set([
  'InsufficientLiquidity',
  'NoRoute',
  'VenueClosed',
  'PolicyViolation',
  'PolicyLimit',
  'CostLimitExceeded',
]);

async function routePage(
  context: RoutingContext,
  preparation: Preparation,
  request: RouteRequest,
  page: number,
  snapshot: LiveSnapshot,
): Promise<RouteOutcome> {
  const prepared = preparePayment(context, preparation, request, page);
  if (!prepared.ok) return prepared;
  const prices = await snapshot.read(prepared.value.priceNeeds);
  if (!prices.ok) {
    return { ok: false, error: unavailable(prices.error), diagnostics: prepared.value.diagnostics };
  }
  return choosePlan(context, prepared.value, snapshot);
}
