// The embedded ledger's world state: key -> {value, version}, like a peer's state database.
// Versions are the commit sequence number that last wrote a key. Writes of one transaction are
// applied synchronously in one call, so no reader ever sees half a transaction.
import { compareKeys } from '../../../chaincode/src/core/canonical-json';
import type { StateStore, StateWrite } from '../../../chaincode/src/core/store';
import { PrefixIndex } from './prefix-index';

interface VersionedValue {
  value: string;
  version: number;
}

export class WorldState implements StateStore {
  private readonly entries = new Map<string, VersionedValue>();
  private readonly index = new PrefixIndex();
  private commits = 0;

  async get(key: string): Promise<string | undefined> {
    return this.entries.get(key)?.value;
  }

  async put(key: string, value: string): Promise<void> {
    this.commit([[key, value]]);
  }

  async delete(key: string): Promise<void> {
    this.commit([[key, null]]);
  }

  async scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>> {
    return this.index
      .keysWithPrefix(objectType, attributes)
      .map((key) => [key, this.entries.get(key)!.value]);
  }

  /** Applies one transaction's writes atomically under a new version. */
  commit(writes: readonly StateWrite[]): void {
    this.commits += 1;
    for (const [key, value] of writes) {
      if (value === null) {
        if (this.entries.delete(key)) this.index.remove(key);
      } else {
        if (!this.entries.has(key)) this.index.add(key);
        this.entries.set(key, { value, version: this.commits });
      }
    }
  }

  /** The commit that last wrote `key`, or undefined when it does not exist. */
  versionOf(key: string): number | undefined {
    return this.entries.get(key)?.version;
  }

  /** Every committed key and value in key order, as JSON: equal bytes mean equal state. */
  bytes(): string {
    const sorted = [...this.entries].sort(([a], [b]) => compareKeys(a, b));
    return JSON.stringify(sorted.map(([key, { value }]) => [key, value]));
  }
}
