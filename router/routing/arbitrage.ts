// Arbitrage detection: a cycle of venues whose marginal rates multiply to more than 1 is a
// negative cycle under weights −log(rate · (1 − fee)). Bellman-Ford finds candidates with
// floating-point weights (a heuristic, never used for money); each is then confirmed exactly
// with rationals. Routing never walks a cycle (paths are simple); this only reports them.
import { BPS_DENOMINATOR, type Rational } from '../../chaincode/src/core/types';
import { approximate, approximateLog, compare, ONE } from '../scenario/rational';
import type { Edge } from './graph';
import { poolSides, type MarketState } from './market';

export interface ArbitrageCycle {
  /** Edge ids around the cycle, starting and ending at `assets[0]`. */
  edges: string[];
  assets: string[];
  /** Gain of one small unit sent around the cycle, in bps (approximate, for display). */
  gainBps: number;
}

const MAX_CYCLES = 3;

/** a·b without reducing: rates here are only compared, and gcd would dominate the cost. */
function product(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** The marginal (infinitesimal-size) rate of an edge, fees included, at the current market. */
function feeFactor(feeBps: number): Rational {
  return { num: BPS_DENOMINATOR - BigInt(feeBps), den: BPS_DENOMINATOR };
}

export function marginalRate(edge: Edge, market: MarketState): Rational | undefined {
  switch (edge.kind) {
    case 'transfer':
      return feeFactor(edge.feeBps);
    case 'fx-quote': {
      const quote = market.quote(edge.quote);
      return quote && quote.maxIn > 0n ? product(quote.rate, feeFactor(quote.feeBps)) : undefined;
    }
    case 'amm': {
      const pool = market.pool(edge.pool);
      if (!pool) return undefined;
      // The core prices on reserve + pending; only the actual reserve can pay out.
      const { effectiveIn, effectiveOut, reserveOut } = poolSides(pool, edge.assetIn);
      return effectiveIn > 0n && reserveOut > 0n
        ? product({ num: effectiveOut, den: effectiveIn }, feeFactor(pool.feeBps))
        : undefined;
    }
    default:
      return edge.stages.reduce(product, feeFactor(edge.feeBps));
  }
}

export function findArbitrage(edges: readonly Edge[], market: MarketState): ArbitrageCycle[] {
  const priced = edges.flatMap((edge) => {
    // A transfer is a self-loop that can only lose value: never part of an arbitrage.
    const rate = edge.kind === 'transfer' ? undefined : marginalRate(edge, market);
    return rate && rate.num > 0n ? [{ edge, rate, weight: -approximateLog(rate) }] : [];
  });
  const cycles: ArbitrageCycle[] = [];
  const removed = new Set<string>();
  for (let round = 0; round < MAX_CYCLES; round++) {
    const cycle = negativeCycle(priced.filter((entry) => !removed.has(entry.edge.id)));
    if (!cycle) break;
    // Drop the cycle's first edge and look again, so each report is a different loop.
    removed.add(cycle[0]?.edge.id ?? '');
    const gain = cycle.reduce((acc, entry) => product(acc, entry.rate), ONE);
    if (compare(gain, ONE) <= 0) continue;
    cycles.push({
      edges: cycle.map((entry) => entry.edge.id),
      assets: [...cycle.map((entry) => entry.edge.assetIn), cycle[0]?.edge.assetIn ?? ''],
      gainBps: Math.round((approximate(gain) - 1) * 10_000 * 100) / 100,
    });
  }
  return cycles;
}

type Priced = { edge: Edge; rate: Rational; weight: number };

/** One negative cycle (Bellman-Ford from a virtual source), or undefined. */
function negativeCycle(priced: readonly Priced[]): Priced[] | undefined {
  const assets = new Set(priced.flatMap(({ edge }) => [edge.assetIn, edge.assetOut]));
  const distance = new Map([...assets].map((asset) => [asset, 0]));
  const via = new Map<string, Priced>();
  const EPSILON = 1e-12;
  let relaxed: Priced | undefined;
  for (let round = 0; round < assets.size; round++) {
    relaxed = undefined;
    for (const entry of priced) {
      const candidate = (distance.get(entry.edge.assetIn) ?? 0) + entry.weight;
      if (candidate < (distance.get(entry.edge.assetOut) ?? 0) - EPSILON) {
        distance.set(entry.edge.assetOut, candidate);
        via.set(entry.edge.assetOut, entry);
        relaxed = entry;
      }
    }
    if (!relaxed) return undefined;
  }
  if (!relaxed) return undefined;
  // Walk back |V| steps to land inside the cycle, then collect it.
  let asset = relaxed.edge.assetOut;
  for (let i = 0; i < assets.size; i++) asset = via.get(asset)?.edge.assetIn ?? asset;
  const cycle: Priced[] = [];
  let current = asset;
  do {
    const entry = via.get(current);
    if (!entry) return undefined;
    cycle.unshift(entry);
    current = entry.edge.assetIn;
  } while (current !== asset && cycle.length <= assets.size);
  return current === asset ? cycle : undefined;
}
