// A fresh property-test world on the embedded ledger ordered in blocks, and a way to run
// submissions at offsets in virtual time: the ordering tests and the hot-account test share it,
// and the core's fold test its transfers.
import type { LedgerOp, OrgId, Result } from '../../chaincode/src/core/types';
import type { OrderingOptions } from '../../router/ledger/embedded';
import type { Receipt } from '../../router/ledger/ledger-client';
import { createWorld, LEDGER } from '../../router/props/world';
import { EventScheduler } from '../../router/simulation/scheduler';

export const BATCH_TIMEOUT_MS = 100;
export const LATENCY_MS = 50;

export type Submission = { at: number; org: OrgId; op: LedgerOp };

/** A USD transfer, the operation these tests submit most. */
export const transfer = (id: string, from: string, to: string, amount: bigint): LedgerOp => ({
  type: 'transfer',
  id,
  asset: 'USD',
  from,
  to,
  amount,
});

/** A fresh world ordered in blocks; runs the submissions at their offsets in virtual time. */
export async function orderedWorld(ordering: Partial<Omit<OrderingOptions, 'time'>> = {}) {
  const world = await createWorld();
  const scheduler = new EventScheduler(world.clock);
  const client = world.client.ordered({
    time: scheduler,
    batchTimeoutMs: BATCH_TIMEOUT_MS,
    maxBlockTransactions: 10,
    commitLatencyMs: { [LEDGER]: LATENCY_MS },
    ...ordering,
  });
  const startMs = world.clock.nowMs();
  const run = async (submissions: Submission[]): Promise<Array<Result<Receipt>>> => {
    const results = submissions.map(
      ({ at, org, op }) =>
        new Promise<Result<Receipt>>((resolve) =>
          scheduler.at(startMs + at, () => resolve(client.submit(LEDGER, org, op))),
        ),
    );
    const all = Promise.all(results);
    scheduler.track(all);
    await scheduler.run();
    return all;
  };
  return { world, client, startMs, run };
}
