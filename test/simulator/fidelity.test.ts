// Request handling as ONTAP's web server does it: paths (duplicate slashes, percent-encoding), authentication before
// the body, the body size limit answered to the client, Accept negotiation, keys named like JavaScript built-ins,
// the empty DELETE body and the query-based session DELETE of NetApp's Python library, and the control API's bounds.
import * as assert from "assert";
import * as https from "https";
import { startSimulator } from "../../simulator";
import { assertError, assertModel, NDMP, setMode, useSimulator } from "./helpers";

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

describe("simulator request handling", () => {
  const { client, sim } = useSimulator({ nodes: 2, svms: 2 });
  const svmUuid = (i = 0) => sim().control.state().svms[i].uuid;
  const adminAuth = () => `Basic ${Buffer.from(`${sim().username}:${sim().password}`).toString("base64")}`;

  /** A request written by hand: `body` chunks are written as given, `end: false` leaves the body unfinished. */
  function raw(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; chunks?: Buffer[]; end?: boolean } = {},
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        new URL(path, sim().url),
        { method, headers: options.headers ?? {}, ca: sim().caCert, agent: false },
        (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString("utf8")));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        },
      );
      req.on("error", reject);
      for (const chunk of options.chunks ?? []) req.write(chunk);
      if (options.end !== false) req.end();
    });
  }

  describe("paths", () => {
    it("answers /api//protocols/ndmp/svms as /api/protocols/ndmp/svms (and any run of slashes)", async () => {
      const plain = await client().get(`${NDMP}/svms?fields=*`, "ndmp_svm_response");
      for (const path of ["/api//protocols/ndmp/svms", "/api///protocols//ndmp///svms"]) {
        const doubled = await client().get(`${path}?fields=*`, "ndmp_svm_response");
        assert.deepStrictEqual(doubled.records, plain.records, path);
      }
      const instance = await client().get(`/api//protocols/ndmp/svms//${svmUuid()}`, "ndmp_svm");
      assert.strictEqual(instance.svm.uuid, svmUuid());
    });

    it("decodes percent-encoded segments once; malformed encoding matches nothing", async () => {
      const body = await client().get(`/api/protocols/ndmp/%73vms/${svmUuid().replace(/^(.)/, "%3$1")}`, "ndmp_svm");
      assert.strictEqual(body.svm.uuid, svmUuid());
      await client().fails("GET", "/api/protocols/ndmp/%zzvms", { status: 404, code: "4", message: "API not found" });
      const session = sim()
        .control.sessions()
        .find((s) => s.scope === "svm")!.record;
      const encoded = `${NDMP}/sessions/${session.uuid}/${session.id!.replace(":", "%3A")}`;
      assert.strictEqual((await client().get(encoded, "ndmp_session")).id, session.id);
    });

    it("an encoded slash stays inside its segment", async () => {
      await client().fails("GET", `${NDMP}/svms/${svmUuid()}/passwords/a%2Fb`, {
        status: 404,
        code: "4",
        target: "user",
      });
    });
  });

  describe("authentication before the body", () => {
    it("answers 401 without waiting for a body it will not read", async () => {
      const answer = await raw("PATCH", `${NDMP}/svms/${svmUuid()}`, {
        headers: { "Content-Type": "application/json", "Content-Length": "5000000" },
        chunks: [Buffer.from('{"enabled":')],
        end: false,
      });
      assert.strictEqual(answer.status, 401);
      assert.match(String(answer.headers["www-authenticate"]), /^Basic realm=/);
    });

    /** A PATCH with `Expect: 100-continue` whose body is sent only on `100 Continue`; what the server answered. */
    function patchExpectingContinue(auth: boolean): Promise<{ continued: boolean; status: number }> {
      const body = Buffer.from('{"enabled":true}');
      return new Promise((resolve, reject) => {
        let continued = false;
        const req = https.request(new URL(`${NDMP}/svms/${svmUuid()}`, sim().url), {
          method: "PATCH",
          headers: {
            ...(auth ? { Authorization: adminAuth() } : {}),
            Expect: "100-continue",
            "Content-Length": String(body.length),
            "Content-Type": "application/json",
          },
          ca: sim().caCert,
          agent: false,
        });
        req.on("continue", () => {
          continued = true;
          req.end(body);
        });
        req.on("response", (res) => {
          res.resume();
          resolve({ continued, status: res.statusCode ?? 0 });
        });
        req.on("error", reject);
        req.flushHeaders();
      });
    }

    it("does not answer 100 Continue to an unauthenticated request", async () => {
      assert.deepStrictEqual(await patchExpectingContinue(false), { continued: false, status: 401 });
      assert.strictEqual(sim().control.state().svms[0].enabled, false);
    });

    it("answers 100 Continue once authenticated, then reads the body", async () => {
      assert.deepStrictEqual(await patchExpectingContinue(true), { continued: true, status: 200 });
      assert.strictEqual(sim().control.state().svms[0].enabled, true);
    });
  });

  describe("body size limit (1 MiB)", () => {
    const big = (bytes: number) => Buffer.from(`{"enabled":true,"pad":"${"x".repeat(bytes)}"}`);

    it("refuses a declared length over the limit with a 413 ONTAP error, before reading it", async () => {
      const answer = await raw("PATCH", `${NDMP}/svms/${svmUuid()}`, {
        headers: { Authorization: adminAuth(), "Content-Type": "application/json", "Content-Length": "2000000" },
        chunks: [Buffer.from("{")],
        end: false,
      });
      assert.strictEqual(answer.status, 413);
      const body = JSON.parse(answer.text);
      assertModel("error_response", body);
      assert.strictEqual(body.error.code, "262197");
      assert.match(body.error.message, /larger than 1048576 bytes/);
    });

    it("refuses a chunked body that grows past the limit; the client receives the answer, not a reset", async () => {
      const chunk = big(256 * 1024);
      const answer = await raw("PATCH", `${NDMP}/svms/${svmUuid()}`, {
        headers: { Authorization: adminAuth(), "Content-Type": "application/json" },
        chunks: [chunk, chunk, chunk, chunk, chunk, chunk],
      });
      assert.strictEqual(answer.status, 413);
      assert.strictEqual(JSON.parse(answer.text).error.code, "262197");
      assert.strictEqual(sim().control.state().svms[0].enabled, false, "nothing was applied");
    });

    it("accepts a body just under the limit (and refuses its unknown field as ONTAP would)", async () => {
      await client().fails(
        "PATCH",
        `${NDMP}/svms/${svmUuid()}`,
        { status: 400, code: "262179", target: "pad" },
        { body: big(1024 * 1024 - 100).toString() },
      );
    });
  });

  describe("Accept and Content-Type", () => {
    const links = async (accept: string) => {
      const res = await client().send("GET", `${NDMP}/svms/${svmUuid()}`, { accept });
      return { type: res.headers["content-type"], links: "_links" in res.body };
    };

    it("answers HAL by default, for */* and for media types it does not serve", async () => {
      for (const accept of ["*/*", "application/hal+json", "text/html,application/xhtml+xml,*/*;q=0.8", "text/xml"]) {
        assert.deepStrictEqual(await links(accept), { type: "application/hal+json", links: true }, accept);
      }
    });

    it("answers plain JSON without links when application/json weighs more", async () => {
      for (const accept of [
        "application/json",
        "application/hal+json;q=0.5, application/json",
        "application/*;q=0.9",
      ]) {
        const expected = accept === "application/*;q=0.9" ? "application/hal+json" : "application/json";
        assert.strictEqual((await links(accept)).type, expected, accept);
      }
      assert.deepStrictEqual(await links("application/json"), { type: "application/json", links: false });
    });

    it("reads a PATCH body as JSON whatever its Content-Type says", async () => {
      for (const type of ["application/json; charset=utf-8", "application/hal+json", "text/plain", ""]) {
        const res = await client().send("PATCH", `${NDMP}/svms/${svmUuid()}`, {
          body: '{"enabled":true}',
          headers: { "Content-Type": type },
        });
        assert.strictEqual(res.status, 200, `${type}: ${res.text}`);
      }
    });
  });

  describe("PATCH keys named like JavaScript built-ins", () => {
    for (const key of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
      it(`"${key}" is an unknown field: 262179`, async () => {
        await client().fails(
          "PATCH",
          `${NDMP}/svms/${svmUuid()}`,
          { status: 400, code: "262179", target: key, message: `Unexpected argument "${key}".` },
          { body: `{"enabled": true, "${key}": true}` },
        );
      });
    }

    it("also as a nested key of a read-only field, and in the query", async () => {
      await client().fails(
        "PATCH",
        `${NDMP}/svms/${svmUuid()}`,
        { status: 400, code: "262196" },
        { body: '{"svm": {"__proto__": {"name": "x"}}}' },
      );
      await client().fails("GET", `${NDMP}/svms?constructor=1`, { status: 400, code: "262179", target: "constructor" });
      await client().fails("GET", `${NDMP}/svms?fields=__proto__`, { status: 400, code: "262179", target: "fields" });
    });
  });

  describe("netapp-ontap's DELETE shapes", () => {
    it("DELETE /sessions?uuid=…&id=… deletes the matching sessions and answers num_records", async () => {
      const [first, second] = sim()
        .control.sessions()
        .filter((s) => s.scope === "svm");
      const res = await client().send("DELETE", `${NDMP}/sessions?uuid=${first.record.uuid}&id=${first.record.id}`, {
        body: {},
      });
      assert.strictEqual(res.status, 200, res.text);
      assert.deepStrictEqual(res.body, { num_records: 1 });
      const left = sim()
        .control.sessions()
        .map((s) => s.record.id);
      assert.ok(!left.includes(first.record.id) && left.includes(second.record.id));
    });

    it("a DELETE of the whole collection is refused (405), and filters follow the session filters' rules", async () => {
      const res = await client().send("DELETE", `${NDMP}/sessions`);
      assertError(res, { status: 405, code: "3" });
      assert.strictEqual(res.headers.allow, "GET");
      await client().fails("DELETE", `${NDMP}/sessions?client_port=abc`, { status: 400, code: "262197" });
      await setMode(client(), "node");
      const res2 = await client().send("DELETE", `${NDMP}/sessions?id=2000`);
      assert.deepStrictEqual(res2.body, { num_records: 1 }, "only the active scope's sessions are reached");
    });
  });

  describe("control API bounds", () => {
    it("refuses a latency a timer cannot hold, and other out-of-range knobs", async () => {
      const put = (path: string, body: unknown) => client().send("PUT", `/__simulator/${path}`, { body });
      for (const ms of [2 ** 31, -1, 1.5, "10", 1e300]) {
        const res = await put("latency", { ms });
        assertError(res, { status: 400, code: "262197", target: "ms" }, `latency ${ms}`);
      }
      assert.strictEqual((await put("latency", { ms: 2 ** 31 - 1 })).status, 200);
      await put("latency", { ms: 0 });
      assertError(await put("async", { durationMs: 2 ** 31 }), { status: 400, code: "262197", target: "durationMs" });
      const fault = (rule: unknown) => client().send("POST", "/__simulator/faults", { body: rule });
      assertError(await fault({ kind: "slow", delayMs: 2 ** 31 }), { status: 400, code: "262197", target: "delayMs" });
      assertError(await fault({ kind: "503", count: 1e300 }), { status: 400, code: "262197", target: "count" });
      assertError(await fault({ kind: "429", retryAfterSeconds: 1e9 }), { status: 400, code: "262197" });
      assertError(await fault({ kind: "503", method: "x".repeat(100) }), { status: 400, code: "262197" });
    });

    it("refuses session details that are not ndmp_session fields, or negative integers", async () => {
      const add = (details: unknown) =>
        client().send("POST", "/__simulator/sessions", { body: { svm: "svm1", details } });
      assertError(await add({ constructor: 1 }), { status: 400, code: "262179", target: "details.constructor" });
      assertError(await add({ client_port: -1 }), { status: 400, code: "262197", target: "details.client_port" });
      assertError(await add({ data: { bytes_processed: 2 ** 60 } }), {
        status: 400,
        code: "262197",
        target: "details.data.bytes_processed",
      });
      assert.strictEqual((await add({ client_port: 10000 })).status, 201);
    });

    it("refuses a start latency above the timer limit", async () => {
      await assert.rejects(startSimulator({ latencyMs: 2 ** 31 }), /latencyMs must be an integer from 0 to 2147483647/);
    });
  });
});
