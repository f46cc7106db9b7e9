// Time for the ledgers: every transaction is stamped from an injected clock, never Date.now()
// inside domain code. Simulations use VirtualClock; interactive runs use SystemClock.

export interface Clock {
  nowMs(): number;
}

/** Manually driven time; never moves backwards. */
export class VirtualClock implements Clock {
  private currentMs: number;

  constructor(startMs = 0) {
    checkTime(startMs, 'startMs');
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  set(ms: number): void {
    checkTime(ms, 'ms');
    if (ms < this.currentMs)
      throw new RangeError(`VirtualClock.set: ${ms} is before the current time ${this.currentMs}`);
    this.currentMs = ms;
  }

  advance(ms: number): void {
    checkTime(ms, 'ms');
    this.set(this.currentMs + ms);
  }
}

export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
}

function checkTime(ms: number, name: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${ms}`);
}
