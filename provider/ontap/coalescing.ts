/**
 * Coalesced reads of NDMP node and SVM configurations, by uuid (refresh, create by uuid) or by name (create by name).
 *
 * The Pulumi engine runs the steps of an operation a bounded number at a time (`--parallel`, by default 4 × the CPUs
 * of the machine running `pulumi`: pkg/cmd/pulumi/operations/up.go, `defaultParallel`, in pulumi v3.248.0), so a
 * refresh of 1,000 SVM configurations reaches the provider as a stream of reads, at most that many at once, each next
 * one sent when an earlier one is answered. Two mechanisms keep that stream to a few collection GETs:
 *
 * - **Batches.** Reads that arrive together are gathered and served by one collection GET: filtered with `|`
 *   (`svm.uuid=a|b`, `svm.name=x|y`) for a few keys, unfiltered (every record of the collection) for many, which is
 *   cheaper than a URL with hundreds of keys. A lone read stays what it would be without coalescing (an instance
 *   GET, or a list filtered by one name). A batch is sent once no read has joined it for `quietMs`, or once it is
 *   `maxWaitMs` old, whatever keeps arriving; time during which this process could not run (its timer fired late)
 *   does not count as quiet.
 * - **Streams.** A batch can hold no more reads than the engine has in flight, so batches alone would make
 *   1,000 / 8 GETs. When a batch follows within `streamIdleMs` of the previous answer, the reads are a stream: that
 *   batch reads the whole collection, sent without waiting for a quiet time (however many reads join it, it is the
 *   same GET), and its answer serves the stream's later reads at once, including those that arrived while it was on
 *   the wire, as long as reads keep coming (each within `streamIdleMs` of the last) and for at most `streamMaxAgeMs`.
 *
 * Freshness: every answer was fetched while the operation that asked was running, never before. A batch only ever
 * takes reads that arrived before it was sent. A stream's collection answer is never older than `streamMaxAgeMs`,
 * and writes made through the same client are never hidden by it: `forget` (called by the readers for every write
 * the client makes, provider/ontap/readers.ts) drops the records a write touched, including from an answer still on
 * the wire, so a read that begins after a write completed is served by a new GET. A write names the record it changed
 * by its identity (`identityOf`: the uuid, also for reads by name), which the answer indexes, so marking it stale
 * costs the same whatever the size of the collection (a create of 1,000 SVM configurations makes 500 PATCHes, each
 * of which would otherwise scan both readers' 1,000 records). What a stream may not show is a change made outside this
 * provider while the stream runs, as any read racing with that change may not.
 *
 * Defaults from `npm run bench` through the real Pulumi CLI (tools/bench/README.md has the figures).
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
  /**
   * The identity by which writes name a record (`forget`), when it is not its key: the uuid of a record read by
   * name. Compared exactly, so the caller of `forget` passes it in this canonical form. Default: the record's key.
   */
  identityOf?(record: R): string | undefined;
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
  /** Reads are a stream while each arrives within this long of the previous answer. Default 1000 ms; 0: no streams. */
  streamIdleMs?: number;
  /** A stream's collection answer serves reads for at most this long after it was fetched. Default 30000 ms. */
  streamMaxAgeMs?: number;
  /** Counters the reader adds to (what it has done), for whoever passes them: a benchmark, a test. */
  stats?: CoalescingStats;
}

export const DEFAULT_QUIET_MS = 20;
export const DEFAULT_MAX_WAIT_MS = 1000;
export const DEFAULT_MAX_FILTER_KEYS = 20;
export const DEFAULT_STREAM_IDLE_MS = 1000;
export const DEFAULT_STREAM_MAX_AGE_MS = 30_000;

interface Waiter<R> {
  resolve(record: R | undefined): void;
  reject(error: unknown): void;
}

interface PendingBatch<R> {
  waiters: Map<string, Waiter<R>[]>;
  opened: number;
  lastJoined: number;
  timer?: NodeJS.Timeout;
  /** Due while another batch was on the wire: sent as soon as that one is answered. */
  held?: boolean;
  /**
   * Opened within `streamIdleMs` of an answer: a batch of a stream, which reads the whole collection however many
   * reads join it, so it waits for no quiet time (reads arriving while it is on the wire are served by its answer).
   */
  eager: boolean;
}

/** Which records a write may have changed: all of them, or the one of this identity (see `identityOf`). */
type Forgotten = "all" | { identity: string };

