// The embedded ledger's world state, like a peer's state database: committed key -> value,
// with a commit counter as its version. Writes of one transaction are applied synchronously in
// one call, so no reader ever sees half a transaction.
//
// Range folds (store.ts) are kept here too: built from a scan when first asked for, then updated
// by every commit to a key in the range, so a balance read does not grow with the account's keys.
//
// A long simulation writes millions of op-id markers, holds and supply deltas, nearly all never
// read again. Values are grouped by objectType (which answers a scan by objectType alone), only
// keys with several attributes enter the prefix index, and once the hot keys of those types pass
// a limit the oldest half move to the compressed cold tier (cold-tier.ts), which answers reads
// and scans exactly as the maps did.
import { compareKeys } from '../../../chaincode/src/core/canonical-json';
import { compositeKey } from '../../../chaincode/src/core/keys';
import {
  foldEntries,
  type RangeFolder,
  type RangeFolds,
  type StateStore,
  type StateWrite,
} from '../../../chaincode/src/core/store';
import { ColdTier, type ColdValue } from './cold-tier';
import { PrefixIndex, rangesOf } from './prefix-index';

const SEPARATOR = '\u0000';

/** "\0t\0a\0" -> "t". */
function objectTypeOf(key: string): string {
  return key.slice(1, key.indexOf(SEPARATOR, 1));
}

/** The object types that pile up over a run and are rarely read again once written. */
export const COLD_TYPES: readonly string[] = ['opid', 'hold', 'supply'];
/** Hot keys of cold types kept in maps before the oldest half move to the cold tier. */
const HOT_LIMIT = 40_000;

export interface WorldStateOptions {
  coldTypes?: readonly string[];
  hotLimit?: number;
}

/** One folder's kept folds: range (partial key) -> accumulator. */
interface KeptFolds {
  folder: RangeFolder<unknown>;
  ranges: Map<string, unknown>;
}

/** What the state holds of one objectType, found with one lookup per read or write. */
interface TypeState {
  /** Hot keys -> values. */
  readonly values: Map<string, string>;
  /** Whether its keys move to the cold tier. */
  readonly cold: boolean;
  /** The folds kept over its ranges. */
  readonly folds: KeptFolds[];
  /**
   * How many attributes the kept ranges name. A commit looks up only ranges of those lengths:
   * each lookup hashes a freshly sliced partial key.
   */
  readonly foldedAttributeCounts: Set<number>;
}

export class WorldState implements StateStore, RangeFolds {
  private readonly byType = new Map<string, TypeState>();
  private readonly index = new PrefixIndex();
  private commits = 0;
  private readonly coldTypes: ReadonlySet<string>;
  private readonly hotLimit: number;
  private readonly cold = new ColdTier();
  /** Keys of cold types deleted while the cold tier still holds a value for them. */
  private readonly tombstones = new Set<string>();

  constructor(options: WorldStateOptions = {}) {
    this.coldTypes = new Set(options.coldTypes ?? COLD_TYPES);
    this.hotLimit = options.hotLimit ?? HOT_LIMIT;
    if (!Number.isSafeInteger(this.hotLimit) || this.hotLimit < 2)
      throw new RangeError(`hotLimit must be an integer of at least 2, got ${this.hotLimit}`);
  }

  /** Keys in the cold tier, a key counted once per segment holding it. */
  get coldKeys(): number {
    return this.cold.size;
  }

  /** The number of commits applied so far: each transaction's writes form one version. */
  get version(): number {
    return this.commits;
  }

  get(key: string): string | undefined {
    const type = this.byType.get(objectTypeOf(key));
    return type === undefined ? undefined : this.readIn(type, key);
  }

  private readIn(type: TypeState, key: string): string | undefined {
    const hot = type.values.get(key);
    if (hot !== undefined || !type.cold || this.tombstones.has(key)) return hot;
    return this.cold.get(key) ?? undefined;
  }

  /** The objectType's state, created when first written or folded. */
  private typeState(objectType: string): TypeState {
    let type = this.byType.get(objectType);
    if (!type) {
      type = {
        values: new Map(),
        cold: this.coldTypes.has(objectType),
        folds: [],
        foldedAttributeCounts: new Set(),
      };
      this.byType.set(objectType, type);
    }
    return type;
  }

  put(key: string, value: string): void {
    this.commit([[key, value]]);
  }

  delete(key: string): void {
    this.commit([[key, null]]);
  }

