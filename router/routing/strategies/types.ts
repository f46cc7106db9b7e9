// The strategy seam: a strategy sees the candidate paths of one payment and an `evaluate`
// function that quotes any allocation of the amount over them against live liquidity (policy
// limits and protocol included). It decides; it never touches a ledger: liquidity a path needs
// is read (once) the first time that path is evaluated or prefetched.
import type { Rational } from '../../../chaincode/src/core/types';
import type { Rng } from '../../scenario/rng';
import type { RouteError } from '../errors';
import type { PathRoute, SignedLeg } from '../path-ops';
import type { MarketNeeds, MarketState, ReplayMode } from '../market';
import type { Policies } from '../../scenario/types';
import type { LedgerStep, Protocol } from '../plan';
import type { QuotedPath } from '../quote';
import type { RouteRequest } from '../request';

export interface PathBound {
  /** ln of the rate, to within float rounding: cheap, for ordering and clear-cut comparisons. */
  log: number;
  /** The exact rate, computed on first use. */
  rate(): Rational;
}

export interface CandidatePath {
  /** Edge ids joined by " > ": stable, readable, unique. */
  key: string;
  route: PathRoute;
  /** The path's legs with zero amounts: who signs what on which ledger. */
  skeleton: SignedLeg[];
  /** Protocol that would settle this path alone, and its expected latency (no quote needed). */
  protocol: Protocol;
  latencyMs: number;
  /** Every balance, pool and quote quoting this path reads. */
  needs: MarketNeeds;
}

/** Part of the payment sent along one path: the input (send) or the output (receive). */
export interface Allocation {
  path: CandidatePath;
  amount: bigint;
}

export interface Evaluation {
  paths: QuotedPath[];
  steps: LedgerStep[];
  amountIn: bigint;
  amountOut: bigint;
  protocol: Protocol;
  expectedLatencyMs: number;
}

export type EvaluationResult = { ok: true; value: Evaluation } | { ok: false; error: RouteError };

export interface StrategyContext {
  request: RouteRequest;
  candidates: readonly CandidatePath[];
  /** Quotes the allocations in order on one copy of the market, as one plan. */
  evaluate(allocations: readonly Allocation[]): Promise<EvaluationResult>;
  /** Reads, in one round, the liquidity of paths about to be evaluated (an optimisation). */
  prefetch(paths: readonly CandidatePath[]): Promise<void>;
  /**
   * The live market of `paths` (read in one round), for strategies that model the payment as a
   * whole before quoting it: how the paths would settle together, and the limits that apply.
   */
  liquidity(
    paths: readonly CandidatePath[],
  ): Promise<{ ok: true; value: Liquidity } | { ok: false; error: RouteError }>;
  /**
   * Product of the path's marginal rates, fees included (and its log, for ranking): no input
   * can come out better than this, since every venue's pricing is concave and rounds down.
   * Undefined when a venue on the path has no price on the ledger.
   */
  bound(path: CandidatePath): PathBound | undefined;
  /** An amount in the request's unit (sent or received), in major units with the asset. */
  describeAmount(amount: bigint): string;
  /** A generator seeded from the request, for strategies that draw. */
  rng(): Rng;
}

export interface Liquidity {
  /** Read-only here: quoting forks it. */
  market: MarketState;
  /** How the paths would be replayed settled together (batch when one atomic transaction). */
  mode: ReplayMode;
  toleranceBps: number;
  limits: Readonly<Policies['limits']>;
}

export interface StrategyChoice {
  allocations: Allocation[];
  evaluation: Evaluation;
}

export type StrategyResult = { ok: true; value: StrategyChoice } | { ok: false; error: RouteError };

export interface RoutingStrategy {
  readonly name: string;
  readonly description: string;
  choose(context: StrategyContext): Promise<StrategyResult>;
}