/** A whole-collection answer serving a stream of reads. */
interface StreamAnswer<R> {
  records: Map<string, R>;
  /** The keys of the records of each identity, when the source's identity is not the key (`identityOf`). */
  keysByIdentity?: Map<string, string[]>;
  /** Keys whose record a write may have changed since: never answered from here (absent is not "not found"). */
  stale: Set<string>;
  /** When its GET was sent: the age of an answer counts from then. */
  fetchedAt: number;
  lastServed: number;
}

/** A whole-collection GET on the wire: the writes it may have missed, applied to its answer when it arrives. */
interface InFlightCollection {
  forgotten: Forgotten[];
}

/** What a reader has done (see `CoalescingOptions.stats`); {@link newCoalescingStats} makes a zeroed set. */
export interface CoalescingStats {
  reads: number;
  /** Batches sent, and of those how many were lone reads (`getOne`) and whole-collection reads. */
  batches: number;
  lone: number;
  unfiltered: number;
  /** Reads answered by a stream's collection answer, with no request. */
  streamed: number;
}

export function newCoalescingStats(): CoalescingStats {
  return { reads: 0, batches: 0, lone: 0, unfiltered: 0, streamed: 0 };
}

export class CoalescingReader<R> {
  readonly #source: BatchSource<R>;
  readonly #enabled: boolean;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  readonly #maxFilterKeys: number;
  readonly #streamIdleMs: number;
  readonly #streamMaxAgeMs: number;
  #pending: PendingBatch<R> | undefined;
  /** Batches sent and not answered yet (at most one, except after a `held` batch is released). */
  #onWire = 0;
  #lastAnswered = -Infinity;
  #stream: StreamAnswer<R> | undefined;
  readonly #inFlight = new Set<InFlightCollection>();
  readonly #stats: CoalescingStats;

  constructor(source: BatchSource<R>, options: CoalescingOptions = {}) {
    this.#source = source;
    this.#enabled = options.enabled ?? true;
    this.#quietMs = Math.max(0, options.quietMs ?? DEFAULT_QUIET_MS);
    this.#maxWaitMs = Math.max(this.#quietMs, options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
    this.#maxFilterKeys = Math.max(1, options.maxFilterKeys ?? DEFAULT_MAX_FILTER_KEYS);
    this.#streamIdleMs = Math.max(0, options.streamIdleMs ?? DEFAULT_STREAM_IDLE_MS);
    this.#streamMaxAgeMs = Math.max(0, options.streamMaxAgeMs ?? DEFAULT_STREAM_MAX_AGE_MS);
    this.#stats = options.stats ?? newCoalescingStats();
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
    const now = performance.now();
    const streamed = this.#fromStream(key, now);
    if (streamed) {
      this.#stats.streamed++;
      return Promise.resolve(streamed.record);
    }
    return new Promise((resolve, reject) => {
      let batch = this.#pending;
      if (!batch) {
        const eager = this.#inStream(now);
        batch = { waiters: new Map(), opened: now, lastJoined: now, eager };
        this.#pending = batch;
        this.#arm(batch, eager ? 0 : this.#quietMs);
      }
      batch.lastJoined = now;
      const waiters = batch.waiters.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else batch.waiters.set(key, [{ resolve, reject }]);
    });
  }

