// Routing failures as values with stable codes.
import type { PolicyViolation } from './policy';

export const ROUTE_ERROR_CODES = [
  'InvalidRequest', // a malformed request: unknown account, asset or strategy, bad amount
  'NoRoute', // no sequence of venues connects the two assets (within the hop limit)
  'VenueClosed', // routes exist, but each goes through a venue outside its operating hours
  'PolicyViolation', // every route, or the payment itself, breaks a scenario policy
  'PolicyLimit', // the payment, or every way of routing it, moves more than a per-payment limit
  'CostLimitExceeded', // plans exist, but none within the payment's maxCostBps
  'InsufficientLiquidity', // routes exist but venues cannot carry the amount
  'AmountTooSmall', // the amount rounds down to nothing at some venue on every route
  'InsufficientFunds', // the payer cannot fund the input
  'LedgerUnavailable', // reading liquidity from a ledger failed
] as const;
export type RouteErrorCode = (typeof ROUTE_ERROR_CODES)[number];

export interface RouteError {
  code: RouteErrorCode;
  message: string;
  violations?: PolicyViolation[];
  /** Why individual candidate paths failed (a few, for diagnosis). */
  reasons?: string[];
  /** CostLimitExceeded: the cost of the cheapest plan found, in bps. */
  bestCostBps?: number;
}

export function routeError(
  code: RouteErrorCode,
  message: string,
  extra: Partial<RouteError> = {},
): RouteError {
  return { code, message, ...extra };
}

const MAX_REASONS = 6;

/**
 * One error for a set of failed candidates: the payer's shortfall first, then the cost cap
 * (the cheapest over-cap plan named), then a per-payment limit, then other policy when every
 * route breaks one, then liquidity.
 */
export function combineFailures(failures: readonly RouteError[], context: string): RouteError {
  const reasons = failures.map((failure) => failure.message).slice(0, MAX_REASONS);
  const pick = (code: RouteErrorCode) => failures.find((failure) => failure.code === code);
  const funds = pick('InsufficientFunds');
  if (funds) return { ...funds, reasons };
  const [cheapest] = failures
    .filter((failure) => failure.bestCostBps !== undefined)
    .sort((a, b) => (a.bestCostBps ?? 0) - (b.bestCostBps ?? 0));
  if (cheapest) return { ...cheapest, reasons };
  // A per-payment limit that some route hits is a reason the payment is refused whatever the
  // liquidity, so it wins over liquidity (the same payment, the same reason, on every strategy).
  const limits = failures.filter((failure) => failure.code === 'PolicyLimit');
  if (limits.length > 0) {
    return routeError('PolicyLimit', `${context}: ${limits[0]?.message ?? ''}`, {
      reasons,
      violations: limits.flatMap((failure) => failure.violations ?? []),
    });
  }
  if (failures.length > 0 && failures.every((failure) => failure.code === 'PolicyViolation')) {
    return routeError('PolicyViolation', `${context}: every route breaks a policy`, {
      reasons,
      violations: failures.flatMap((failure) => failure.violations ?? []),
    });
  }
  if (failures.length > 0 && failures.every((failure) => failure.code === 'AmountTooSmall')) {
    return routeError(
      'AmountTooSmall',
      `${context}: the amount rounds down to nothing on every route`,
      { reasons },
    );
  }
  const liquidity = pick('InsufficientLiquidity');
  if (liquidity)
    return routeError('InsufficientLiquidity', `${context}: no route can carry the amount`, {
      reasons,
    });
  return failures[0]
    ? { ...failures[0], reasons }
    : routeError('NoRoute', `${context}: no candidate route`);
}
