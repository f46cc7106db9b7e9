// E1: transfers/s through the real embedded ledger (LedgerClient.submit → the chaincode core's
// full checks → atomic commit to the versioned world state) against two baselines on the same
// accounts and the same seeded transfers: a raw Map + bigint double-entry loop (the floor of any
// ledger's cost), and a ledger that copies its whole state per transaction (the naive way to be
// all-or-nothing, whose cost grows with the number of accounts).
import { CopyingLedger } from './baselines/copying-ledger';
import { RawLedger } from './baselines/raw-ledger';
import {
  formatRate,
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
  OPENING_BALANCE,
  ownerOf,
} from './support/funded-ledger';
import { randomTransfers } from './support/transfers';

interface Sizes {
  accounts: number;
  /** Transfers per timed run, per implementation (cheaper ones do more, for a stable timing). */
  realTransfers: number;
  rawTransfers: number;
  copyTransfers: number;
}

const FULL: Sizes = {
  accounts: 10_000,
  realTransfers: 5_000,
  rawTransfers: 500_000,
  copyTransfers: 200,
};
const QUICK: Sizes = {
  accounts: 2_000,
  realTransfers: 1_000,
  rawTransfers: 100_000,
  copyTransfers: 200,
};

export const e1: Benchmark = {
  id: 'E1',
  async run(options: BenchOptions): Promise<BenchRow[]> {
    const sizes = options.quick ? QUICK : FULL;
    const { client, accounts } = await createFundedLedger(sizes.accounts);
    const transfers = randomTransfers(sizes.rawTransfers, accounts.length);
    const raw = new RawLedger(accounts, OPENING_BALANCE);
    const copying = new CopyingLedger(accounts, OPENING_BALANCE);
    let realRun = 0;

    const timings = await timeRoundRobin({
      real: async () => {
        realRun += 1;
        for (let i = 0; i < sizes.realTransfers; i++) {
          const { from, to, amount } = transfers[i]!;
          const payer = accounts[from]!;
          const result = await client.submit(LEDGER, ownerOf(payer), {
            type: 'transfer',
            id: `e1-${realRun}-${i}`,
            asset: ASSET,
            from: payer,
            to: accounts[to]!,
            amount,
          });
          if (!result.ok) throw new Error(`E1 transfer ${i} failed: ${result.error.message}`);
        }
      },
      raw: () => {
        for (let i = 0; i < sizes.rawTransfers; i++) {
          const { from, to, amount } = transfers[i]!;
          if (!raw.transfer(accounts[from]!, accounts[to]!, amount))
            throw new Error('raw: no funds');
        }
      },
      copying: () => {
        for (let i = 0; i < sizes.copyTransfers; i++) {
          const { from, to, amount } = transfers[i]!;
          if (!copying.transfer(accounts[from]!, accounts[to]!, amount))
            throw new Error('copying: no funds');
        }
      },
    });
    await client.close();

    const perSecond = (count: number, ms: number) => (count * 1000) / ms;
    const realTps = perSecond(sizes.realTransfers, timings.real.medianMs);
    const rawTps = perSecond(sizes.rawTransfers, timings.raw.medianMs);
    const copyTps = perSecond(sizes.copyTransfers, timings.copying.medianMs);
    const vsRaw = realTps / rawTps;
    const vsCopy = realTps / copyTps;
    console.log(
      `E1    real ${formatRate(realTps, 'tx')}, raw Map loop ${formatRate(rawTps, 'tx')}, ` +
        `copy-per-tx ${formatRate(copyTps, 'tx')} (${sizes.accounts} accounts)`,
    );
    return [
      {
        id: 'E1',
        figure: 'embedded ledger transfers/s through the real core and store, invariants on',
        baseline: `raw Map + bigint double-entry loop; copy-the-state-per-transaction ledger (${sizes.accounts.toLocaleString('en')} accounts)`,
        target: '≥ 0.05× raw (issue 12); ≥ 100× copying',
        measured:
          `${formatRate(realTps, 'transfers')}: ${formatRatio(vsRaw)} raw (${formatRate(rawTps, 'transfers')}), ` +
          `${formatRatio(vsCopy)} copying (${formatRate(copyTps, 'transfers')})`,
        met: vsRaw >= 0.05 && vsCopy >= 100,
        details: {
          accounts: sizes.accounts,
          realTransfersPerRun: sizes.realTransfers,
          rawTransfersPerRun: sizes.rawTransfers,
          copyTransfersPerRun: sizes.copyTransfers,
          realMedianMs: round(timings.real.medianMs),
          rawMedianMs: round(timings.raw.medianMs),
          copyMedianMs: round(timings.copying.medianMs),
          realTransfersPerSecond: round(realTps, 1),
          rawTransfersPerSecond: round(rawTps, 1),
          copyTransfersPerSecond: round(copyTps, 1),
          ratioVsRaw: round(vsRaw, 5),
          ratioVsCopy: round(vsCopy, 2),
          runs: timings.real.samplesMs.length,
        },
      },
    ];
  },
};
