// R1s: split routing latency (the `split` strategy: the best single path, then the amount in
// increments over the most promising paths, re-quoted in full each time) against single-path
// routing (`cheapest`) on the same payments, at 10, 100 and 1,000 venues.
import { formatRatio, round, type BenchOptions, type BenchRow, type Benchmark } from './harness';
import { paymentsPerWorld, ROUNDS, VENUE_COUNTS } from './r1-route-latency';
import { measureRouteLatency } from './support/route-latency';
import { createRoutingWorld, generatedScenario, samplePayments } from './support/routing-world';

export const r1s: Benchmark = {
  id: 'R1s',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const details: BenchRow['details'] = { rounds: ROUNDS };
    const parts: string[] = [];
    let worst = 0;
    for (const venues of VENUE_COUNTS) {
      const world = await createRoutingWorld(generatedScenario(venues));
      const payments = samplePayments(world.scenario, paymentsPerWorld(options));
      const result = await measureRouteLatency(world, payments, ['cheapest', 'split'], ROUNDS);
      await world.client.close();
      const single = result.strategies.get('cheapest')!;
      const split = result.strategies.get('split')!;
      const ratio = split.p50Ms / single.p50Ms;
      worst = Math.max(worst, ratio);
      console.log(
        `R1s   ${world.scenario.venues.length} venues: split p50 ${split.p50Ms.toFixed(3)} ms p99 ${split.p99Ms.toFixed(3)} ms, ` +
          `cheapest p50 ${single.p50Ms.toFixed(3)} ms → ${formatRatio(ratio)} (${result.routable.length} payments × ${ROUNDS} rounds)`,
      );
      parts.push(
        `${venues}: ${formatRatio(ratio)} (${split.p50Ms.toFixed(2)} vs ${single.p50Ms.toFixed(2)} ms)`,
      );
      Object.assign(details, {
        [`venues${venues}Payments`]: result.routable.length,
        [`venues${venues}SplitP50Ms`]: round(split.p50Ms, 4),
        [`venues${venues}SplitP99Ms`]: round(split.p99Ms, 4),
        [`venues${venues}SingleP50Ms`]: round(single.p50Ms, 4),
        [`venues${venues}Ratio`]: round(ratio, 2),
      });
    }
    details.worstRatio = round(worst, 2);
    return [
      {
        id: 'R1s',
        figure: 'split routing latency (p50), 10 / 100 / 1,000 venues',
        baseline: 'single-path routing (cheapest), same payments',
        target: '≤ 10×',
        measured: `split/single p50 by venues — ${parts.join('; ')}`,
        met: worst <= 10,
        details,
      },
    ];
  },
};
