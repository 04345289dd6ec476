// The coalescing reader on its own, with a scripted source: batching, filtered vs unfiltered collection reads,
// not-found, a failure shared by a batch, freshness (a read never joins a batch already sent), the gather window
// (quiet time, longest wait, stalls not counted as quiet) and the disabled mode.
import * as assert from "assert";
import { BatchSource, CoalescingOptions, CoalescingReader } from "../../provider/ontap/coalescing";

interface Rec {
  key: string;
  value: number;
}

class NotFound extends Error {}

/** A store behind a scripted source that records every call; `hold()` keeps the next calls pending until released. */
class FakeSource implements BatchSource<Rec> {
  readonly store = new Map<string, number>();
  readonly calls: { kind: "one" | "many"; keys?: string[]; key?: string; at: number }[] = [];
  failure?: Error;
  private gate?: Promise<void>;
  private open?: () => void;

  constructor(keys: string[]) {
    keys.forEach((k, i) => this.store.set(k, i));
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async getOne(key: string): Promise<Rec | undefined> {
    this.calls.push({ kind: "one", key, at: Date.now() });
    const value = this.store.get(key);
    await this.gate;
    if (this.failure) throw this.failure;
    if (value === undefined) throw new NotFound(key);
    return { key, value };
  }

  async getMany(keys: string[] | undefined): Promise<Rec[]> {
    this.calls.push({ kind: "many", keys, at: Date.now() });
    // The answer is what the store holds when the request is made (as ONTAP answers a GET).
    const records = [...this.store].filter(([k]) => !keys || keys.includes(k)).map(([key, value]) => ({ key, value }));
    await this.gate;
    if (this.failure) throw this.failure;
    return records;
  }

  keyOf(record: Rec): string | undefined {
    return record.key;
  }

  isNotFound(error: unknown): boolean {
    return error instanceof NotFound;
  }
}

const KEYS = ["a", "b", "c", "d", "e", "f"];
const FAST: CoalescingOptions = { quietMs: 5, maxWaitMs: 200, maxFilterKeys: 3 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const valueOf = async (p: Promise<Rec | undefined>) => (await p)?.value;

function busyWait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // the process cannot run anything else meanwhile, as in a long garbage collection
  }
}

