// The embedded world state moves old op ids, holds and supply deltas into its compressed cold
// tier as a run goes on (world-state.ts). That must change nothing a run reports: the same run
// with a hot limit so low that nearly every key has moved — read back by DuplicateId checks,
// hold resolutions, recovery after a crash and the auditor's reads — writes the same bytes.
import { describe, expect, it } from 'vitest';
import { mbridgeRun } from './mbridge-run';

const run = (hotLimit?: number) =>
  mbridgeRun({
    payments: 400,
    seed: 5,
    strategies: ['cheapest', 'split'],
    protocols: ['auto', 'htlc', '2pc'],
    faultSpec: 'crash:step=hold-placed:at=0.3:restart=5s,lost-reply:p=0.03,mvcc:p=0.02',
    backend: { name: 'embedded', time: 'virtual', ...(hotLimit === undefined ? {} : { hotLimit }) },
  });

describe('cold tier in a run', () => {
  it('writes the same bytes whether old keys stay in maps or move to the cold tier', async () => {
    const hot = await run();
    const cold = await run(8);
    expect(cold.payments).toBe(hot.payments);
    expect(cold.events).toBe(hot.events);
    expect(cold.summary).toBe(hot.summary);
    const summary = JSON.parse(cold.summary) as {
      auditor: { findings: string[] };
      settled: number;
    };
    expect(summary.auditor.findings).toEqual([]);
    expect(summary.settled).toBeGreaterThan(100);
  }, 180_000);
});
