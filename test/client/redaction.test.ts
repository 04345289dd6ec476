// The password and the Authorization header never appear in errors (message, stack, cause, JSON, inspect), in
// onRequest events, or in a dump of the client, whatever the failure. (TLS failures: see tls.test.ts.)
import * as assert from "assert";
import nock from "nock";
import * as util from "util";
import { OntapError, type NdmpNodePatch } from "../../provider/ontap";
import { BASE, SECRET, assertNoSecret, makeClient, recordAll, rejection, useNock } from "./helpers";

describe("redaction of secrets", () => {
  useNock();

  function checkError(error: Error & Record<string, unknown>): void {
    assert.ok(error instanceof OntapError, `not an OntapError: ${String(error)}`);
    assertNoSecret(error, "error");
    assert.strictEqual((error as { cause?: unknown }).cause, undefined, "an OntapError has no cause");
    for (const key of ["config", "request", "response", "headers", "auth"]) {
      assert.ok(!(key in error), `the error carries ${key}`);
    }
  }

  const failures: Array<[string, () => nock.Scope]> = [
    ["a 401", () => nock(BASE).get(/.*/).query(true).reply(401, "", { "WWW-Authenticate": 'Basic realm="x"' })],
    [
      "a 400 whose ONTAP message echoes the password",
      () =>
        nock(BASE)
          .get(/.*/)
          .query(true)
          .reply(400, { error: { code: "262197", message: `Invalid value "${SECRET}"`, target: SECRET } }),
    ],
    [
      "a 500",
      () =>
        nock(BASE)
          .get(/.*/)
          .query(true)
          .times(4)
          .reply(500, { error: { code: "65552", message: "boom" } }),
    ],
    [
      "a connection reset",
      () =>
        nock(BASE)
          .get(/.*/)
          .query(true)
          .times(4)
          .replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })),
    ],
    [
      "a connection refused",
      () =>
        nock(BASE)
          .get(/.*/)
          .query(true)
          .times(4)
          .replyWithError(Object.assign(new Error("connect ECONNREFUSED 10.1.1.1:443"), { code: "ECONNREFUSED" })),
    ],
    [
      "an error whose text carries the header",
      () =>
        nock(BASE)
          .get(/.*/)
          .query(true)
          .times(4)
          .replyWithError(
            Object.assign(
              new Error(`bad header Authorization: Basic ${Buffer.from(`admin:${SECRET}`).toString("base64")}`),
              { code: "EWEIRD" },
            ),
          ),
    ],
    ["a timeout", () => nock(BASE).get(/.*/).query(true).times(4).delay(300).reply(200, {})],
  ];

  for (const [name, arrange] of failures) {
    it(`keeps secrets out of ${name}`, async () => {
      arrange();
      const { client, events } = makeClient({ timeoutMs: 40 });
      const error = await rejection(() => client.getCluster());
      checkError(error);
      assert.ok(events.length >= 1);
      assertNoSecret(events, "onRequest events");
    });
  }

  it("withholds an ONTAP message and target that hold the password, whole (never cut out)", async () => {
    nock(BASE)
      .get(/.*/)
      .query(true)
      .reply(400, { error: { code: "262197", message: `Invalid value "${SECRET}"`, target: SECRET } });
    const { client } = makeClient();
    const error = await rejection(() => client.getCluster());
    assert.strictEqual(error.ontapMessage, "(withheld: the text contained this connection's credentials)");
    assert.strictEqual(error.target, "(withheld: the text contained this connection's credentials)");
  });

  it("keeps the node password out of PATCH failures and events", async () => {
    recordAll(() => [400, { error: { code: "68812800", message: "The user is required to enable NDMP on a node." } }]);
    const { client, events } = makeClient();
    const error = await rejection(() => client.patchNode("n-1", { enabled: true, password: SECRET }));
    checkError(error);
    assertNoSecret(events, "onRequest events");
  });

  it("keeps the node password out of validation errors", async () => {
    const { client } = makeClient();
    const error = await rejection(() => client.patchNode("n-1", { password: [SECRET] } as unknown as NdmpNodePatch));
    checkError(error);
  });

  it("keeps a generated password out of events", async () => {
    recordAll(() => [200, { svm: { uuid: "s-1" }, user: "backup", password: SECRET }]);
    const { client, events } = makeClient();
    const record = await client.generatePassword("s-1", "backup");
    assert.strictEqual(record.password, SECRET, "the caller gets it");
    assertNoSecret(events, "onRequest events");
  });

  it("keeps a generated password out of a response-validation error", async () => {
    recordAll(() => [200, { svm: { uuid: "s-1" }, user: 7, password: 123456789 }]);
    const { client } = makeClient();
    const error = await rejection(() => client.generatePassword("s-1", "backup"));
    assert.match(error.message, /password \(a number, not shown\) must be of type string/);
    assert.ok(!error.message.includes("123456789"));
  });

  it("events carry only method, path, status, attempt, duration and codes", async () => {
    recordAll(() => [404, { error: { code: "4", message: "entry doesn't exist" } }]);
    const { client, events } = makeClient();
    await rejection(() => client.getSvm("s-1"));
    assert.strictEqual(events.length, 1);
    const keys = Object.keys(events[0]).sort();
    assert.deepStrictEqual(keys, ["attempt", "durationMs", "method", "ontapCode", "path", "status"]);
    assert.deepStrictEqual(
      { ...events[0], durationMs: 0 },
      {
        method: "GET",
        path: "/api/protocols/ndmp/svms/s-1?fields=authentication_types,enabled,svm",
        status: 404,
        attempt: 1,
        durationMs: 0,
        ontapCode: "4",
      },
    );
  });

  it("a throwing onRequest hook does not break requests", async () => {
    recordAll(() => [200, { mode: "svm" }]);
    const { client } = makeClient({
      onRequest: () => {
        throw new Error("hook");
      },
    });
    assert.deepStrictEqual(await client.getNdmpMode(), { mode: "svm" });
  });

  it("a dump of the client shows no secret", () => {
    const { client } = makeClient();
    assertNoSecret(client, "the client");
    assert.strictEqual(util.inspect(client), "OntapClient { baseUrl: 'https://ontap.test' }");
    assert.strictEqual(JSON.stringify(client), '{"baseUrl":"https://ontap.test"}');
  });

  it("config errors never echo the password", () => {
    assert.throws(
      () => makeClient({ timeoutMs: -1 }),
      (e: Error) => !e.message.includes(SECRET) && /timeoutMs/.test(e.message),
    );
    assert.throws(
      () => makeClient({ caCert: SECRET }),
      (e: Error) => !e.message.includes(SECRET) && /caCert/.test(e.message),
    );
  });
});
