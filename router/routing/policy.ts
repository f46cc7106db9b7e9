// Scenario policies: forbidden venues and corridors, per-payment limits, allow-lists of who may
// pay into a venue, and closed redemptions. The router applies them while routing (structural
// rules prune edges and paths before any quote; limits are checked on quoted amounts), and
// settlement calls checkPolicy on the finished plan again before it moves any money.
import type { AccountId } from '../../chaincode/src/core/types';
import type { CorridorEnd, Policies, Scenario, ScenarioAsset } from '../scenario/types';
import type { Edge } from './graph';
import { describeAmount } from './money';
import { orgOf } from './path-ops';
import type { Plan, PlanLeg } from './plan';

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

/** Per-payment limits: the most of each asset the plan moves through any point of a path. */
export function limitViolations(
  policies: Policies,
  assets: AssetLookup,
  legs: readonly PlanLeg[],
): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const limit of policies.limits) {
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
        message: `moves ${describeAmount(assets, limit.asset, moved)}, above the per-payment limit of ${describeAmount(assets, limit.asset, limit.maxAmount)}: ${limit.reason}`,
      });
    }
  }
  return violations;
}

/** Every policy rule against a finished plan. Empty when the plan may settle. */
export function checkPolicy(plan: Plan, scenario: Scenario): PolicyViolation[] {
  const { policies } = scenario;
  const assets: AssetLookup = new Map(scenario.assets.map((asset) => [asset.id, asset]));
  const violations: PolicyViolation[] = [];
  const payment = corridorViolation(policies, assets, plan.payerAsset, plan.payeeAsset, 'payment');
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
    const venue = scenario.venues.find((candidate) => candidate.id === leg.venue);
    if (venue?.type === 'ramp' && venue.redemptionsPaused && leg.assetIn === venue.stablecoin) {
      violations.push({
        rule: 'redemptions-paused',
        message: `${venue.operator} has paused redemptions at ${venue.id}`,
      });
    }
  }
  violations.push(...limitViolations(policies, assets, legs));
  return violations;
}
