// Discrete-event time for the embedded backend. Work sleeps until a virtual instant; the run
// loop lets every runnable continuation finish (the embedded ledger never does real I/O, so a
// macrotask turn drains them all), then jumps the clock to the earliest pending wake-up. Events
// at the same instant fire in the order they were scheduled, so a run is deterministic.

/** What settlement needs from time: read it, and wait for an instant. */
export interface Sleeper {
  nowMs(): number;
  sleepUntil(atMs: number): Promise<void>;
}

/** The clock the scheduler drives (the embedded ledger's VirtualClock). */
export interface SettableClock {
  nowMs(): number;
  set(ms: number): void;
}

interface Event {
  atMs: number;
  seq: number;
  fire: () => void;
}

export class EventScheduler implements Sleeper {
  private readonly heap: Event[] = [];
  private seq = 0;

  constructor(private readonly clock: SettableClock) {}

  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Runs `fire` at `atMs` (now, if that is in the past). */
  at(atMs: number, fire: () => void): void {
    push(this.heap, { atMs: Math.max(atMs, this.clock.nowMs()), seq: this.seq++, fire });
  }

  sleepUntil(atMs: number): Promise<void> {
    return new Promise((resolve) => this.at(atMs, resolve));
  }

  sleep(ms: number): Promise<void> {
    return this.sleepUntil(this.clock.nowMs() + ms);
  }

  get pendingEvents(): number {
    return this.heap.length;
  }

  /** Processes events until none is left and nothing runnable remains. */
  async run(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const first = this.heap[0];
      if (!first) return;
      const atMs = first.atMs;
      if (atMs > this.clock.nowMs()) this.clock.set(atMs);
      while (this.heap[0]?.atMs === atMs) pop(this.heap)?.fire();
    }
  }
}

function before(a: Event, b: Event): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

function push(heap: Event[], event: Event): void {
  heap.push(event);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

function pop(heap: Event[]): Event | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || !last) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === i) return top;
    [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
    i = smallest;
  }
}
