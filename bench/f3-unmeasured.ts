// F3 (the MVCC-invalidated share under contention) belongs to the execute–order–validate work
// (issue 10) and is reported as not measured until then — never with stand-in figures.
import type { BenchRow, Benchmark } from './harness';

const REASON = 'not measured yet: needs the hot-key state layout of issue 10';

const FABRIC_ROWS: Array<Pick<BenchRow, 'id' | 'figure' | 'baseline' | 'target'>> = [
  {
    id: 'F3',
    figure: 'MVCC-invalidated share with 20 concurrent payers into one hot account',
    baseline: 'the same load on a naive single-key balance',
    target: '< 1%',
  },
];

export const f3: Benchmark = {
  id: 'F3',
  async run(): Promise<BenchRow[]> {
    return FABRIC_ROWS.map((row) => ({
      ...row,
      measured: REASON,
      met: null,
      details: { reason: REASON },
    }));
  },
};
