// One simulation run end to end: the engine over the scenario, payments.csv streamed into the
// output directory, summary.json written at the end. On the embedded backend in virtual time
// everything in both files is a function of the inputs (no timestamps, no wall-clock figures),
// so the same seed gives the same bytes; on Fabric latencies are wall-clock milliseconds.
import path from 'node:path';
import type { LedgerClient } from '../ledger/ledger-client';
import { checkPolicy } from '../routing/policy';
import { type Backend, openBackend } from './backend';
import {
  type RoutePayment,
  runSimulation,
  type SimulationInputs,
  type SimulationResult,
} from './engine';
import { invalidationSummary } from './metrics';
import { createPaymentsCsv, writeSummary } from './outputs';
import { scenarioRouter } from './scenario-router';

export interface SimulateRequest extends SimulationInputs {
  /** The spec as given, recorded in the summary. */
  faultSpec: string;
  /** Defaults to a fresh embedded ledger in virtual time, opened and closed here. */
  backend?: Backend;
  /** Arrivals per second instead of the profile's (recorded in the summary). */
  ratePerSecond?: number;
  outDir: string;
  /** Defaults to the scenario's router; tests substitute hand-built plans. */
  makeRouter?: (client: LedgerClient) => RoutePayment;
  onProgress?: (finished: number) => void;
}

export type Summary = ReturnType<typeof buildSummary>;

export const PAYMENTS_FILE = 'payments.csv';
export const SUMMARY_FILE = 'summary.json';

export async function simulate(request: SimulateRequest): Promise<Summary> {
  if (request.backend) return simulateOn(request.backend, request);
  const opened = await openBackend(
    { name: 'embedded', time: 'virtual' },
    request.scenario,
    request.seed,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    return await simulateOn(opened.backend, request);
  } finally {
    await opened.backend.close();
  }
}

async function simulateOn(backend: Backend, request: SimulateRequest): Promise<Summary> {
  const { scenario } = request;
  const csv = createPaymentsCsv(path.join(request.outDir, PAYMENTS_FILE));
  let result: SimulationResult;
  try {
    result = await runSimulation({
      backend,
      scenario,
      profile:
        request.ratePerSecond === undefined
          ? request.profile
          : { ...request.profile, ratePerSecond: request.ratePerSecond },
      payments: request.payments,
      seed: request.seed,
      strategies: request.strategies,
      protocols: request.protocols,
      faults: request.faults,
      makeRouter: request.makeRouter ?? scenarioRouter(scenario, request.seed),
      checkPolicy: (plan) => {
        const violations = checkPolicy(plan, scenario);
        return violations.length === 0
          ? null
          : violations.map((violation) => violation.message).join('; ');
      },
      onRow: (row) => csv.write(row),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
  } finally {
    csv.close();
  }
  const summary = buildSummary(request, backend, result);
  writeSummary(path.join(request.outDir, SUMMARY_FILE), summary);
  return summary;
}

function buildSummary(request: SimulateRequest, backend: Backend, result: SimulationResult) {
  const { metrics, auditor, faults } = result;
  return {
    seed: request.seed,
    backend: backend.name,
    scenario: request.scenario.name,
    profile: request.profile.name,
    ...(request.ratePerSecond === undefined ? {} : { ratePerSecond: request.ratePerSecond }),
    strategies: [...request.strategies],
    protocols: [...request.protocols],
    faultSpec: request.faultSpec,
    ...metrics,
    ...(backend.blockStats ? { invalidations: invalidationSummary(backend.blockStats()) } : {}),
    faults,
    auditor: {
      conservationViolations: auditor.conservationViolations,
      atomicityViolations: auditor.atomicityViolations,
      reserveShortfalls: auditor.reserveShortfalls,
      paymentsAudited: auditor.paymentsAudited,
      findings: auditor.findings,
    },
  };
}
