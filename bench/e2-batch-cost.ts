// E2: the cost of one `batch` of k transfer legs against k standalone transfers of the same legs,
// on the real embedded ledger. A batch is one transaction (one id check, one overlay, one commit),
// so per-leg cost inside it must not blow up: target cost(batch of k) ≤ 1.5·k × cost(one transfer).
import type { LedgerOp, TransferLeg } from '../chaincode/src/core/types';
import {
  formatRatio,
  round,
  timeRoundRobin,
  type BenchOptions,
  type BenchRow,
  type Benchmark,
} from './harness';
import {
  ASSET,
  createFundedLedger,
  LEDGER,
  ownerOf,
  type FundedLedger,
} from './support/funded-ledger';
import { randomTransfers } from './support/transfers';

const LEG_COUNTS = [2, 5, 10] as const;

/** Payroll-style batches: one payer account (its org signs) paying k different payees. */
function batchLegs(
  ledger: FundedLedger,
  batches: number,
  k: number,
  seed: number,
): TransferLeg[][] {
  const { accounts } = ledger;
  const draws = randomTransfers(batches * k, accounts.length, seed);
  return Array.from({ length: batches }, (_, b) => {
    const payer = accounts[draws[b * k]!.from]!;
    return draws.slice(b * k, (b + 1) * k).map(({ to, amount }) => {
      const payee = accounts[to]! === payer ? accounts[(to + 1) % accounts.length]! : accounts[to]!;
      return { type: 'transfer' as const, asset: ASSET, from: payer, to: payee, amount };
    });
  });
}

export const e2: Benchmark = {
  id: 'E2',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const legsPerRun = options.quick ? 1_000 : 5_000;
    const ledger = await createFundedLedger(options.quick ? 1_000 : 5_000);
    const { client } = ledger;
    let run = 0;
    const submit = async (payer: string, op: LedgerOp) => {
      const result = await client.submit(LEDGER, ownerOf(payer), op);
      if (!result.ok) throw new Error(`E2 ${op.id} failed: ${result.error.message}`);
    };

    const rows: BenchRow[] = [];
    for (const k of LEG_COUNTS) {
      const batches = batchLegs(ledger, legsPerRun / k, k, k);
      const timings = await timeRoundRobin({
        // The same legs, once as k standalone transfers each...
        single: async () => {
          run += 1;
          for (const [b, legs] of batches.entries())
            for (const [i, leg] of legs.entries())
              await submit(leg.from, { id: `e2-${run}-${b}-${i}`, ...leg });
        },
        // ...and once as one batch per k legs.
        batch: async () => {
          run += 1;
          for (const [b, legs] of batches.entries())
            await submit(legs[0]!.from, { type: 'batch', id: `e2-${run}-${b}`, legs });
        },
      });
      const singleUs = (timings.single.medianMs * 1000) / legsPerRun;
      const batchUs = (timings.batch.medianMs * 1000) / batches.length;
      const ratio = batchUs / singleUs;
      console.log(
        `E2    k=${k}: batch ${batchUs.toFixed(1)} µs, single transfer ${singleUs.toFixed(1)} µs, batch = ${formatRatio(ratio)} single (limit ${1.5 * k}×)`,
      );
      rows.push({
        id: `E2-k${k}`,
        figure: `one batch of ${k} legs`,
        baseline: `${k} single transfers`,
        target: `≤ ${1.5 * k}× a single transfer (1.5·k)`,
        measured: `${batchUs.toFixed(1)} µs per batch = ${formatRatio(ratio)} a single transfer (${singleUs.toFixed(1)} µs); ${formatRatio(batchUs / (k * singleUs))} of ${k} singles`,
        met: ratio <= 1.5 * k,
        details: {
          k,
          legsPerRun,
          batchMicros: round(batchUs),
          singleTransferMicros: round(singleUs),
          ratioVsSingle: round(ratio, 3),
          ratioVsKSingles: round(batchUs / (k * singleUs), 3),
          limit: 1.5 * k,
          runs: timings.batch.samplesMs.length,
        },
      });
    }
    await client.close();
    return rows;
  },
};
