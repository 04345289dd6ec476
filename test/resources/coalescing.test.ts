// Read coalescing as the provider runtime uses it, against the simulator: concurrent lookups by name (create) and by
// uuid (read, refresh) become one collection GET, a read after a completed PATCH sees it, and
// ONTAP_COALESCE_READS=0 (the benchmark's naive reference) makes one GET per read.
import * as assert from "assert";
import { closeAllClusters } from "../../provider/clusters";
import { methods, Props, providerOf, requests, stackConfigOf, useSimulator } from "./harness";

const SVMS = 25;
const LIST = "GET /api/protocols/ndmp/svms";
const INSTANCE = "GET /api/protocols/ndmp/svms/{svm.uuid}";
const PATCH = "PATCH /api/protocols/ndmp/svms/{svm.uuid}";

describe("read coalescing in the runtime", () => {
  const env = useSimulator({ svms: SVMS });
  const svm = () => methods(providerOf("svm", stackConfigOf(env.sim)));
  const names = (n: number) => Array.from({ length: n }, (_, i) => `svm${i + 1}`);

  async function createAll(targets: string[], extra: Props = {}) {
    const p = svm();
    const checked = await Promise.all(targets.map((t) => p.check({}, { svm: t, ...extra })));
    env.sim.control.resetCounters();
    env.sim.control.clearRequestLog();
    const created = await Promise.all(checked.map((c) => p.create(c.inputs!)));
    return created.map((c) => ({ id: c.id, outs: c.outs as Props }));
  }

  afterEach(() => {
    delete process.env.ONTAP_COALESCE_READS;
    closeAllClusters();
  });

  it("looks up concurrent creates by name with one filtered list GET", async () => {
    const created = await createAll(names(5), { enabled: true });
    assert.deepStrictEqual(requests(env.sim), { [LIST]: 1, [PATCH]: 5 });
    const query = env.sim.control.requestLog().find((e) => e.method === "GET")!.query;
    assert.match(decodeURIComponent(query), /svm\.name=svm1\|svm2\|svm3\|svm4\|svm5/);
    const state = env.sim.control.state().svms;
    assert.deepStrictEqual(
      created.map((c) => c.id),
      names(5).map((n) => state.find((s) => s.name === n)!.uuid),
    );
  });

  it("looks up a mix of names and uuids with one GET per reader", async () => {
    const uuids = env.sim.control.state().svms.map((s) => s.uuid);
    const created = await createAll([...names(SVMS).slice(0, 15), ...uuids.slice(15)]);
    assert.strictEqual(created.length, SVMS);
    // 15 names and 10 uuids: two readers, one filtered list GET each.
    assert.strictEqual(requests(env.sim)[LIST], 2);
    assert.strictEqual(requests(env.sim)[INSTANCE], undefined);
  });

  it("refreshes many resources with one collection GET (unfiltered above 20)", async () => {
    const created = await createAll(names(SVMS));
    const p = svm();
    env.sim.control.resetCounters();
    const read = await Promise.all(created.map((c) => p.read(c.id!, c.outs)));
    assert.deepStrictEqual(requests(env.sim), { [LIST]: 1 });
    assert.doesNotMatch(env.sim.control.requestLog().at(-1)!.query, /svm\.uuid=/);
    assert.deepStrictEqual(
      read.map((r) => r.id),
      created.map((c) => c.id),
    );
  });

  it("refreshes a stream of reads, a few at a time as the engine sends them, with two collection GETs", async () => {
    const created = await createAll(names(SVMS), { enabled: true });
    const p = svm();
    env.sim.control.resetCounters();
    env.sim.control.clearRequestLog();
    const queue = [...created];
    const read: string[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let c = queue.shift(); c; c = queue.shift()) read.push((await p.read(c.id!, c.outs)).id!);
      }),
    );
    assert.deepStrictEqual(read.sort(), created.map((c) => c.id!).sort());
    assert.deepStrictEqual(requests(env.sim), { [LIST]: 2 });
    const [filtered, whole] = env.sim.control.requestLog().filter((e) => e.method === "GET");
    assert.match(decodeURIComponent(filtered.query), /svm\.uuid=/);
    assert.doesNotMatch(whole.query, /svm\.uuid=/);
  });

  it("never answers a read from a stream that a PATCH of the provider overtook", async () => {
    const created = await createAll(names(SVMS), { enabled: true });
    const p = svm();
    await Promise.all(created.slice(0, 4).map((c) => p.read(c.id!, c.outs)));
    await Promise.all(created.slice(4, 8).map((c) => p.read(c.id!, c.outs))); // a stream: the whole collection
    const target = created[10];
    const news = (await p.check({}, { svm: names(SVMS)[10], enabled: false })).inputs!;
    await p.update(target.id!, target.outs, news);
    env.sim.control.resetCounters();
    const [after, other] = await Promise.all([
      p.read(target.id!, target.outs),
      p.read(created[11].id!, created[11].outs),
    ]);
    assert.strictEqual((after.props as Props).enabled, false);
    assert.strictEqual((other.props as Props).enabled, true);
    assert.deepStrictEqual(requests(env.sim), { [LIST]: 1 }, "one request: the patched SVM is read again");
  });

  it("still reports an SVM that does not exist, among found ones", async () => {
    const p = svm();
    const checked = await Promise.all(["svm1", "nosuch"].map((t) => p.check({}, { svm: t })));
    const outcomes = await Promise.allSettled(checked.map((c) => p.create(c.inputs!)));
    assert.strictEqual(outcomes[0].status, "fulfilled");
    assert.strictEqual(outcomes[1].status, "rejected");
    assert.match(String((outcomes[1] as PromiseRejectedResult).reason), /has no SVM "nosuch"; it has: svm1, svm10, /);
  });

  it("shows a completed PATCH to every read that begins after it", async () => {
    const [target] = await createAll(["svm3"], { enabled: true });
    const p = svm();
    const news = (await p.check({}, { svm: "svm3", enabled: false })).inputs!;
    const updated = await p.update(target.id!, target.outs, news);
    const after = await Promise.all([p.read(target.id!, updated.outs as Props), p.read(target.id!, target.outs)]);
    for (const r of after) assert.strictEqual((r.props as Props).enabled, false);
  });

  it("makes one GET per read with ONTAP_COALESCE_READS=0", async () => {
    process.env.ONTAP_COALESCE_READS = "0";
    closeAllClusters();
    const created = await createAll(names(5));
    assert.deepStrictEqual(requests(env.sim), { [LIST]: 5 });
    const p = svm();
    env.sim.control.resetCounters();
    await Promise.all(created.map((c) => p.read(c.id!, c.outs)));
    assert.deepStrictEqual(requests(env.sim), { [INSTANCE]: 5 });
  });
});
