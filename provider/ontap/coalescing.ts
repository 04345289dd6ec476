/**
 * Coalesced reads of NDMP node and SVM configurations.
 *
 * The Pulumi engine refreshes resources with unbounded parallelism, so a refresh of 1,000 SVM configurations arrives
 * as 1,000 concurrent reads. Reads that arrive together are gathered and served by one collection GET: filtered by
 * uuid with `|` for a few, unfiltered (every record of the collection) for many, which is cheaper than a URL with
 * hundreds of uuids. A lone read stays an instance GET.
 *
 * Freshness: a read only ever joins a batch that has not been sent yet, and nothing is kept once a batch is answered.
 * Every value is therefore fetched after the read asked for it, never older than the operation that asked, and a
 * PATCH that completed before a read began is always visible to it.
 */

export interface BatchSource<R> {
  /** Instance GET; throws an error for which `isNotFound` is true when the object does not exist. */
  getOne(uuid: string): Promise<R>;
  /** Collection GET filtered by these uuids, or every record when `uuids` is undefined. */
  getMany(uuids: string[] | undefined): Promise<R[]>;
  uuidOf(record: R): string | undefined;
  isNotFound(error: unknown): boolean;
}

export interface CoalescingOptions {
  /** Off: one instance GET per read (the naive reference of the benchmark). Default on. */
  enabled?: boolean;
  /** A batch is sent once no read has joined it for this long. Default 2 ms. */
  quietMs?: number;
  /** …or once it is this old, whatever arrives. Default 25 ms. */
  maxWaitMs?: number;
  /** Above this many uuids a batch reads the whole collection instead of filtering. Default 20. */
  maxFilterUuids?: number;
}

interface Waiter<R> {
  resolve(record: R | undefined): void;
  reject(error: unknown): void;
}

interface PendingBatch<R> {
  waiters: Map<string, Waiter<R>[]>;
  opened: number;
  timer?: NodeJS.Timeout;
}

export class CoalescingReader<R> {
  readonly #source: BatchSource<R>;
  readonly #enabled: boolean;
  readonly #quietMs: number;
  readonly #maxWaitMs: number;
  readonly #maxFilterUuids: number;
  #pending: PendingBatch<R> | undefined;

  constructor(source: BatchSource<R>, options: CoalescingOptions = {}) {
    this.#source = source;
    this.#enabled = options.enabled ?? true;
    this.#quietMs = options.quietMs ?? 2;
    this.#maxWaitMs = options.maxWaitMs ?? 25;
    this.#maxFilterUuids = options.maxFilterUuids ?? 20;
  }

  /** The record with this uuid, or undefined when ONTAP says it does not exist. */
  read(uuid: string): Promise<R | undefined> {
    if (!this.#enabled) return this.#readOne(uuid);
    return new Promise((resolve, reject) => {
      const batch = (this.#pending ??= { waiters: new Map(), opened: Date.now() });
      const waiters = batch.waiters.get(uuid) ?? [];
      waiters.push({ resolve, reject });
      batch.waiters.set(uuid, waiters);
      this.#schedule(batch);
    });
  }

  #schedule(batch: PendingBatch<R>): void {
    if (batch.timer) clearTimeout(batch.timer);
    const age = Date.now() - batch.opened;
    const delay = Math.max(0, Math.min(this.#quietMs, this.#maxWaitMs - age));
    batch.timer = setTimeout(() => this.#send(batch), delay);
  }

  async #readOne(uuid: string): Promise<R | undefined> {
    try {
      return await this.#source.getOne(uuid);
    } catch (error) {
      if (this.#source.isNotFound(error)) return undefined;
      throw error;
    }
  }

  async #send(batch: PendingBatch<R>): Promise<void> {
    if (this.#pending === batch) this.#pending = undefined;
    const uuids = [...batch.waiters.keys()];
    const settle = (uuid: string, outcome: { record?: R; error?: unknown }): void => {
      for (const waiter of batch.waiters.get(uuid) ?? []) {
        if (outcome.error !== undefined) waiter.reject(outcome.error);
        else waiter.resolve(outcome.record);
      }
    };
    if (uuids.length === 1) {
      const uuid = uuids[0];
      await this.#readOne(uuid).then(
        (record) => settle(uuid, { record }),
        (error) => settle(uuid, { error }),
      );
      return;
    }
    try {
      const records = await this.#source.getMany(uuids.length > this.#maxFilterUuids ? undefined : uuids);
      const byUuid = new Map(records.map((r) => [this.#source.uuidOf(r), r]));
      for (const uuid of uuids) settle(uuid, { record: byUuid.get(uuid) });
    } catch (error) {
      for (const uuid of uuids) settle(uuid, { error });
    }
  }
}
