// Stage: quoting an allocation of the payment over candidate paths, exactly, as one plan would
// execute: paths in order on one copy of the market, in the replay mode of the protocol that
// would settle them together, then the per-payment policy limits on the quoted legs.
import type { Scenario } from '../scenario/types';
import type { RoutingContext } from './context';
import { policyError, quoteError } from './diagnose';
import { routeError } from './errors';
import { isAtomicCapable, protocolFor, protocolLatencyMs, venueLatencyMs } from './latency';
import type { MarketState, ReplayMode } from './market';
import { mergeSteps } from './path-ops';
import type { LedgerStep, Protocol } from './plan';
import { limitViolations, type PaymentLimit, paymentLimits } from './policy';
import {
  quoteForward,
  quoteReceive,
  type QuotedPath,
  type QuoteOptions,
  type QuoteResult,
} from './quote';
import type { RouteRequest } from './request';
import type { Allocation, CandidatePath, Evaluation, EvaluationResult } from './strategies/types';

/**
 * Quoting state of one routing call: the options of each replay mode, the payment's limits, and
 * the quotes of every allocation prefix already evaluated (by mode, paths and amounts; quotes
 * never mutate the market they start from), so a strategy re-quoting a plan with one share
 * changed (split) only re-quotes the paths from that share on.
 */
export interface QuoteMemo {
  options: ReadonlyMap<ReplayMode, QuoteOptions>;
  limits: readonly PaymentLimit[];
  batch: QuoteLevel;
  hold: QuoteLevel;
}
/** Quotes of the next allocation after a given prefix, by path and amount (a trie). */
type QuoteLevel = Map<CandidatePath, Map<bigint, { result: QuoteResult; next: QuoteLevel }>>;

export function createQuoteMemo(context: RoutingContext, request: RouteRequest): QuoteMemo {
  return {
    options: context.replayOptions,
    limits: paymentLimits(context.scenario.policies, request),
    batch: new Map(),
    hold: new Map(),
  };
}

/** Quotes allocations in order on one copy of the market, as one plan would execute them. */
export function evaluateAllocations(
  context: RoutingContext,
  request: RouteRequest,
  market: MarketState,
  allocations: readonly Allocation[],
  memo: QuoteMemo = createQuoteMemo(context, request),
): EvaluationResult {
  const { settlement } = context.scenario;
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
  const violations = limitViolations(memo.limits, context.graph.assets, legs);
  if (violations.length > 0) return { ok: false, error: policyError(violations) };
  return { ok: true, value: new QuotedPlan(quoted, decision.protocol, settlement) };
}

/**
 * An evaluation. Steps and latency only matter for the few evaluations a strategy keeps, so they
 * are built on first use (by prototype getters: an object literal with getters costs
 * microseconds to create, and strategies evaluate many allocations per payment).
 */
class QuotedPlan implements Evaluation {
  readonly amountIn: bigint;
  readonly amountOut: bigint;
  private mergedSteps: LedgerStep[] | undefined;
  private latencyMs: number | undefined;

  constructor(
    readonly paths: QuotedPath[],
    readonly protocol: Protocol,
    private readonly settlement: Scenario['settlement'],
  ) {
    this.amountIn = paths.reduce((sum, path) => sum + path.amountIn, 0n);
    this.amountOut = paths.reduce((sum, path) => sum + path.amountOut, 0n);
  }

  get steps(): LedgerStep[] {
    this.mergedSteps ??= mergeSteps(this.paths.flatMap((path) => path.signedLegs));
    return this.mergedSteps;
  }

  get expectedLatencyMs(): number {
    this.latencyMs ??=
      protocolLatencyMs(this.protocol, this.steps, this.settlement) +
      Math.max(0, ...this.paths.map((path) => venueLatencyMs(path.route.edges)));
    return this.latencyMs;
  }
}

/** The replay mode paths settled together would be quoted in. */
export function replayModeOf(
  request: RouteRequest,
  paths: readonly CandidatePath[],
  settlement: Scenario['settlement'],
): ReplayMode {
  const decision = planProtocol(
    request,
    paths.map((path) => ({ path, amount: 0n })),
    settlement,
  );
  return decision.ok && decision.protocol === 'atomic' ? 'batch' : 'hold';
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
  return protocolFor(request.protocol, atomic, settlement.defaultProtocol);
}
