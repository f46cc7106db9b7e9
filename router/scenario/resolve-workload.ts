// Workload cross-checks: corridors name known assets and accounts declared on those assets'
// ledgers; amount distributions are converted to minor units of the asset they are quoted in.
import type { PathSegment } from './problems';
import type { Resolver } from './resolver';
import type { AmountsEntry, CorridorEntry, WorkloadEntry } from './schema';
import type {
  AmountDistribution,
  ScenarioAsset,
  Workload,
  WorkloadCorridor,
  WorkloadProfile,
} from './types';

/** ln-amount spread beyond which amounts span more than ~40 orders of magnitude. */
const MAX_LOG_NORMAL_SIGMA = 10n;

export function resolveWorkload(resolver: Resolver, entry: WorkloadEntry): Workload {
  for (const [group, accounts] of Object.entries(entry.groups)) {
    accounts.forEach((account, i) => {
      if (![...resolver.accounts.values()].some((known) => known.id === account)) {
        resolver.problem(['workload', 'groups', group, i], `unknown account "${account}"`);
      }
    });
  }
  if (!Object.hasOwn(entry.profiles, entry.defaultProfile)) {
    resolver.problem(['workload', 'defaultProfile'], `unknown profile "${entry.defaultProfile}"`);
  }
  const profiles: Record<string, WorkloadProfile> = {};
  for (const [name, profile] of Object.entries(entry.profiles)) {
    const path: PathSegment[] = ['workload', 'profiles', name];
    const corridors: WorkloadCorridor[] = [];
    const names = new Map<string, string>();
    profile.corridors.forEach((corridor, i) => {
      const corridorPath = [...path, 'corridors', i];
      if (!resolver.unique(names, corridor.name, [...corridorPath, 'name'], 'corridor name'))
        return;
      const resolved = resolveCorridor(resolver, entry, corridor, corridorPath, {
        amounts: profile.amounts,
        path: [...path, 'amounts'],
      });
      if (resolved) corridors.push(resolved);
    });
    profiles[name] = {
      name,
      description: profile.description,
      ratePerSecond: profile.ratePerSecond,
      corridors,
      ...(profile.maxCostBps === undefined ? {} : { maxCostBps: profile.maxCostBps }),
    };
  }
  return { defaultProfile: entry.defaultProfile, profiles };
}

function resolveCorridor(
  resolver: Resolver,
  workload: WorkloadEntry,
  corridor: CorridorEntry,
  path: PathSegment[],
  fallback: { amounts: AmountsEntry | undefined; path: PathSegment[] },
): WorkloadCorridor | undefined {
  const payerAsset = resolver.asset(corridor.from.asset, [...path, 'from', 'asset']);
  const payeeAsset = resolver.asset(corridor.to.asset, [...path, 'to', 'asset']);
  const payers =
    payerAsset &&
    accountList(resolver, workload, corridor.from.accounts, payerAsset, [
      ...path,
      'from',
      'accounts',
    ]);
  const payees =
    payeeAsset &&
    accountList(resolver, workload, corridor.to.accounts, payeeAsset, [...path, 'to', 'accounts']);
  const amountsEntry = corridor.amounts ?? fallback.amounts;
  if (!amountsEntry) {
    resolver.problem([...path, 'amounts'], 'required (the profile sets no default amounts)');
    return undefined;
  }
  const quotedIn = corridor.amountIs === 'send' ? payerAsset : payeeAsset;
  if (!payerAsset || !payeeAsset || !payers || !payees || !quotedIn) return undefined;
  const amountsPath = corridor.amounts ? [...path, 'amounts'] : fallback.path;
  const amounts = resolveAmounts(resolver, amountsEntry, quotedIn, amountsPath);
  if (!amounts) return undefined;
  return {
    name: corridor.name,
    weight: corridor.weight,
    payerAsset: payerAsset.id,
    payers,
    payeeAsset: payeeAsset.id,
    payees,
    amountIs: corridor.amountIs,
    amounts,
  };
}

function accountList(
  resolver: Resolver,
  workload: WorkloadEntry,
  reference: string | string[],
  asset: ScenarioAsset,
  path: PathSegment[],
): string[] | undefined {
  let accounts: string[];
  if (typeof reference === 'string') {
    const group = Object.hasOwn(workload.groups, reference)
      ? workload.groups[reference]
      : undefined;
    if (!group) {
      resolver.problem(path, `unknown account group "${reference}"`);
      return undefined;
    }
    accounts = group;
  } else {
    accounts = reference;
  }
  const before = resolver.problems.length;
  accounts.forEach((account, i) => {
    const where = typeof reference === 'string' ? path : [...path, i];
    resolver.account(account, asset.ledger, where);
  });
  return resolver.problems.length === before ? accounts : undefined;
}

function resolveAmounts(
  resolver: Resolver,
  entry: AmountsEntry,
  asset: ScenarioAsset,
  path: PathSegment[],
): AmountDistribution | undefined {
  const amount = (text: string, ...segments: PathSegment[]) =>
    resolver.amount(text, asset, [...path, ...segments]);
  switch (entry.kind) {
    case 'fixed': {
      const value = amount(entry.amount, 'amount');
      return value === undefined ? undefined : { kind: 'fixed', amount: value };
    }
    case 'buckets': {
      const buckets: Array<{ min: bigint; max: bigint; weight: number }> = [];
      entry.buckets.forEach((bucket, i) => {
        const min = amount(bucket.min, 'buckets', i, 'min');
        const max = amount(bucket.max, 'buckets', i, 'max');
        if (min === undefined || max === undefined) return;
        if (min > max) resolver.problem([...path, 'buckets', i, 'max'], 'must not be below min');
        else buckets.push({ min, max, weight: bucket.weight });
      });
      return buckets.length === entry.buckets.length ? { kind: 'buckets', buckets } : undefined;
    }
    case 'log-normal': {
      const median = amount(entry.median, 'median');
      const min = amount(entry.min, 'min');
      const max = amount(entry.max, 'max');
      const sigma = resolver.rate(entry.sigma, [...path, 'sigma']);
      if (median === undefined || min === undefined || max === undefined || !sigma)
        return undefined;
      if (min > median || median > max) {
        resolver.problem([...path, 'median'], 'must lie between min and max');
        return undefined;
      }
      // e^(sigma · z) for the sampler's extreme quantiles must stay a finite float.
      if (sigma.num > MAX_LOG_NORMAL_SIGMA * sigma.den) {
        resolver.problem(
          [...path, 'sigma'],
          `must be at most ${MAX_LOG_NORMAL_SIGMA}, got "${entry.sigma}"`,
        );
        return undefined;
      }
      return { kind: 'log-normal', median, sigma, min, max };
    }
  }
}
