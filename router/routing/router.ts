// The routing pipeline: request → candidate venues (after policy) → simple paths → live
// liquidity → strategy choice over quoted paths → Plan. The graph is static for a scenario, so
// everything before the reads is cached: candidate venues once per router, paths per asset pair
// and search limits, and the accounts, policy and protocol of each path per corridor. Live
// liquidity is read in two rounds at most per priced path: the prices of every candidate (to
// rank and prune them by their marginal-rate bound), then the balances of a path only when the
// strategy first quotes it; a value is never read twice in one call.
import type { LedgerClient } from '../ledger/ledger-client';
import type { Scenario } from '../scenario/types';
import type { Rational } from '../../chaincode/src/core/types';
import { approximateLog, ONE } from '../scenario/rational';
import { findArbitrage, marginalRate, type ArbitrageCycle } from './arbitrage';
import { buildFxTable, costBps, type FxTable } from './cost';
import { routeError, type RouteError } from './errors';
import { buildGraph, type Edge, type RoutingGraph } from './graph';
import { chooseProtocol, edgeLatencyMs, protocolLatencyMs, venueLatencyMs } from './latency';
import { emptyNeeds, LiveSnapshot, MarketState, type MarketNeeds } from './market';
import { addPathNeeds, addPriceNeeds, mergeNeeds } from './needs';
import { mergeSteps, routeAccounts, skeletonLegs, venueAccounts } from './path-ops';
import {
  candidateEdges,
  enumeratePaths,
  simplePaths,
  type Candidates,
  type PathSearch,
} from './paths';
import type { Plan } from './plan';
import {
  allowListViolation,
  corridorViolation,
  limitViolations,
  type PolicyViolation,
} from './policy';
import { quoteForward, quoteReceive, type QuotedPath, type QuoteFailure } from './quote';
import { normalizeRequest, validateRequest, type RequestInput, type RouteRequest } from './request';
import { strategyRegistry } from './strategies';
import type {
  Allocation,
  CandidatePath,
  EvaluationResult,
  PathBound,
  RoutingStrategy,
} from './strategies/types';
import { createRng } from '../simulation/rng';

export interface RouteDiagnostics {
  candidateVenues: number;
  pathsConsidered: number;
  /** True when the path search hit maxPaths. */
  pathsTruncated: boolean;
  /** Profitable cycles among the venues this payment could use (never walked). */
  arbitrage: ArbitrageCycle[];
  /** Venues and paths left out by policy, with why. */
  excluded: string[];
}

export type RouteOutcome =
  | { ok: true; value: Plan; diagnostics: RouteDiagnostics }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };

export interface RoutingContext {
  scenario: Scenario;
  graph: RoutingGraph;
  /** Venues no structural policy rules out (the same for every payment). */
  candidates: Candidates;
  strategyNames: ReadonlySet<string>;
  fx: FxTable;
  strategies: ReadonlyMap<string, RoutingStrategy>;
  /** Report arbitrage cycles in diagnostics (costs a read of every nearby pool and quote). */
  detectArbitrage: boolean;
}

export interface PreparedPayment {
  request: RouteRequest;
  candidates: CandidatePath[];
  /** Venues near the payment whose cycles are checked for arbitrage. */
  scope: Edge[];
  /** Prices of every candidate path and of the arbitrage scope: read before choosing. */
  priceNeeds: MarketNeeds;
  diagnostics: RouteDiagnostics;
}

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

export function createRoutingContext(
  scenario: Scenario,
  options: { strategies?: readonly RoutingStrategy[]; detectArbitrage?: boolean } = {},
): RoutingContext {
  const graph = buildGraph(scenario);
  const strategies = strategyRegistry(options.strategies);
  return {
    scenario,
    graph,
    candidates: candidateEdges(graph.edges, scenario.policies, graph.assets),
    fx: buildFxTable(
      scenario.fx,
      scenario.assets.map((asset) => asset.currency),
    ),
    strategies,
    strategyNames: new Set(strategies.keys()),
    detectArbitrage: options.detectArbitrage ?? true,
  };
}

