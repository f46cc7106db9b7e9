// F3 on the embedded backend: the workloads of f3-workload.ts on the embedded ledger ordered in
// blocks (execute–order–validate) with the bench network's BatchTimeout, block size and commit
// latency, in virtual time: 20 closed-loop clients, each submitting its next transaction when
// the previous one's result arrives, as gatewayLoad's workers do on Fabric. The old layout runs
// the very same backend over the old commit's core: the backend's files are copied next to the
// extracted old chaincode (bench/fabric/f3-baseline-chaincode.ts), so its imports of the core
// resolve to the old one.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../network/src/binaries';
import { VirtualClock } from '../router/ledger/clock';
import type * as Embedded from '../router/ledger/embedded';
import type { Scenario } from '../router/scenario/types';
import { EventScheduler } from '../router/simulation/scheduler';
import { extractOldLayout, OLD_LAYOUT_ROOT } from './fabric/f3-baseline-chaincode';
import {
  LEDGER,
  ORG,
  type Layout,
  roundOp,
  setupSteps,
  WORKERS,
  type Workload,
} from './f3-workload';

/** The backend's own files and the two it imports from router/ledger. */
const BACKEND_FILES = ['embedded', 'clock.ts', 'ledger-client.ts'];

export interface EmbeddedRound {
  committed: number;
  /** Invalidated at commit (MvccConflict). */
  invalidated: number;
}

export type EmbeddedContention = (
  workload: Workload,
  round: number,
  perWorker: number,
) => Promise<EmbeddedRound>;

async function backendFor(layout: Layout): Promise<typeof Embedded> {
  if (layout === 'new') return import('../router/ledger/embedded');
  await extractOldLayout();
  for (const file of BACKEND_FILES) {
    cpSync(
      path.join(PROJECT_ROOT, 'router', 'ledger', file),
      path.join(OLD_LAYOUT_ROOT, 'router', 'ledger', file),
      { recursive: true },
    );
  }
  return (await import(
    path.join(OLD_LAYOUT_ROOT, 'router', 'ledger', 'embedded', 'index.ts')
  )) as typeof Embedded;
}

/** A ledger of one layout, set up as on Fabric, ordered in blocks as `scenario`'s network. */
export async function prepareEmbeddedContention(
  layout: Layout,
  scenario: Scenario,
): Promise<EmbeddedContention> {
  const { createEmbeddedLedgerClient } = await backendFor(layout);
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const client = createEmbeddedLedgerClient({ ledgers: { [LEDGER]: { members: [ORG] } }, clock });
  for (const { step, ops } of setupSteps(true)) {
    for (const op of ops) {
      const done = await client.submit(LEDGER, ORG, op);
      if (!done.ok) throw new Error(`F3 embedded set-up (${layout}, ${step}): ${done.error.code}`);
    }
  }
  const scheduler = new EventScheduler(clock);
  const ordered = client.ordered({
    time: scheduler,
    batchTimeoutMs: scenario.network.batchTimeoutMs,
    maxBlockTransactions: scenario.network.maxBlockTransactions,
    commitLatencyMs: { [LEDGER]: scenario.settlement.blockLatencyMs[LEDGER] ?? 0 },
  });
  return async (workload, round, perWorker) => {
    const counts = { committed: 0, invalidated: 0 };
    const worker = async (w: number) => {
      for (let n = 0; n < perWorker; n++) {
        const done = await ordered.submit(LEDGER, ORG, roundOp(workload, round, w, n));
        if (done.ok) counts.committed++;
        else if (done.error.code === 'MvccConflict') counts.invalidated++;
        else throw new Error(`F3 embedded (${layout}, ${workload}): ${done.error.message}`);
      }
    };
    const all = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
    scheduler.track(all);
    await scheduler.run();
    await all;
    return counts;
  };
}
