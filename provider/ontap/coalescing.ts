/**
 * Coalesced reads of NDMP node and SVM configurations, by uuid (refresh, create by uuid) or by name (create by name).
 *
 * The Pulumi engine runs the steps of a stack with unbounded parallelism, so a refresh of 1,000 SVM configurations
 * arrives as 1,000 concurrent reads, and the creation of 1,000 of them as 1,000 lookups by name. Reads that arrive
 * together are gathered and served by one collection GET: filtered with `|` (`svm.uuid=a|b`, `svm.name=x|y`) for a
 * few keys, unfiltered (every record of the collection) for many, which is cheaper than a URL with hundreds of keys.
 * A lone read stays what it would be without coalescing (an instance GET, or a list filtered by one name).
 *
 * Freshness: a read only ever joins a batch that has not been sent yet, and nothing is kept once a batch is answered.
 * Every value is therefore fetched after the read asked for it, never older than the operation that asked, and a
 * PATCH that completed before a read began is always visible to it. Waiting longer to gather changes when a read is
 * answered, never how old its answer may be.
 *
 * When a batch is sent (the gather window): once no read has joined it for `quietMs`, or once it is `maxWaitMs` old,
 * whatever keeps arriving. Time during which this process could not run (its timer fired late) does not count as
 * quiet. The defaults come from `npm run bench` (1,000 SVM configurations, the real dynamic-provider plugin driven
 * over gRPC, the simulator in its own process with 20 ms of latency, on a loaded 2-CPU machine):
 * - the plugin does not receive the engine's 1,000 Read calls at once: each carries the resource's state (about
 *   5 KB, `__provider` twice) and costs the plugin about 1 ms of CPU (protobuf, HTTP/2, connection resolution), so
 *   they reach the reader over 1–2 s, mostly 0.2 ms apart, with gaps of 2–25 ms (99th percentile) and, on a busy
 *   machine, stalls of 50–300 ms (garbage collection, CPU starvation);
 * - refresh GETs (the mode's included) with the former 2 ms / 25 ms window: 72–92, each of the whole collection;
 *   10 / 100 ms: 19–25; 25 / 250 ms: 4–7; 50 / 500 ms: 2–5; 100 / 1000 ms: 2. Most extra batches were cut by a
 *   stall that fired the timer while reads were queued: with stalls not counted as quiet, 5 / 1000 ms gave 2 GETs in
 *   each of 4 runs, 10 / 1000 ms 2–4, and 20 / 1000 ms and 50 / 1000 ms 2 in every run (9 and 5 runs);
 * - a longer window does not lengthen a refresh (median 2.0–2.2 s for all of these, naive 3.7–3.8 s): the last read
 *   arrives when the engine's calls have drained, and its batch leaves `quietMs` later whatever `maxWaitMs` is. It
 *   only delays the answers to the first reads, which nothing waits for in a refresh; in an `up`, a resource created
 *   after a lookup waits at most `maxWaitMs` more;
 * - a lone read costs `quietMs` more than an uncoalesced one: 20 ms, against seconds for any Pulumi operation.
 */

export interface BatchSource<R> {
  /**
   * A lone read: the record with this key, or undefined when there is none. May instead throw an error for which
   * `isNotFound` is true (an instance GET's 404).
   */
  getOne(key: string): Promise<R | undefined>;
  /** Collection GET of the records with these keys (filtered), or of every record when `keys` is undefined. */
  getMany(keys: string[] | undefined): Promise<R[]>;
  /** The key of a record of `getMany` (its uuid, or its name); records are matched to reads by exact equality. */
  keyOf(record: R): string | undefined;
  /** The canonical form of a key asked for (e.g. a lower-case uuid), to compare with `keyOf`. Default: as given. */
  normalize?(key: string): string;
  isNotFound(error: unknown): boolean;
}

export interface CoalescingOptions {
  /** Off: every read is a lone read (`getOne`), the naive reference of the benchmark. Default on. */
  enabled?: boolean;
  /** A batch is sent once no read has joined it for this long. Default 20 ms. */
  quietMs?: number;
  /** …or once it is this old, whatever keeps arriving. Default 1000 ms. */
  maxWaitMs?: number;
  /** Above this many keys a batch reads the whole collection instead of filtering. Default 20. */
  maxFilterKeys?: number;
}

export const DEFAULT_QUIET_MS = 20;
export const DEFAULT_MAX_WAIT_MS = 1000;
export const DEFAULT_MAX_FILTER_KEYS = 20;

interface Waiter<R> {
  resolve(record: R | undefined): void;
  reject(error: unknown): void;
}

interface PendingBatch<R> {
  waiters: Map<string, Waiter<R>[]>;
  opened: number;
  lastJoined: number;
  timer?: NodeJS.Timeout;
}

