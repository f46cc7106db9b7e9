// One `simulate` run on mbridge-lite through the library, for tests that compare the bytes two
// variants of a run write: the output folder is read back and removed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolChoice } from '../../router/routing/plan';
import { loadScenario } from '../../router/scenario/load';
import { type Backend, type BackendChoice, openBackend } from '../../router/simulation/backend';
import { parseFaultSpec } from '../../router/simulation/fault-spec';
import {
  EVENTS_FILE,
  PAYMENTS_FILE,
  simulate,
  SUMMARY_FILE,
} from '../../router/simulation/simulate';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface MbridgeRun {
  payments: number;
  seed: number;
  strategies: string[];
  protocols: ProtocolChoice[];
  faultSpec?: string;
  /** The embedded backend to run on (default: virtual time, default hot limit). */
  backend?: Extract<BackendChoice, { name: 'embedded' }>;
  /** Wraps the opened backend, e.g. to change its client. */
  wrap?: (backend: Backend) => Backend;
}

export interface RunFiles {
  summary: string;
  payments: string;
  events: string;
}

export async function mbridgeRun(run: MbridgeRun): Promise<RunFiles> {
  const loaded = await loadScenario(path.join(ROOT, 'scenarios/mbridge-lite.yaml'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const scenario = loaded.value;
  const faultSpec = run.faultSpec ?? '';
  const faults = parseFaultSpec(
    faultSpec,
    scenario.ledgers.map((ledger) => ledger.id),
  );
  if (!faults.ok) throw new Error(faults.error.message);
  const choice = run.backend ?? { name: 'embedded', time: 'virtual' };
  const opened = await openBackend(choice, scenario, run.seed);
  if (!opened.ok) throw new Error(opened.error.message);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-run-'));
  try {
    await simulate({
      scenario,
      profile: scenario.workload.profiles[scenario.workload.defaultProfile]!,
      payments: run.payments,
      seed: run.seed,
      strategies: run.strategies,
      protocols: run.protocols,
      faultSpec,
      faults: faults.value,
      backend: run.wrap ? run.wrap(opened.backend) : opened.backend,
      outDir,
    });
    const read = (file: string) => fs.readFileSync(path.join(outDir, file), 'utf8');
    return {
      summary: read(SUMMARY_FILE),
      payments: read(PAYMENTS_FILE),
      events: read(EVENTS_FILE),
    };
  } finally {
    await opened.backend.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
