// A run folder as the report reads it: summary.json, payments.csv (one streamed pass),
// flows.csv, liquidity.csv and, when the run recorded them, the events of the payments chosen
// for timelines. Anything missing or malformed is bad input naming the file and the field.
import fs from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../scenario/types';
import type { EventRow } from '../simulation/events';
import type { FlowRow } from '../simulation/flows';
import type { LiquidityRow } from '../simulation/liquidity-series';
import { PAYMENT_COLUMNS, type PaymentRow } from '../simulation/outputs';
import {
  EVENTS_FILE,
  FLOWS_FILE,
  LIQUIDITY_FILE,
  PAYMENTS_FILE,
  type Summary,
  SUMMARY_FILE,
} from '../simulation/simulate';
import { readCsv, readCsvRows } from './csv';
import { createPaymentStats, type PaymentStats } from './payment-stats';

export class ReportInputError extends Error {}

export interface RunData {
  dir: string;
  /** How the run is named in the report: its folder's name (made unique by the caller). */
  label: string;
  summary: Summary;
  scenario: Scenario;
  payments: PaymentStats;
  flows: FlowRow[];
  liquidity: LiquidityRow[];
  /** Events of each chosen payment (its requote attempts included), or null without events.csv. */
  timelines: Map<string, EventRow[]> | null;
}

/** The summary fields the report reads, checked before anything is drawn. */
const SUMMARY_FIELDS: Record<string, 'number' | 'string' | 'object'> = {
  scenario: 'string',
  seed: 'number',
  payments: 'number',
  settled: 'number',
  failed: 'number',
  mixed: 'number',
  byProtocol: 'object',
  byStrategy: 'object',
  byLedgerCount: 'object',
  failureReasons: 'object',
  deliveredByAsset: 'object',
  liquidityUsedByVenue: 'object',
  lockedLiquidityMsByVenue: 'object',
  auditor: 'object',
};

/** The summary of a run folder, checked; the scenario name in it picks the scenario. */
export function readSummary(dir: string): Summary {
  const file = path.join(dir, SUMMARY_FILE);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw new ReportInputError(`RUN_DIR ${dir}: not a directory`);
  if (!fs.existsSync(file))
    throw new ReportInputError(`RUN_DIR ${dir}: no ${SUMMARY_FILE} (not a simulate --out folder)`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportInputError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null) throw new ReportInputError(`${file}: not an object`);
  for (const [field, type] of Object.entries(SUMMARY_FIELDS)) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value !== type || value === null)
      throw new ReportInputError(`${file}: field "${field}" must be a ${type}`);
  }
  return raw as Summary;
}

export async function loadRun(dir: string, label: string, scenario: Scenario): Promise<RunData> {
  const summary = readSummary(dir);
  const stats = createPaymentStats();
  await readRunCsv(dir, PAYMENTS_FILE, PAYMENT_COLUMNS, (row) => stats.add(row));
  const payments = stats.result();
  return {
    dir,
    label,
    summary,
    scenario,
    payments,
    flows: (await readRunRows(dir, FLOWS_FILE)) as FlowRow[],
    liquidity: (await readRunRows(dir, LIQUIDITY_FILE)) as LiquidityRow[],
    timelines: await readTimelines(dir, payments.chosen),
  };
}

async function readRunCsv(
  dir: string,
  name: string,
  columns: readonly string[],
  onRow: (row: PaymentRow) => void,
): Promise<void> {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new ReportInputError(`RUN_DIR ${dir}: no ${name}`);
  try {
    await readCsv(file, (row) => {
      const missing = columns.find((column) => !(column in row));
      if (missing) throw new ReportInputError(`${file}: no column "${missing}"`);
      onRow(row as PaymentRow);
    });
  } catch (error) {
    if (error instanceof ReportInputError) throw error;
    throw new ReportInputError((error as Error).message);
  }
}

async function readRunRows(dir: string, name: string): Promise<Record<string, string>[]> {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) throw new ReportInputError(`RUN_DIR ${dir}: no ${name}`);
  return readCsvRows(file);
}

async function readTimelines(
  dir: string,
  chosen: readonly string[],
): Promise<Map<string, EventRow[]> | null> {
  const file = path.join(dir, EVENTS_FILE);
  if (!fs.existsSync(file)) return null;
  const timelines = new Map(chosen.map((id) => [id, [] as EventRow[]]));
  await readCsv(file, (row) => {
    // A requote attempt settles under `<id>.q<n>` (settlement/requote.ts).
    const id = row.payment?.replace(/\.q[0-9]+$/, '') ?? '';
    timelines.get(id)?.push(row as EventRow);
  });
  return timelines;
}
