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

  constructor(private readonly base: StateStore) {}

  async get(key: string): Promise<string | undefined> {
    const buffered = this.writes.get(key);
    if (buffered !== undefined) return buffered ?? undefined;
    return this.base.get(key);
  }

  async put(key: string, value: string): Promise<void> {
    this.writes.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.writes.set(key, null);
  }

  async scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>> {
    const prefix = compositeKey(objectType, attributes);
    const merged = new Map(await this.base.scan(objectType, attributes));
    for (const [key, value] of this.writes) {
      if (!key.startsWith(prefix)) continue;
      if (value === null) merged.delete(key);
      else merged.set(key, value);
    }
    return [...merged].sort(([a], [b]) => compareKeys(a, b));
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
