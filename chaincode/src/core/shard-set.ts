// A set of shard numbers that counts its members below a bound in O(log n) (a Fenwick tree over
// the member counts of 32-shard words of presence bits), so an account's balance is read in the
// same time however many of its shards were touched, and a shard is added or removed without
// moving the others. The world state keeps one per account it folds, so it stays small: about
// 260 bytes for an account spread over the most shards (1,024).

const WORD_BITS = 32;

export class ShardSet {
  /** Presence bits, shard k at bit k % 32 of word ⌊k / 32⌋. */
  private words = new Uint32Array(0);
  /** 1-based Fenwick tree over the words' member counts; its length is words.length + 1. */
  private tree = new Int32Array(1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(shard: number): void {
    this.grow(Math.floor(shard / WORD_BITS) + 1);
    if (this.has(shard)) throw new Error(`ShardSet: shard ${shard} is already a member`);
    this.words[Math.floor(shard / WORD_BITS)]! |= bitOf(shard);
    this.count += 1;
    this.update(shard, 1);
  }

  delete(shard: number): void {
    if (!this.has(shard)) throw new Error(`ShardSet: shard ${shard} is not a member`);
    this.words[Math.floor(shard / WORD_BITS)]! &= ~bitOf(shard);
    this.count -= 1;
    this.update(shard, -1);
  }

  /** Members smaller than `bound`. */
  countBelow(bound: number): number {
    const word = Math.min(Math.floor(bound / WORD_BITS), this.words.length);
    let below = 0;
    for (let i = word; i > 0; i -= i & -i) below += this.tree[i]!;
    if (word < this.words.length) below += bitCount(this.words[word]! & (bitOf(bound) - 1));
    return below;
  }

  /** The members in ascending order. */
  members(): number[] {
    const members: number[] = [];
    this.words.forEach((bits, word) => {
      for (let bit = 0; bits !== 0; bit++, bits >>>= 1)
        if (bits & 1) members.push(word * WORD_BITS + bit);
    });
    return members;
  }

  private has(shard: number): boolean {
    const word = Math.floor(shard / WORD_BITS);
    return word < this.words.length && (this.words[word]! & bitOf(shard)) !== 0;
  }

  private update(shard: number, change: number): void {
    for (let i = Math.floor(shard / WORD_BITS) + 1; i < this.tree.length; i += i & -i)
      this.tree[i]! += change;
  }

  /**
   * Doubles the capacity until `needed` words fit. Capacities are powers of two, so the old
   * tree's nodes keep their meaning; of the new nodes, those at a power of two cover every word
   * from the first (they count all members) and the others only new, empty words.
   */
  private grow(needed: number): void {
    const old = this.words.length;
    if (needed <= old) return;
    let capacity = Math.max(1, old);
    while (capacity < needed) capacity *= 2;
    const words = new Uint32Array(capacity);
    words.set(this.words);
    const tree = new Int32Array(capacity + 1);
    tree.set(this.tree);
    if (old > 0) for (let node = 2 * old; node <= capacity; node *= 2) tree[node] = this.count;
    this.words = words;
    this.tree = tree;
  }
}

/** The bit of `shard` within its word (as a signed 32-bit pattern). */
function bitOf(shard: number): number {
  return 1 << (shard % WORD_BITS);
}

/** Set bits in a 32-bit pattern (SWAR popcount). */
function bitCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
