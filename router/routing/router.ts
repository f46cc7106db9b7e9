// The routing pipeline: request → candidate venues (after policy) → simple paths → one read of
// live liquidity → strategy choice over quoted paths → Plan. Every stage but the read is a pure
// function over plain data; `preparePayment` and `choosePlan` are exported so benchmarks and
// tests can run them against a fixed market snapshot.
import type { LedgerClient } from '../ledger/ledger-client';
import type { Scenario } from '../scenario/types';
import type { Rational } from '../../chaincode/src/core/types';
import { approximateLog, ONE } from '../scenario/rational';
import { findArbitrage, marginalRate, type ArbitrageCycle } from './arbitrage';
import { buildFxTable, costBps, type FxTable } from './cost';
import { routeError, type RouteError } from './errors';
import { buildGraph, type Edge, type RoutingGraph } from './graph';
import { chooseProtocol, edgeLatencyMs, protocolLatencyMs, venueLatencyMs } from './latency';
import {
  emptyNeeds,
  MarketState,
  readMarket,
  type MarketNeeds,
  type MarketSnapshot,
} from './market';
import { addPathNeeds, addPriceNeeds } from './needs';
import { mergeSteps, routeAccounts, skeletonLegs, venueAccounts } from './path-ops';
import { candidateEdges, enumeratePaths } from './paths';
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
  needs: MarketNeeds;
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
  return {
    scenario,
    graph,
    fx: buildFxTable(
      scenario.fx,
      scenario.assets.map((asset) => asset.currency),
    ),
    strategies: strategyRegistry(options.strategies),
    detectArbitrage: options.detectArbitrage ?? true,
  };
}

export function createRouter(options: RouterOptions): Router {
  const context = createRoutingContext(options.scenario, options);
  const structures: StructureCache = new Map();
  return {
    context,
    async route(input) {
      const prepared = preparePayment(context, normalizeRequest(input), structures);
      if (!prepared.ok) return prepared;
      const market = await readMarket(options.client, context.graph.readers, prepared.value.needs);
      if (!market.ok) {
        return {
          ok: false,
          error: routeError(
            'LedgerUnavailable',
            `reading liquidity failed: ${market.error.code}: ${market.error.message}`,
          ),
          diagnostics: prepared.value.diagnostics,
        };
      }
      return choosePlan(context, prepared.value, market.value);
    },
  };
}

type Prepared =
  | { ok: true; value: PreparedPayment }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };
type Structure =
  | { ok: true; value: Omit<PreparedPayment, 'request'> }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };

/** Payment structures by corridor; cleared when it grows past this many entries. */
export type StructureCache = Map<string, Structure>;
const STRUCTURE_CACHE_LIMIT = 4_096;

/**
 * Everything that does not need live state: validation, policy, candidate paths, reads needed.
 * All but validation depends only on the corridor (accounts, assets, protocol, search limits),
 * so with a cache, repeated corridors skip path search entirely.
 */
export function preparePayment(
  context: RoutingContext,
  request: RouteRequest,
  cache?: StructureCache,
): Prepared {
  const invalid = validateRequest(context.graph, request, new Set(context.strategies.keys()));
  if (invalid) return { ok: false, error: invalid };
  const { payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths } = request;
  const key = [payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths].join('\u0000');
  let structure = cache?.get(key);
  if (!structure) {
    structure = paymentStructure(context, request);
    if (cache) {
      if (cache.size >= STRUCTURE_CACHE_LIMIT) cache.clear();
      cache.set(key, structure);
    }
  }
  return structure.ok ? { ok: true, value: { request, ...structure.value } } : structure;
}

function paymentStructure(context: RoutingContext, request: RouteRequest): Structure {
  const { graph, scenario } = context;
  const { policies } = scenario;

  const corridor = corridorViolation(
    policies,
    graph.assets,
    request.payerAsset,
    request.payeeAsset,
    'payment',
  );
  if (corridor) return { ok: false, error: policyError([corridor]) };

  const candidates = candidateEdges(graph.edges, policies, graph.assets);
  const limits = { maxHops: request.maxHops, maxPaths: request.maxPaths };
  const search = enumeratePaths(candidates.edges, request.payerAsset, request.payeeAsset, limits);
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
    usable.push({
      key: edges.map((edge) => edge.id).join(' > '),
      route,
      skeleton,
      protocol: protocol.protocol,
      latencyMs,
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

  const needs = emptyNeeds();
  for (const candidate of usable) addPathNeeds(needs, candidate.route);
  const nearby = new Set(
    usable.flatMap((candidate) =>
      candidate.route.edges.flatMap((edge) => [edge.assetIn, edge.assetOut]),
    ),
  );
  const scope = context.detectArbitrage
    ? candidates.edges.filter((edge) => nearby.has(edge.assetIn) && nearby.has(edge.assetOut))
    : [];
  addPriceNeeds(needs, scope);
  return { ok: true, value: { candidates: usable, scope, needs, diagnostics } };
}

/** The strategy's choice on a market snapshot, as a Plan. */
export function choosePlan(
  context: RoutingContext,
  prepared: PreparedPayment,
  snapshot: MarketSnapshot,
): RouteOutcome {
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
  const chosen = strategy.choose({
    request,
    candidates: prepared.candidates,
    evaluate: (allocations) => evaluateAllocations(context, request, market, allocations),
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
  const decision = chooseProtocol(
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
  const [blocked] = enumeratePaths(graph.edges, payerAsset, payeeAsset, {
    maxHops,
    maxPaths: 1,
  }).paths;
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
  const further = enumeratePaths(graph.edges, payerAsset, payeeAsset, { maxHops: 12, maxPaths: 1 });
  return further.paths.length > 0
    ? routeError(
        'NoRoute',
        `no route from ${payerAsset} to ${payeeAsset} within ${maxHops} hops (one needs ${further.paths[0]?.length ?? '?'})`,
      )
    : routeError('NoRoute', `no sequence of venues converts ${payerAsset} into ${payeeAsset}`);
}
