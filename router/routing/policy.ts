// Scenario policies: forbidden venues and corridors, per-payment and per-org daily limits,
// allow-lists of who may pay into a venue, closed redemptions and venue operating hours. The
// router applies them while routing (structural rules prune edges and paths before any quote;
// limits are checked on quoted amounts; hours on the payment's time), and settlement calls
// checkPolicy on the finished plan again before it moves any money (the rules that need no
// clock or day's tally: those two are the router's, which the caller gives both).
import type { AccountId, OrgId } from '../../chaincode/src/core/types';
import { isOpen } from '../scenario/hours';
import type { CorridorEnd, Policies, Scenario, ScenarioAsset } from '../scenario/types';
import type { Edge } from './graph';
import { describeAmount } from './money';
import { orgOf } from './path-ops';
import type { Plan, PlanLeg } from './plan';
import type { RouteRequest } from './request';

export type PolicyRule =
  'forbidden-venue' | 'forbidden-corridor' | 'limit' | 'allow-list' | 'redemptions-paused';

export interface PolicyViolation {
  rule: PolicyRule;
  message: string;
}

type AssetLookup = ReadonlyMap<string, ScenarioAsset>;

function matches(end: CorridorEnd, asset: ScenarioAsset | undefined): boolean {
  if (!asset) return false;
  return 'asset' in end ? end.asset === asset.id : end.currency === asset.currency;
}

function describeEnd(end: CorridorEnd): string {
  return 'asset' in end ? end.asset : end.currency;
}

/** A payment from `assetIn` to `assetOut` (or a single conversion between them) is forbidden. */
export function corridorViolation(
  policies: Policies,
  assets: AssetLookup,
  assetIn: string,
  assetOut: string,
  what: string,
): PolicyViolation | undefined {
  for (const rule of policies.forbiddenCorridors) {
    if (matches(rule.from, assets.get(assetIn)) && matches(rule.to, assets.get(assetOut))) {
      return {
        rule: 'forbidden-corridor',
        message: `${what} ${assetIn} → ${assetOut} is in the forbidden corridor ${describeEnd(rule.from)} → ${describeEnd(rule.to)}: ${rule.reason}`,
      };
    }
  }
  return undefined;
}

/** Rules that depend on the venue alone: forbidden venues and forbidden conversions. */
export function edgeViolation(
  policies: Policies,
  assets: AssetLookup,
  edge: Edge,
): PolicyViolation | undefined {
  const forbidden = policies.forbiddenVenues.find((rule) => rule.venue === edge.venue);
  if (forbidden)
    return {
      rule: 'forbidden-venue',
      message: `venue ${edge.venue} is forbidden: ${forbidden.reason}`,
    };
  return corridorViolation(
    policies,
    assets,
    edge.assetIn,
    edge.assetOut,
    `conversion at ${edge.venue}`,
  );
}

/** Allow-lists: the org paying into a venue must be listed for it. */
export function allowListViolation(
  policies: Policies,
  venue: string,
  payer: AccountId,
): PolicyViolation | undefined {
  const org = orgOf(payer);
  for (const rule of policies.allowLists) {
    if (rule.venue === venue && !rule.orgs.includes(org)) {
      return { rule: 'allow-list', message: `${org} may not pay into ${venue}: ${rule.reason}` };
    }
  }
  return undefined;
}

/** A limit on what one payment moves of an asset; a daily one says whose and what is left. */
export type PaymentLimit = Policies['limits'][number] & {
  daily?: { org: OrgId; maxAmount: bigint; day?: string };
};

const DAY_MS = 86_400_000;

/** The day utcDay last formatted: a run asks for the same day at every payment. */
let lastDay = { day: NaN, text: '' };

/** The UTC day of a time on the run's clock, e.g. "2026-03-02". */
export function utcDay(nowMs: number): string {
  const day = Math.floor(nowMs / DAY_MS);
  if (day !== lastDay.day)
    lastDay = { day, text: new Date(day * DAY_MS).toISOString().slice(0, 10) };
  return lastDay.text;
}

/**
 * The limits on this payment: the per-payment ones, and what is left of each daily limit on
 * the payer's org and asset after what the org already sent that day (request.sentToday).
 */
export function paymentLimits(policies: Policies, request: RouteRequest): PaymentLimit[] {
  const org = orgOf(request.payer);
  const limits: PaymentLimit[] = [...policies.limits];
  for (const daily of policies.dailyLimits) {
    if (daily.org !== org || daily.asset !== request.payerAsset) continue;
    const left = daily.maxAmount - (request.sentToday ?? 0n);
    limits.push({
      asset: daily.asset,
      maxAmount: left > 0n ? left : 0n,
      reason: daily.reason,
      daily: {
        org,
        maxAmount: daily.maxAmount,
        ...(request.nowMs === undefined ? {} : { day: utcDay(request.nowMs) }),
      },
    });
  }
  return limits;
}

