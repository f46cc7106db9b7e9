// Stage: the strategy's choice on live liquidity, as a Plan. The strategy sees the candidates,
// their bounds and an exact `evaluate`; balances are read as paths get quoted (or modelled, for
// split), each value once. The payment's own checks and its cost cap are applied here, the same
// for every strategy: an allocation of the whole amount above maxCostBps is a failure naming its
// cost, so a strategy moves on to its next choice and reports the cheapest it found.
import { findArbitrage } from './arbitrage';
import { pathBounds } from './bounds';
import type { RoutingContext } from './context';
import { costBps } from './cost';
import { costLimitError, paymentFailure, unavailable } from './diagnose';
import type { RouteError } from './errors';
import { createQuoteMemo, evaluateAllocations, replayModeOf } from './evaluate';
import { emptyNeeds, MarketState, needBalance, type LiveSnapshot } from './market';
import { describeAmount } from './money';
import { mergeNeeds } from './needs';
import type { RouteDiagnostics, RouteOutcome } from './outcome';
import type { Plan } from './plan';
import type { PreparedPayment } from './prepare';
import type { CandidatePath, Evaluation, EvaluationResult } from './strategies/types';
import { createRng } from '../scenario/rng';

/** `snapshot` must already hold `prepared.priceNeeds`. */
export async function choosePlan(
  context: RoutingContext,
  prepared: PreparedPayment,
  snapshot: LiveSnapshot,
): Promise<RouteOutcome> {
  const { request } = prepared;
  const { settlement } = context.scenario;
  const market = new MarketState(snapshot);
  const diagnostics: RouteDiagnostics = {
    ...prepared.diagnostics,
    arbitrage: prepared.scope.length > 0 ? findArbitrage(prepared.scope, market) : [],
  };
  const strategy = context.strategies.get(request.strategy);
  if (!strategy)
    throw new Error(`strategy ${request.strategy} passed validation but is not registered`);
  const payerLedger = context.graph.assets.get(request.payerAsset)?.ledger ?? '';
  const payerNeeds = emptyNeeds();
  needBalance(payerNeeds, payerLedger, request.payerAsset, request.payer);
  const payerRead = await snapshot.read(payerNeeds);
  if (!payerRead.ok) return { ok: false, error: unavailable(payerRead.error), diagnostics };
  const refused = paymentFailure(context, request, market);
  if (refused) return { ok: false, error: refused, diagnostics };

  const memo = createQuoteMemo(context, request);
  const ready = new Set<CandidatePath>();
  // Reads what the paths need and has not been read yet, in one round.
  const fetch = async (paths: readonly CandidatePath[]): Promise<RouteError | undefined> => {
    const pending = paths.filter((path) => !ready.has(path));
    if (pending.length === 0) return undefined;
    const needs = emptyNeeds();
    for (const path of pending) mergeNeeds(needs, path.needs);
    const read = await snapshot.read(needs);
    if (!read.ok) return unavailable(read.error);
    for (const path of pending) ready.add(path);
    return undefined;
  };
  const costOf = (evaluation: Evaluation) => planCost(context, request, evaluation);
  const chosen = await strategy.choose({
    request,
    candidates: prepared.candidates,
    async evaluate(allocations): Promise<EvaluationResult> {
      const failed = await fetch(allocations.map((allocation) => allocation.path));
      if (failed) return { ok: false, error: failed };
      const evaluated = evaluateAllocations(context, request, market, allocations, memo);
      if (!evaluated.ok || request.maxCostBps === undefined) return evaluated;
      const allocated = allocations.reduce((sum, allocation) => sum + allocation.amount, 0n);
      const cost = costOf(evaluated.value);
      return allocated === request.amount && cost > request.maxCostBps
        ? { ok: false, error: costLimitError(cost, request.maxCostBps) }
        : evaluated;
    },
    async prefetch(paths) {
      await fetch(paths);
    },
    async liquidity(paths) {
      const failed = await fetch(paths);
      if (failed) return { ok: false, error: failed };
      return {
        ok: true,
        value: {
          market,
          mode: replayModeOf(request, paths, settlement),
          toleranceBps: settlement.slippageToleranceBps,
          limits: memo.limits,
        },
      };
    },
    bound: pathBounds(market, settlement.slippageToleranceBps),
    describeAmount: (amount) =>
      describeAmount(
        context.graph.assets,
        request.amountIs === 'send' ? request.payerAsset : request.payeeAsset,
        amount,
      ),
    rng: () => createRng(request.seed, `route:${request.strategy}`),
  });
  if (!chosen.ok) return { ok: false, error: chosen.error, diagnostics };
  const { evaluation } = chosen.value;
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
    slippageToleranceBps: settlement.slippageToleranceBps,
    costBps: costOf(evaluation),
    ledgers: [
      ...new Set(evaluation.paths.flatMap((path) => path.legs.flatMap((leg) => leg.ledgers))),
    ],
    protocol: evaluation.protocol,
    expectedLatencyMs: evaluation.expectedLatencyMs,
  };
  return { ok: true, value: plan, diagnostics };
}

function planCost(
  context: RoutingContext,
  request: PreparedPayment['request'],
  evaluation: Evaluation,
): number {
  const payerAsset = context.graph.assets.get(request.payerAsset);
  const payeeAsset = context.graph.assets.get(request.payeeAsset);
  if (!payerAsset || !payeeAsset) throw new Error('validated request names unknown assets');
  return costBps(context.fx, payerAsset, evaluation.amountIn, payeeAsset, evaluation.amountOut);
}
