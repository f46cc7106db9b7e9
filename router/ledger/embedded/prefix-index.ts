// An index of composite keys by their partial keys, so a partial-key scan touches only the
// matching keys instead of every key in the world state (a balance read scans one account's
// deltas). A key is filed once, under its parent (the partial key naming all but its last
// attribute), and each partial key that holds keys is filed under its own parent, down from
// the partial keys naming one attribute: a scan walks that tree from its partial key. Filing
// a key under every partial key above it instead put each credit in four sets, one of them
// holding every credit of the asset. Keys with a single attribute (op ids, holds: the keys
// that pile up in a long run) need no entry at all: the world state already groups keys by
// objectType, which answers a scan by objectType alone. Most partial keys hold one key (a
// credit's transaction under its window), so a lone key is kept as itself, not in a set.
const SEPARATOR = '\u0000';

export class PrefixIndex {
  /** Partial key -> the keys whose parent it is: the key itself when it is the only one. */
  private readonly keysUnder = new Map<string, string | Set<string>>();
  /** Partial key -> the partial keys whose parent it is that hold keys. */
  private readonly partialsUnder = new Map<string, Set<string>>();

  add(key: string): void {
    const parent = parentOf(key);
    if (!namesAttribute(parent)) return;
    const below = this.keysUnder.get(parent);
    if (below === undefined) {
      this.keysUnder.set(parent, key);
      if (!this.partialsUnder.has(parent)) this.link(parent);
    } else if (typeof below !== 'string') below.add(key);
    else if (below !== key) this.keysUnder.set(parent, new Set([below, key]));
  }

  remove(key: string): void {
    const parent = parentOf(key);
    const below = this.keysUnder.get(parent);
    if (below === key || (typeof below === 'object' && below.delete(key) && below.size === 0)) {
      this.keysUnder.delete(parent);
      if (!this.partialsUnder.has(parent)) this.unlink(parent);
    }
  }

  /**
   * Keys strictly below a partial key naming at least one attribute, sorted. The default sort
   * compares UTF-16 code units, which is compareKeys' order, without a call per comparison.
   */
  keysBelow(prefix: string): string[] {
    const keys: string[] = [];
    this.collect(prefix, keys);
    return keys.length > 1 ? keys.sort() : keys;
  }

  /** Files a partial key that just came to hold keys under its parent, and so on up. */
  private link(partial: string): void {
    for (let child = partial, parent = parentOf(child); namesAttribute(parent);) {
      const partials = this.partialsUnder.get(parent);
      if (partials) {
        partials.add(child);
        return;
      }
      this.partialsUnder.set(parent, new Set([child]));
      if (this.keysUnder.has(parent)) return;
      child = parent;
      parent = parentOf(child);
    }
  }

  /** Unfiles a partial key that no longer holds keys from its parent, and so on up. */
  private unlink(partial: string): void {
    for (let child = partial, parent = parentOf(child); namesAttribute(parent);) {
      const partials = this.partialsUnder.get(parent)!;
      partials.delete(child);
      if (partials.size > 0) return;
      this.partialsUnder.delete(parent);
      if (this.keysUnder.has(parent)) return;
      child = parent;
      parent = parentOf(child);
    }
  }

  private collect(partial: string, keys: string[]): void {
    const below = this.keysUnder.get(partial);
    if (typeof below === 'string') keys.push(below);
    else if (below) for (const key of below) keys.push(key);
    const partials = this.partialsUnder.get(partial);
    if (partials) for (const child of partials) this.collect(child, keys);
  }
}

/** "\0t\0a\0b\0" -> "\0t\0a\0"; "\0t\0" -> "" (nothing is above an objectType). */
export function parentOf(range: string): string {
  const end = range.lastIndexOf(SEPARATOR, range.length - 2);
  return end > 0 ? range.slice(0, end + 1) : '';
}

/** "\0t\0a\0" names an attribute; "\0t\0" and "" do not. */
function namesAttribute(partial: string): boolean {
  return partial.indexOf(SEPARATOR, 1) < partial.length - 1;
}

/**
 * The ranges a scan can name `key` by, shortest first, keeping those naming one of
 * `attributeCounts` attributes: "\0t\0a\0b\0" and {0, 2} -> ["\0t\0", "\0t\0a\0b\0"].
 */
export function rangesOf(key: string, attributeCounts: ReadonlySet<number>): string[] {
  const ranges: string[] = [];
  for (
    let end = key.indexOf(SEPARATOR, 1), count = 0;
    end !== -1;
    end = key.indexOf(SEPARATOR, end + 1), count++
  )
    if (attributeCounts.has(count)) ranges.push(key.slice(0, end + 1));
  return ranges;
}