/** "the per-payment limit of 5,000,000.00 hkdx", or a daily limit with what is left of it. */
export function describeLimit(assets: AssetLookup, limit: PaymentLimit): string {
  const amount = (value: bigint) => describeAmount(assets, limit.asset, value);
  if (!limit.daily) return `the per-payment limit of ${amount(limit.maxAmount)}`;
  const { org, maxAmount, day } = limit.daily;
  return `${org}'s daily limit of ${amount(maxAmount)} (${amount(limit.maxAmount)} left${day === undefined ? '' : ` on ${day}`})`;
}

/** Per-payment limits: the most of each asset the plan moves through any point of a path. */
export function limitViolations(
  limits: readonly PaymentLimit[],
  assets: AssetLookup,
  legs: readonly PlanLeg[],
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const limit of limits) {
    let spent = 0n;
    let received = 0n;
    for (const leg of legs) {
      if (leg.assetIn === limit.asset) spent += leg.amountIn;
      if (leg.assetOut === limit.asset) received += leg.amountOut;
    }
    const moved = spent > received ? spent : received;
    if (moved > limit.maxAmount) {
      violations.push({
        rule: 'limit',
        message: `moves ${describeAmount(assets, limit.asset, moved)}, above ${describeLimit(assets, limit)}: ${limit.reason}`,
      });
    }
  }
  return violations;
}

/** Every policy rule against a finished plan. Empty when the plan may settle. */
export function checkPolicy(plan: Plan, scenario: Scenario): PolicyViolation[] {
  return policyChecker(scenario)(plan);
}

/**
 * checkPolicy for many plans of one scenario, its assets and venues indexed by id once rather
 * than for each plan and each leg (settlement re-checks every payment's plan).
 */
export function policyChecker(scenario: Scenario): (plan: Plan) => PolicyViolation[] {
  const { policies } = scenario;
  const assets: AssetLookup = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const venues = new Map(scenario.venues.map((venue) => [venue.id, venue]));
  return (plan) => {
    const violations: PolicyViolation[] = [];
    const payment = corridorViolation(
      policies,
      assets,
      plan.payerAsset,
      plan.payeeAsset,
      'payment',
    );
    if (payment) violations.push(payment);
    const legs = plan.paths.flatMap((path) => path.legs);
    for (const leg of legs) {
      const forbidden = policies.forbiddenVenues.find((rule) => rule.venue === leg.venue);
      if (forbidden)
        violations.push({
          rule: 'forbidden-venue',
          message: `venue ${leg.venue} is forbidden: ${forbidden.reason}`,
        });
      const corridor = corridorViolation(
        policies,
        assets,
        leg.assetIn,
        leg.assetOut,
        `conversion at ${leg.venue}`,
      );
      if (corridor) violations.push(corridor);
      const allowed = allowListViolation(policies, leg.venue, leg.from);
      if (allowed) violations.push(allowed);
      const venue = venues.get(leg.venue);
      if (venue?.type === 'ramp' && venue.redemptionsPaused && leg.assetIn === venue.stablecoin) {
        violations.push({
          rule: 'redemptions-paused',
          message: `${venue.operator} has paused redemptions at ${venue.id}`,
        });
      }
    }
    violations.push(...limitViolations(policies.limits, assets, legs));
    return violations;
  };
}

/** The first venue on the path outside its operating hours at `nowMs`, if any. */
export function closedVenue(edges: readonly Edge[], nowMs: number): Edge | undefined {
  return edges.find((edge) => !isOpen(edge.hours, nowMs));
}

/**
 * What each org's payments sent per asset and UTC day, for daily limits: a payment counts once
 * it has a plan (a requote of the same payment replaces its amount), and stops counting if it
 * ends without moving money. Only payments in flight are remembered one by one.
 */
export class DailyVolumes {
  /** Payments in flight: what each counts, and where. */
  private readonly byPayment = new Map<string, { key: string; amount: bigint }>();
  private readonly totals = new Map<string, bigint>();

  sent(org: OrgId, asset: string, nowMs: number): bigint {
    return this.totals.get(`${org} ${asset} ${utcDay(nowMs)}`) ?? 0n;
  }

  record(payment: string, org: OrgId, asset: string, nowMs: number, amount: bigint): void {
    const previous = this.byPayment.get(payment);
    if (previous) this.add(previous.key, -previous.amount);
    const key = `${org} ${asset} ${utcDay(nowMs)}`;
    this.byPayment.set(payment, { key, amount });
    this.add(key, amount);
  }

  /** A payment ended: what it counts stays counted if it moved money, and is forgotten if not. */
  ended(payment: string, movedMoney: boolean): void {
    const counted = this.byPayment.get(payment);
    if (!counted) return;
    this.byPayment.delete(payment);
    if (!movedMoney) this.add(counted.key, -counted.amount);
  }

  private add(key: string, amount: bigint): void {
    this.totals.set(key, (this.totals.get(key) ?? 0n) + amount);
  }
}
