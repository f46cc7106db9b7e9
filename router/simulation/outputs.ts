// Run outputs: CSV files (payments.csv, events.csv) streamed row by row through a small buffer
// (memory stays flat however many payments there are), and summary.json. Both are pure functions of the run: no timestamps,
// no wall-clock figures, so the same seed gives the same bytes.
import fs from 'node:fs';
import path from 'node:path';

export const PAYMENT_COLUMNS = [
  'id',
  'corridor',
  'ledger_count',
  'ledgers',
  'strategy',
  'protocol',
  'outcome',
  'failure_reason',
  'payer',
  'payer_asset',
  'amount_in',
  'payee',
  'payee_asset',
  'amount_out',
  'cost_bps',
  'latency_ms',
  'requotes',
] as const;

export type PaymentRow = Record<(typeof PAYMENT_COLUMNS)[number], string>;

export interface CsvWriter<Row = PaymentRow> {
  write(row: Row): void;
  close(): void;
}

const FLUSH_BYTES = 1 << 16;

export function createPaymentsCsv(file: string): CsvWriter {
  return createCsv(file, PAYMENT_COLUMNS);
}

/** A CSV file with a header of `columns`, written row by row. */
export function createCsv<Column extends string>(
  file: string,
  columns: readonly Column[],
): CsvWriter<Record<Column, string>> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let buffer = `${columns.join(',')}\n`;
  const flush = (): void => {
    if (buffer.length > 0) fs.writeSync(fd, buffer);
    buffer = '';
  };
  return {
    write(row) {
      // Appended field by field: rows come one per protocol step, and map/join would build a
      // throwaway array for each.
      let separator = '';
      for (const column of columns) {
        buffer += separator + csvField(row[column]);
        separator = ',';
      }
      buffer += '\n';
      if (buffer.length >= FLUSH_BYTES) flush();
    },
    close() {
      flush();
      fs.closeSync(fd);
    },
  };
}

export function writeSummary(file: string, summary: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
}

const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV cell, quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
