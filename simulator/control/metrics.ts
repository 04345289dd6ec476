/** Request counters: total, per method, per route template and per status, plus requests in flight and their peak. */

export interface Counters {
  total: number;
  byMethod: Record<string, number>;
  /** Keyed by `METHOD template`, e.g. `PATCH /api/protocols/ndmp/svms/{svm.uuid}`; unknown paths as `METHOD (unknown)`. */
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  inFlight: number;
  peakInFlight: number;
}

export class Metrics {
  private counters: Counters = Metrics.empty(0);

  private static empty(inFlight: number): Counters {
    return { total: 0, byMethod: {}, byRoute: {}, byStatus: {}, inFlight, peakInFlight: inFlight };
  }

  /** A request arrived (counted before anything can fail, so faulted and refused requests count too). */
  begin(method: string, template: string | undefined): void {
    const c = this.counters;
    c.total++;
    c.byMethod[method] = (c.byMethod[method] ?? 0) + 1;
    const route = `${method} ${template ?? "(unknown)"}`;
    c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
    c.inFlight++;
    c.peakInFlight = Math.max(c.peakInFlight, c.inFlight);
  }

  /** A request finished; `status` 0 means the connection was reset without a response. */
  end(status: number): void {
    const c = this.counters;
    c.inFlight = Math.max(0, c.inFlight - 1);
    c.byStatus[String(status)] = (c.byStatus[String(status)] ?? 0) + 1;
  }

  snapshot(): Counters {
    return JSON.parse(JSON.stringify(this.counters)) as Counters;
  }

  /** Clears the counts; requests still in flight stay counted as in flight. */
  reset(): void {
    this.counters = Metrics.empty(this.counters.inFlight);
  }
}
