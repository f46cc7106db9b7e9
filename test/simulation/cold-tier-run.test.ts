// The embedded world state moves old op ids, holds and supply deltas into its compressed cold
// tier as a run goes on (world-state.ts). That must change nothing a run reports: the same run
// with a hot limit so low that nearly every key has moved — read back by DuplicateId checks,
// hold resolutions, recovery after a crash and the auditor's reads — writes the same bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../router/scenario/load';
import { openBackend } from '../../router/simulation/backend';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import {
  EVENTS_FILE,
  PAYMENTS_FILE,
  simulate,
  SUMMARY_FILE,
} from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FAULTS = 'crash:step=hold-placed:at=0.3:restart=5s,lost-reply:p=0.03,mvcc:p=0.02';
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

async function run(
  hotLimit: number | undefined,
): Promise<{ summary: string; payments: string; events: string }> {
  const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const scenario = loaded.value;
  const faults = parseFaultSpec(
    FAULTS,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const opened = await openBackend(
    { name: 'embedded', time: 'virtual', ...(hotLimit === undefined ? {} : { hotLimit }) },
    scenario,
    5,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-cold-'));
  dirs.push(outDir);
  try {
    await simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: 400,
      seed: 5,
      strategies: ['cheapest', 'split'],
      protocols: ['auto', 'htlc', '2pc'],
      faultSpec: FAULTS,
      faults: faults.value,
      backend: opened.backend,
      outDir,
    });
  } finally {
    await opened.backend.close();
  }
  const read = (file: string) => fs.readFileSync(path.join(outDir, file), 'utf8');
  return { summary: read(SUMMARY_FILE), payments: read(PAYMENTS_FILE), events: read(EVENTS_FILE) };
}

describe('cold tier in a run', () => {
  it('writes the same bytes whether old keys stay in maps or move to the cold tier', async () => {
    const hot = await run(undefined);
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
