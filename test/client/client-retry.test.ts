// Retries as the client applies them to real requests (nock): what is retried, the bounds, Retry-After, PATCH and
// DELETE semantics, and the in-flight slot given up while waiting.
import * as assert from "assert";
import nock from "nock";
import { OntapError } from "../../provider/ontap";
import { BASE, makeClient, recordAll, rejection, useNock, virtualClock } from "./helpers";

const resetError = (): Error => Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
const connError = (code: string): Error => Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code });

describe("client retries", () => {
  useNock();

  it("retries a 503 and then succeeds", async () => {
    const seen = recordAll((_s, i) =>
      i < 2 ? [503, { error: { code: "65552", message: "RPC failure" } }] : [200, { mode: "svm" }],
    );
    const { client, events } = makeClient();
    assert.deepStrictEqual(await client.getNdmpMode(), { mode: "svm" });
    assert.strictEqual(seen.length, 3);
    assert.deepStrictEqual(
      events.map((e) => [e.attempt, e.status, e.ontapCode]),
      [
        [1, 503, "65552"],
        [2, 503, "65552"],
        [3, 200, undefined],
      ],
    );
  });

  for (const code of ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT"]) {
    it(`retries a connection error ${code}`, async () => {
      const scope = nock(BASE)
        .get("/api/cluster")
        .query(true)
        .replyWithError(connError(code))
        .get("/api/cluster")
        .query(true)
        .reply(200, { name: "c1" });
      const { client, events } = makeClient();
      assert.deepStrictEqual(await client.getCluster(), { name: "c1" });
      scope.done();
      assert.strictEqual(events[0].errorCode, code === "ETIMEDOUT" ? "ETIMEDOUT" : code);
      assert.strictEqual(events[0].status, undefined);
    });
  }

  it('retries a "socket hang up" that carries no code', async () => {
    const scope = nock(BASE)
      .get("/api/cluster")
      .query(true)
      .replyWithError(new Error("socket hang up"))
      .get("/api/cluster")
      .query(true)
      .reply(200, { name: "c1" });
    const { client, events } = makeClient();
    await client.getCluster();
    scope.done();
    assert.strictEqual(events[0].errorCode, "ECONNRESET");
  });

  it("retries 429 and honours Retry-After (bounded by maxDelayMs)", async () => {
    const seen = recordAll((_s, i) =>
      i === 0
        ? [429, {}, { "Retry-After": "0.05" }]
        : i === 1
          ? [429, {}, { "Retry-After": "1" }]
          : [200, { mode: "node" }],
    );
    const { client, clock } = makeClient({
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 800, maxElapsedMs: 10_000 },
    });
    await client.getNdmpMode();
    assert.strictEqual(seen.length, 3);
    // First Retry-After is unparsable (fractional): plain backoff 10*0.5. Second asks 1 s: capped at 800 ms.
    assert.deepStrictEqual(clock.sleeps, [5, 800]);
  });

  it("honours a Retry-After longer than the backoff", async () => {
    recordAll((_s, i) =>
      i === 0 ? [503, {}, { "Retry-After": "0" }] : i === 1 ? [503, {}, { "Retry-After": "2" }] : [200, {}],
    );
    const { client, clock } = makeClient({
      retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 5_000, maxElapsedMs: 60_000 },
    });
    await client.getCluster();
    assert.deepStrictEqual(clock.sleeps, [5, 2_000]);
  });

  it("retries ONTAP code 262160 whatever the status", async () => {
    const seen = recordAll((_s, i) =>
      i === 0 ? [400, { error: { code: 262160, message: "Too many requests are being processed." } }] : [200, {}],
    );
    const { client } = makeClient();
    await client.getCluster();
    assert.strictEqual(seen.length, 2);
  });

  it('retries an answer whose message says "temporarily locked" (any status), PATCH included', async () => {
    const seen = recordAll((s, i) =>
      i === 0
        ? [409, { error: { code: "8", message: "The NDMP configuration is temporarily locked. Retry later." } }]
        : [200, {}],
    );
    const { client } = makeClient();
    await client.patchSvm("svm-1", { enabled: true, authentication_types: ["challenge"] });
    assert.strictEqual(seen.length, 2);
    assert.strictEqual(seen[0].body, seen[1].body, "the idempotent PATCH is resent unchanged");
    assert.deepStrictEqual(JSON.parse(seen[1].body), { enabled: true, authentication_types: ["challenge"] });
  });

  const permanent: Array<[string, number, unknown]> = [
    ["400 validation", 400, { error: { code: "262197", message: 'Invalid value for field "mode"' } }],
    ["401", 401, ""],
    ["403", 403, { error: { code: "6", message: "not authorized for that command" } }],
    ["404", 404, { error: { code: "4", message: "entry doesn't exist", target: "uuid" } }],
    ["409 without a lock", 409, { error: { code: "1", message: "duplicate entry" } }],
  ];
  for (const [name, status, body] of permanent) {
    it(`does not retry ${name}`, async () => {
      const seen = recordAll(() => [status, body]);
      const { client, clock } = makeClient();
      const error = await rejection(() => client.getSvm("svm-1"));
      assert.ok(error instanceof OntapError);
      assert.strictEqual(error.status, status);
      assert.strictEqual(error.attempts, undefined);
      assert.strictEqual(seen.length, 1);
      assert.deepStrictEqual(clock.sleeps, []);
    });
  }

  it("does not retry a TLS verification failure", async () => {
    const scope = nock(BASE)
      .get("/api/cluster")
      .query(true)
      .replyWithError(Object.assign(new Error("self-signed certificate"), { code: "DEPTH_ZERO_SELF_SIGNED_CERT" }));
    const { client, events } = makeClient();
    const error = await rejection(() => client.getCluster());
    scope.done();
    assert.strictEqual(error.kind, "tls");
    assert.strictEqual(error.errorCode, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.strictEqual(events.length, 1);
  });

  it("gives up after maxAttempts and says how many attempts were made", async () => {
    const seen = recordAll(() => [503, { error: { code: "65552", message: "RPC failure" } }]);
    const { client, clock } = makeClient({
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, maxElapsedMs: 10_000 },
    });
    const error = await rejection(() => client.getNdmpMode());
    assert.strictEqual(seen.length, 3);
    assert.strictEqual(clock.sleeps.length, 2);
    assert.strictEqual(error.attempts, 3);
    assert.match(error.message, /^ONTAP GET \/api\/protocols\/ndmp failed after 3 attempts: 503 65552 RPC failure\./);
  });

  it("gives up when the elapsed-time bound is reached, with attempts left", async () => {
    const clock = virtualClock();
    const seen = recordAll(() => {
      clock.advance(300); // every answer takes 300 ms of virtual time
      return [502, ""];
    });
    const { client } = makeClient({
      clock,
      random: () => 1,
      retry: { maxAttempts: 50, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 1_000 },
    });
    const error = await rejection(() => client.getCluster());
    // t=300 sleep 100 → 700 sleep 100 → 1100: 1100 + 100 > 1000, stop.
    assert.strictEqual(seen.length, 3);
    assert.strictEqual(error.attempts, 3);
  });

  describe("DELETE of a session", () => {
    it("counts a not-found on a retry that followed a connection error as success", async () => {
      const scope = nock(BASE)
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .replyWithError(resetError())
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .reply(404, { error: { code: "4", message: "entry doesn't exist", target: "session.id" } });
      const { client } = makeClient();
      await client.deleteSession("node-1", "2000");
      scope.done();
    });

    it("still reports a not-found on the first attempt", async () => {
      nock(BASE)
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .reply(404, { error: { code: "4", message: "entry doesn't exist" } });
      const { client } = makeClient();
      const error = await rejection(() => client.deleteSession("node-1", "2000"));
      assert.ok(error instanceof OntapError && error.isNotFound());
    });

    it("still reports a not-found that followed an HTTP error answer (the first DELETE was refused)", async () => {
      nock(BASE)
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .reply(503, "")
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .reply(404, { error: { code: "4", message: "entry doesn't exist" } });
      const { client } = makeClient();
      const error = await rejection(() => client.deleteSession("node-1", "2000"));
      assert.strictEqual(error.status, 404);
    });

    it("does not treat other errors after a connection error as success", async () => {
      nock(BASE)
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .replyWithError(resetError())
        .delete("/api/protocols/ndmp/sessions/node-1/2000")
        .reply(400, { error: { code: "68812802", message: "The UUID is not valid." } });
      const { client } = makeClient();
      const error = await rejection(() => client.deleteSession("node-1", "2000"));
      assert.strictEqual(error.code, "68812802");
    });
  });

  it("gives up its in-flight slot while waiting to retry", async () => {
    // One slot. A's first attempt gets a 503 and A then waits (a sleep we control). B must run during that wait.
    let releaseSleep: () => void = () => undefined;
    const clock = {
      now: () => 0,
      sleep: () => new Promise<void>((resolve) => (releaseSleep = resolve)),
    };
    const order: string[] = [];
    nock(BASE)
      .get("/api/protocols/ndmp/svms/a")
      .query(true)
      .reply(() => (order.push("A1"), [503, ""]))
      .get("/api/protocols/ndmp/svms/b")
      .query(true)
      .reply(() => (order.push("B"), [200, { svm: { uuid: "b" } }]))
      .get("/api/protocols/ndmp/svms/a")
      .query(true)
      .reply(() => (order.push("A2"), [200, { svm: { uuid: "a" } }]));
    const { client } = makeClient({ clock, maxInFlight: 1 });
    const a = client.getSvm("a");
    await new Promise((r) => setTimeout(r, 20)); // A has failed once and is sleeping
    assert.deepStrictEqual(order, ["A1"]);
    const b = await client.getSvm("b"); // would hang if A still held the only slot
    assert.deepStrictEqual(b, { svm: { uuid: "b" } });
    releaseSleep();
    assert.deepStrictEqual(await a, { svm: { uuid: "a" } });
    assert.deepStrictEqual(order, ["A1", "B", "A2"]);
  });
});
