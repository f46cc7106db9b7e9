// The pending events of a scheduler, earliest first; events due at the same instant come out in
// the order they were pushed, so whatever drives the queue fires them deterministically.

interface Event {
  atMs: number;
  seq: number;
  fire: () => void;
}

export class EventQueue {
  private readonly heap: Event[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** When the earliest event is due, or undefined if none is pending. */
  nextAtMs(): number | undefined {
    return this.heap[0]?.atMs;
  }

  // Both sifts move a hole rather than swapping pairs: a destructuring swap allocates an array
  // per level, and the queue sees one push and one pop per event of the run.
  push(atMs: number, fire: () => void): void {
    const heap = this.heap;
    const event: Event = { atMs, seq: this.seq++, fire };
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = event;
  }

  /** Removes the earliest event and returns its callback. */
  pop(): (() => void) | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top?.fire;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = left < heap.length && before(heap[left]!, last) ? left : -1;
      if (right < heap.length && before(heap[right]!, smallest < 0 ? last : heap[left]!))
        smallest = right;
      if (smallest < 0) break;
      heap[i] = heap[smallest]!;
      i = smallest;
    }
    heap[i] = last;
    return top?.fire;
  }
}

function before(a: Event, b: Event): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
