// Policy cross-checks: every venue, asset, currency and org a rule names must exist.
import type { PathSegment } from './problems';
import type { Resolver } from './resolver';
import type { PoliciesEntry } from './schema';
import type { CorridorEnd, Policies } from './types';

const NO_REASON = 'scenario policy';

export function resolvePolicies(resolver: Resolver, entry: PoliciesEntry): Policies {
  const at = (...segments: PathSegment[]) => ['policies', ...segments];
  const currencies = new Set([...resolver.assets.values()].map((asset) => asset.currency));
  const corridorEnd = (end: CorridorEnd, path: PathSegment[]): void => {
    if ('asset' in end) resolver.asset(end.asset, [...path, 'asset']);
    else if (!currencies.has(end.currency)) {
      resolver.problem([...path, 'currency'], `no asset has currency ${end.currency}`);
    }
  };

  entry.forbiddenVenues.forEach((rule, i) =>
    resolver.venueKnown(rule.venue, at('forbiddenVenues', i, 'venue')),
  );
  entry.forbiddenCorridors.forEach((rule, i) => {
    corridorEnd(rule.from, at('forbiddenCorridors', i, 'from'));
    corridorEnd(rule.to, at('forbiddenCorridors', i, 'to'));
  });
  const limits: Policies['limits'] = [];
  entry.limits.forEach((rule, i) => {
    const asset = resolver.asset(rule.asset, at('limits', i, 'asset'));
    const maxAmount = asset && resolver.amount(rule.maxAmount, asset, at('limits', i, 'maxAmount'));
    if (maxAmount !== undefined) {
      limits.push({ asset: rule.asset, maxAmount, reason: rule.reason ?? NO_REASON });
    }
  });
  const dailyLimits: Policies['dailyLimits'] = [];
  entry.dailyLimits.forEach((rule, i) => {
    resolver.org(rule.org, at('dailyLimits', i, 'org'));
    const asset = resolver.asset(rule.asset, at('dailyLimits', i, 'asset'));
    const path = at('dailyLimits', i, 'maxAmount');
    const maxAmount = asset && resolver.amount(rule.maxAmount, asset, path);
    if (maxAmount !== undefined) {
      const { org, asset: id } = rule;
      dailyLimits.push({ org, asset: id, maxAmount, reason: rule.reason ?? NO_REASON });
    }
  });
  entry.allowLists.forEach((rule, i) => {
    resolver.venueKnown(rule.venue, at('allowLists', i, 'venue'));
    rule.orgs.forEach((org, j) => resolver.org(org, at('allowLists', i, 'orgs', j)));
  });

  return {
    forbiddenVenues: entry.forbiddenVenues.map((rule) => ({
      venue: rule.venue,
      reason: rule.reason ?? NO_REASON,
    })),
    forbiddenCorridors: entry.forbiddenCorridors.map((rule) => ({
      from: rule.from,
      to: rule.to,
      reason: rule.reason ?? NO_REASON,
    })),
    limits,
    allowLists: entry.allowLists.map((rule) => ({
      venue: rule.venue,
      orgs: rule.orgs,
      reason: rule.reason ?? NO_REASON,
    })),
    dailyLimits,
  };
}
