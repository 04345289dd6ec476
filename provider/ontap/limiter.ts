/**
 * A FIFO limit on the requests one client has in flight. A request holds a slot only while its HTTP exchange runs:
 * it gives the slot up before it sleeps (retry backoff, job polling), so waiting requests never starve the others.
 */
export class InFlightLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxInFlight must be a positive integer, got ${max}`);
  }

  /** Requests holding a slot. */
  get inFlight(): number {
    return this.active;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Waits for a slot (first come, first served) and returns the function that gives it back (idempotent). */
  async acquire(): Promise<() => void> {
    if (this.active < this.max && this.waiting.length === 0) {
      this.active++;
    } else {
      // The slot is handed over directly by release(), so a newcomer cannot overtake a queued request.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Runs `task` while holding a slot. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
