// Wall-clock time for runs on a real backend (or the embedded ledger on a SystemClock): the same
// interface as EventScheduler, driven by one timer armed for the earliest pending event. Real
// I/O leaves nothing to drain, so quiescence is explicit: run() resolves once no event is
// pending and every piece of tracked work has settled. Events only fire while run() is going,
// as on the virtual scheduler.
import type { Clock } from '../ledger/clock';
import { EventQueue } from './event-queue';
import { type Scheduler, TrackedWork } from './scheduler';

interface Running {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class RealTimeScheduler implements Scheduler {
  private readonly queue = new EventQueue();
  private readonly work = new TrackedWork(() => this.endIfQuiet());
  private timer: { handle: NodeJS.Timeout; atMs: number } | null = null;
  private running: Running | null = null;

  constructor(private readonly clock: Clock) {}

  nowMs(): number {
    return this.clock.nowMs();
  }

  at(atMs: number, fire: () => void): void {
    this.queue.push(Math.max(atMs, this.clock.nowMs()), fire);
    this.arm();
  }

  sleepUntil(atMs: number): Promise<void> {
    return new Promise((resolve) => this.at(atMs, resolve));
  }

  track(work: Promise<unknown>): void {
    this.work.add(work);
  }

  run(): Promise<void> {
    if (this.running) return Promise.reject(new Error('RealTimeScheduler: already running'));
    return new Promise((resolve, reject) => {
      this.running = { resolve, reject };
      this.arm();
      this.endIfQuiet();
    });
  }

  private arm(): void {
    const atMs = this.queue.nextAtMs();
    if (!this.running || atMs === undefined) return;
    if (this.timer) {
      if (this.timer.atMs <= atMs) return;
      clearTimeout(this.timer.handle);
    }
    const handle = setTimeout(() => this.fireDue(), Math.max(0, atMs - this.clock.nowMs()));
    this.timer = { handle, atMs };
  }

  private fireDue(): void {
    this.timer = null;
    // Node's timers run on a monotonic clock and may wake a little before the wall clock reaches
    // the instant: then nothing is due yet and the timer is armed again.
    const nowMs = this.clock.nowMs();
    try {
      for (let next = this.queue.nextAtMs(); next !== undefined && next <= nowMs;) {
        this.queue.pop()?.();
        next = this.queue.nextAtMs();
      }
    } catch (error) {
      this.end((running) => running.reject(error));
      return;
    }
    this.arm();
    this.endIfQuiet();
  }

  private endIfQuiet(): void {
    if (this.queue.size === 0 && this.work.count === 0) this.end((running) => running.resolve());
  }

  private end(settle: (running: Running) => void): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    if (this.timer) clearTimeout(this.timer.handle);
    this.timer = null;
    settle(running);
  }
}
