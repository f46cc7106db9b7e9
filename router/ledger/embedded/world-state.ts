// The embedded ledger's world state, like a peer's state database: committed key -> value,
// with a commit counter as its version. Writes of one transaction are applied synchronously in
// one call, so no reader ever sees half a transaction.
//
// A long simulation keeps millions of op-id markers and resolved holds here, so a key costs
// its string, its value and one map entry: values are grouped by objectType (which answers a
// scan by objectType alone), and only keys with several attributes enter the prefix index.
import { compareKeys } from '../../../chaincode/src/core/canonical-json';
import { compositeKey } from '../../../chaincode/src/core/keys';
import type { StateStore, StateWrite } from '../../../chaincode/src/core/store';
import { PrefixIndex } from './prefix-index';

const SEPARATOR = '\u0000';

/** "\0t\0a\0" -> "t". */
function objectTypeOf(key: string): string {
  return key.slice(1, key.indexOf(SEPARATOR, 1));
}

export class WorldState implements StateStore {
  /** objectType -> key -> value. */
  private readonly byType = new Map<string, Map<string, string>>();
  private readonly index = new PrefixIndex();
  private commits = 0;

  /** The number of commits applied so far: each transaction's writes form one version. */
  get version(): number {
    return this.commits;
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.read(key));
  }

  /** The committed value, read synchronously (the transaction overlay's fast path). */
  read(key: string): string | undefined {
    return this.byType.get(objectTypeOf(key))?.get(key);
  }

  put(key: string, value: string): Promise<void> {
    this.commit([[key, value]]);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.commit([[key, null]]);
    return Promise.resolve();
  }

  scan(objectType: string, attributes: string[]): Promise<Array<[string, string]>> {
    return Promise.resolve(this.scanSync(objectType, attributes));
  }

  /** scan(), synchronously. */
  scanSync(objectType: string, attributes: string[]): Array<[string, string]> {
    const values = this.byType.get(objectType);
    if (!values) return [];
    if (attributes.length === 0) return [...values].sort(([a], [b]) => compareKeys(a, b));
    const prefix = compositeKey(objectType, attributes);
    const entries = this.index
      .keysBelow(prefix)
      .map((key): [string, string] => [key, values.get(key)!]);
    // A partial key naming every attribute is itself a key, first in its range (as on Fabric).
    const exact = values.get(prefix);
    if (exact !== undefined) entries.unshift([prefix, exact]);
    return entries;
  }

  /** Applies one transaction's writes atomically under a new version. */
  commit(writes: readonly StateWrite[]): void {
    this.commits += 1;
    for (const [key, value] of writes) {
      const objectType = objectTypeOf(key);
      let values = this.byType.get(objectType);
      if (value === null) {
        if (values?.delete(key)) this.index.remove(key);
        continue;
      }
      if (!values) {
        values = new Map();
        this.byType.set(objectType, values);
      }
      if (!values.has(key)) this.index.add(key);
      values.set(key, value);
    }
  }

  /** Every committed key and value in key order, as JSON: equal bytes mean equal state. */
  bytes(): string {
    const entries: Array<[string, string]> = [];
    for (const values of this.byType.values()) for (const entry of values) entries.push(entry);
    return JSON.stringify(entries.sort(([a], [b]) => compareKeys(a, b)));
  }
}
