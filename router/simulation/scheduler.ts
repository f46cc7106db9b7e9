// Time for a simulation run. Work sleeps until an instant and the engine schedules arrivals and
// restarts; a run ends at quiescence: no event pending and no tracked work in flight. Two
// implementations: EventScheduler (virtual time, embedded backend) and RealTimeScheduler
// (wall-clock timers, real-time-scheduler.ts).
//
// EventScheduler: virtual time. The run loop fires ONE event, then lets everything it resumed run
// until it waits again (the embedded ledger never does real I/O, so one macrotask turn drains
// it), then fires the next: the earliest, and at one instant the first scheduled. So the order in
// which work at the same instant runs is the queue's, never the microtask queue's, and an added or
// removed `await` cannot change a run's results. Whatever resumes several pieces of work at once
// (a block cut answering its transactions) schedules each as its own event.
import { EventQueue } from './event-queue';

/** What settlement needs from time: read it, and wait for an instant. */
export interface Sleeper {
  nowMs(): number;
  sleepUntil(atMs: number): Promise<void>;
}

export interface Scheduler extends Sleeper {
  /** Runs `fire` at `atMs` (now, if that is in the past). */
  at(atMs: number, fire: () => void): void;
  /** Keeps `run()` from ending until `work` settles (resolved or rejected). */
  track(work: Promise<unknown>): void;
  /** Fires events until none is pending and no tracked work is in flight. */
  run(): Promise<void>;
}

/** The clock the scheduler drives (the embedded ledger's VirtualClock). */
export interface SettableClock {
  nowMs(): number;
  set(ms: number): void;
}

/** A count of tracked work in flight, with a callback as each piece settles. */
export class TrackedWork {
  private inFlight = 0;

  constructor(private readonly onSettled: () => void = () => {}) {}

  get count(): number {
    return this.inFlight;
  }

  add(work: Promise<unknown>): void {
    this.inFlight++;
    const settled = (): void => {
      this.inFlight--;
      this.onSettled();
    };
    work.then(settled, settled);
  }
}

export class EventScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private readonly work = new TrackedWork();

  constructor(private readonly clock: SettableClock) {}

  nowMs(): number {
    return this.clock.nowMs();
  }

  at(atMs: number, fire: () => void): void {
    this.queue.push(Math.max(atMs, this.clock.nowMs()), fire);
  }

  sleepUntil(atMs: number): Promise<void> {
    return new Promise((resolve) => this.at(atMs, resolve));
  }

  track(work: Promise<unknown>): void {
    this.work.add(work);
  }

  async run(): Promise<void> {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const atMs = this.queue.nextAtMs();
      if (atMs === undefined) {
        if (this.work.count === 0) return;
        // Virtual time only moves through events: tracked work that waits on nothing scheduled
        // would wait forever.
        throw new Error(
          `EventScheduler: ${this.work.count} tracked task(s) still waiting with no event pending`,
        );
      }
      if (atMs > this.clock.nowMs()) this.clock.set(atMs);
      this.queue.pop()?.();
    }
  }
}
