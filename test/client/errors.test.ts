// Error mapping: ONTAP error bodies (code as number or string), hints, isNotFound, malformed answers.
import * as assert from "assert";
import { CODE_HINTS, OntapError, hintFor, isNotFound } from "../../provider/ontap";
import { makeClient, recordAll, rejection, useNock } from "./helpers";

describe("errors", () => {
  useNock();

  it("builds the one-line message from status, code, ONTAP message and hint", async () => {
    recordAll(() => [
      400,
      { error: { code: "68812801", message: "Node-scoped operations are not allowed in an SVM-scope." } },
    ]);
    const { client } = makeClient();
    const error = await rejection(() => client.patchNode("4ea7a442-86d1-11e0-ae1c-123478563412", { enabled: true }));
    assert.ok(error instanceof OntapError);
    assert.strictEqual(error.name, "OntapError");
    assert.strictEqual(
      error.message,
      "ONTAP PATCH /api/protocols/ndmp/nodes/4ea7a442-86d1-11e0-ae1c-123478563412 failed: 400 68812801 " +
        "Node-scoped operations are not allowed in an SVM-scope. Hint: NDMP is in SVM scope; node configuration needs " +
        'node scope: switch the NDMP mode to node first (PATCH /api/protocols/ndmp {"mode":"node"}).',
    );
    assert.deepStrictEqual(
      [error.kind, error.status, error.code, error.method, error.path, error.target],
      ["http", 400, "68812801", "PATCH", "/api/protocols/ndmp/nodes/4ea7a442-86d1-11e0-ae1c-123478563412", undefined],
    );
    assert.strictEqual(error.ontapMessage, "Node-scoped operations are not allowed in an SVM-scope.");
  });

  it("accepts the code as a number and reports it as a string", async () => {
    recordAll(() => [
      400,
      { error: { code: 65601536, message: "The operation is not supported because NDMP SVM-aware mode is disabled." } },
    ]);
    const { client } = makeClient();
    const error = await rejection(() => client.patchSvm("s-1", { enabled: true }));
    assert.strictEqual(error.code, "65601536");
    assert.match(String(error.hint), /switch the NDMP mode to svm first/);
  });

  it("names the target when ONTAP gives one", async () => {
    recordAll(() => [404, { error: { code: "4", message: "entry doesn't exist", target: "user" } }]);
    const { client } = makeClient();
    const error = await rejection(() => client.generatePassword("s-1", "nobody"));
    assert.strictEqual(error.target, "user");
    assert.match(
      error.message,
      /failed: 404 4 entry doesn't exist \(target "user"\)\. Hint: The object does not exist/,
    );
  });

  it("hints at wrong credentials on a 401 without a body", async () => {
    recordAll(() => [401, "", { "WWW-Authenticate": 'Basic realm="ONTAP"' }]);
    const { client } = makeClient();
    const error = await rejection(() => client.getCluster());
    assert.strictEqual(error.status, 401);
    assert.strictEqual(error.code, undefined);
    assert.match(error.message, /^ONTAP GET \/api\/cluster failed: 401 Unauthorized\. Hint: Wrong credentials/);
  });

  it("hints at privileges on 403 / code 6", async () => {
    recordAll(() => [403, { error: { message: "not authorized for that command", code: "6" } }]);
    const { client } = makeClient();
    const error = await rejection(() => client.listSvms());
    assert.match(error.message, /403 6 not authorized for that command\. Hint: The account's role lacks the privilege/);
  });

  it("copes with a non-JSON error page", async () => {
    recordAll(() => [400, "<html>Bad Request</html>"]);
    const { client } = makeClient();
    const error = await rejection(() => client.getCluster());
    assert.strictEqual(error.status, 400);
    assert.strictEqual(error.code, undefined);
    assert.match(error.message, /failed: 400 the host does not answer as an ONTAP REST API \(HTTP 400 Bad Request, /);
    assert.strictEqual(error.foreign, true);
  });

  it("does not follow redirects and explains why", async () => {
    const seen = recordAll((s) =>
      s.url.startsWith("/api/cluster") ? [301, "", { Location: "https://other.example/api/cluster" }] : [200, {}],
    );
    const { client } = makeClient();
    const error = await rejection(() => client.getCluster());
    assert.strictEqual(error.status, 301);
    assert.match(String(error.hint), /redirects are not followed/);
    assert.strictEqual(seen.length, 1);
  });

  it("refuses a 2xx answer that is not JSON", async () => {
    recordAll(() => [200, "<html>login</html>"]);
    const { client } = makeClient();
    const error = await rejection(() => client.getNdmpMode());
    assert.strictEqual(error.kind, "response");
    assert.match(
      error.message,
      /the host does not answer as an ONTAP REST API \(HTTP 200 OK, not JSON, 18 bytes: "<html>login<\/html>"\)/,
    );
  });

  it("refuses an answer with wrong types, naming field and value", async () => {
    recordAll(() => [200, { svm: { uuid: "s-1" }, enabled: "false", authentication_types: ["challenge"] }]);
    const { client } = makeClient();
    const error = await rejection(() => client.getSvm("s-1"));
    assert.strictEqual(error.kind, "response");
    assert.match(error.message, /enabled: "false" must be of type boolean/);
  });

  it("reads answers open: unknown fields and enum values of newer releases are accepted", async () => {
    const body = {
      svm: { uuid: "s-1", name: "vs1", future: 1 },
      enabled: true,
      authentication_types: ["kerberos"],
      extra: { a: 1 },
    };
    recordAll(() => [200, body]);
    const { client } = makeClient();
    assert.deepStrictEqual(await client.getSvm("s-1"), body);
  });

  describe("hints", () => {
    const expected: Array<[string, RegExp]> = [
      ["68812801", /node configuration needs node scope: switch the NDMP mode to node first/],
      ["65601536", /SVM configuration and password generation need SVM scope: switch the NDMP mode to svm first/],
      ["68812800", /Set a user .* before enabling NDMP/],
      ["68812802", /UUID in the path is not valid/],
      ["68812803", /No SVM has this UUID/],
      ["68812804", /No node has this UUID/],
      ["68812806", /owner UUID and the session id are required/],
      ["65601551", /"plaintext_sso" cannot be combined/],
      ["65601560", /"plaintext_sso" has no NDMP-specific password/],
      ["262179", /field this ONTAP release does not know/],
      ["262196", /Read-only fields .* cannot be set in a PATCH/],
      ["262197", /not allowed for the field/],
      ["4", /does not exist/],
      ["6", /role lacks the privilege/],
      ["262160", /throttling/],
    ];
    for (const [code, hint] of expected) {
      it(`has a hint for ${code}`, () => {
        assert.match(CODE_HINTS[code], hint);
        assert.match(String(hintFor(400, code)), hint);
      });
    }

    it("has hints by status and for temporarily locked", () => {
      assert.match(String(hintFor(401, undefined)), /Wrong credentials/);
      assert.match(String(hintFor(429, undefined)), /throttling/);
      assert.match(String(hintFor(503, undefined)), /internal error/);
      assert.match(String(hintFor(409, "8", "object temporarily locked")), /temporarily locked/);
      assert.strictEqual(hintFor(400, "99999999"), undefined);
    });

    it("prefers the code's hint over the status's", () => {
      assert.match(String(hintFor(404, "68812804")), /No node has this UUID/);
    });
  });

  describe("isNotFound", () => {
    const make = (status: number | undefined, code?: string, kind: "http" | "connection" = "http") =>
      new OntapError({ kind, method: "GET", path: "/api/x", status, code });

    it("is true for 404, code 4, 68812804 and 68812803", () => {
      assert.ok(make(404).isNotFound());
      assert.ok(make(400, "4").isNotFound());
      assert.ok(make(400, "68812804").isNotFound());
      assert.ok(make(400, "68812803").isNotFound());
      assert.ok(make(undefined, "68812804").isNotFound());
      assert.ok(isNotFound(make(404, "4")));
    });

    it("is false for other failures", () => {
      assert.ok(!make(400, "68812802").isNotFound());
      assert.ok(!make(400, "68812801").isNotFound());
      assert.ok(!make(403, "6").isNotFound());
      assert.ok(!make(500).isNotFound());
      assert.ok(!make(undefined, undefined, "connection").isNotFound());
      assert.ok(!isNotFound(new Error("404")));
      assert.ok(!isNotFound(undefined));
    });

    it("works on errors from the client", async () => {
      recordAll(() => [404, { error: { code: 4, message: "entry doesn't exist", target: "uuid" } }]);
      const { client } = makeClient();
      assert.ok(isNotFound(await rejection(() => client.getSvm("gone"))));
    });
  });
});
