// Stage: everything about a payment that needs no live state. Validation, the corridor policy,
// candidate paths between the two assets (ranked in pages, see paths.ts), and for each usable
// path its accounts, protocol, latency and the reads quoting it needs. All but validation
// depends only on the corridor, which is what caching.ts keys it by.
import type { RoutingContext } from './context';
import { closedError, noPathError, policyError } from './diagnose';
import { routeError, type RouteError } from './errors';
import type { Edge } from './graph';
import { chooseProtocol, protocolLatencyMs, venueLatencyMs } from './latency';
import { emptyNeeds, type MarketNeeds } from './market';
import { addPathNeeds, addPriceNeeds } from './needs';
import { mergeSteps, routeAccounts, skeletonLegs, venueAccounts } from './path-ops';
import { enumeratePaths, type PathSearch } from './paths';
import { allowListViolation, closedVenue, corridorViolation, type PolicyViolation } from './policy';
import { validateRequest, type RouteRequest } from './request';
import type { CandidatePath } from './strategies/types';
import type { RouteDiagnostics } from './outcome';

export interface PreparedPayment {
  request: RouteRequest;
  candidates: CandidatePath[];
  /** Venues near the payment whose cycles are checked for arbitrage. */
  scope: Edge[];
  /** Prices of every candidate path and of the arbitrage scope: read before choosing. */
  priceNeeds: MarketNeeds;
  diagnostics: RouteDiagnostics;
}

export type Prepared =
  | { ok: true; value: PreparedPayment }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };
export type Structure =
  | { ok: true; value: Omit<PreparedPayment, 'request'> }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };

export interface Preparation {
  /** The candidate paths between the request's assets, in pages. */
  search(request: RouteRequest): PathSearch;
  /** The payment structure over one page of the search. */
  structure(request: RouteRequest, page: number): Structure;
}

export function searchPaths(context: RoutingContext, request: RouteRequest): PathSearch {
  const { payerAsset, payeeAsset, maxHops, maxPaths } = request;
  return enumeratePaths(context.candidates.edges, payerAsset, payeeAsset, { maxHops, maxPaths });
}

export function createPreparation(
  context: RoutingContext,
  search: Preparation['search'] = (request) => searchPaths(context, request),
): Preparation {
  return {
    search,
    structure(request, page) {
      const found = search(request);
      const paths = page === 0 ? found.paths : found.later[page - 1];
      if (!paths) throw new Error(`page ${page} of the path search does not exist`);
      return paymentStructure(context, request, { ...found, paths });
    },
  };
}

export function preparePayment(
  context: RoutingContext,
  preparation: Preparation,
  request: RouteRequest,
  page: number,
): Prepared {
  const invalid = validateRequest(context.graph, request, context.strategyNames);
  if (invalid) return { ok: false, error: invalid };
  const structure = preparation.structure(request, page);
  if (!structure.ok) return structure;
  const { nowMs } = request;
  if (nowMs === undefined) return { ok: true, value: { request, ...structure.value } };
  // Operating hours depend on the payment's time, so they filter the (cached) structure here.
  const closed: Edge[] = [];
  const candidates = structure.value.candidates.filter((candidate) => {
    const venue = closedVenue(candidate.route.edges, nowMs);
    if (venue) closed.push(venue);
    return venue === undefined;
  });
  if (candidates.length === 0) {
    const { diagnostics } = structure.value;
    return { ok: false, error: closedError(closed, nowMs), diagnostics };
  }
  return { ok: true, value: { request, ...structure.value, candidates } };
}

function paymentStructure(
  context: RoutingContext,
  request: RouteRequest,
  search: PathSearch,
): Structure {
  const { graph, scenario, candidates } = context;
  const { policies } = scenario;

  const corridor = corridorViolation(
    policies,
    graph.assets,
    request.payerAsset,
    request.payeeAsset,
    'payment',
  );
  if (corridor) return { ok: false, error: policyError([corridor]) };

  const diagnostics: RouteDiagnostics = {
    candidateVenues: new Set(candidates.edges.map((edge) => edge.venue)).size,
    pathsConsidered: search.paths.length,
    pathsTruncated: search.truncated,
    arbitrage: [],
    excluded: [...new Set(candidates.excluded.map(({ violation }) => violation.message))],
  };
  if (search.paths.length === 0)
    return { ok: false, error: noPathError(context, request, candidates.excluded), diagnostics };

  const usable: CandidatePath[] = [];
  const dropped: PolicyViolation[] = [];
  let unusable: string | undefined;
  const endpoints = new Set([request.payer, request.payee]);
  for (const edges of search.paths) {
    const own = edges.find((edge) => venueAccounts(edge).some((account) => endpoints.has(account)));
    if (own) {
      unusable = `${request.payer} or ${request.payee} is an account of venue ${own.venue} itself`;
      continue;
    }
    const route = routeAccounts(edges, request.payer, request.payee);
    const violation = edges
      .map((edge, index) => allowListViolation(policies, edge.venue, route.holders[index] ?? ''))
      .find((found) => found !== undefined);
    if (violation) {
      dropped.push(violation);
      continue;
    }
    const skeleton = skeletonLegs(route);
    const protocol = chooseProtocol(
      request.protocol,
      skeleton,
      scenario.settlement.defaultProtocol,
    );
    if (!protocol.ok) {
      unusable = `protocol ${request.protocol}: ${protocol.reason ?? ''}`;
      continue;
    }
    const latencyMs =
      protocolLatencyMs(protocol.protocol, mergeSteps(skeleton), scenario.settlement) +
      venueLatencyMs(edges);
    const needs = emptyNeeds();
    addPathNeeds(needs, route);
    usable.push({
      key: edges.map((edge) => edge.id).join(' > '),
      route,
      skeleton,
      protocol: protocol.protocol,
      latencyMs,
      needs,
    });
  }
  diagnostics.excluded.push(...new Set(dropped.map((violation) => violation.message)));
  if (usable.length === 0) {
    const error =
      dropped.length > 0
        ? policyError(dropped)
        : routeError(
            'NoRoute',
            `no usable route from ${request.payerAsset} to ${request.payeeAsset}: ${unusable ?? ''}`,
          );
    return { ok: false, error, diagnostics };
  }

  const priceNeeds = emptyNeeds();
  for (const candidate of usable) addPriceNeeds(priceNeeds, candidate.route.edges);
  const nearby = new Set(
    usable.flatMap((candidate) =>
      candidate.route.edges.flatMap((edge) => [edge.assetIn, edge.assetOut]),
    ),
  );
  const scope = context.detectArbitrage
    ? candidates.edges.filter((edge) => nearby.has(edge.assetIn) && nearby.has(edge.assetOut))
    : [];
  addPriceNeeds(priceNeeds, scope);
  return { ok: true, value: { candidates: usable, scope, priceNeeds, diagnostics } };
}
