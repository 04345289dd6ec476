// The coalescing reader on its own, with a scripted source: batching, filtered vs unfiltered collection reads,
// not-found, a failure shared by a batch, freshness (a read never joins a batch already sent), the gather window
// (quiet time, longest wait, stalls not counted as quiet), streams (a whole-collection answer serving reads that keep
// coming, as the engine's bounded parallelism sends them, and never hiding a write) and the disabled mode.
import * as assert from "assert";
import { BatchSource, CoalescingOptions, CoalescingReader, newCoalescingStats } from "../../provider/ontap/coalescing";
import type { OntapClient } from "../../provider/ontap/client";
import { forgetWritten, ndmpReaders, NdmpReaders } from "../../provider/ontap/readers";

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
      const stats = newCoalescingStats();
      const reader = new CoalescingReader(source, { ...FAST, stats });
      const values = await Promise.all(["a", "c", "b"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(values, [0, 2, 1]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.keys]),
        [["many", ["a", "c", "b"]]],
      );
      assert.deepStrictEqual(stats, { reads: 3, batches: 1, lone: 0, unfiltered: 0, streamed: 0 });
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
      const stats = newCoalescingStats();
      const reader = new CoalescingReader(source, { ...FAST, stats });
      await Promise.all(["a", "b", "c"].map((k) => reader.read(k)));
      const many = await Promise.all(["a", "b", "c", "d"].map((k) => valueOf(reader.read(k))));
      assert.deepStrictEqual(many, [0, 1, 2, 3]);
      assert.deepStrictEqual(
        source.calls.map((c) => c.keys),
        [["a", "b", "c"], undefined],
      );
      assert.strictEqual(stats.unfiltered, 1);
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

    it("keeps nothing between batches without streams", async () => {
      const reader = new CoalescingReader(source, { ...FAST, streamIdleMs: 0 });
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

  describe("streams", () => {
    const STREAM: CoalescingOptions = { quietMs: 5, maxWaitMs: 200, maxFilterKeys: 20, streamIdleMs: 200 };
    const many = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);

    /** Reads `keys` as the engine does with `--parallel workers`: each worker sends its next read once answered. */
    async function engineLike(reader: CoalescingReader<Rec>, keys: string[], workers: number) {
      const queue = [...keys];
      const values = new Map<string, number | undefined>();
      await Promise.all(
        Array.from({ length: workers }, async () => {
          for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
            values.set(key, await valueOf(reader.read(key)));
            await sleep(1); // the engine's own work between steps
          }
        }),
      );
      return keys.map((k) => values.get(k));
    }

    it("serves 200 reads, at most 8 at a time, with one filtered batch and one whole-collection GET", async () => {
      source = new FakeSource(many(300));
      const stats = newCoalescingStats();
      const reader = new CoalescingReader(source, { ...STREAM, stats });
      const keys = many(200);
      assert.deepStrictEqual(await engineLike(reader, keys, 8), [...keys.keys()]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.keys?.length]),
        [
          ["many", 8],
          ["many", undefined],
        ],
      );
      assert.deepStrictEqual(stats, { reads: 200, batches: 2, lone: 0, unfiltered: 1, streamed: 184 });
    });

    it("makes a batch per round of reads without streams (streamIdleMs 0), as before them", async () => {
      source = new FakeSource(many(40));
      const reader = new CoalescingReader(source, { ...STREAM, streamIdleMs: 0 });
      await engineLike(reader, many(40), 8);
      assert.ok(source.calls.length >= 5, `${source.calls.length} GETs`);
      assert.ok(
        source.calls.every((c) => c.kind === "many" && c.keys !== undefined),
        "all filtered",
      );
    });

    it("holds a batch due while another is on the wire, then reads the collection for it and later reads", async () => {
      const reader = new CoalescingReader(source, STREAM);
      source.hold();
      const first = Promise.all(["a", "b"].map((k) => valueOf(reader.read(k))));
      while (source.calls.length === 0) await sleep(1);
      const straggler = valueOf(reader.read("c")); // arrives while the first batch is on the wire
      await sleep(30);
      assert.strictEqual(source.calls.length, 1, "not sent while the first batch is unanswered");
      source.release();
      assert.deepStrictEqual(await first, [0, 1]);
      assert.strictEqual(await straggler, 2);
      assert.strictEqual(await valueOf(reader.read("d")), 3);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.keys]),
        [
          ["many", ["a", "b"]],
          ["many", undefined],
        ],
      );
    });

    it("answers the reads that arrived while the whole-collection GET was on the wire from its answer", async () => {
      const stats = newCoalescingStats();
      const reader = new CoalescingReader(source, { ...STREAM, stats });
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      source.hold();
      const second = Promise.all(["c", "d"].map((k) => valueOf(reader.read(k))));
      while (source.calls.length < 2) await sleep(1);
      const meanwhile = Promise.all(["e", "f", "zz"].map((k) => valueOf(reader.read(k))));
      await sleep(30);
      source.release();
      assert.deepStrictEqual(await second, [2, 3]);
      assert.deepStrictEqual(await meanwhile, [4, 5, undefined]);
      assert.strictEqual(source.calls.length, 2);
      assert.strictEqual(stats.streamed, 3);
    });

    it("sends a batch of a stream without waiting for the quiet time (it is the same GET however many join)", async () => {
      // A long quiet time, so that waiting for it (the first batch) and not waiting (the stream's) are far apart.
      const reader = new CoalescingReader(source, { ...STREAM, quietMs: 1500, maxWaitMs: 3000, streamIdleMs: 5000 });
      const started = Date.now();
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      assert.ok(Date.now() - started >= 1400, "the first batch waited for the quiet time");
      const answered = Date.now();
      assert.deepStrictEqual(await Promise.all(["c", "d"].map((k) => valueOf(reader.read(k)))), [2, 3]);
      assert.deepStrictEqual(
        source.calls.map((c) => [c.kind, c.keys]),
        [
          ["many", ["a", "b"]],
          ["many", undefined],
        ],
      );
      assert.ok(
        source.calls[1].at - answered < 750,
        `the stream's GET was sent ${source.calls[1].at - answered} ms after`,
      );
    });

    it("answers not found from the stream for a key the collection does not hold", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      await Promise.all(["c", "d"].map((k) => reader.read(k)));
      const calls = source.calls.length;
      assert.strictEqual(await reader.read("zz"), undefined);
      assert.strictEqual(await valueOf(reader.read("e")), 4);
      assert.strictEqual(source.calls.length, calls, "no request");
    });

    it("never answers a record a write touched from the stream: the next read of it is a request", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      await Promise.all(["c", "d"].map((k) => reader.read(k)));
      source.store.set("e", 50);
      reader.forget("e");
      const calls = source.calls.length;
      assert.strictEqual(await valueOf(reader.read("f")), 5, "an untouched record still comes from the stream");
      assert.strictEqual(source.calls.length, calls);
      assert.strictEqual(await valueOf(reader.read("e")), 50);
      assert.strictEqual(source.calls.length, calls + 1, "one new request, for the touched record");
    });

    it("reads a written key again even when the stream's answer did not hold it (absent is not not-found)", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      await Promise.all(["c", "d"].map((k) => reader.read(k)));
      source.store.set("new", 7); // appeared after the collection was read, then written through this client
      reader.forget("new");
      const calls = source.calls.length;
      assert.strictEqual(await valueOf(reader.read("new")), 7);
      assert.strictEqual(source.calls.length, calls + 1);
    });

    it("finds a written record by its identity where reads have other keys (by name; a write names the uuid)", async () => {
      source = new (class extends FakeSource {
        identityOf(record: Rec): string {
          return `uuid-${record.key}`;
        }
      })(KEYS);
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      await Promise.all(["c", "d"].map((k) => reader.read(k)));
      source.store.set("e", 50);
      reader.forget("uuid-e");
      reader.forget("f"); // a key, not an identity: names no record
      reader.forget("uuid-zz"); // the identity of no record the answer holds
      const calls = source.calls.length;
      assert.strictEqual(await valueOf(reader.read("f")), 5);
      assert.strictEqual(await reader.read("zz"), undefined);
      assert.strictEqual(source.calls.length, calls, "f and zz from the stream");
      assert.strictEqual(await valueOf(reader.read("e")), 50);
      assert.strictEqual(source.calls.length, calls + 1, "one new request, for the record of the written identity");
    });

    it("drops the whole stream on a write that may have changed anything", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      await Promise.all(["c", "d"].map((k) => reader.read(k)));
      source.store.set("f", 60);
      reader.forget();
      const calls = source.calls.length;
      assert.strictEqual(await valueOf(reader.read("f")), 60);
      assert.strictEqual(source.calls.length, calls + 1);
    });

    it("applies a write that ends while the whole-collection GET is on the wire to its answer", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      source.hold();
      const second = Promise.all(["c", "d"].map((k) => valueOf(reader.read(k))));
      while (source.calls.length < 2) await sleep(1);
      // The GET has its answer (the store as it was); the PATCH of "e" ends before that answer arrives.
      source.store.set("e", 70);
      reader.forget("e");
      source.release();
      assert.deepStrictEqual(await second, [2, 3]);
      assert.strictEqual(await valueOf(reader.read("e")), 70, "not the answer fetched before the write ended");
      assert.strictEqual(await valueOf(reader.read("f")), 5);
      assert.strictEqual(source.calls.length, 3, "f from the stream, e by its own request");
    });

    it("does not start a stream from a whole-collection answer that a write of anything overtook", async () => {
      const reader = new CoalescingReader(source, STREAM);
      await Promise.all(["a", "b"].map((k) => reader.read(k)));
      source.hold();
      const second = Promise.all(["c", "d"].map((k) => reader.read(k)));
      while (source.calls.length < 2) await sleep(1);
      source.store.set("f", 80);
      reader.forget();
      source.release();
      await second;
      assert.strictEqual(await valueOf(reader.read("f")), 80);
      assert.strictEqual(source.calls.length, 3);
    });

    it("ends a stream once no read came for streamIdleMs, and after streamMaxAgeMs whatever comes", async () => {
      const idle = new CoalescingReader(source, { ...STREAM, streamIdleMs: 30 });
      await Promise.all(["a", "b"].map((k) => idle.read(k)));
      await Promise.all(["c", "d"].map((k) => idle.read(k)));
      await sleep(60);
      source.store.set("e", 90);
      assert.strictEqual(await valueOf(idle.read("e")), 90, "a read after the stream ended is a request");

      source = new FakeSource(KEYS);
      const aged = new CoalescingReader(source, { ...STREAM, streamIdleMs: 50, streamMaxAgeMs: 60 });
      await Promise.all(["a", "b"].map((k) => aged.read(k)));
      await Promise.all(["c", "d"].map((k) => aged.read(k)));
      source.store.set("e", 91);
      const deadline = Date.now() + 100;
      let value: number | undefined;
      while (Date.now() < deadline) {
        value = await valueOf(aged.read("e"));
        await sleep(10);
      }
      assert.strictEqual(value, 91, "the stream's answer is not used past its maximum age");
    });
  });

  describe("disabled (the naive reference)", () => {
    it("makes one getOne per read, at once", async () => {
      const stats = newCoalescingStats();
      const reader = new CoalescingReader(source, { ...FAST, enabled: false, stats });
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
      assert.deepStrictEqual(stats, { reads: 4, batches: 4, lone: 4, unfiltered: 0, streamed: 0 });
    });
  });
});

