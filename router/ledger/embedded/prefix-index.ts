// An index of composite keys by their partial keys, so a partial-key scan touches only the
// matching keys instead of every key in the world state (a balance read scans one account's
// deltas). A key is filed under each partial key that names at least one attribute, down to
// its parent, so a scan is one lookup. Keys with a single attribute (op ids, holds: the keys
// that pile up in a long run) need no entry at all: the world state already groups keys by
// objectType, which answers a scan by objectType alone. Most partial keys hold one key (a
// credit's transaction under its window), so a lone key is kept as itself, not in a set of its
// own: a set per credit was most of what filing it cost.
const SEPARATOR = '\u0000';

export class PrefixIndex {
  /** Partial key -> every key below it: the key itself when it is the only one. */
  private readonly under = new Map<string, string | Set<string>>();

  add(key: string): void {
    for (const prefix of partialKeysOf(key)) {
      const below = this.under.get(prefix);
      if (below === undefined) this.under.set(prefix, key);
      else if (typeof below !== 'string') below.add(key);
      else if (below !== key) this.under.set(prefix, new Set([below, key]));
    }
  }

  remove(key: string): void {
    for (const prefix of partialKeysOf(key)) {
      const below = this.under.get(prefix);
      if (below === key || (typeof below === 'object' && below.delete(key) && below.size === 0))
        this.under.delete(prefix);
    }
  }

  /**
   * Keys strictly below a partial key naming at least one attribute, sorted. The default sort
   * compares UTF-16 code units, which is compareKeys' order, without a call per comparison.
   */
  keysBelow(prefix: string): string[] {
    const below = this.under.get(prefix);
    if (below === undefined) return [];
    return typeof below === 'string' ? [below] : [...below].sort();
  }
}

/** "\0t\0a\0b\0c\0" -> ["\0t\0a\0", "\0t\0a\0b\0"]: each partial key with 1..n-1 attributes. */
function partialKeysOf(key: string): string[] {
  const prefixes: string[] = [];
  const typeEnd = key.indexOf(SEPARATOR, 1);
  for (
    let end = key.indexOf(SEPARATOR, typeEnd + 1);
    end !== -1 && end !== key.length - 1;
    end = key.indexOf(SEPARATOR, end + 1)
  ) {
    prefixes.push(key.slice(0, end + 1));
  }
  return prefixes;
}

/** "\0t\0a\0b\0" -> ["\0t\0", "\0t\0a\0", "\0t\0a\0b\0"]: every range a scan can name it by. */
export function rangesOf(key: string): string[] {
  const ranges: string[] = [];
  for (let end = key.indexOf(SEPARATOR, 1); end !== -1; end = key.indexOf(SEPARATOR, end + 1))
    ranges.push(key.slice(0, end + 1));
  return ranges;
}
