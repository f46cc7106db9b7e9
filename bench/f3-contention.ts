// F3: the share of transactions lost to contention (invalidated at commit, MVCC_READ_CONFLICT /
// PHANTOM_READ_CONFLICT, or refused because the endorsers read different versions of a hot key)
// under 20 concurrent clients, for the hot-key layout (chaincode/src/core/balances.ts,
// supply.ts) against the old one, in one run on one Fabric network
// (bench/fabric/f3-fabric-contention.ts):
//   F3a  20 concurrent payers into one hot account that pays out as often as it is paid
//   F3b  20 concurrent fills against one dealer quote (every fill debits the dealer's book)
// The old layout is the chaincode of the last commit before the new one (see
// bench/fabric/f3-baseline-chaincode.ts), deployed as a second chaincode on the same channel:
// same peers, orderer, endorsement policy, identity and load; rounds alternate the layouts.
// On the embedded backend the same transactions run on the embedded ledger ordered in blocks
// with the bench network's BatchTimeout, block size and commit latency (f3-embedded-contention.ts),
// each layout on its own ledger. Figures are medians over rounds; rounds alternate the layouts.
import { median, round, type BenchRow, type Benchmark } from './harness';
import { BENCH_SCENARIO, withBenchNetwork } from './fabric/bench-network';
import { prepareFabricContention } from './fabric/f3-fabric-contention';
import type { ClassifiedLoad } from './fabric/gateway-load';
import { type EmbeddedRound, prepareEmbeddedContention } from './f3-embedded-contention';
import { type Layout, WORKERS, type Workload } from './f3-workload';
import { loadScenario } from '../router/scenario/load';

const GOAL = 0.01;

const ROWS: Record<Workload, Pick<BenchRow, 'id' | 'figure' | 'baseline' | 'target'>> = {
  hot: {
    id: 'F3a',
    figure: `invalidated share, ${WORKERS} concurrent payers into one hot account that also pays out`,
    baseline: 'the same load on the old layout (one base key per account, debits scan the credits)',
    target: '< 1%',
  },
  dealer: {
    id: 'F3b',
    figure: `invalidated share, ${WORKERS} concurrent fills against one dealer quote`,
    baseline: "the same load on the old layout (one key for the dealer's book)",
    target: '< 1%',
  },
};

/**
 * Lost to contention: invalidated at commit, or refused because the endorsers read different
 * versions of a hot key. Other rejections (a loaded machine's clock tolerance) are not
 * contention and stay out of both counts; they are reported in the details.
 */
const CONTENTION = new Set([
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
  'rejected EndorsementMismatch',
]);

function fabricShare(result: ClassifiedLoad): number {
  const lost = Object.entries(result.invalidBy)
    .filter(([reason]) => CONTENTION.has(reason))
    .reduce((sum, [, count]) => sum + count, 0);
  return lost / (result.committed + lost);
}

const embeddedShare = (result: EmbeddedRound) =>
  result.invalidated / (result.committed + result.invalidated);
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const WORKLOADS = ['hot', 'dealer'] as const;
const LAYOUTS = ['new', 'old'] as const;

/** Runs `rounds` rounds of every workload on every layout, round-robin; results by key. */
async function roundRobin<R>(
  rounds: number,
  run: (layout: Layout, workload: Workload, round: number) => Promise<R>,
): Promise<(workload: Workload, layout: Layout) => R[]> {
  const results = new Map<string, R[]>();
  for (let n = 0; n < rounds; n++) {
    for (const workload of WORKLOADS) {
      for (const layout of LAYOUTS) {
        const key = `${workload} ${layout}`;
        results.set(key, [...(results.get(key) ?? []), await run(layout, workload, n)]);
      }
    }
  }
  return (workload, layout) => results.get(`${workload} ${layout}`)!;
}

/** Every failure reason over the rounds, summed. */
function reasons(results: readonly ClassifiedLoad[]): string {
  const sum: Record<string, number> = {};
  for (const result of results) {
    for (const [reason, count] of Object.entries(result.invalidBy))
      sum[reason] = (sum[reason] ?? 0) + count;
  }
  return JSON.stringify(sum);
}

export const f3: Benchmark = {
  id: 'F3',
  async run({ quick }): Promise<BenchRow[]> {
    const rounds = quick ? 1 : 3;
    const perWorker = quick ? 4 : 10;
    const loaded = await loadScenario(BENCH_SCENARIO);
    if (!loaded.ok) throw new Error(`${BENCH_SCENARIO} does not validate`);
    const ledgers = {
      new: await prepareEmbeddedContention('new', loaded.value),
      old: await prepareEmbeddedContention('old', loaded.value),
    };
    const embedded = await roundRobin(rounds, (layout, workload, n) =>
      ledgers[layout](workload, n, perWorker),
    );
    const fabric = await withBenchNetwork(async (network) => {
      const contention = await prepareFabricContention(network);
      return roundRobin(rounds, (layout, workload, n) =>
        contention.round(layout, workload, n, perWorker),
      );
    });
    return WORKLOADS.map((workload): BenchRow => {
      const fabricNew = median(fabric(workload, 'new').map(fabricShare));
      const fabricOld = median(fabric(workload, 'old').map(fabricShare));
      const embeddedNew = median(embedded(workload, 'new').map(embeddedShare));
      const embeddedOld = median(embedded(workload, 'old').map(embeddedShare));
      const tps = (layout: Layout) =>
        round(median(fabric(workload, layout).map((result) => result.perSecond)), 1);
      return {
        ...ROWS[workload],
        measured: `Fabric ${percent(fabricNew)} (old layout ${percent(fabricOld)}), embedded ${percent(embeddedNew)} (old layout ${percent(embeddedOld)}); ${WORKERS * perWorker} tx per round, median of ${rounds}`,
        met: fabricNew < GOAL && embeddedNew < GOAL,
        details: {
          fabricNewShare: round(fabricNew, 4),
          fabricOldShare: round(fabricOld, 4),
          embeddedNewShare: round(embeddedNew, 4),
          embeddedOldShare: round(embeddedOld, 4),
          fabricNewFailures: reasons(fabric(workload, 'new')),
          fabricOldFailures: reasons(fabric(workload, 'old')),
          fabricNewTps: tps('new'),
          fabricOldTps: tps('old'),
          transactionsPerRound: WORKERS * perWorker,
          rounds,
        },
      };
    });
  },
};