describe("writes reaching the readers (forgetWritten)", () => {
  function recorder() {
    const forgotten: string[] = [];
    const readers = (kind: string) => ({ forget: (uuid?: string) => forgotten.push(`${kind} ${uuid ?? "all"}`) });
    return { forgotten, readers: { nodes: readers("nodes"), svms: readers("svms") } as unknown as NdmpReaders };
  }

  it("makes the record of a PATCHed node or SVM configuration stale, and only that one", () => {
    const { forgotten, readers } = recorder();
    forgetWritten(readers, "PATCH", "/api/protocols/ndmp/svms/AB-12");
    forgetWritten(readers, "PATCH", "/api/protocols/ndmp/nodes/n%2D1");
    assert.deepStrictEqual(forgotten, ["svms AB-12", "nodes n-1"]);
  });

  it("a PATCH of one SVM makes it stale in both streams: by uuid (in any case) and by name", async () => {
    const uuidOf = (i: number) => `0000000${i}-aaaa-bbbb-cccc-ddddeeeeffff`;
    const svms = Array.from({ length: 6 }, (_, i) => ({ svm: { name: `svm${i}`, uuid: uuidOf(i) }, enabled: false }));
    let lists = 0;
    // Every list answers every record (as an unfiltered GET does); the readers keep the records asked for.
    const client = {
      listSvms: async () => (lists++, svms.map((r) => ({ ...r }))),
      listNodes: async () => [],
    } as unknown as OntapClient;
    const readers = ndmpReaders(client, { quietMs: 5, maxWaitMs: 200, streamIdleMs: 500 });
    const byUuid = readers.svms.byUuid;
    const byName = readers.svms.byName;
    // A first batch, then the batch that follows it reads the whole collection: each reader has a stream.
    for (const reader of [byUuid, byName]) {
      const key = (i: number) => (reader === byUuid ? uuidOf(i) : `svm${i}`);
      await Promise.all([0, 1].map((i) => reader.read(key(i))));
      await Promise.all([2, 3].map((i) => reader.read(key(i))));
    }
    assert.strictEqual(lists, 4);
    svms[4].enabled = true;
    forgetWritten(readers, "PATCH", `/api/protocols/ndmp/svms/${uuidOf(4).toUpperCase()}`);
    assert.strictEqual((await byUuid.read(uuidOf(5)))?.enabled, false);
    assert.strictEqual((await byName.read("svm5"))?.enabled, false);
    assert.strictEqual(lists, 4, "an untouched record from each stream");
    assert.strictEqual((await byUuid.read(uuidOf(4)))?.enabled, true);
    assert.strictEqual((await byName.read("svm4"))?.enabled, true);
    assert.strictEqual(lists, 6, "the written record read again by each reader");
  });

  it("makes every record stale on any other write, and nothing on a GET", () => {
    const { forgotten, readers } = recorder();
    forgetWritten(readers, "GET", "/api/protocols/ndmp/svms/x");
    forgetWritten(readers, "PATCH", "/api/protocols/ndmp");
    forgetWritten(readers, "DELETE", "/api/protocols/ndmp/sessions/o-1/7");
    forgetWritten(readers, "PATCH", "/api/protocols/ndmp/svms/%E0%A4%A");
    assert.deepStrictEqual(forgotten, ["nodes all", "svms all", "nodes all", "svms all", "nodes all", "svms all"]);
  });
});
