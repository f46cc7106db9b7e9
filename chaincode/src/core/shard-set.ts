// A set of shard numbers that counts its members below a bound in O(log n) (a Fenwick tree over
// presence bits), so an account's balance is read in the same time however many of its shards
// were touched, and a shard is added or removed without moving the others.

export class ShardSet {
  /** 1-based Fenwick tree over `present`; its length is the capacity + 1. */
  private tree = new Int32Array(1);
  private present = new Uint8Array(0);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(shard: number): void {
    this.grow(shard + 1);
    if (this.present[shard] === 1) throw new Error(`ShardSet: shard ${shard} is already a member`);
    this.present[shard] = 1;
    this.count += 1;
    for (let i = shard + 1; i < this.tree.length; i += i & -i) this.tree[i]! += 1;
  }

  delete(shard: number): void {
    if (this.present[shard] !== 1) throw new Error(`ShardSet: shard ${shard} is not a member`);
    this.present[shard] = 0;
    this.count -= 1;
    for (let i = shard + 1; i < this.tree.length; i += i & -i) this.tree[i]! -= 1;
  }

  /** Members smaller than `bound`. */
  countBelow(bound: number): number {
    let below = 0;
    for (let i = Math.min(bound, this.present.length); i > 0; i -= i & -i) below += this.tree[i]!;
    return below;
  }

  /** The members in ascending order. */
  members(): number[] {
    const members: number[] = [];
    for (let shard = 0; shard < this.present.length; shard++)
      if (this.present[shard] === 1) members.push(shard);
    return members;
  }

  /** Doubles the capacity until `needed` shards fit, rebuilding the tree in linear time. */
  private grow(needed: number): void {
    if (needed <= this.present.length) return;
    let capacity = Math.max(1, this.present.length);
    while (capacity < needed) capacity *= 2;
    const present = new Uint8Array(capacity);
    present.set(this.present);
    const tree = new Int32Array(capacity + 1);
    for (let i = 1; i <= capacity; i++) {
      tree[i]! += present[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= capacity) tree[parent]! += tree[i]!;
    }
    this.present = present;
    this.tree = tree;
  }
}