describe("coalescing reader", () => {
  let source: FakeSource;
  beforeEach(() => (source = new FakeSource(KEYS)));

  describe("batching", () => {
    it("serves reads that arrive together with one filtered collection read", async () => {
      const reader = new CoalescingReader(source, FAST);
      const values = await Promise.all(["a", "c", "b"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(values, [0, 2, 1]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.keys]),
        [["many", ["a", "c", "b"]]],
      );
      assert.deepStrictEqual(reader.stats, { reads: 3, batches: 1, lone: 0, unfiltered: 0 });
    });

    it("keeps a lone read what it is without coalescing (getOne)", async () => {
      const reader = new CoalescingReader(source, FAST);
      assert.strictEqual(await valueOf(reader.read("d")), 3);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.key]),
        [["one", "d"]],
      );
    });

    it("asks once for a key that several reads want, and answers each of them", async () => {
      const reader = new CoalescingReader(source, FAST);
      const values = await Promise.all(["a", "a", "a"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(values, [0, 0, 0]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.key]),
        [["one", "a"]],
      );
    });

    it("reads the whole collection above maxFilterKeys keys, and filters up to it", async () => {
      const reader = new CoalescingReader(source, FAST);
      await Promise.all(["a", "b", "c"].map((k) => reader.read(k)));
      const many = await Promise.all(["a", "b", "c", "d"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(many, [0, 1, 2, 3]);
      assert.deepStrictEqual(
        source.calls.map((c) => c.keys),
        [["a", "b", "c"], undefined],
      );
      assert.strictEqual(reader.stats.unfiltered, 1);
    });

    it("matches records to reads by exact key, whatever order the collection comes in", async () => {
      source.store.clear();
      for (const k of ["f", "e", "d", "c", "b", "a"]) source.store.set(k, k.charCodeAt(0));
      const reader = new CoalescingReader(source, FAST);
      const values = await Promise.all(["b", "e"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(values, [98, 101]);
    });
  });

  describe("not found and failures", () => {
    it("answers undefined for a key the collection does not hold, filtered or not", async () => {
      const reader = new CoalescingReader(source, FAST);
      assert.deepStrictEqual(await Promise.all(["a", "zz"].map((k) => valueOf(reader.read(k)))), [0, undefined]);
      const unfiltered = await Promise.all(["a", "b", "c", "zz"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(unfiltered, [0, 1, 2, undefined]);
    });

    it("answers undefined when a lone read's source says not found, and rejects on any other error", async () => {
      const reader = new CoalescingReader(source, FAST);
      assert.strictEqual(await reader.read("zz"), undefined);
      source.failure = new Error("HTTP 503");
      await assert.rejects(reader.read("a"), /HTTP 503/);
    });

    it("gives every read of a failed batch the same error", async () => {
      const reader = new CoalescingReader(source, FAST);
      source.failure = new Error("connection reset");
      const outcomes = await Promise.allSettled(["a", "b", "c", "d", "a"].map((k) => reader.read(k)));
      assert.strictEqual(source.calls.length, 1);
      for (const o of outcomes) {
        assert.strictEqual(o.status, "rejected");
        assert.strictEqual((o as PromiseRejectedResult).reason, source.failure);
      }
    });

    it("does not let a failed batch affect the next one", async () => {
      const reader = new CoalescingReader(source, FAST);
      source.failure = new Error("HTTP 503");
      await Promise.allSettled(["a", "b"].map((k) => reader.read(k)));
      source.failure = undefined;
      assert.deepStrictEqual(await Promise.all(["a", "b"].map((k) => valueOf(reader.read(k)))), [0, 1]);
    });
  });

  describe("freshness", () => {
    it("never lets a read join a batch already sent: a PATCH completed before it began is visible", async () => {
      const reader = new CoalescingReader(source, FAST);
      source.hold();
      const before = Promise.all(["a", "b"].map((k) => valueOf(reader.read(k))));
      while (source.calls.length === 0) await sleep(1);
      // The batch is on the wire; a PATCH completes, then a new read of the same key begins.
      source.store.set("a", 100);
      const after = valueOf(reader.read("a"));
      await sleep(20);
      source.release();
      assert.deepStrictEqual(await before, [0, 1], "the first batch was answered as ONTAP was when it was sent");
      assert.strictEqual(await after, 100, "the later read was served by its own request");
      assert.strictEqual(source.calls.length, 2);
    });

    it("keeps nothing between batches", async () => {
      const reader = new CoalescingReader(source, FAST);
      assert.strictEqual(await valueOf(reader.read("c")), 2);
      source.store.set("c", 42);
      assert.strictEqual(await valueOf(reader.read("c")), 42);
      source.store.delete("c");
      assert.strictEqual(await reader.read("c"), undefined);
      assert.strictEqual(source.calls.length, 3);
    });
  });

  describe("the gather window", () => {
    it("waits while reads keep arriving within the quiet time", async () => {
      const reader = new CoalescingReader(source, { quietMs: 30, maxWaitMs: 1000, maxFilterKeys: 10 });
      const reads = [reader.read("a")];
      for (const k of ["b", "c", "d"]) {
        await sleep(10);
        reads.push(reader.read(k));
      }
      await Promise.all(reads);
      assert.deepStrictEqual(
        source.calls.map((c) => c.keys),
        [["a", "b", "c", "d"]],
      );
    });

    it("sends a batch once it is maxWaitMs old, even if reads keep arriving", async () => {
      const reader = new CoalescingReader(source, { quietMs: 50, maxWaitMs: 40, maxFilterKeys: 10 });
      const started = Date.now();
      const reads: Promise<unknown>[] = [];
      for (let i = 0; i < 10; i++) {
        reads.push(reader.read(KEYS[i % KEYS.length]));
        await sleep(10);
      }
      await Promise.all(reads);
      assert.ok(source.calls.length >= 2, `${source.calls.length} batches`);
      assert.ok(source.calls[0].at - started < 150, `first batch after ${source.calls[0].at - started} ms`);
    });

    it("does not count a stall of the process as quiet: reads queued meanwhile still join", async () => {
      const reader = new CoalescingReader(source, { quietMs: 10, maxWaitMs: 1000, maxFilterKeys: 10 });
      const first = reader.read("a");
      let second: Promise<Rec | undefined> | undefined;
      // A read that reaches the reader two event-loop turns after the process resumes (as a gRPC call does).
      setImmediate(() => setImmediate(() => (second = reader.read("b"))));
      busyWait(40);
      await first;
      await second;
      assert.deepStrictEqual(
        source.calls.map((c) => c.keys),
        [["a", "b"]],
      );
    });
  });

  describe("disabled (the naive reference)", () => {
    it("makes one getOne per read, at once", async () => {
      const reader = new CoalescingReader(source, { ...FAST, enabled: false });
      assert.strictEqual(reader.enabled, false);
      const values = await Promise.all(["a", "b", "a", "zz"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(values, [0, 1, 0, undefined]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.key]),
        [
          ["one", "a"],
          ["one", "b"],
          ["one", "a"],
          ["one", "zz"],
        ],
      );
      assert.deepStrictEqual(reader.stats, { reads: 4, batches: 4, lone: 4, unfiltered: 0 });
    });
  });
});