export function createRouter(options: RouterOptions): Router {
  const context = createRoutingContext(options.scenario, options);
  const caches = createRoutingCaches();
  return {
    context,
    async route(input) {
      const request = normalizeRequest(input);
      // One snapshot for all pages: a value read for one page is not read again for the next.
      const snapshot = new LiveSnapshot(options.client, context.graph.readers);
      let first: RouteOutcome | undefined;
      for (let page = 0; ; page++) {
        const outcome = await routePage(context, request, caches, page, snapshot);
        first ??= outcome;
        if (outcome.ok) return outcome;
        if (!NEXT_PAGE_ON.has(outcome.error.code)) return first;
        if (page >= pathSearch(context, request, caches).later.length) return first;
      }
    },
  };
}

/** Failures a further page of paths may avoid (a page's paths share no liquidity with the next). */
const NEXT_PAGE_ON: ReadonlySet<string> = new Set([
  'InsufficientLiquidity',
  'NoRoute',
  'PolicyViolation',
]);

async function routePage(
  context: RoutingContext,
  request: RouteRequest,
  caches: RoutingCaches,
  page: number,
  snapshot: LiveSnapshot,
): Promise<RouteOutcome> {
  const prepared = preparePayment(context, request, caches, page);
  if (!prepared.ok) return prepared;
  const prices = await snapshot.read(prepared.value.priceNeeds);
  if (!prices.ok) {
    return { ok: false, error: unavailable(prices.error), diagnostics: prepared.value.diagnostics };
  }
  return choosePlan(context, prepared.value, snapshot);
}

function unavailable(failure: { code: string; message: string }): RouteError {
  return routeError(
    'LedgerUnavailable',
    `reading liquidity failed: ${failure.code}: ${failure.message}`,
  );
}

type Prepared =
  | { ok: true; value: PreparedPayment }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };
type Structure =
  | { ok: true; value: Omit<PreparedPayment, 'request'> }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };

/**
 * What a router remembers between payments (the graph is static): paths per asset pair and
 * search limits, and payment structures per corridor (accounts, assets, protocol, limits).
 * Each map is cleared when it grows past CACHE_LIMIT entries.
 */
export interface RoutingCaches {
  paths: Map<string, PathSearch>;
  structures: Map<string, Structure>;
}
const CACHE_LIMIT = 4_096;

export function createRoutingCaches(): RoutingCaches {
  return { paths: new Map(), structures: new Map() };
}

function cached<V>(cache: Map<string, V> | undefined, key: string, make: () => V): V {
  let value = cache?.get(key);
  if (value === undefined) {
    value = make();
    if (cache) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, value);
    }
  }
  return value;
}

/**
 * Everything that does not need live state: validation, policy, candidate paths, reads needed.
 * All but validation depends only on the corridor (accounts, assets, protocol, search limits),
 * so with caches, repeated corridors skip path search entirely.
 */
export function preparePayment(
  context: RoutingContext,
  request: RouteRequest,
  caches?: RoutingCaches,
  page = 0,
): Prepared {
  const invalid = validateRequest(context.graph, request, context.strategyNames);
  if (invalid) return { ok: false, error: invalid };
  const { payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths } = request;
  const key = [payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths, page].join(
    '\u0000',
  );
  const structure = cached(caches?.structures, key, () => {
    const search = pathSearch(context, request, caches);
    const paths = page === 0 ? search.paths : search.later[page - 1];
    if (!paths) throw new Error(`page ${page} of the path search does not exist`);
    return paymentStructure(context, request, { ...search, paths });
  });
  return structure.ok ? { ok: true, value: { request, ...structure.value } } : structure;
}

