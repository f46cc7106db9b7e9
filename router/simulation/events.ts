// events.csv: every protocol step of every payment, one row per step, derived from the journal
// entries the engine observes (the router's own durable record, so a payment finished by
// recovery after a crash shows the same steps). Streamed like payments.csv; only the hold →
// ledger map of payments in flight is kept. Secrets are never written.
import type { JournalEntry } from '../settlement/journal-entry';
import { createCsv } from './outputs';

export const EVENT_COLUMNS = [
  'payment',
  'at_ms',
  'event',
  'protocol',
  'ledger',
  'hold',
  'action',
  'outcome',
  'expires_at_ms',
  'deadline_ms',
  'detail',
] as const;

export type EventRow = Record<(typeof EVENT_COLUMNS)[number], string>;

/** Runs up to this many payments record their events unless told otherwise (--no-events). */
export const EVENTS_DEFAULT_MAX_PAYMENTS = 10_000;

export interface EventLog {
  observe(entry: JournalEntry, atMs: number): void;
  close(): void;
}

export function createEventLog(file: string): EventLog {
  const csv = createCsv(file, EVENT_COLUMNS);
  /** Ledger of each hold, per attempt in flight (the journal names holds by id only). */
  const holdLedgers = new Map<string, Map<string, string>>();
  return {
    observe(entry, atMs) {
      for (const row of eventRows(entry, atMs, holdLedgers.get(entry.payment))) csv.write(row);
      if (entry.type === 'accepted') {
        const ledgers = new Map<string, string>();
        for (const step of entry.steps) if (step.hold !== null) ledgers.set(step.hold, step.ledger);
        holdLedgers.set(entry.payment, ledgers);
      } else if (entry.type === 'done') holdLedgers.delete(entry.payment);
    },
    close: () => csv.close(),
  };
}

/** The rows one journal entry stands for: one per step for `accepted`, none for the secret. */
export function eventRows(
  entry: JournalEntry,
  atMs: number,
  holdLedgers: ReadonlyMap<string, string> | undefined,
): EventRow[] {
  switch (entry.type) {
    case 'accepted':
      return entry.steps.map((step) =>
        eventRow(entry, atMs, {
          protocol: entry.protocol,
          ledger: step.ledger,
          hold: step.hold ?? '',
          expires_at_ms: step.expiresAtMs === null ? '' : String(step.expiresAtMs),
          deadline_ms: step.deadlineMs === null ? '' : String(step.deadlineMs),
          detail: `${step.legs.length} leg(s) signed by ${step.signer}`,
        }),
      );
    case 'secret':
      return [];
    case 'hold-placed':
      return [
        eventRow(entry, entry.atMs, {
          ledger: ledgerOfHold(holdLedgers, entry.hold),
          hold: entry.hold,
        }),
      ];
    case 'hold-failed':
      return [
        eventRow(entry, atMs, {
          ledger: ledgerOfHold(holdLedgers, entry.hold),
          hold: entry.hold,
          detail: entry.code,
        }),
      ];
    case 'decision':
      return [eventRow(entry, atMs, { action: entry.decision })];
    case 'resolved':
      return [
        eventRow(entry, entry.atMs, {
          ledger: ledgerOfHold(holdLedgers, entry.hold),
          hold: entry.hold,
          action: entry.action,
        }),
      ];
    case 'done':
      return [
        eventRow(entry, entry.atMs, {
          outcome: entry.outcome,
          detail: [entry.reason, entry.requotedAs && `requoted as ${entry.requotedAs}`]
            .filter(Boolean)
            .join('; '),
        }),
      ];
  }
}

function ledgerOfHold(holdLedgers: ReadonlyMap<string, string> | undefined, hold: string) {
  return holdLedgers?.get(hold) ?? '';
}

/**
 * The entry's row with `fields` filled in and every other column empty. Column by column, not
 * by spreading `fields` over defaults: that copy cost more than the rest of the row.
 */
function eventRow(entry: JournalEntry, atMs: number, fields: Partial<EventRow>): EventRow {
  return {
    payment: entry.payment,
    at_ms: String(atMs),
    event: entry.type,
    protocol: fields.protocol ?? '',
    ledger: fields.ledger ?? '',
    hold: fields.hold ?? '',
    action: fields.action ?? '',
    outcome: fields.outcome ?? '',
    expires_at_ms: fields.expires_at_ms ?? '',
    deadline_ms: fields.deadline_ms ?? '',
    detail: fields.detail ?? '',
  };
}
