// The world state's cold tier: keys that pile up over a long run (op-id markers, resolved holds,
// supply deltas) and are rarely read again, kept compressed so memory does not grow by hundreds
// of bytes per transaction. It is a log-structured store like the LevelDB under a Fabric peer:
// the world state moves its oldest keys here in batches; each batch becomes an immutable
// segment of sorted keys in deflated blocks, with a Bloom filter (a key it does not hold costs a
// few bit tests, which is what an op-id check on a fresh id needs) and each block's first key
// (a key it does hold costs one binary search and one block inflated). A newer segment shadows
// an older one, and a deleted key is kept as a tombstone, so the tier answers exactly as the map
// it replaced. Nothing is ever written to disk.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** A value, or null: the key was deleted after an older segment stored it. */
export type ColdValue = string | null;

/** Entries per block: larger compresses better, smaller inflates faster on a point read. */
const BLOCK_ENTRIES = 64;
/** Bloom filter: 10 bits and 7 probes per key give about 1% false positives. */
const BITS_PER_KEY = 10;
const PROBES = 7;

interface Segment {
  /** Every block, deflated, back to back in one exact-size buffer. */
  data: Buffer;
  /** Where block i starts in data; the last entry is data's length. */
  offsets: Uint32Array;
  /** The first key of each block, ascending. */
  firstKeys: string[];
  bloom: Uint32Array;
  /** Tells segments apart in a merge: a higher one is newer. */
  age: number;
  /** The block a point read inflated last: reads of neighbouring keys tend to come together. */
  lastRead?: { index: number; entries: unknown[] };
}

export class ColdTier {
  /** Oldest first. */
  private readonly segments: Segment[] = [];
  private entries = 0;

  /** Keys stored, counting a key once per segment holding it. */
  get size(): number {
    return this.entries;
  }

  /** Stores entries, sorted by key and unique, as a new segment that shadows every older one. */
  add(sorted: ReadonlyArray<readonly [string, ColdValue]>): void {
    if (sorted.length === 0) return;
    const bloom = new Uint32Array(Math.ceil((sorted.length * BITS_PER_KEY) / 32));
    const blocks: Buffer[] = [];
    const firstKeys: string[] = [];
    for (let start = 0; start < sorted.length; start += BLOCK_ENTRIES) {
      const block = sorted.slice(start, start + BLOCK_ENTRIES);
      firstKeys.push(block[0]![0]);
      blocks.push(deflateRawSync(JSON.stringify(block.flat())));
      for (const [key] of block) addToBloom(bloom, key);
    }
    // zlib hands back slices of its 16 KiB output chunks: copied together, a block costs its
    // compressed size, not a chunk.
    const offsets = new Uint32Array(blocks.length + 1);
    blocks.forEach((block, i) => (offsets[i + 1] = offsets[i]! + block.length));
    const data = Buffer.concat(blocks);
    this.segments.push({ data, offsets, firstKeys, bloom, age: this.segments.length });
    this.entries += sorted.length;
  }

  /** The newest value stored for `key`: a string, null if deleted, undefined if never stored. */
  get(key: string): ColdValue | undefined {
    if (this.segments.length === 0) return undefined;
    const [h1, h2] = hashes(key);
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i]!;
      if (!bloomHas(segment.bloom, h1, h2)) continue;
      const index = blockOf(segment, key);
      if (index < 0) continue;
      if (segment.lastRead?.index !== index)
        segment.lastRead = { index, entries: inflate(segment, index) };
      const { entries } = segment.lastRead;
      for (let j = 0; j < entries.length; j += 2) {
        if (entries[j] === key) return entries[j + 1] as ColdValue;
      }
    }
    return undefined;
  }

  /**
   * Every key starting with `prefix`, in key order, each once with its newest value (tombstones
   * included): a merge of the segments' ranges that inflates one block per segment at a time.
   */
  *range(prefix: string): Generator<[string, ColdValue]> {
    const heads = new MergeHeap();
    for (const segment of this.segments) {
      const cursor = new Cursor(segment, prefix);
      if (cursor.next()) heads.push(cursor);
    }
    let last: string | undefined;
    for (let cursor = heads.pop(); cursor; cursor = heads.pop()) {
      // Equal keys come out newest first; the older copies are skipped.
      if (cursor.key !== last) {
        last = cursor.key;
        yield [cursor.key, cursor.value];
      }
      if (cursor.next()) heads.push(cursor);
    }
  }
}

/** Walks one segment's entries under a prefix. */
class Cursor {
  key = '';
  value: ColdValue = null;
  private block: unknown[] = [];
  private blockIndex: number;
  private offset = 0;

  constructor(
    readonly segment: Segment,
    private readonly prefix: string,
  ) {
    this.blockIndex = Math.max(0, blockOf(segment, prefix));
    this.loadBlock();
  }

  /** Moves to the next entry under the prefix; false once past it. */
  next(): boolean {
    for (;;) {
      if (this.offset >= this.block.length) {
        this.blockIndex++;
        if (this.blockIndex >= this.segment.firstKeys.length) return false;
        this.loadBlock();
        continue;
      }
      const key = this.block[this.offset] as string;
      const value = this.block[this.offset + 1] as ColdValue;
      this.offset += 2;
      if (key.startsWith(this.prefix)) {
        this.key = key;
        this.value = value;
        return true;
      }
      if (key > this.prefix) return false;
    }
  }

  private loadBlock(): void {
    this.block = inflate(this.segment, this.blockIndex);
    this.offset = 0;
  }
}

/** Cursors by current key, then newest segment first. */
class MergeHeap {
  private readonly heap: Cursor[] = [];

  push(cursor: Cursor): void {
    const heap = this.heap;
    heap.push(cursor);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  pop(): Cursor | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    heap[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      let first = i;
      if (left < heap.length && before(heap[left]!, heap[first]!)) first = left;
      if (left + 1 < heap.length && before(heap[left + 1]!, heap[first]!)) first = left + 1;
      if (first === i) return top;
      [heap[i], heap[first]] = [heap[first]!, heap[i]!];
      i = first;
    }
  }
}

function before(a: Cursor, b: Cursor): boolean {
  return a.key < b.key || (a.key === b.key && a.segment.age > b.segment.age);
}

/** The block whose range holds `key`, or -1 if it sorts before the segment's first key. */
function blockOf(segment: Segment, key: string): number {
  const { firstKeys } = segment;
  let low = 0;
  let high = firstKeys.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (firstKeys[middle]! <= key) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

function inflate(segment: Segment, index: number): unknown[] {
  const block = segment.data.subarray(segment.offsets[index], segment.offsets[index + 1]);
  return JSON.parse(inflateRawSync(block).toString()) as unknown[];
}

/** Two independent 32-bit FNV-1a hashes of the key's code units, for double hashing. */
function hashes(key: string): [number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return [h1 >>> 0, (h2 ^ (h2 >>> 15)) >>> 0 || 1];
}

function addToBloom(bloom: Uint32Array, key: string): void {
  const [h1, h2] = hashes(key);
  const bits = bloom.length * 32;
  for (let i = 0; i < PROBES; i++) {
    const bit = (h1 + i * h2) % bits;
    bloom[bit >>> 5]! |= 1 << (bit & 31);
  }
}

function bloomHas(bloom: Uint32Array, h1: number, h2: number): boolean {
  const bits = bloom.length * 32;
  for (let i = 0; i < PROBES; i++) {
    const bit = (h1 + i * h2) % bits;
    if ((bloom[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
  }
  return true;
}
