// Stage: why a payment cannot be routed, as one typed reason whatever the strategy. The checks
// that depend on the payment alone run before any strategy (the payer's funds, a per-payment
// limit on what is paid or received), so every strategy reports them alike; the rest maps a
// quote's or the evaluation's failure to its reason. Amounts are printed in major units.
import type { RoutingContext } from './context';
import { routeError, type RouteError } from './errors';
import type { Edge } from './graph';
import type { MarketState } from './market';
import { describeAmount } from './money';
import { simplePaths } from './paths';
import { describeLimit, paymentLimits, type PolicyViolation } from './policy';
import type { QuoteFailure } from './quote';
import type { RouteRequest } from './request';

export function unavailable(failure: { code: string; message: string }): RouteError {
  return routeError(
    'LedgerUnavailable',
    `reading liquidity failed: ${failure.code}: ${failure.message}`,
  );
}

export function quoteError(failure: QuoteFailure): RouteError {
  if (failure.payerShort)
    return routeError('InsufficientFunds', `the payer cannot fund it: ${failure.message}`);
  if (failure.code === 'InvalidAmount') return routeError('AmountTooSmall', failure.message);
  return routeError('InsufficientLiquidity', `${failure.code}: ${failure.message}`);
}

/** Per-payment limits are a PolicyLimit; any other rule a PolicyViolation. */
export function policyError(violations: PolicyViolation[]): RouteError {
  const [first] = violations;
  const code = violations.every((violation) => violation.rule === 'limit')
    ? 'PolicyLimit'
    : 'PolicyViolation';
  return routeError(code, first?.message ?? 'policy violation', { violations });
}

/**
 * Failures the payment itself decides before any path is priced: a payer holding less than it
 * sends, a send or a delivery above a per-payment limit on that asset.
 */
export function paymentFailure(
  context: RoutingContext,
  request: RouteRequest,
  market: MarketState,
): RouteError | undefined {
  const { payer, payerAsset, payeeAsset, amount, amountIs } = request;
  const asset = amountIs === 'send' ? payerAsset : payeeAsset;
  for (const limit of paymentLimits(context.scenario.policies, request)) {
    if (limit.asset === asset && amount > limit.maxAmount) {
      return policyError([
        {
          rule: 'limit',
          message: `${amountIs === 'send' ? 'sends' : 'delivers'} ${describeAmount(context.graph.assets, asset, amount)}, above ${describeLimit(context.graph.assets, limit)}: ${limit.reason}`,
        },
      ]);
    }
  }
  if (amountIs !== 'send') return undefined;
  const ledger = context.graph.assets.get(payerAsset)?.ledger ?? '';
  const held = market.balance(ledger, payerAsset, payer);
  return held < amount
    ? routeError(
        'InsufficientFunds',
        `${payer} holds ${describeAmount(context.graph.assets, payerAsset, held)}, the payment sends ${describeAmount(context.graph.assets, payerAsset, amount)}`,
      )
    : undefined;
}

/** Every route goes through a venue outside its hours: the first such venue, and when it opens. */
export function closedError(closed: readonly Edge[], nowMs: number): RouteError {
  const venues = [...new Map(closed.map((edge) => [edge.venue, edge])).values()];
  const listed = venues
    .slice(0, 3)
    .map((edge) => `${edge.venue} (${edge.hours?.text ?? '24x7'})`)
    .join(', ');
  return routeError(
    'VenueClosed',
    `no open route at ${new Date(nowMs).toISOString()}: every route goes through a closed venue: ${listed}`,
  );
}

/** Over the payment's cost cap: the reason names the cost of the plan found. */
export function costLimitError(costBps: number, maxCostBps: number): RouteError {
  return routeError(
    'CostLimitExceeded',
    `the best plan found costs ${costBps} bps, above the cap of ${maxCostBps} bps`,
    { bestCostBps: costBps },
  );
}

/** Why no path exists: policy (a path exists without it), a dead end, or the hop limit. */
export function noPathError(
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
