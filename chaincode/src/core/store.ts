// The storage seam: what the core reads and writes, and the per-transaction overlay that gives a
// transaction read-your-own-writes semantics. The seam is synchronous: the embedded world state
// answers at once, and Fabric's asynchronous stub is adapted by re-execution (replay.ts), so the
// core runs as plain calls, without a promise per read.
import { compareKeys } from './canonical-json';
import { compositeKey } from './keys';

export interface StateStore {
  get(key: string): string | undefined;
  put(key: string, value: string): void;
  delete(key: string): void;
  /** All entries whose composite key starts with objectType + the given leading attributes, sorted by key. */
  scan(objectType: string, attributes: string[]): Array<[string, string]>;
}

/**
 * A fold of one object type's ranges: an accumulator built by adding each (key, value) of a range
 * and kept by removing a value before its key changes. The functions must depend on the key and
 * value alone, so a fold kept up to date equals a fold of a fresh scan.
 */
export interface RangeFolder<T> {
  readonly objectType: string;
  empty(): T;
  add(acc: T, key: string, value: string): void;
  remove(acc: T, key: string, value: string): void;
}

/**
 * Range folds a store may keep up to date as it commits (the embedded world state does, so a hot
 * account's balance costs the same to read however many shard and delta keys it has). Fabric's
 * stub has none: the core then folds a scan (foldRange). The accumulator returned is the store's
 * own: read it, never change it.
 */
export interface RangeFolds {
  fold<T>(folder: RangeFolder<T>, attributes: string[]): T;
}

function rangeFoldsOf(store: StateStore): RangeFolds | undefined {
  const candidate = store as Partial<RangeFolds>;
  return typeof candidate.fold === 'function' ? (candidate as RangeFolds) : undefined;
}

/** A fold of the range scan(folder.objectType, attributes) would return, the same on every store. */
export function foldRange<T>(store: StateStore, folder: RangeFolder<T>, attributes: string[]): T {
  const folds = rangeFoldsOf(store);
  if (folds) return folds.fold(folder, attributes);
  return foldEntries(folder, store.scan(folder.objectType, attributes));
}

export function foldEntries<T>(
  folder: RangeFolder<T>,
  entries: ReadonlyArray<readonly [string, string]>,
): T {
  const acc = folder.empty();
  for (const [key, value] of entries) folder.add(acc, key, value);
  return acc;
}

/** A buffered write: a value, or null for a delete. */
export type StateWrite = [key: string, value: string | null];

/**
 * Fabric does not let a transaction read its own writes (reads see the state before the
 * transaction). The core needs them (a batch spends what an earlier leg credited), so every
 * operation runs against this overlay: reads see earlier writes of the same transaction, scans
 * merge buffered puts and deletes, and nothing reaches the store until the operation succeeded.
 */
export class TxOverlay implements StateStore, RangeFolds {
  private readonly writes = new Map<string, string | null>();
  private readonly folds: RangeFolds | undefined;

  constructor(private readonly base: StateStore) {
    this.folds = rangeFoldsOf(base);
  }

  get(key: string): string | undefined {
    const buffered = this.writes.get(key);
    if (buffered !== undefined) return buffered ?? undefined;
    return this.base.get(key);
  }

  put(key: string, value: string): void {
    this.writes.set(key, value);
  }

  delete(key: string): void {
    this.writes.set(key, null);
  }

  scan(objectType: string, attributes: string[]): Array<[string, string]> {
    const committed = this.base.scan(objectType, attributes);
    if (this.writes.size === 0) return committed;
    const prefix = compositeKey(objectType, attributes);
    let merged: Array<[string, string]> | undefined;
    let added = false;
    for (const [key, value] of this.writes) {
      if (!key.startsWith(prefix)) continue;
      // Every write in the range replaces or deletes its key's committed entry.
      merged ??= committed.filter(([committedKey]) => !this.writes.has(committedKey));
      if (value === null) continue;
      merged.push([key, value]);
      added = true;
    }
    if (!merged) return committed;
    return added ? merged.sort(([a], [b]) => compareKeys(a, b)) : merged;
  }

  /** The base store's own fold while this transaction wrote nothing in the range. */
  fold<T>(folder: RangeFolder<T>, attributes: string[]): T {
    if (this.folds && !this.wroteUnder(compositeKey(folder.objectType, attributes)))
      return this.folds.fold(folder, attributes);
    return foldEntries(folder, this.scan(folder.objectType, attributes));
  }

  private wroteUnder(prefix: string): boolean {
    for (const key of this.writes.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** The buffered writes in key order, so every backend applies them identically. */
  pendingWrites(): StateWrite[] {
    // The default sort is compareKeys' order (code units), without a call per comparison.
    return [...this.writes.keys()].sort().map((key) => [key, this.writes.get(key) ?? null]);
  }
}

export function applyWrites(store: StateStore, writes: readonly StateWrite[]): void {
  for (const [key, value] of writes) {
    if (value === null) store.delete(key);
    else store.put(key, value);
  }
}
