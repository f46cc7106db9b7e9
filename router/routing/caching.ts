// Caching as a wrapper around the preparation stage: the graph is static for a scenario, so
// paths per asset pair and search limits, and payment structures per corridor (accounts,
// assets, protocol, limits), are the same for every payment that repeats them. Each map is
// cleared when it grows past CACHE_LIMIT entries.
import type { RoutingContext } from './context';
import type { PathSearch } from './paths';
import { createPreparation, searchPaths, type Preparation, type Structure } from './prepare';

const CACHE_LIMIT = 4_096;

export function cachedPreparation(context: RoutingContext): Preparation {
  const paths = new Map<string, PathSearch>();
  const structures = new Map<string, Structure>();
  const search: Preparation['search'] = (request) => {
    const { payerAsset, payeeAsset, maxHops, maxPaths } = request;
    return cached(paths, [payerAsset, payeeAsset, maxHops, maxPaths], () =>
      searchPaths(context, request),
    );
  };
  const inner = createPreparation(context, search);
  return {
    search,
    structure: (request, page) => {
      const { payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths } = request;
      const key = [payer, payerAsset, payee, payeeAsset, protocol, maxHops, maxPaths, page];
      return cached(structures, key, () => inner.structure(request, page));
    },
  };
}

function cached<V>(cache: Map<string, V>, parts: ReadonlyArray<string | number>, make: () => V): V {
  const key = parts.join('\u0000');
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}
