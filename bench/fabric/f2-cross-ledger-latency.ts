// F2: end-to-end latency of cross-ledger payments on Fabric against single-ledger atomic ones,
// on the same network in the same run. Payments arrive one at a time (0.5/s), so each figure is
// a protocol's own round trips, not queueing: atomic is one transaction; 2PC over two ledgers
// prepares both in parallel, then commits both; HTLC places holds payer → payee, then claims
// payee → payer. Latency is from a payment's arrival to its last ledger receipt (payments.csv).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProtocolChoice } from '../../router/routing/plan';
import type { WorkloadProfile } from '../../router/scenario/types';
import { openBackend } from '../../router/simulation/backend';
import { PAYMENTS_FILE, simulate } from '../../router/simulation/simulate';
import type { BenchRow, Benchmark } from '../harness';
import { median, quantile } from '../harness';
import { withBenchNetwork } from './bench-network';

interface Leg {
  protocol: ProtocolChoice;
  corridor: 'one-ledger' | 'two-ledger';
}

const RUNS: Leg[] = [
  { protocol: 'atomic', corridor: 'one-ledger' },
  { protocol: '2pc', corridor: 'two-ledger' },
  { protocol: 'htlc', corridor: 'two-ledger' },
];

export const f2: Benchmark = {
  id: 'F2',
  async run({ quick }): Promise<BenchRow[]> {
    const payments = quick ? 4 : 12;
    return withBenchNetwork(async ({ runtimeDir, scenario }) => {
      const base = scenario.workload.profiles[scenario.workload.defaultProfile]!;
      const outRoot = mkdtempSync(path.join(os.tmpdir(), 'corridor-f2-'));
      const latencies = new Map<string, number[]>();
      try {
        for (const { protocol, corridor } of RUNS) {
          const profile: WorkloadProfile = {
            ...base,
            corridors: base.corridors.filter((candidate) => candidate.name === corridor),
          };
          const opened = await openBackend({ name: 'fabric', runtimeDir }, scenario, 1);
          if (!opened.ok) throw new Error(opened.error.message);
          const outDir = path.join(outRoot, protocol);
          try {
            await simulate({
              backend: opened.backend,
              scenario,
              profile,
              payments,
              seed: 1,
              strategies: ['cheapest'],
              protocols: [protocol],
              faultSpec: '',
              faults: [],
              outDir,
              ratePerSecond: 0.5,
            });
          } finally {
            await opened.backend.close();
          }
          latencies.set(protocol, settledLatencies(path.join(outDir, PAYMENTS_FILE), protocol));
        }
      } finally {
        rmSync(outRoot, { recursive: true, force: true });
      }
      const p50 = (protocol: string) => median(latencies.get(protocol)!);
      const atomic = p50('atomic');
      const twoPc = p50('2pc') / atomic;
      const htlc = p50('htlc') / atomic;
      const settledCounts = RUNS.map(
        ({ protocol }) => `${protocol} ${latencies.get(protocol)!.length}/${payments}`,
      ).join(', ');
      return [
        {
          id: 'F2',
          figure: 'cross-ledger p50 latency on Fabric',
          baseline: 'a single-ledger atomic payment',
          target: '2pc ≤ 2.2×, htlc ≤ 4.4×',
          measured: `2pc ${twoPc.toFixed(2)}× (${p50('2pc').toFixed(0)} ms), htlc ${htlc.toFixed(2)}× (${p50('htlc').toFixed(0)} ms) vs atomic ${atomic.toFixed(0)} ms p50 (p99 ${quantile(latencies.get('atomic')!, 0.99).toFixed(0)} ms); two ledgers, settled ${settledCounts}`,
          met: twoPc <= 2.2 && htlc <= 4.4,
          details: {
            atomicP50Ms: atomic,
            twoPcP50Ms: p50('2pc'),
            htlcP50Ms: p50('htlc'),
            twoPcRatio: twoPc,
            htlcRatio: htlc,
            atomicP99Ms: quantile(latencies.get('atomic')!, 0.99),
            twoPcP99Ms: quantile(latencies.get('2pc')!, 0.99),
            htlcP99Ms: quantile(latencies.get('htlc')!, 0.99),
            paymentsPerProtocol: payments,
            batchTimeoutMs: scenario.network.batchTimeoutMs,
          },
        },
      ];
    });
  },
};

/** latency_ms of the settled rows settled by `protocol`. */
function settledLatencies(file: string, protocol: string): number[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  const at = (row: string[], name: string) => row[columns.indexOf(name)]!;
  return rows
    .map((line) => line.split(','))
    .filter((row) => at(row, 'outcome') === 'settled' && at(row, 'protocol') === protocol)
    .map((row) => Number(at(row, 'latency_ms')));
}
