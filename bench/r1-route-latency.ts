// R1: single-path routing latency (the `cheapest` strategy, through Router.route: path search
// from the per-corridor cache, one read of live liquidity from the embedded ledger, exact bigint
// quoting, the Plan) at 10, 100 and 1,000 venues, against bare Dijkstra on the same priced graph.
import { formatRatio, round, type BenchOptions, type BenchRow, type Benchmark } from './harness';
import { measureRouteLatency } from './support/route-latency';
import { createRoutingWorld, generatedScenario, samplePayments } from './support/routing-world';

export const VENUE_COUNTS = [10, 100, 1_000] as const;
export const ROUNDS = 5;

export function paymentsPerWorld(options: BenchOptions): number {
  return options.quick ? 30 : 100;
}

export const r1: Benchmark = {
  id: 'R1',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    for (const venues of VENUE_COUNTS) {
      const world = await createRoutingWorld(generatedScenario(venues));
      const payments = samplePayments(world.scenario, paymentsPerWorld(options));
      const result = await measureRouteLatency(world, payments, ['cheapest'], ROUNDS);
      await world.client.close();
      const route = result.strategies.get('cheapest')!;
      const ratio = route.p50Ms / result.dijkstra.p50Ms;
      const spread = route.p99Ms / route.p50Ms;
      const size = `${world.scenario.venues.length} venues, ${world.nodes.size} assets`;
      console.log(
        `R1    ${size}: route p50 ${route.p50Ms.toFixed(3)} ms p99 ${route.p99Ms.toFixed(3)} ms; ` +
          `Dijkstra p50 ${(result.dijkstra.p50Ms * 1000).toFixed(1)} µs (${result.routable.length} payments × ${ROUNDS} rounds)`,
      );
      rows.push({
        id: `R1-${venues}`,
        figure: `route latency p50/p99, single path, ${venues.toLocaleString('en')} venues`,
        baseline: 'bare Dijkstra on the same graph',
        target: '≤ 10×, p99/p50 ≤ 5',
        measured:
          `p50 ${route.p50Ms.toFixed(2)} ms, p99 ${route.p99Ms.toFixed(2)} ms (p99/p50 ${spread.toFixed(1)}); ` +
          `${formatRatio(ratio)} Dijkstra (p50 ${(result.dijkstra.p50Ms * 1000).toFixed(1)} µs); ${size}`,
        met: ratio <= 10 && spread <= 5,
        details: {
          venues: world.scenario.venues.length,
          assets: world.nodes.size,
          payments: result.routable.length,
          unroutablePayments: result.unroutable,
          rounds: ROUNDS,
          routeP50Ms: round(route.p50Ms, 4),
          routeP99Ms: round(route.p99Ms, 4),
          dijkstraP50Ms: round(result.dijkstra.p50Ms, 5),
          dijkstraP99Ms: round(result.dijkstra.p99Ms, 5),
          ratioP50: round(ratio, 2),
          p99OverP50: round(spread, 2),
        },
      });
    }
    return rows;
  },
};
