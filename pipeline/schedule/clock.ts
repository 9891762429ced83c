// The scheduler never reads Date.now() or calls setTimeout directly: it asks a Clock. Production uses
// the system clock; tests use FakeClock, so a three-day outage, a DST night or a 1 s/2 s/4 s backoff
// is simulated in milliseconds and every instant in an assertion is exact.

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and real timers. */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Time stands still until a test moves it. sleep() does not wait: it advances the clock by ms and
 * records the request, so a test can assert the exact backoff sequence.
 */
export class FakeClock implements Clock {
  private ms: number;
  /** Every sleep requested, in order, in milliseconds. */
  readonly sleeps: number[] = [];

  constructor(start: Date | string) {
    this.ms = new Date(start).getTime();
    if (Number.isNaN(this.ms)) throw new Error(`FakeClock: invalid start ${String(start)}`);
  }

  now(): Date {
    return new Date(this.ms);
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += ms;
  }

  /** Moves time forward without recording a sleep (the machine was simply running, or off). */
  advance(ms: number): void {
    this.ms += ms;
  }

  set(to: Date | string): void {
    this.ms = new Date(to).getTime();
  }
}
