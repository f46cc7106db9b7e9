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
import {
  chooseProtocol,
  edgeLatencyMs,
  isAtomicCapable,
  protocolFor,
  protocolLatencyMs,
  venueLatencyMs,
} from './latency';
import { emptyNeeds, LiveSnapshot, MarketState, type MarketNeeds, type ReplayMode } from './market';
import { addPathNeeds, addPriceNeeds, mergeNeeds } from './needs';
import { mergeSteps, routeAccounts, skeletonLegs, venueAccounts } from './path-ops';
import {
  candidateEdges,
  enumeratePaths,
  simplePaths,
  type Candidates,
  type PathSearch,
} from './paths';
import type { LedgerStep, Plan } from './plan';
import {
  allowListViolation,
  corridorViolation,
  limitViolations,
  type PolicyViolation,
} from './policy';
import {
  quoteForward,
  quoteReceive,
  type QuotedPath,
  type QuoteFailure,
  type QuoteOptions,
  type QuoteResult,
} from './quote';
import { normalizeRequest, validateRequest, type RequestInput, type RouteRequest } from './request';
import { toleranceFactor } from './slippage';
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
  replayOptions: ReadonlyMap<ReplayMode, QuoteOptions>;
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
    replayOptions: replayOptions(scenario.settlement),
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
  const bound = pathBounds(market, context.scenario.settlement.slippageToleranceBps);
  const memo = createQuoteMemo(context);
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
      return evaluateAllocations(context, request, market, allocations, memo);
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
      expectedAmountOut: path.expectedAmountOut,
    })),
    steps: evaluation.steps,
    amountIn: evaluation.amountIn,
    amountOut: evaluation.amountOut,
    expectedAmountOut: evaluation.paths.reduce((sum, path) => sum + path.expectedAmountOut, 0n),
    slippageToleranceBps: context.scenario.settlement.slippageToleranceBps,
    costBps: costBps(context.fx, payerAsset, evaluation.amountIn, payeeAsset, evaluation.amountOut),
    ledgers: [
      ...new Set(evaluation.paths.flatMap((path) => path.legs.flatMap((leg) => leg.ledgers))),
    ],
    protocol: evaluation.protocol,
    expectedLatencyMs: evaluation.expectedLatencyMs,
  };
  return { ok: true, value: plan, diagnostics };
}

/**
 * Marginal-rate bounds of paths on one market, memoised per edge and per path. An AMM edge's
 * bound carries the slippage tolerance: only its guaranteed output moves on.
 */
function pathBounds(
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

/**
 * Quoting state of one routing call: the options of each replay mode, and the quotes of every
 * allocation prefix already evaluated (by mode, paths and amounts; quotes never mutate the
 * market they start from), so a strategy re-quoting a plan with one share changed (split) only
 * re-quotes the paths from that share on.
 */
export interface QuoteMemo {
  options: ReadonlyMap<ReplayMode, QuoteOptions>;
  batch: QuoteLevel;
  hold: QuoteLevel;
}
/** Quotes of the next allocation after a given prefix, by path and amount (a trie). */
type QuoteLevel = Map<CandidatePath, Map<bigint, { result: QuoteResult; next: QuoteLevel }>>;

export function createQuoteMemo(context: RoutingContext): QuoteMemo {
  return { options: context.replayOptions, batch: new Map(), hold: new Map() };
}

/** How paths are quoted in each replay mode (edge latencies are static: memoised). */
function replayOptions(settlement: Scenario['settlement']): Map<ReplayMode, QuoteOptions> {
  const latencies = new Map<Edge, number>();
  const edgeLatency = (edge: Edge): number => {
    let latency = latencies.get(edge);
    if (latency === undefined) {
      latency = edgeLatencyMs(edge, settlement);
      latencies.set(edge, latency);
    }
    return latency;
  };
  const { slippageToleranceBps } = settlement;
  return new Map(
    (['batch', 'hold'] as const).map((mode) => [
      mode,
      { mode, edgeLatencyMs: edgeLatency, slippageToleranceBps },
    ]),
  );
}

/** Quotes allocations in order on one copy of the market, as one plan would execute them. */
export function evaluateAllocations(
  context: RoutingContext,
  request: RouteRequest,
  market: MarketState,
  allocations: readonly Allocation[],
  memo: QuoteMemo = createQuoteMemo(context),
): EvaluationResult {
  const { settlement, policies } = context.scenario;
  if (allocations.length === 0)
    return { ok: false, error: routeError('NoRoute', 'empty allocation') };
  const decision = planProtocol(request, allocations, settlement);
  if (!decision.ok)
    return { ok: false, error: routeError('NoRoute', decision.reason ?? 'protocol not possible') };
  const options = memo.options.get(decision.protocol === 'atomic' ? 'batch' : 'hold');
  if (!options) throw new Error('quote options cover both replay modes');
  const quoted: QuotedPath[] = [];
  let state = market;
  let level = options.mode === 'batch' ? memo.batch : memo.hold;
  for (const { path, amount } of allocations) {
    let byAmount = level.get(path);
    if (!byAmount) {
      byAmount = new Map();
      level.set(path, byAmount);
    }
    let node = byAmount.get(amount);
    if (!node) {
      const result =
        request.amountIs === 'send'
          ? quoteForward(path.route, amount, state, options)
          : quoteReceive(path.route, amount, state, options);
      node = { result, next: new Map() };
      byAmount.set(amount, node);
    }
    if (!node.result.ok) return { ok: false, error: quoteError(node.result.error) };
    quoted.push(node.result.value);
    state = node.result.state;
    level = node.next;
  }
  const legs = quoted.flatMap((path) => path.legs);
  const violations = limitViolations(policies, legs);
  if (violations.length > 0) return { ok: false, error: policyError(violations) };
  // Steps and latency only matter for the few evaluations a strategy keeps: built on first use.
  let steps: LedgerStep[] | undefined;
  let latencyMs: number | undefined;
  const { protocol } = decision;
  return {
    ok: true,
    value: {
      paths: quoted,
      get steps() {
        steps ??= mergeSteps(quoted.flatMap((path) => path.signedLegs));
        return steps;
      },
      amountIn: quoted.reduce((sum, path) => sum + path.amountIn, 0n),
      amountOut: quoted.reduce((sum, path) => sum + path.amountOut, 0n),
      protocol,
      get expectedLatencyMs() {
        latencyMs ??=
          protocolLatencyMs(protocol, this.steps, settlement) +
          Math.max(0, ...quoted.map((path) => venueLatencyMs(path.route.edges)));
        return latencyMs;
      },
    },
  };
}

/**
 * The protocol settling all allocations together: atomic only if every path alone could be one
 * batch, all on the same ledger with the same signer. A single path's was settled when the path
 * was prepared, from the same inputs.
 */
function planProtocol(
  request: RouteRequest,
  allocations: readonly Allocation[],
  settlement: Scenario['settlement'],
) {
  const [first] = allocations;
  if (allocations.length === 1 && first) return { ok: true, protocol: first.path.protocol };
  let site: { ledger: string; signer: string } | undefined;
  let atomic = true;
  for (const { path } of allocations) {
    const [step] = path.skeleton;
    if (!step) continue;
    site ??= step;
    atomic &&=
      step.ledger === site.ledger && step.signer === site.signer && isAtomicCapable(path.skeleton);
    if (!atomic) break;
  }
  return protocolFor(request.protocol, atomic, settlement);
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
