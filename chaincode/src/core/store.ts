// The storage seam: what Fabric's chaincode stub and the embedded world state both provide, and
// the per-transaction overlay that gives a transaction read-your-own-writes semantics.
import { compareKeys } from './canonical-json';
import { compositeKey } from './keys';

export interface StateStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** All entries whose composite key starts with objectType + the given leading attributes, sorted by key. */
  scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>>;
}

/**
 * Synchronous reads a store may also offer (the embedded world state does): the overlay then
 * reads through without a promise per call. Fabric's stub has none; it is never required.
 */
export interface SyncReads {
  read(key: string): string | undefined;
  scanSync(objectType: string, attributes: string[]): Array<[string, string]>;
}

function syncReadsOf(store: StateStore): SyncReads | undefined {
  const candidate = store as Partial<SyncReads>;
  return typeof candidate.read === 'function' && typeof candidate.scanSync === 'function'
    ? (candidate as SyncReads)
    : undefined;
}

/** A buffered write: a value, or null for a delete. */
export type StateWrite = [key: string, value: string | null];

/**
 * Fabric does not let a transaction read its own writes (reads see the state before the
 * transaction). The core needs them (a batch spends what an earlier leg credited), so every
 * operation runs against this overlay: reads see earlier writes of the same transaction, scans
 * merge buffered puts and deletes, and nothing reaches the store until the operation succeeded.
 */
export class TxOverlay implements StateStore {
  private readonly writes = new Map<string, string | null>();
  private readonly sync: SyncReads | undefined;

  constructor(private readonly base: StateStore) {
    this.sync = syncReadsOf(base);
  }

  get(key: string): Promise<string | undefined> {
    const buffered = this.writes.get(key);
    if (buffered !== undefined) return Promise.resolve(buffered ?? undefined);
    return this.sync ? Promise.resolve(this.sync.read(key)) : this.base.get(key);
  }

  put(key: string, value: string): Promise<void> {
    this.writes.set(key, value);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.writes.set(key, null);
    return Promise.resolve();
  }

  async scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>> {
    const committed = this.sync
      ? this.sync.scanSync(objectType, attributes)
      : await this.base.scan(objectType, attributes);
    if (this.writes.size === 0) return committed;
    const prefix = compositeKey(objectType, attributes);
    let merged: Map<string, string> | undefined;
    for (const [key, value] of this.writes) {
      if (!key.startsWith(prefix)) continue;
      merged ??= new Map(committed);
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    return merged ? [...merged].sort(([a], [b]) => compareKeys(a, b)) : committed;
  }

  /** The buffered writes in key order, so every backend applies them identically. */
  pendingWrites(): StateWrite[] {
    return [...this.writes].sort(([a], [b]) => compareKeys(a, b));
  }
}

export async function applyWrites(store: StateStore, writes: readonly StateWrite[]): Promise<void> {
  for (const [key, value] of writes) {
    if (value === null) await store.delete(key);
    else await store.put(key, value);
  }
}
