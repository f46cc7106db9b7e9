// An index of composite keys by their partial keys, so a partial-key scan touches only the
// matching keys instead of every key in the world state (a balance read scans one account's
// deltas). A key is filed under each partial key that names at least one attribute, down to
// its parent, so a scan is one lookup. Keys with a single attribute (op ids, holds: the keys
// that pile up in a long run) need no entry at all: the world state already groups keys by
// objectType, which answers a scan by objectType alone.
const SEPARATOR = '\u0000';

export class PrefixIndex {
  /** Partial key -> every key below it. */
  private readonly under = new Map<string, Set<string>>();

  add(key: string): void {
    for (const prefix of partialKeysOf(key)) {
      const keys = this.under.get(prefix);
      if (keys) keys.add(key);
      else this.under.set(prefix, new Set([key]));
    }
  }

  remove(key: string): void {
    for (const prefix of partialKeysOf(key)) {
      const keys = this.under.get(prefix);
      if (keys?.delete(key) && keys.size === 0) this.under.delete(prefix);
    }
  }

  /**
   * Keys strictly below a partial key naming at least one attribute, sorted. The default sort
   * compares UTF-16 code units, which is compareKeys' order, without a call per comparison.
   */
  keysBelow(prefix: string): string[] {
    const below = this.under.get(prefix);
    return below ? [...below].sort() : [];
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