/** The candidate paths between the request's assets, ranked in pages (see paths.ts). */
export function pathSearch(
  context: RoutingContext,
  request: RouteRequest,
  caches?: RoutingCaches,
): PathSearch {
  const { payerAsset, payeeAsset, maxHops, maxPaths } = request;
  const key = [payerAsset, payeeAsset, maxHops, maxPaths].join('\u0000');
  return cached(caches?.paths, key, () =>
    enumeratePaths(context.candidates.edges, payerAsset, payeeAsset, { maxHops, maxPaths }),
  );
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
    const protocol = chooseProtocol(request.protocol, skeleton, scenario.settlement);
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

/**
 * The strategy's choice on live liquidity, as a Plan. `snapshot` must already hold
 * `prepared.priceNeeds`; balances are read as paths get quoted.
 */
export async function choosePlan(
  context: RoutingContext,
  prepared: PreparedPayment,
  snapshot: LiveSnapshot,
): Promise<RouteOutcome> {
  const { request } = prepared;
  const market = new MarketState(snapshot);
  const diagnostics: RouteDiagnostics = {
    ...prepared.diagnostics,
    arbitrage: prepared.scope.length > 0 ? findArbitrage(prepared.scope, market) : [],
  };
  const strategy = context.strategies.get(request.strategy);
  if (!strategy)
    throw new Error(`strategy ${request.strategy} passed validation but is not registered`);
  const bound = pathBounds(market);
  const ready = new Set<CandidatePath>();
  // Reads what the paths need and has not been read yet, in one round.
  const fetch = async (paths: readonly CandidatePath[]): Promise<RouteError | undefined> => {
    const pending = paths.filter((path) => !ready.has(path));
    const [first] = pending;
    if (first === undefined) return undefined;
    let needs = first.needs;
    if (pending.length > 1) {
      needs = emptyNeeds();
      for (const path of pending) mergeNeeds(needs, path.needs);
    }
    const read = await snapshot.read(needs);
    if (!read.ok) return unavailable(read.error);
    for (const path of pending) ready.add(path);
    return undefined;
  };
  const chosen = await strategy.choose({
    request,
    candidates: prepared.candidates,
    async evaluate(allocations) {
      const failed = await fetch(allocations.map((allocation) => allocation.path));
      if (failed) return { ok: false, error: failed };
      return evaluateAllocations(context, request, market, allocations);
    },
    async prefetch(paths) {
      await fetch(paths);
    },
    bound,
    rng: () => createRng(request.seed, `route:${request.strategy}`),
  });
  if (!chosen.ok) return { ok: false, error: chosen.error, diagnostics };
  const { evaluation } = chosen.value;
  const payerAsset = context.graph.assets.get(request.payerAsset);
  const payeeAsset = context.graph.assets.get(request.payeeAsset);
  if (!payerAsset || !payeeAsset) throw new Error('validated request names unknown assets');
  const plan: Plan = {
    strategy: strategy.name,
    payer: request.payer,
    payerAsset: request.payerAsset,
    payee: request.payee,
    payeeAsset: request.payeeAsset,
    paths: evaluation.paths.map((path) => ({
      legs: path.legs,
      amountIn: path.amountIn,
      amountOut: path.amountOut,
    })),
    steps: evaluation.steps,
    amountIn: evaluation.amountIn,
    amountOut: evaluation.amountOut,
    costBps: costBps(context.fx, payerAsset, evaluation.amountIn, payeeAsset, evaluation.amountOut),
    ledgers: [
      ...new Set(evaluation.paths.flatMap((path) => path.legs.flatMap((leg) => leg.ledgers))),
    ],
    protocol: evaluation.protocol,
    expectedLatencyMs: evaluation.expectedLatencyMs,
  };
  return { ok: true, value: plan, diagnostics };
}

/** Marginal-rate bounds of paths on one market, memoised per edge and per path. */
function pathBounds(market: MarketState): (path: CandidatePath) => PathBound | undefined {
  const edges = new Map<string, { rate: Rational; log: number } | null>();
  const paths = new Map<string, PathBound | null>();
  const edgeBound = (edge: Edge) => {
    let found = edges.get(edge.id);
    if (found === undefined) {
      const rate = marginalRate(edge, market);
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

/** Quotes allocations in order on one copy of the market, as one plan would execute them. */
export function evaluateAllocations(
  context: RoutingContext,
  request: RouteRequest,
  market: MarketState,
  allocations: readonly Allocation[],
): EvaluationResult {
  const { settlement, policies } = context.scenario;
  if (allocations.length === 0)
    return { ok: false, error: routeError('NoRoute', 'empty allocation') };
  const [only] = allocations;
  // A single path's protocol was settled when the path was prepared, from the same inputs.
  const decision =
    allocations.length === 1 && only
      ? { ok: true, protocol: only.path.protocol }
      : chooseProtocol(
          request.protocol,
          allocations.flatMap((allocation) => allocation.path.skeleton),
          settlement,
        );
  if (!decision.ok)
    return { ok: false, error: routeError('NoRoute', decision.reason ?? 'protocol not possible') };
  const options = {
    mode: decision.protocol === 'atomic' ? ('batch' as const) : ('hold' as const),
    edgeLatencyMs: (edge: Edge) => edgeLatencyMs(edge, settlement),
  };
  const quoted: QuotedPath[] = [];
  let state = market;
  for (const { path, amount } of allocations) {
    const result =
      request.amountIs === 'send'
        ? quoteForward(path.route, amount, state, options)
        : quoteReceive(path.route, amount, state, options);
    if (!result.ok) return { ok: false, error: quoteError(result.error) };
    quoted.push(result.value);
    state = result.state;
  }
  const legs = quoted.flatMap((path) => path.legs);
  const violations = limitViolations(policies, legs);
  if (violations.length > 0) return { ok: false, error: policyError(violations) };
  const steps = mergeSteps(quoted.flatMap((path) => path.signedLegs));
  const venueDelayMs = Math.max(0, ...quoted.map((path) => venueLatencyMs(path.route.edges)));
  return {
    ok: true,
    value: {
      paths: quoted,
      steps,
      amountIn: quoted.reduce((sum, path) => sum + path.amountIn, 0n),
      amountOut: quoted.reduce((sum, path) => sum + path.amountOut, 0n),
      protocol: decision.protocol,
      expectedLatencyMs: protocolLatencyMs(decision.protocol, steps, settlement) + venueDelayMs,
    },
  };
}

function quoteError(failure: QuoteFailure): RouteError {
  if (failure.payerShort)
    return routeError('InsufficientFunds', `the payer cannot fund it: ${failure.message}`);
  if (failure.code === 'InvalidAmount') return routeError('AmountTooSmall', failure.message);
  return routeError('InsufficientLiquidity', `${failure.code}: ${failure.message}`);
}

function policyError(violations: PolicyViolation[]): RouteError {
  const [first] = violations;
  return routeError('PolicyViolation', first?.message ?? 'policy violation', { violations });
}

/** Why no path exists: policy (a path exists without it), a dead end, or the hop limit. */
function noPathError(
  context: RoutingContext,
  request: RouteRequest,
  excluded: ReadonlyArray<{ edge: Edge; violation: PolicyViolation }>,
): RouteError {
  const { graph } = context;
  const { payerAsset, payeeAsset, maxHops } = request;
  const [blocked] = simplePaths(graph.edges, payerAsset, payeeAsset, maxHops, 1).paths;
  if (blocked) {
    return policyError(
      excluded.filter(({ edge }) => blocked.includes(edge)).map(({ violation }) => violation),
    );
  }
  const same = payerAsset === payeeAsset;
  if (same) return routeError('NoRoute', `no transfer venue moves ${payerAsset}`);
  if (!graph.edges.some((edge) => edge.assetIn === payerAsset && edge.kind !== 'transfer')) {
    return routeError('NoRoute', `no venue takes ${payerAsset}`);
  }
  if (!graph.edges.some((edge) => edge.assetOut === payeeAsset && edge.kind !== 'transfer')) {
    return routeError('NoRoute', `no venue delivers ${payeeAsset}`);
  }
  const further = simplePaths(graph.edges, payerAsset, payeeAsset, 12, 1);
  return further.paths.length > 0
    ? routeError(
        'NoRoute',
        `no route from ${payerAsset} to ${payeeAsset} within ${maxHops} hops (one needs ${further.paths[0]?.length ?? '?'})`,
      )
    : routeError('NoRoute', `no sequence of venues converts ${payerAsset} into ${payeeAsset}`);
}
