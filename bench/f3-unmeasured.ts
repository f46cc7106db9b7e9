// F1–F3 need a running Hyperledger Fabric network. None can be built on this machine (issue 3
// is blocked: the Go module proxy refuses every Fabric version), so these rows are reported as
// not measured — never with stand-in figures.
import type { BenchRow, Benchmark } from './harness';

const REASON = 'not measured: Fabric network unavailable (issue 3 blocked)';

const FABRIC_ROWS: Array<Pick<BenchRow, 'id' | 'figure' | 'baseline' | 'target'>> = [
  {
    id: 'F1',
    figure: 'Fabric transfers/s and p50/p99 latency',
    baseline: 'a minimal get/put transfer chaincode in the same language on the same network',
    target: '≥ 0.7× TPS, p50 ≤ 1.2×',
  },
  {
    id: 'F2',
    figure: 'cross-ledger p50 latency on Fabric',
    baseline: 'a single-ledger atomic payment',
    target: '2pc ≤ 2.2×, htlc ≤ 4.4×',
  },
  {
    id: 'F3',
    figure: 'MVCC-invalidated share with 20 concurrent payers into one hot account',
    baseline: 'the same load on a naive single-key balance',
    target: '< 1%',
  },
];

export const fabric: Benchmark = {
  id: 'F',
  async run(): Promise<BenchRow[]> {
    return FABRIC_ROWS.map((row) => ({
      ...row,
      measured: REASON,
      met: null,
      details: { reason: REASON },
    }));
  },
};
