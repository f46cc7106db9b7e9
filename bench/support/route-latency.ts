// Per-call routing latency on a routing world: each payment routed with each strategy in turn
// (and, for the baseline, one bare Dijkstra search), round after round, so every contender sees
// the same payments under the same machine load.
import { shortestPath } from '../baselines/dijkstra';
import { quantile } from '../harness';
import type { Payment, RoutingWorld } from './routing-world';

export interface LatencySample {
  /** Per-call wall times in ms, pooled over all rounds. */
  samplesMs: number[];
  p50Ms: number;
  p99Ms: number;
}

export interface LatencyResult {
  /** Payments every strategy routed in the warm-up round: only these are timed. */
  routable: Payment[];
  unroutable: number;
  strategies: Map<string, LatencySample>;
  dijkstra: LatencySample;
}

function sample(samplesMs: number[]): LatencySample {
  return { samplesMs, p50Ms: quantile(samplesMs, 0.5), p99Ms: quantile(samplesMs, 0.99) };
}

function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function measureRouteLatency(
  world: RoutingWorld,
  payments: readonly Payment[],
  strategies: readonly string[],
  rounds: number,
): Promise<LatencyResult> {
  const route = (payment: Payment, strategy: string) =>
    world.router.route({ ...payment, strategy });
  const search = (payment: Payment) =>
    shortestPath(
      world.dijkstra,
      world.nodes.get(payment.payerAsset)!,
      world.nodes.get(payment.payeeAsset)!,
    );

  // Warm-up round: also fills the router's per-corridor structure cache, as a long-running
  // router (the simulation) has it filled.
  const routable: Payment[] = [];
  for (const payment of payments) {
    let ok = search(payment) !== undefined;
    for (const strategy of strategies) ok = (await route(payment, strategy)).ok && ok;
    if (ok) routable.push(payment);
  }

  const times = new Map(strategies.map((strategy) => [strategy, [] as number[]]));
  const dijkstraMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const payment of routable) {
      for (const strategy of strategies) {
        const start = process.hrtime.bigint();
        const outcome = await route(payment, strategy);
        times.get(strategy)!.push(elapsedMs(start));
        if (!outcome.ok) throw new Error(`route became unroutable: ${outcome.error.message}`);
      }
      const start = process.hrtime.bigint();
      search(payment);
      dijkstraMs.push(elapsedMs(start));
    }
  }
  return {
    routable,
    unroutable: payments.length - routable.length,
    strategies: new Map([...times].map(([strategy, samplesMs]) => [strategy, sample(samplesMs)])),
    dijkstra: sample(dijkstraMs),
  };
}
