// What a routing call returns: a plan or a typed failure, with what the router saw on the way.
import type { ArbitrageCycle } from './arbitrage';
import type { RouteError } from './errors';
import type { Plan } from './plan';

export interface RouteDiagnostics {
  candidateVenues: number;
  pathsConsidered: number;
  /** True when the path search hit maxPaths. */
  pathsTruncated: boolean;
  /** Profitable cycles among the venues this payment could use (never walked). */
  arbitrage: ArbitrageCycle[];
  /** Venues and paths left out by policy, with why. */
  excluded: string[];
}

export type RouteOutcome =
  | { ok: true; value: Plan; diagnostics: RouteDiagnostics }
  | { ok: false; error: RouteError; diagnostics?: RouteDiagnostics };
