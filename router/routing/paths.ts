// Candidate venues and simple paths. Candidates are the edges no structural policy forbids;
// paths are simple in assets (no asset visited twice, so no cycle - and in particular no
// arbitrage loop - is ever walked), at most maxHops long, shortest first (iterative deepening),
// each search pruned by the hop distance to the payee asset. A same-asset payment is a single
// transfer. When a big graph has more paths than a payment may price (maxPaths), the search
// goes on up to SEARCH_LIMIT paths and ranks them by the scenario's own rates
// (Edge.estimateLog), rather than dropping the longest ones blindly: the best maxPaths are
// priced first, and up to LATER_PAGES further pages of the next best are kept for a payment
// none of the first can carry (the estimate knows rates, not live capacity).
import type { Policies, ScenarioAsset } from '../scenario/types';
import type { Edge } from './graph';
import { edgeViolation, type PolicyViolation } from './policy';

export interface Candidates {
  edges: Edge[];
  excluded: Array<{ edge: Edge; violation: PolicyViolation }>;
}

export function candidateEdges(
  edges: readonly Edge[],
  policies: Policies,
  assets: ReadonlyMap<string, ScenarioAsset>,
): Candidates {
  const kept: Edge[] = [];
  const excluded: Candidates['excluded'] = [];
  for (const edge of edges) {
    const violation = edgeViolation(policies, assets, edge);
    if (violation) excluded.push({ edge, violation });
    else kept.push(edge);
  }
  return { edges: kept, excluded };
}

export interface PathSearch {
  paths: Edge[][];
  /** True when more than maxPaths paths exist, so some were left out. */
  truncated: boolean;
  /** The next best pages of at most maxPaths paths each (only when truncated). */
  later: Edge[][][];
}

/** Paths a search visits at most before ranking them. */
export const SEARCH_LIMIT = 20_000;
/** Pages kept beyond the first, for payments the first page cannot carry. */
export const LATER_PAGES = 3;

export interface PathLimits {
  maxHops: number;
  maxPaths: number;
}

export function enumeratePaths(
  edges: readonly Edge[],
  from: string,
  to: string,
  limits: PathLimits,
): PathSearch {
  const found = simplePaths(
    edges,
    from,
    to,
    limits.maxHops,
    Math.max(limits.maxPaths, SEARCH_LIMIT),
  );
  if (found.paths.length <= limits.maxPaths) return { ...found, later: [] };
  // Best estimated first; ties to fewer hops, then to the search order (all deterministic).
  const ranked = found.paths.map((path, index) => ({
    index,
    estimate: path.reduce((sum, edge) => sum + edge.estimateLog, 0),
  }));
  ranked.sort((a, b) => b.estimate - a.estimate || a.index - b.index);
  // Each page in search order (shortest first), as an untruncated search returns them.
  const page = (number: number): Edge[][] =>
    ranked
      .slice(number * limits.maxPaths, (number + 1) * limits.maxPaths)
      .map(({ index }) => index)
      .sort((a, b) => a - b)
      .map((index) => found.paths[index] ?? []);
  const later: Edge[][][] = [];
  for (let number = 1; number <= LATER_PAGES && number * limits.maxPaths < ranked.length; number++)
    later.push(page(number));
  return { paths: page(0), truncated: true, later };
}

/** Simple paths, shortest first, at most `maxPaths` of them (cut blindly past that). */
export function simplePaths(
  edges: readonly Edge[],
  from: string,
  to: string,
  maxHops: number,
  maxPaths: number,
): Omit<PathSearch, 'later'> {
  if (from === to) {
    const transfers = edges.filter((edge) => edge.kind === 'transfer' && edge.assetIn === from);
    return {
      paths: transfers.slice(0, maxPaths).map((edge) => [edge]),
      truncated: transfers.length > maxPaths,
    };
  }
  const conversions = edges.filter((edge) => edge.kind !== 'transfer');
  // The walk below is the costly part of routing a new corridor on a big graph: it runs on
  // assets numbered densely, over arrays, rather than on Maps and Sets keyed by asset name.
  const numbers = new Map<string, number>();
  const numberOf = (asset: string): number => {
    let number = numbers.get(asset);
    if (number === undefined) {
      number = numbers.size;
      numbers.set(asset, number);
    }
    return number;
  };
  const outgoing: Edge[][] = [];
  const outgoingTo: number[][] = [];
  for (const edge of conversions) {
    const asset = numberOf(edge.assetIn);
    const next = numberOf(edge.assetOut);
    (outgoing[asset] ??= []).push(edge);
    (outgoingTo[asset] ??= []).push(next);
  }
  const start = numberOf(from);
  const target = numberOf(to);
  /** Fewest hops from each asset to the target, -1 where it cannot be reached. */
  const remainingHops = new Int32Array(numbers.size).fill(-1);
  for (const [asset, hops] of hopsTo(conversions, to)) remainingHops[numberOf(asset)] = hops;
  const paths: Edge[][] = [];
  let truncated = false;
  const visited = new Uint8Array(numbers.size);
  visited[start] = 1;
  const stack: Edge[] = [];

  // Depth-first search for paths of exactly `length` edges.
  const walk = (asset: number, length: number): void => {
    const edgesOut = outgoing[asset] ?? [];
    const targets = outgoingTo[asset] ?? [];
    for (let index = 0; index < edgesOut.length; index++) {
      if (truncated) return;
      const next = targets[index]!;
      if (visited[next] === 1) continue;
      const remaining = remainingHops[next]!;
      if (remaining < 0 || stack.length + 1 + remaining > length) continue;
      stack.push(edgesOut[index]!);
      if (next === target) {
        if (stack.length === length) {
          if (paths.length >= maxPaths) truncated = true;
          else paths.push([...stack]);
        }
      } else {
        visited[next] = 1;
        walk(next, length);
        visited[next] = 0;
      }
      stack.pop();
    }
  };
  // Shortest paths first, so a cap on the number of paths drops the longest ones.
  for (let length = 1; length <= maxHops && !truncated; length++) walk(start, length);
  return { paths, truncated };
}

/** Fewest hops from each asset to `target` (breadth-first over reversed edges). */
function hopsTo(edges: readonly Edge[], target: string): Map<string, number> {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) {
    const list = incoming.get(edge.assetOut) ?? [];
    list.push(edge.assetIn);
    incoming.set(edge.assetOut, list);
  }
  const distance = new Map<string, number>([[target, 0]]);
  const queue = [target];
  for (let head = 0; head < queue.length; head++) {
    const asset = queue[head] ?? '';
    const hops = distance.get(asset) ?? 0;
    for (const previous of incoming.get(asset) ?? []) {
      if (distance.has(previous)) continue;
      distance.set(previous, hops + 1);
      queue.push(previous);
    }
  }
  return distance;
}
