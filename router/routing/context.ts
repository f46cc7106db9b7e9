// What a router knows of its scenario before any payment: the graph, the venues no structural
// policy rules out, the strategies, reference rates for cost, and how each replay mode quotes.
import type { Scenario } from '../scenario/types';
import { type FxTable, scenarioFxTable } from './cost';
import { buildGraph, type Edge, type RoutingGraph } from './graph';
import { edgeLatencyMs } from './latency';
import type { ReplayMode } from './market';
import { candidateEdges, type Candidates } from './paths';
import type { QuoteOptions } from './quote';
import { strategyRegistry } from './strategies';
import type { RoutingStrategy } from './strategies/types';

export interface RoutingContext {
  scenario: Scenario;
  graph: RoutingGraph;
  /** Venues no structural policy rules out (the same for every payment). */
  candidates: Candidates;
  replayOptions: ReadonlyMap<ReplayMode, QuoteOptions>;
  strategyNames: ReadonlySet<string>;
  fx: FxTable;
  strategies: ReadonlyMap<string, RoutingStrategy>;
  /** Report arbitrage cycles in diagnostics (costs a read of every nearby pool and quote). */
  detectArbitrage: boolean;
}

export function createRoutingContext(
  scenario: Scenario,
  options: { strategies?: readonly RoutingStrategy[]; detectArbitrage?: boolean } = {},
): RoutingContext {
  const graph = buildGraph(scenario);
  const strategies = strategyRegistry(options.strategies);
  return {
    scenario,
    graph,
    candidates: candidateEdges(graph.edges, scenario.policies, graph.assets),
    replayOptions: replayOptions(scenario.settlement),
    fx: scenarioFxTable(scenario),
    strategies,
    strategyNames: new Set(strategies.keys()),
    detectArbitrage: options.detectArbitrage ?? true,
  };
}

/** How paths are quoted in each replay mode (edge latencies are static: memoised). */
function replayOptions(settlement: Scenario['settlement']): Map<ReplayMode, QuoteOptions> {
  const latencies = new Map<Edge, number>();
  const edgeLatency = (edge: Edge): number => {
    let latency = latencies.get(edge);
    if (latency === undefined) {
      latency = edgeLatencyMs(edge, settlement);
      latencies.set(edge, latency);
    }
    return latency;
  };
  const { slippageToleranceBps } = settlement;
  return new Map(
    (['batch', 'hold'] as const).map((mode) => [
      mode,
      { mode, edgeLatencyMs: edgeLatency, slippageToleranceBps },
    ]),
  );
}
