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

  push(atMs: number, fire: () => void): void {
    const heap = this.heap;
    heap.push({ atMs, seq: this.seq++, fire });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** Removes the earliest event and returns its callback. */
  pop(): (() => void) | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top?.fire;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return top?.fire;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function before(a: Event, b: Event): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}
