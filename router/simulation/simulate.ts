// One simulation run end to end: the engine over the scenario, payments.csv (and events.csv,
// every protocol step) streamed into the output directory, summary.json, flows.csv and
// liquidity.csv written at the end. On the embedded backend in virtual time
// everything in both files is a function of the inputs (no timestamps, no wall-clock figures),
// so the same seed gives the same bytes; on Fabric latencies are wall-clock milliseconds.
import fs from 'node:fs';
import path from 'node:path';
import type { LedgerClient } from '../ledger/ledger-client';
import { DailyVolumes, policyChecker } from '../routing/policy';
import type { Journal } from '../settlement/journal';
import { type Backend, openBackend } from './backend';
import {
  type RoutePayment,
  runSimulation,
  type SimulationInputs,
  type SimulationResult,
} from './engine';
import type { Plan } from '../routing/plan';
import { createEventLog, EVENTS_DEFAULT_MAX_PAYMENTS } from './events';
import { createFlowTable, FLOW_COLUMNS } from './flows';
import { createLiquiditySeries, LIQUIDITY_COLUMNS } from './liquidity-series';
import { invalidationSummary } from './metrics';
import { createCsv, createPaymentsCsv, writeSummary } from './outputs';
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
  /** The router's journal (default: in memory), e.g. a file for `corridor recover`. */
  journal?: Journal;
  onProgress?: (finished: number) => void;
  /** Write events.csv; by default only for runs up to EVENTS_DEFAULT_MAX_PAYMENTS payments. */
  events?: boolean;
}

export type Summary = ReturnType<typeof buildSummary>;

/** The most payments one run takes (`simulate --payments`, sweeps). */
export const MAX_PAYMENTS = 10_000_000;

export const PAYMENTS_FILE = 'payments.csv';
export const SUMMARY_FILE = 'summary.json';
export const EVENTS_FILE = 'events.csv';
export const FLOWS_FILE = 'flows.csv';
export const LIQUIDITY_FILE = 'liquidity.csv';
/** The scenario file the run read, copied beside its outputs (corridor report draws it). */
export const SCENARIO_COPY_FILE = 'scenario.yaml';

/** Whether a run of `payments` records events.csv when `flag` (--events/--no-events) is unset. */
export function recordsEvents(payments: number, flag: boolean | undefined): boolean {
  return flag ?? payments <= EVENTS_DEFAULT_MAX_PAYMENTS;
}

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
  const events = recordsEvents(request.payments, request.events)
    ? createEventLog(path.join(request.outDir, EVENTS_FILE))
    : null;
  const flows = createFlowTable();
  const liquidity = createLiquiditySeries(scenario, backend.scheduler.nowMs());
  // The plan each payment in flight was last routed on: settled ones feed flows and liquidity.
  const plans = new Map<string, Plan>();
  const volumes = scenario.policies.dailyLimits.length > 0 ? new DailyVolumes() : undefined;
  const makeRouter =
    request.makeRouter ??
    scenarioRouter(scenario, request.seed, () => backend.scheduler.nowMs(), volumes);
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
      makeRouter: (client) => {
        const route = makeRouter(client);
        return async (payment) => {
          const outcome = await route(payment);
          if (outcome.ok) plans.set(payment.id, outcome.plan);
          return outcome;
        };
      },
      checkPolicy: policyChecker(scenario),
      ...(request.journal ? { journal: request.journal } : {}),
      onRow: (row) => {
        csv.write(row);
        volumes?.ended(row.id, row.outcome !== 'failed');
        const plan = plans.get(row.id);
        plans.delete(row.id);
        if (row.outcome !== 'settled' || !plan) return;
        flows.settled(plan);
        liquidity.settled(plan, backend.scheduler.nowMs());
      },
      onJournal: (entry, atMs) => {
        events?.observe(entry, atMs);
        liquidity.observe(entry);
      },
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
  } finally {
    csv.close();
    events?.close();
  }
  writeCsv(path.join(request.outDir, FLOWS_FILE), FLOW_COLUMNS, flows.rows());
  writeCsv(path.join(request.outDir, LIQUIDITY_FILE), LIQUIDITY_COLUMNS, liquidity.rows());
  if (fs.existsSync(scenario.source) && fs.statSync(scenario.source).isFile())
    fs.copyFileSync(scenario.source, path.join(request.outDir, SCENARIO_COPY_FILE));
  const summary = buildSummary(request, backend, result);
  writeSummary(path.join(request.outDir, SUMMARY_FILE), summary);
  return summary;
}

function writeCsv<Column extends string>(
  file: string,
  columns: readonly Column[],
  rows: ReadonlyArray<Record<Column, string>>,
): void {
  const csv = createCsv(file, columns);
  for (const row of rows) csv.write(row);
  csv.close();
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
