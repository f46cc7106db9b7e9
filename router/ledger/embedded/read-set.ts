// What Fabric's endorsement records of a transaction and checks again at validation: every key
// it read and every range it scanned, taken against the committed state as of one version. The
// core reads through a TxOverlay, which never asks the store for a key the transaction itself
// wrote, exactly as on Fabric, where the same overlay runs over the chaincode stub.
import type { RangeFolder, RangeFolds, StateStore } from '../../../chaincode/src/core/store';
import { compositeKey } from '../../../chaincode/src/core/keys';
import type { WorldState } from './world-state';

export interface ReadSet {
  /** The committed version the transaction was simulated against. */
  readonly version: number;
  /** Keys read with get(), present or not (reading an absent key conflicts with its creation). */
  readonly keys: ReadonlySet<string>;
  /** Scanned partial composite keys (getStateByPartialCompositeKey ranges). */
  readonly ranges: ReadonlySet<string>;
}

/**
 * A read-only view of the world state that records what is read. The version is taken once:
 * the core's simulation is synchronous, so no block commits in the middle of it.
 */
export class RecordingView implements StateStore, RangeFolds, ReadSet {
  readonly version: number;
  readonly keys = new Set<string>();
  readonly ranges = new Set<string>();

  constructor(private readonly state: WorldState) {
    this.version = state.version;
  }

  get(key: string): string | undefined {
    this.keys.add(key);
    return this.state.get(key);
  }

  scan(objectType: string, attributes: string[]): Array<[string, string]> {
    this.ranges.add(compositeKey(objectType, attributes));
    return this.state.scan(objectType, attributes);
  }

  /** A fold reads its whole range, as a scan does. */
  fold<T>(folder: RangeFolder<T>, attributes: string[]): T {
    this.ranges.add(compositeKey(folder.objectType, attributes));
    return this.state.fold(folder, attributes);
  }

  put(): void {
    throw new Error('RecordingView: a simulation writes to its overlay, never to the state');
  }

  delete(): void {
    throw new Error('RecordingView: a simulation writes to its overlay, never to the state');
  }
}
