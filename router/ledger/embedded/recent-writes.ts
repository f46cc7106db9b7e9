// The versions validation compares a read set against: for every key, and every range a key lies
// in, the version of its latest write. Only writes a transaction still in flight could have
// missed are kept (newer than the oldest in-flight simulation's version), so this stays as small
// as the commit window however long the run: a key absent here was last written at or before
// every in-flight transaction's version.
import type { StateWrite } from '../../../chaincode/src/core/store';
import { parentOf } from './prefix-index';
import type { ReadSet } from './read-set';

/** Fabric's validation codes for a transaction invalidated by a concurrent change. */
export type ConflictReason = 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';
export const CONFLICT_REASONS: readonly ConflictReason[] = [
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
];

export interface Conflict {
  reason: ConflictReason;
  /** The key read, or the partial key of the range scanned. */
  key: string;
}

const SEPARATOR = '\u0000';

export class RecentWrites {
  private readonly keyVersions = new Map<string, number>();
  /** Ranges strictly above written keys; a range naming a whole key is that key's entry. */
  private readonly rangeVersions = new Map<string, number>();
  /** Each commit's writes, oldest first, to forget them once nobody can miss them. */
  private readonly log: Array<{ version: number; writes: readonly StateWrite[] }> = [];

  record(version: number, writes: readonly StateWrite[]): void {
    for (const [key] of writes) {
      this.keyVersions.set(key, version);
      // Bottom up: a range already at this version was set by an earlier key of the same
      // commit, and so was every range above it.
      for (
        let range = parentOf(key);
        range !== '' && this.rangeVersions.get(range) !== version;
        range = parentOf(range)
      )
        this.rangeVersions.set(range, version);
    }
    this.log.push({ version, writes });
  }

  /**
   * Fabric's order: the read set first, then the ranges. Fabric re-runs a range and compares
   * keys and versions, so a changed value inside a range is a phantom too, not only an added or
   * removed key.
   */
  conflict(reads: ReadSet): Conflict | null {
    for (const key of reads.keys) {
      if ((this.keyVersions.get(key) ?? 0) > reads.version)
        return { reason: 'MVCC_READ_CONFLICT', key };
    }
    for (const range of reads.ranges) {
      if (this.rangeVersion(range) > reads.version)
        return { reason: 'PHANTOM_READ_CONFLICT', key: range };
    }
    return null;
  }

  /** The latest write below a range, or to the key it names. */
  private rangeVersion(range: string): number {
    return Math.max(this.rangeVersions.get(range) ?? 0, this.keyVersions.get(range) ?? 0);
  }

  /** Drops writes at or below `version`: every transaction still to validate has seen them. */
  forgetUpTo(version: number): void {
    while (this.log.length > 0 && this.log[0]!.version <= version) {
      const { version: written, writes } = this.log.shift()!;
      for (const [key] of writes) {
        forget(this.keyVersions, key, written);
        // Bottom up: a range written later, or already forgotten with an earlier key of this
        // commit, has every range above it written later or forgotten too.
        for (
          let range = parentOf(key);
          range !== '' && this.rangeVersions.get(range) === written;
          range = parentOf(range)
        )
          this.rangeVersions.delete(range);
      }
    }
  }
}

/** A later write of the same key or range keeps its entry. */
function forget(versions: Map<string, number>, key: string, written: number): void {
  if (versions.get(key) === written) versions.delete(key);
}

/** "\0delta\0bank/a\0" -> "delta(bank/a)"; a range shows its open end: "delta(bank/a, …)". */
export function printableKey(key: string, range: boolean): string {
  const [objectType = '', ...attributes] = key.slice(1, -1).split(SEPARATOR);
  return `${objectType}(${[...attributes, ...(range ? ['…'] : [])].join(', ')})`;
}