/** What a reader has done, for tests and the benchmark. */
export interface CoalescingStats {
  reads: number;
  /** Batches sent, and of those how many were lone reads (`getOne`) and whole-collection reads. */
  batches: number;
  lone: number;
  unfiltered: number;
}

export class CoalescingReader<R> {
  readonly #source: BatchSource<R>;
  readonly #enabled: boolean;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  readonly #maxFilterKeys: number;
  #pending: PendingBatch<R> | undefined;
  readonly #stats: CoalescingStats = { reads: 0, batches: 0, lone: 0, unfiltered: 0 };

  constructor(source: BatchSource<R>, options: CoalescingOptions = {}) {
    this.#source = source;
    this.#enabled = options.enabled ?? true;
    this.#quietMs = Math.max(0, options.quietMs ?? DEFAULT_QUIET_MS);
    this.#maxWaitMs = Math.max(this.#quietMs, options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    this.#maxFilterKeys = Math.max(1, options.maxFilterKeys ?? DEFAULT_MAX_FILTER_KEYS);
  }

  get enabled(): boolean {
    return this.#enabled;
  }

  get stats(): CoalescingStats {
    return { ...this.#stats };
  }

  /** The record with this key, or undefined when ONTAP says it does not exist. */
  read(asked: string): Promise<R | undefined> {
    const key = this.#source.normalize ? this.#source.normalize(asked) : asked;
    this.#stats.reads++;
    if (!this.#enabled) {
      this.#stats.batches++;
      this.#stats.lone++;
      return this.#readOne(key);
    }
    return new Promise((resolve, reject) => {
      const now = performance.now();
      let batch = this.#pending;
      if (!batch) {
        batch = { waiters: new Map(), opened: now, lastJoined: now };
        this.#pending = batch;
        this.#arm(batch, this.#quietMs);
      }
      batch.lastJoined = now;
      const waiters = batch.waiters.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else batch.waiters.set(key, [{ resolve, reject }]);
    });
  }

  /**
   * One timer per batch, re-armed when it fires early (cheaper than resetting it on each of 1,000 reads). The decision
   * waits for `setImmediate`, after the event loop's I/O phase, so reads already received when the timer fires join
   * first; and time during which this process could not run (the timer fired late: a garbage collection, a loaded
   * machine) does not count as quiet, since reads may have queued up meanwhile.
   */
  #arm(batch: PendingBatch<R>, delay: number): void {
    const due = performance.now() + delay;
    batch.timer = setTimeout(() => setImmediate(() => this.#decide(batch, due)), delay);
  }

  #decide(batch: PendingBatch<R>, due: number): void {
    const now = performance.now();
    const ageLeft = batch.opened + this.#maxWaitMs - now;
    const quietLeft = batch.lastJoined + this.#quietMs - now;
    const stalled = now - due > this.#quietMs;
    if (ageLeft > 0 && stalled) this.#arm(batch, Math.min(this.#quietMs, ageLeft));
    else if (ageLeft > 0 && quietLeft > 0) this.#arm(batch, Math.min(quietLeft, ageLeft));
    else void this.#send(batch);
  }

  async #readOne(key: string): Promise<R | undefined> {
    try {
      return await this.#source.getOne(key);
    } catch (error) {
      if (this.#source.isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #send(batch: PendingBatch<R>): Promise<void> {
    // From here on no read can join this batch: the next read opens a new one.
    if (this.#pending === batch) this.#pending = undefined;
    const keys = [...batch.waiters.keys()];
    const settle = (key: string, outcome: { failed: false; record?: R } | { failed: true; error: unknown }): void => {
      for (const waiter of batch.waiters.get(key) ?? []) {
        if (outcome.failed) waiter.reject(outcome.error);
        else waiter.resolve(outcome.record);
      }
    };
    this.#stats.batches++;
    if (keys.length === 1) {
      this.#stats.lone++;
      const key = keys[0];
      await this.#readOne(key).then(
        (record) => settle(key, { failed: false, record }),
        (error) => settle(key, { failed: true, error }),
      );
      return;
    }
    const unfiltered = keys.length > this.#maxFilterKeys;
    if (unfiltered) this.#stats.unfiltered++;
    try {
      const records = await this.#source.getMany(unfiltered ? undefined : keys);
      const byKey = new Map<string, R>();
      for (const record of records) {
        const key = this.#source.keyOf(record);
        if (key !== undefined && !byKey.has(key)) byKey.set(key, record);
      }
      for (const key of keys) settle(key, { failed: false, record: byKey.get(key) });
    } catch (error) {
      // One failed GET answers every read of the batch (each resource reports it; the client already retried).
      for (const key of keys) settle(key, { failed: true, error });
    }
  }
}
