// The durable journal: one JSON line per entry, appended and flushed to disk before the router
// acts on it. A crash can tear only the last line; opening the file drops a torn tail (it was
// never acknowledged, so nothing was done on its strength) and rebuilds the index from the rest.
import fs from 'node:fs';
import type { Result } from '../../chaincode/src/core/types';
import { type Journal, JournalIndex } from './journal';
import { decodeJournalEntry, encodeJournalEntry } from './journal-codec';

export interface FileJournalOptions {
  /** fsync after every entry (default true); off only where losing the tail is acceptable. */
  sync?: boolean;
}

export function openFileJournal(
  path: string,
  { sync = true }: FileJournalOptions = {},
): Result<Journal> {
  const index = new JournalIndex();
  let text = '';
  try {
    text = fs.existsSync(path) ? fs.readFileSync(path, 'utf8') : '';
  } catch (error) {
    return failure(
      `${path}: cannot read the journal (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const complete = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, complete).split('\n').slice(0, -1);
  for (const [number, line] of lines.entries()) {
    const entry = decodeJournalEntry(line);
    if (!entry.ok) return failure(`${path}:${number + 1}: ${entry.error.message}`);
    try {
      index.ingest(entry.value);
    } catch (error) {
      return failure(
        `${path}:${number + 1}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const fd = fs.openSync(path, 'a+');
  if (complete < Buffer.byteLength(text))
    fs.ftruncateSync(fd, Buffer.byteLength(text.slice(0, complete)));

  const journal: Journal = {
    append: async (entry) => {
      // Index first: it rejects an out-of-protocol entry before anything reaches the disk.
      index.ingest(entry);
      fs.writeSync(fd, `${encodeJournalEntry(entry)}\n`);
      if (sync) fs.fdatasyncSync(fd);
    },
    pending: () => index.pending(),
    supplyChanges: () => index.supplyChanges(),
    close: async () => fs.closeSync(fd),
  };
  return { ok: true, value: journal };
}

function failure(message: string): Result<Journal> {
  return { ok: false, error: { code: 'InvalidArgument', message } };
}
