// Basic authentication (401 with a challenge, no parseable body) and the read-only account (403, code 6).
import * as assert from "assert";
import { NDMP, useSimulator } from "./helpers";

describe("simulator authentication", () => {
  const { client, sim } = useSimulator({ readOnlyUser: { username: "monitor", password: "read-only-pw" } });
  const monitor: [string, string] = ["monitor", "read-only-pw"];

  function assertChallenge(res: { status: number; headers: Record<string, unknown>; body: unknown }) {
    assert.strictEqual(res.status, 401);
    assert.strictEqual(res.headers["www-authenticate"], 'Basic realm="ONTAP"');
    assert.strictEqual(res.body, undefined, "no JSON body on 401");
  }

  it("refuses a request without credentials with 401 and a Basic challenge", async () => {
    assertChallenge(await client().send("GET", NDMP, { auth: null }));
    assertChallenge(await client().send("GET", "/api/cluster", { auth: null }));
  });

  it("refuses a wrong password, a wrong user and a malformed header", async () => {
    assertChallenge(await client().send("GET", NDMP, { auth: ["admin", "wrong"] }));
    assertChallenge(await client().send("GET", NDMP, { auth: ["root", "secret-admin-pw"] }));
    assertChallenge(await client().send("GET", NDMP, { auth: null, headers: { Authorization: "Basic !!!" } }));
    assertChallenge(await client().send("GET", NDMP, { auth: null, headers: { Authorization: "Bearer abc" } }));
  });

  it("checks credentials before anything else: no state change, no fault", async () => {
    sim().control.addFault({ kind: "503" });
    assertChallenge(await client().send("PATCH", NDMP, { auth: ["admin", "x"], body: { mode: "node" } }));
    assert.strictEqual(sim().control.state().mode, "svm");
  });

  it("lets the read-only user read", async () => {
    const body = await client().get(`${NDMP}/svms`, "ndmp_svm_response", { auth: monitor });
    assert.strictEqual(body.num_records, 2);
  });

  it("answers the read-only user's writes with 403 code 6 and changes nothing", async () => {
    const res = await client().send("PATCH", NDMP, { auth: monitor, body: { mode: "node" } });
    assert.strictEqual(res.status, 403);
    assert.deepStrictEqual(res.body, { error: { message: "not authorized for that command", code: "6" } });
    assert.strictEqual(sim().control.state().mode, "svm");
    const session = sim()
      .control.sessions()
      .find((s) => s.scope === "svm")!.record;
    await client().fails(
      "DELETE",
      `${NDMP}/sessions/${session.uuid}/${session.id}`,
      { status: 403, code: "6" },
      {
        auth: monitor,
      },
    );
    assert.strictEqual(sim().control.sessions().length, 4);
  });

  it("protects the control API with the administrator's credentials", async () => {
    assertChallenge(await client().send("GET", "/__simulator/state", { auth: null }));
    const res = await client().send("POST", "/__simulator/reset", { auth: monitor });
    assert.strictEqual(res.status, 403);
    assert.strictEqual(res.body.error.code, "6");
    assert.strictEqual((await client().send("GET", "/__simulator/state")).status, 200);
  });
});
