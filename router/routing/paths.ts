// Candidate venues and simple paths. Candidates are the edges no structural policy forbids;
// paths are simple in assets (no asset visited twice, so no cycle - and in particular no
// arbitrage loop - is ever walked), at most maxHops long, shortest first (iterative deepening),
// each search pruned by the hop distance to the payee asset. A same-asset payment is a single
// transfer.
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
  /** True when maxPaths cut the search short. */
  truncated: boolean;
}

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
  if (from === to) {
    const transfers = edges.filter((edge) => edge.kind === 'transfer' && edge.assetIn === from);
    return {
      paths: transfers.slice(0, limits.maxPaths).map((edge) => [edge]),
      truncated: transfers.length > limits.maxPaths,
    };
  }
  const conversions = edges.filter((edge) => edge.kind !== 'transfer');
  const outgoing = new Map<string, Edge[]>();
  for (const edge of conversions) {
    const list = outgoing.get(edge.assetIn) ?? [];
    list.push(edge);
    outgoing.set(edge.assetIn, list);
  }
  const distance = hopsTo(conversions, to);
  const paths: Edge[][] = [];
  let truncated = false;
  const visited = new Set<string>([from]);
  const stack: Edge[] = [];

  // Depth-first search for paths of exactly `length` edges.
  const walk = (asset: string, length: number): void => {
    for (const edge of outgoing.get(asset) ?? []) {
      if (truncated) return;
      const next = edge.assetOut;
      if (visited.has(next)) continue;
      const remaining = distance.get(next);
      if (remaining === undefined || stack.length + 1 + remaining > length) continue;
      stack.push(edge);
      if (next === to) {
        if (stack.length === length) {
          if (paths.length >= limits.maxPaths) truncated = true;
          else paths.push([...stack]);
        }
      } else {
        visited.add(next);
        walk(next, length);
        visited.delete(next);
      }
      stack.pop();
    }
  };
  // Shortest paths first, so a cap on the number of paths drops the longest ones.
  for (let length = 1; length <= limits.maxHops && !truncated; length++) walk(from, length);
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