  scan(objectType: string, attributes: string[]): Array<[string, string]> {
    if (!this.coldTypes.has(objectType) || this.cold.size === 0)
      return this.hotScan(objectType, attributes);
    const entries: Array<[string, string]> = [];
    this.forEachInRange(objectType, attributes, (key, value) => void entries.push([key, value]));
    return entries;
  }

  /**
   * Visits what scan would return, in the same order, without building it: a snapshot of a
   * long run's holds reads millions of them and keeps a few.
   */
  forEachInRange(
    objectType: string,
    attributes: string[],
    visit: (key: string, value: string) => void,
  ): void {
    const hot = this.hotScan(objectType, attributes);
    if (!this.coldTypes.has(objectType) || this.cold.size === 0) {
      for (const [key, value] of hot) visit(key, value);
      return;
    }
    // A merge of two sorted streams; the hot copy of a key is the newer one.
    let next = 0;
    for (const [key, value] of this.cold.range(compositeKey(objectType, attributes))) {
      for (; next < hot.length && hot[next]![0] < key; next++) visit(...hot[next]!);
      if (next < hot.length && hot[next]![0] === key) continue;
      if (value !== null && !this.tombstones.has(key)) visit(key, value);
    }
    for (; next < hot.length; next++) visit(...hot[next]!);
  }

  private hotScan(objectType: string, attributes: string[]): Array<[string, string]> {
    const values = this.byType.get(objectType)?.values;
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

  fold<T>(folder: RangeFolder<T>, attributes: string[]): T {
    const type = this.typeState(folder.objectType);
    const kept = type.folds;
    let ranges = kept.find((candidate) => candidate.folder === folder)?.ranges;
    if (!ranges) {
      ranges = new Map();
      kept.push({ folder: folder as RangeFolder<unknown>, ranges });
    }
    const range = compositeKey(folder.objectType, attributes);
    let acc = ranges.get(range) as T | undefined;
    if (acc === undefined) {
      acc = foldEntries(folder, this.scan(folder.objectType, attributes));
      ranges.set(range, acc);
      type.foldedAttributeCounts.add(attributes.length);
    }
    return acc;
  }

  /** Applies one transaction's writes atomically under a new version. */
  commit(writes: readonly StateWrite[]): void {
    this.commits += 1;
    let wroteCold = false;
    for (const [key, value] of writes) {
      const type = this.typeState(objectTypeOf(key));
      if (type.folds.length > 0) this.refold(type, key, this.readIn(type, key), value);
      wroteCold ||= type.cold;
      if (value === null) {
        if (type.values.delete(key)) this.index.remove(key);
        if (type.cold && typeof this.cold.get(key) === 'string') this.tombstones.add(key);
        continue;
      }
      if (type.cold) this.tombstones.delete(key);
      // Only a new key, which grows the map, enters the index.
      const keys = type.values.size;
      type.values.set(key, value);
      if (type.values.size > keys) this.index.add(key);
    }
    if (wroteCold && this.hotColdKeys() > this.hotLimit) this.moveOldestToCold();
  }

  private hotColdKeys(): number {
    let keys = this.tombstones.size;
    for (const objectType of this.coldTypes) keys += this.byType.get(objectType)?.values.size ?? 0;
    return keys;
  }

  /** The older half of each cold type's hot keys (maps keep insertion order), and every tombstone. */
  private moveOldestToCold(): void {
    const moving: Array<[string, ColdValue]> = [...this.tombstones].map((key) => [key, null]);
    this.tombstones.clear();
    for (const objectType of this.coldTypes) {
      const values = this.byType.get(objectType)?.values;
      if (!values) continue;
      let quota = Math.floor(values.size / 2);
      for (const [key, value] of values) {
        if (quota-- <= 0) break;
        moving.push([key, value]);
        values.delete(key);
        this.index.remove(key);
      }
    }
    this.cold.add(moving.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** Moves every kept fold of a range holding `key` from its old value to its new one. */
  private refold(
    type: TypeState,
    key: string,
    old: string | undefined,
    value: string | null,
  ): void {
    for (const range of rangesOf(key, type.foldedAttributeCounts)) {
      for (const { folder, ranges } of type.folds) {
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
    for (const { values, cold } of this.byType.values()) {
      if (!cold || this.cold.size === 0) for (const entry of values) entries.push(entry);
    }
    if (this.cold.size > 0) {
      for (const objectType of this.coldTypes)
        this.forEachInRange(objectType, [], (key, value) => void entries.push([key, value]));
    }
    return JSON.stringify(entries.sort(([a], [b]) => compareKeys(a, b)));
  }
}