  /**
   * A write may have changed the record of this identity (see `identityOf`, in its canonical form: a key as
   * `normalize` gives it; every record when omitted): no later read is answered from what was fetched before,
   * including by a whole-collection GET still on the wire.
   */
  forget(identity?: string): void {
    const forgotten: Forgotten = identity === undefined ? "all" : { identity };
    for (const collection of this.#inFlight) collection.forgotten.push(forgotten);
    if (this.#stream) this.#markStale(this.#stream, forgotten);
  }

  #markStale(answer: StreamAnswer<R>, forgotten: Forgotten): void {
    if (forgotten === "all") {
      if (this.#stream === answer) this.#stream = undefined;
      answer.records.clear();
      return;
    }
    // Where the identity is the key, the written key is stale even when the answer does not hold it: its absence
    // there is no "not found". Where it is not (reads by name), a record the answer does not hold has no key here.
    const keys = answer.keysByIdentity ? (answer.keysByIdentity.get(forgotten.identity) ?? []) : [forgotten.identity];
    for (const key of keys) {
      answer.records.delete(key);
      answer.stale.add(key);
    }
  }

  /** Whether a batch opened or sent at `now` belongs to a stream: it follows an answer within `streamIdleMs`. */
  #inStream(now: number): boolean {
    return this.#streamIdleMs > 0 && now - this.#lastAnswered <= this.#streamIdleMs;
  }

  /** The stream's answer for `key`, when the reads are still a stream and a write has not made it stale. */
  #fromStream(key: string, now: number): { record: R | undefined } | undefined {
    const stream = this.#stream;
    if (!stream) return undefined;
    if (now - stream.lastServed > this.#streamIdleMs || now - stream.fetchedAt > this.#streamMaxAgeMs) {
      this.#stream = undefined;
      return undefined;
    }
    if (stream.stale.has(key)) return undefined;
    stream.lastServed = now;
    return { record: stream.records.get(key) };
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
    if (this.#pending !== batch) return; // answered meanwhile by a stream (#startStream)
    const now = performance.now();
    const ageLeft = batch.opened + this.#maxWaitMs - now;
    const quietLeft = batch.lastJoined + this.#quietMs - now;
    const stalled = now - due > this.#quietMs;
    const gathering = !batch.eager && ageLeft > 0;
    if (gathering && stalled) this.#arm(batch, Math.min(this.#quietMs, ageLeft));
    else if (gathering && quietLeft > 0) this.#arm(batch, Math.min(quietLeft, ageLeft));
    else if (this.#onWire > 0) batch.held = true;
    else void this.#send(batch);
  }

  /** A batch was answered: the next one, held behind it, goes now (reads arriving meanwhile have joined it). */
  #answered(): void {
    this.#onWire--;
    this.#lastAnswered = performance.now();
    const next = this.#pending;
    if (next?.held) {
      next.held = false;
      void this.#send(next);
    }
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
    this.#onWire++;
    const keys = [...batch.waiters.keys()];
    const settle = (key: string, outcome: { failed: false; record?: R } | { failed: true; error: unknown }): void => {
      for (const waiter of batch.waiters.get(key) ?? []) {
        if (outcome.failed) waiter.reject(outcome.error);
        else waiter.resolve(outcome.record);
      }
    };
    this.#stats.batches++;
    const streaming = this.#inStream(performance.now());
    if (keys.length === 1 && !streaming) {
      this.#stats.lone++;
      const key = keys[0];
      await this.#readOne(key).then(
        (record) => settle(key, { failed: false, record }),
        (error) => settle(key, { failed: true, error }),
      );
      this.#answered();
      return;
    }
    const unfiltered = streaming || keys.length > this.#maxFilterKeys;
    if (unfiltered) this.#stats.unfiltered++;
    const collection: InFlightCollection = { forgotten: [] };
    if (unfiltered) this.#inFlight.add(collection);
    const sentAt = performance.now();
    try {
      const records = await this.#source.getMany(unfiltered ? undefined : keys);
      const byKey = new Map<string, R>();
      for (const record of records) {
        const key = this.#source.keyOf(record);
        if (key !== undefined && !byKey.has(key)) byKey.set(key, record);
      }
      for (const key of keys) settle(key, { failed: false, record: byKey.get(key) });
      if (unfiltered && this.#streamIdleMs > 0) this.#startStream(byKey, collection, sentAt);
    } catch (error) {
      // One failed GET answers every read of the batch (each resource reports it; the client already retried).
      for (const key of keys) settle(key, { failed: true, error });
    } finally {
      this.#inFlight.delete(collection);
      this.#answered();
    }
  }

  /** A whole-collection answer serves the stream's next reads, minus what writes made meanwhile may have changed. */
  #startStream(records: Map<string, R>, collection: InFlightCollection, sentAt: number): void {
    const answer: StreamAnswer<R> = { records, stale: new Set(), fetchedAt: sentAt, lastServed: performance.now() };
    const { identityOf } = this.#source;
    if (identityOf) {
      answer.keysByIdentity = new Map();
      for (const [key, record] of records) {
        const identity = identityOf(record);
        if (identity === undefined) continue;
        const keys = answer.keysByIdentity.get(identity);
        if (keys) keys.push(key);
        else answer.keysByIdentity.set(identity, [key]);
      }
    }
    for (const forgotten of collection.forgotten) this.#markStale(answer, forgotten);
    if (collection.forgotten.includes("all")) return;
    this.#stream = answer;
    // Reads that arrived while this GET was on the wire are the stream's too: answer them now rather than send again.
    const pending = this.#pending;
    if (!pending) return;
    for (const [key, waiters] of pending.waiters) {
      if (answer.stale.has(key)) continue;
      for (const waiter of waiters) waiter.resolve(answer.records.get(key));
      this.#stats.streamed += waiters.length;
      pending.waiters.delete(key);
    }
    if (pending.waiters.size === 0) {
      clearTimeout(pending.timer);
      this.#pending = undefined;
    }
  }
}
