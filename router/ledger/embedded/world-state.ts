// The embedded ledger's world state, like a peer's state database: committed key -> value,
// with a commit counter as its version. Writes of one transaction are applied synchronously in
// one call, so no reader ever sees half a transaction.
//
// Range folds (store.ts) are kept here too: built from a scan when first asked for, then updated
// by every commit to a key in the range, so a balance read does not grow with the account's keys.
//
// A long simulation keeps millions of op-id markers and resolved holds here, so a key costs
// its string, its value and one map entry: values are grouped by objectType (which answers a
// scan by objectType alone), and only keys with several attributes enter the prefix index.
import { compareKeys } from '../../../chaincode/src/core/canonical-json';
import { compositeKey } from '../../../chaincode/src/core/keys';
import {
  foldEntries,
  type RangeFolder,
  type RangeFolds,
  type StateStore,
  type StateWrite,
} from '../../../chaincode/src/core/store';
import { PrefixIndex, rangesOf } from './prefix-index';

const SEPARATOR = '\u0000';

/** "\0t\0a\0" -> "t". */
function objectTypeOf(key: string): string {
  return key.slice(1, key.indexOf(SEPARATOR, 1));
}

/** One folder's kept folds: range (partial key) -> accumulator. */
interface KeptFolds {
  folder: RangeFolder<unknown>;
  ranges: Map<string, unknown>;
}

export class WorldState implements StateStore, RangeFolds {
  /** objectType -> key -> value. */
  private readonly byType = new Map<string, Map<string, string>>();
  private readonly index = new PrefixIndex();
  /** objectType -> the folds kept over its ranges. */
  private readonly folds = new Map<string, KeptFolds[]>();
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

  fold<T>(folder: RangeFolder<T>, attributes: string[]): Promise<T> {
    return Promise.resolve(this.foldSync(folder, attributes));
  }

  /** fold(), synchronously. */
  foldSync<T>(folder: RangeFolder<T>, attributes: string[]): T {
    let kept = this.folds.get(folder.objectType);
    if (!kept) {
      kept = [];
      this.folds.set(folder.objectType, kept);
    }
    let ranges = kept.find((candidate) => candidate.folder === folder)?.ranges;
    if (!ranges) {
      ranges = new Map();
      kept.push({ folder: folder as RangeFolder<unknown>, ranges });
    }
    const range = compositeKey(folder.objectType, attributes);
    let acc = ranges.get(range) as T | undefined;
    if (acc === undefined) {
      acc = foldEntries(folder, this.scanSync(folder.objectType, attributes));
      ranges.set(range, acc);
    }
    return acc;
  }

  /** Applies one transaction's writes atomically under a new version. */
  commit(writes: readonly StateWrite[]): void {
    this.commits += 1;
    for (const [key, value] of writes) {
      const objectType = objectTypeOf(key);
      let values = this.byType.get(objectType);
      const kept = this.folds.get(objectType);
      if (kept) this.refold(kept, key, values?.get(key), value);
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

  /** Moves every kept fold of a range holding `key` from its old value to its new one. */
  private refold(
    kept: readonly KeptFolds[],
    key: string,
    old: string | undefined,
    value: string | null,
  ): void {
    for (const range of rangesOf(key)) {
      for (const { folder, ranges } of kept) {
        const acc = ranges.get(range);
        if (acc === undefined) continue;
        if (old !== undefined) folder.remove(acc, key, old);
        if (value !== null) folder.add(acc, key, value);
      }
    }
  }

  /** Every committed key and value in key order, as JSON: equal bytes mean equal state. */
  bytes(): string {
    const entries: Array<[string, string]> = [];
    for (const values of this.byType.values()) for (const entry of values) entries.push(entry);
    return JSON.stringify(entries.sort(([a], [b]) => compareKeys(a, b)));
  }
}
