// Counts and timings of everything an operation does, so the bench can see where time goes
// (plugin start, program run, each provider and monitor RPC).

export interface TimingStat {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface CallRecord {
  /** e.g. `provider.Create`, `monitor.RegisterResource`, `plugin.start`, `program.run`. */
  name: string;
  /** Milliseconds since the start of the operation. */
  startMs: number;
  endMs: number;
  ok: boolean;
  /** The resource URN of a provider RPC. */
  urn?: string;
}

export class Recorder {
  private readonly t0 = performance.now();
  readonly calls: CallRecord[] = [];

  async time<T>(name: string, fn: () => Promise<T>, urn?: string): Promise<T> {
    const start = performance.now() - this.t0;
    let ok = false;
    try {
      const v = await fn();
      ok = true;
      return v;
    } finally {
      this.calls.push({ name, startMs: start, endMs: performance.now() - this.t0, ok, ...(urn ? { urn } : {}) });
    }
  }

  /** Records an interval measured by the caller (ms since the operation started). */
  record(name: string, startMs: number, endMs: number = this.elapsedMs()): void {
    this.calls.push({ name, startMs, endMs, ok: true });
  }

  elapsedMs(): number {
    return performance.now() - this.t0;
  }

  /** Per-name totals. */
  stats(): Record<string, TimingStat> {
    const out: Record<string, TimingStat> = {};
    for (const c of this.calls) {
      const s = (out[c.name] ??= { count: 0, totalMs: 0, maxMs: 0 });
      const d = c.endMs - c.startMs;
      s.count++;
      s.totalMs += d;
      s.maxMs = Math.max(s.maxMs, d);
    }
    for (const s of Object.values(out)) {
      s.totalMs = Math.round(s.totalMs * 10) / 10;
      s.maxMs = Math.round(s.maxMs * 10) / 10;
    }
    return out;
  }

  /** Provider RPC counts keyed by RPC name (`Configure`, `Check`, `Create`, ...). */
  providerCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.calls) {
      if (c.name.startsWith("provider.")) {
        const k = c.name.slice("provider.".length);
        out[k] = (out[k] ?? 0) + 1;
      }
    }
    return out;
  }
}
