// Results must not depend on how many `await`s the code between two scheduler events takes: the
// virtual-time scheduler resumes one piece of work at a time, in its own order, and lets it run
// until it waits again. The same run is made twice on mbridge-lite, the second with extra awaits
// injected into the settlement path (every transaction a payment submits first waits 0–3 more
// microtask turns, fixed per payment, so payments resumed at the same instant fall out of step),
// and must write the same bytes. (A payment's own parallel legs still interleave among
// themselves as its code awaits; what is fixed is the order across payments.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerClient } from '../../router/ledger/ledger-client';
import { loadScenario } from '../../router/scenario/load';
import { type Backend, openBackend } from '../../router/simulation/backend';
import { PAYMENTS_FILE, simulate, SUMMARY_FILE } from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** 0–3 extra microtask turns, fixed per payment: op ids start with the payment id ("pay-7.h0"). */
function extraTurns(opId: string): number {
  const payment = /^[^.:]+/.exec(opId)?.[0] ?? opId;
  let sum = 0;
  for (let i = 0; i < payment.length; i++) sum += payment.charCodeAt(i);
  return sum % 4;
}

function withExtraAwaits(inner: LedgerClient): LedgerClient {
  return {
    ...inner,
    async submit(ledger, org, op) {
      for (let turn = extraTurns(op.id); turn > 0; turn--) await Promise.resolve();
      return inner.submit(ledger, org, op);
    },
    evaluate: (ledger, org, query) => inner.evaluate(ledger, org, query),
    nowMs: () => inner.nowMs(),
    close: () => inner.close(),
  };
}

async function run(extraAwaits: boolean): Promise<{ summary: string; payments: string }> {
  const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const scenario = loaded.value;
  const opened = await openBackend({ name: 'embedded', time: 'virtual' }, scenario, 11);
  if (!opened.ok) throw new Error(opened.error.message);
  const backend: Backend = extraAwaits
    ? { ...opened.backend, client: withExtraAwaits(opened.backend.client) }
    : opened.backend;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-await-'));
  dirs.push(outDir);
  try {
    await simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: 300,
      seed: 11,
      strategies: ['cheapest', 'split'],
      protocols: ['auto', '2pc'],
      faultSpec: '',
      faults: [],
      backend,
      outDir,
    });
  } finally {
    await opened.backend.close();
  }
  return {
    summary: fs.readFileSync(path.join(outDir, SUMMARY_FILE), 'utf8'),
    payments: fs.readFileSync(path.join(outDir, PAYMENTS_FILE), 'utf8'),
  };
}

describe('scheduler order', () => {
  it('gives the same bytes when the settlement path awaits more', async () => {
    const plain = await run(false);
    const awaited = await run(true);
    expect(awaited.payments).toBe(plain.payments);
    expect(awaited.summary).toBe(plain.summary);
  }, 120_000);
});
