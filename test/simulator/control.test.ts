// Test knobs: faults (each kind, by count and by rate), async jobs, latency, counters, the request log and its
// redaction, reset, out-of-band changes through the control API, and the state file.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TEMPORARILY_LOCKED } from "../../spec/codes";
import { startSimulator } from "../../simulator";
import { verifyNodePassword } from "../../simulator/model/passwords";
import { assertError, assertModel, NDMP, setMode, TestClient, useSimulator } from "./helpers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("simulator control", () => {
  const { client, sim } = useSimulator();
  const control = () => sim().control;
  const svm = (i = 0) => control().state().svms[i].uuid;

  describe("faults", () => {
    it("503 for the next request only", async () => {
      control().addFault({ kind: "503", count: 1 });
      await client().fails("GET", NDMP, { status: 503, code: "65552" });
      await client().get(NDMP, "cluster_ndmp_properties");
      assert.deepStrictEqual(control().faults(), []);
    });

    it("reset destroys the connection without a response", async () => {
      control().addFault({ kind: "reset", count: 1 });
      await assert.rejects(client().send("GET", NDMP), /socket hang up|ECONNRESET/);
      await client().get(NDMP, "cluster_ndmp_properties");
    });

    it("locked: 409 with a temporarily-locked message", async () => {
      control().addFault({ kind: "locked", count: 1 });
      const error = await client().fails("PATCH", NDMP, { status: 409, code: "8" }, { body: { mode: "node" } });
      assert.ok(error.message.includes(TEMPORARILY_LOCKED));
      assert.strictEqual(control().state().mode, "svm", "nothing applied");
    });

    it("429 with code 262160 and Retry-After", async () => {
      control().addFault({ kind: "429", count: 1, retryAfterSeconds: 3 });
      const res = await client().send("GET", NDMP);
      assertError(res, { status: 429, code: "262160" });
      assert.strictEqual(res.headers["retry-after"], "3");
    });

    it("slow holds the response back but applies the change", async () => {
      control().addFault({ kind: "slow", count: 1, delayMs: 150 });
      const started = Date.now();
      await client().ok("PATCH", NDMP, "cluster_ndmp_properties", { body: { mode: "node" } });
      assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
      assert.strictEqual(control().state().mode, "node");
    });

    it("mode-unavailable: 500 with 68812805", async () => {
      control().addFault({ kind: "mode-unavailable", count: 1, pathPrefix: `${NDMP}/sessions` });
      await client().fails("GET", `${NDMP}/sessions`, {
        status: 500,
        code: "68812805",
        message: "Failed to obtain the NDMP mode of the operation.",
      });
    });

    it("matches method and path prefix", async () => {
      control().addFault({ kind: "503", method: "patch", pathPrefix: `${NDMP}/svms` });
      await client().get(`${NDMP}/svms/${svm()}`, "ndmp_svm");
      await client().ok("PATCH", NDMP, "cluster_ndmp_properties", { body: { mode: "svm" } });
      await client().fails(
        "PATCH",
        `${NDMP}/svms/${svm()}`,
        { status: 503, code: "65552" },
        { body: { enabled: true } },
      );
      await client().fails(
        "PATCH",
        `${NDMP}/svms/${svm()}`,
        { status: 503, code: "65552" },
        { body: { enabled: true } },
      );
      assert.strictEqual(control().faults()[0].hits, 2);
    });

    it("fires by rate with a seeded RNG: same sequence after a reset", async () => {
      const run = async () => {
        control().addFault({ kind: "503", rate: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++)
          statuses.push((await client().send("GET", NDMP, { model: "cluster_ndmp_properties" })).status);
        return statuses;
      };
      const first = await run();
      const hits = first.filter((s) => s === 503).length;
      assert.ok(hits > 5 && hits < 25, `${hits} of 30 hit at rate 0.5`);
      control().reset();
      assert.deepStrictEqual(await run(), first);
    });

    it("rate 0 never fires, rate 1 with a count fires exactly count times", async () => {
      control().addFault({ kind: "503", rate: 0 });
      control().addFault({ kind: "locked", rate: 1, count: 2 });
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await client().send("GET", NDMP, { model: "cluster_ndmp_properties" })).status);
      assert.deepStrictEqual(statuses, [409, 409, 200, 200]);
    });

    it("is driven over HTTP too", async () => {
      const added = await client().send("POST", "/__simulator/faults", { body: { kind: "503", count: 5 } });
      assert.strictEqual(added.status, 201);
      assert.strictEqual(added.body.kind, "503");
      const listed = await client().send("GET", "/__simulator/faults");
      assert.deepStrictEqual(
        listed.body.records.map((r: { id: string }) => r.id),
        [added.body.id],
      );
      assert.strictEqual((await client().send("DELETE", `/__simulator/faults/${added.body.id}`)).status, 200);
      await client().get(NDMP, "cluster_ndmp_properties");
      const bad = await client().send("POST", "/__simulator/faults", { body: { kind: "explode" } });
      assertError(bad, { status: 400, code: "262197", target: "kind" });
    });
  });

  describe("async mode", () => {
    async function poll(uuid: string) {
      for (let i = 0; i < 100; i++) {
        const job = await client().get(`/api/cluster/jobs/${uuid}`, "job");
        if (job.state === "success" || job.state === "failure") return job;
        assert.strictEqual(job.state, "running");
        await sleep(20);
      }
      throw new Error("job did not finish");
    }

    it("answers 202 with a job and applies the change only when the job succeeds", async () => {
      const settings = await client().send("PUT", "/__simulator/async", { body: { enabled: true, durationMs: 300 } });
      assert.deepStrictEqual(settings.body, { enabled: true, durationMs: 300 });
      const accepted = await client().ok("PATCH", `${NDMP}/svms/${svm()}`, "job_link_response", {
        body: { enabled: true },
        status: 202,
      });
      const uuid = accepted.job.uuid;
      assert.deepStrictEqual(accepted.job._links, { self: { href: `/api/cluster/jobs/${uuid}` } });
      assert.strictEqual((await client().get(`${NDMP}/svms/${svm()}`, "ndmp_svm")).enabled, false, "not yet");
      const job = await poll(uuid);
      assert.strictEqual(job.state, "success");
      assert.strictEqual(job.code, 0);
      assert.strictEqual(job.description, `PATCH ${NDMP}/svms/${svm()}`);
      assert.ok(job.start_time && job.end_time);
      assert.strictEqual((await client().get(`${NDMP}/svms/${svm()}`, "ndmp_svm")).enabled, true);
    });

    it("a job set to fail reports failure with message and code, and applies nothing", async () => {
      control().setAsyncMode({ enabled: true, durationMs: 30, failure: { message: "boom", code: 460770 } });
      const accepted = await client().ok("PATCH", NDMP, "job_link_response", { body: { mode: "node" }, status: 202 });
      const job = await poll(accepted.job.uuid);
      assert.deepStrictEqual([job.state, job.message, job.code], ["failure", "boom", 460770]);
      assert.strictEqual(control().state().mode, "svm");
    });

    it("a running job can be made to fail through the control API", async () => {
      control().setAsyncMode({ enabled: true, durationMs: 400 });
      const accepted = await client().ok("PATCH", `${NDMP}/svms/${svm()}`, "job_link_response", {
        body: { authentication_types: ["plaintext"] },
        status: 202,
      });
      const res = await client().send("POST", `/__simulator/jobs/${accepted.job.uuid}/fail`, {
        body: { message: "disk on fire", code: 1 },
      });
      assert.strictEqual(res.status, 200);
      const job = await poll(accepted.job.uuid);
      assert.deepStrictEqual([job.state, job.message, job.code], ["failure", "disk on fire", 1]);
      assert.deepStrictEqual(control().state().svms[0].authentication_types, ["challenge"]);
    });

    it("a job fails with ONTAP's error when the target is deleted before it ends", async () => {
      control().setAsyncMode({ enabled: true, durationMs: 60 });
      const target = svm(1);
      const accepted = await client().ok("PATCH", `${NDMP}/svms/${target}`, "job_link_response", {
        body: { enabled: true },
        status: 202,
      });
      control().deleteSvm(target);
      const job = await poll(accepted.job.uuid);
      assert.deepStrictEqual([job.state, job.code, job.message], ["failure", 4, "entry doesn't exist"]);
      const fields = await client().get(`/api/cluster/jobs/${accepted.job.uuid}?fields=state`, "job");
      assert.deepStrictEqual(Object.keys(fields), ["uuid", "state", "_links"]);
    });

    it("still refuses invalid requests synchronously", async () => {
      control().setAsyncMode({ enabled: true, durationMs: 10 });
      await client().fails(
        "PATCH",
        `${NDMP}/svms/${svm()}`,
        { status: 400, code: "65601551" },
        {
          body: { authentication_types: ["plaintext_sso", "plaintext"] },
        },
      );
      assert.deepStrictEqual(control().jobs(), []);
    });

    it("a return_timeout long enough waits for the job and answers 200", async () => {
      control().setAsyncMode({ enabled: true, durationMs: 50 });
      const body = await client().ok("PATCH", `${NDMP}?return_timeout=5`, "cluster_ndmp_properties", {
        body: { mode: "node" },
      });
      assert.deepStrictEqual(body, {});
      assert.strictEqual(control().state().mode, "node");
    });
  });

  describe("latency", () => {
    it("delays every API request but not the control API", async () => {
      // Generous margins: the property is "delayed by the latency or not", not a precise timing.
      control().setLatency(300);
      let started = Date.now();
      await client().get(NDMP, "cluster_ndmp_properties");
      assert.ok(Date.now() - started >= 295, `took ${Date.now() - started} ms`);
      started = Date.now();
      await client().send("GET", "/__simulator/state");
      assert.ok(Date.now() - started < 250);
      assert.deepStrictEqual((await client().send("PUT", "/__simulator/latency", { body: { ms: 0 } })).body, { ms: 0 });
      started = Date.now();
      await client().get(NDMP, "cluster_ndmp_properties");
      assert.ok(Date.now() - started < 250);
    });

    it("can be set at start", async () => {
      const slow = await startSimulator({ latencyMs: 80, http: true });
      const c = new TestClient(slow);
      try {
        const started = Date.now();
        await c.get(NDMP, "cluster_ndmp_properties");
        assert.ok(Date.now() - started >= 75);
      } finally {
        c.close();
        await slow.stop();
      }
    });
  });

  describe("counters and request log", () => {
    it("count requests per method, per route template and in total", async () => {
      await client().get(`${NDMP}/svms`, "ndmp_svm_response");
      await client().get(`${NDMP}/svms/${svm()}`, "ndmp_svm");
      await client().get(`${NDMP}/svms/${svm(1)}`, "ndmp_svm");
      await client().ok("PATCH", `${NDMP}/svms/${svm()}`, "ndmp_svm", { body: { enabled: true } });
      await client().send("GET", "/api/nothing");
      await client().send("GET", "/__simulator/state");
      const counters = control().counters();
      assert.strictEqual(counters.total, 5);
      assert.deepStrictEqual(counters.byMethod, { GET: 4, PATCH: 1 });
      assert.deepStrictEqual(counters.byRoute, {
        "GET /api/protocols/ndmp/svms": 1,
        "GET /api/protocols/ndmp/svms/{svm.uuid}": 2,
        "PATCH /api/protocols/ndmp/svms/{svm.uuid}": 1,
        "GET (unknown)": 1,
      });
      assert.deepStrictEqual(counters.byStatus, { "200": 4, "404": 1 });
      assert.strictEqual(counters.inFlight, 0);
    });

    it("record the peak number of requests in flight", async () => {
      control().setLatency(250);
      await Promise.all(Array.from({ length: 6 }, () => client().get(NDMP, "cluster_ndmp_properties")));
      const counters = (await client().send("GET", "/__simulator/counters")).body;
      assert.strictEqual(counters.peakInFlight, 6);
      assert.strictEqual(counters.inFlight, 0);
    });

    it("log method, path, query, status and duration, never a password or the Authorization header", async () => {
      await setMode(client(), "node");
      const node = control().state().nodes[0].uuid;
      const secret = "Sup3r-Secret-Pw";
      const responses: string[] = [];
      const patch = await client().send("PATCH", `${NDMP}/nodes/${node}?return_records=true`, {
        body: { password: secret, user: "ndmp" },
      });
      assert.strictEqual(patch.status, 200);
      assertModel("ndmp_node", patch.body);
      responses.push(patch.text);
      responses.push((await client().send("GET", `${NDMP}/nodes/${node}?fields=*`, { model: "ndmp_node" })).text);
      responses.push((await client().send("GET", `${NDMP}/nodes?fields=**`, { model: "ndmp_node_response" })).text);
      responses.push(
        (await client().send("PATCH", `${NDMP}/nodes/${node}`, { body: `{"password": "${secret}"` })).text,
      );
      responses.push((await client().send("GET", "/__simulator/state")).text);
      responses.push((await client().send("GET", "/__simulator/requests")).text);
      for (const text of responses) assert.ok(!text.includes(secret), text);
      assert.ok(!JSON.stringify(control().state()).includes(secret));

      const log = control().requestLog();
      const text = JSON.stringify(log);
      assert.ok(!text.includes(secret));
      assert.ok(!text.includes(sim().password), "no admin password");
      assert.ok(!text.toLowerCase().includes("authorization"));
      const entry = log.find((e) => e.method === "PATCH" && e.query === "return_records=true")!;
      assert.strictEqual(entry.path, `${NDMP}/nodes/${node}`);
      assert.strictEqual(entry.status, 200);
      assert.strictEqual(entry.route, "PATCH /api/protocols/ndmp/nodes/{node.uuid}");
      assert.strictEqual(entry.user, "admin");
      assert.ok(typeof entry.durationMs === "number" && entry.durationMs >= 0);
      assert.deepStrictEqual(entry.requestBody, { password: "<redacted>", user: "ndmp" });
      const malformed = log.find((e) => e.status === 400)!;
      assert.match(String(malformed.requestBody), /bytes, not JSON/);
    });

    it("redact generated NDMP passwords in the log too", async () => {
      const generated = (await client().get(`${NDMP}/svms/${svm()}/passwords/vsadmin`, "ndmp_password")).password;
      const entry = control().requestLog().at(-1)!;
      assert.deepStrictEqual((entry.responseBody as { password: string }).password, "<redacted>");
      assert.ok(!JSON.stringify(control().requestLog()).includes(generated));
    });
  });

  describe("reset and out-of-band changes", () => {
    it("reset restores the seeded state and clears counters, log, faults and latency", async () => {
      const seeded = control().state();
      await client().ok("PATCH", `${NDMP}/svms/${svm()}`, "ndmp_svm", { body: { enabled: true } });
      await setMode(client(), "node");
      control().addFault({ kind: "503", pathPrefix: "/api/none" });
      control().setLatency(50);
      control().deleteSvm(svm(1));
      const res = await client().send("POST", "/__simulator/reset");
      assert.strictEqual(res.status, 200);
      assert.deepStrictEqual(control().state(), seeded);
      assert.strictEqual(control().counters().total, 0);
      assert.deepStrictEqual(control().requestLog(), []);
      assert.deepStrictEqual(control().faults(), []);
      assert.strictEqual(control().latency(), 0);
    });

    it("deletes nodes and SVMs, adds users and sessions, dumps state without secrets", async () => {
      const state = (await client().send("GET", "/__simulator/state")).body;
      assert.deepStrictEqual(Object.keys(state.nodes[0]).sort(), [
        "authentication_types",
        "enabled",
        "name",
        "password_set",
        "user",
        "uuid",
      ]);
      assert.deepStrictEqual(state.svms[0].users, [
        { name: "vsadmin", role: "vsadmin" },
        { name: "backup_user", role: "vsadmin-backup" },
      ]);
      assert.ok(!JSON.stringify(state).includes("loginKey") && !JSON.stringify(state).includes("Hash"));

      const user = await client().send("POST", `/__simulator/svms/${svm()}/users`, {
        body: { name: "ndmp_backup", password: "login-pw", role: "backup" },
      });
      assert.deepStrictEqual([user.status, user.body], [201, { name: "ndmp_backup", role: "backup" }]);
      await client().get(`${NDMP}/svms/${svm()}/passwords/ndmp_backup`, "ndmp_password");

      const session = await client().send("POST", "/__simulator/sessions", { body: { svm: "svm2", id: "7:8" } });
      assert.strictEqual(session.status, 201);
      assert.strictEqual(session.body.record.id, "7:8");
      const listed = (await client().send("GET", "/__simulator/sessions")).body.records;
      assert.strictEqual(listed.length, 5);
      await client().get(`${NDMP}/sessions/${svm(1)}/7:8`, "ndmp_session");

      const invalid = await client().send("POST", "/__simulator/sessions", {
        body: { svm: "svm1", details: { backup_engine: "tar" } },
      });
      assertError(invalid, { status: 400, code: "262197", target: "details.backup_engine" });
      const withId = await client().send("POST", "/__simulator/sessions", {
        body: { svm: "svm1", details: { id: "1" } },
      });
      assertError(withId, { status: 400, code: "262179", target: "details.id" });

      const gone = svm(1);
      assert.strictEqual((await client().send("DELETE", `/__simulator/svms/${gone}`)).status, 200);
      await client().fails("GET", `${NDMP}/svms/${gone}`, { status: 404, code: "4" });
      assert.strictEqual((await client().send("DELETE", `/__simulator/svms/${gone}`)).status, 404);
      const node = control().state().nodes[1].uuid;
      assert.strictEqual((await client().send("DELETE", `/__simulator/nodes/${node}`)).status, 200);
      assert.strictEqual(control().state().nodes.length, 1);
    });
  });

  describe("state file", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "ontap-sim-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("survives a restart, keeps no plaintext password and leaves no temporary file", async () => {
      const file = path.join(dir, "state.json");
      const secret = "Node-Pw-On-Disk";
      const first = await startSimulator({ http: true, stateFile: file, svms: 3 });
      const c1 = new TestClient(first);
      const svmUuid = first.control.state().svms[2].uuid;
      await c1.ok("PATCH", `${NDMP}/svms/${svmUuid}`, "ndmp_svm", { body: { enabled: true } });
      const password = (await c1.get(`${NDMP}/svms/${svmUuid}/passwords/backup_user`, "ndmp_password")).password;
      await setMode(c1, "node");
      const nodeUuid = first.control.state().nodes[0].uuid;
      await c1.ok("PATCH", `${NDMP}/nodes/${nodeUuid}`, "ndmp_node", { body: { password: secret, user: "bk" } });
      c1.close();
      await first.stop();

      const onDisk = fs.readFileSync(file, "utf8");
      assert.ok(!onDisk.includes(secret));
      // Stored as a salted hash of exactly that password.
      const hash = (JSON.parse(onDisk) as { nodes: Array<{ passwordHash?: string }> }).nodes[0].passwordHash;
      assert.ok(verifyNodePassword(secret, hash));
      assert.ok(!verifyNodePassword("another", hash));
      assert.deepStrictEqual(fs.readdirSync(dir), ["state.json"]);

      const second = await startSimulator({ http: true, stateFile: file, svms: 1 });
      const c2 = new TestClient(second);
      try {
        assert.strictEqual((await c2.get(NDMP, "cluster_ndmp_properties")).mode, "node");
        assert.strictEqual((await c2.get(`${NDMP}/nodes/${nodeUuid}`, "ndmp_node")).user, "bk");
        assert.strictEqual(second.control.state().nodes[0].password_set, true);
        assert.strictEqual(second.control.state().svms.length, 3, "the file wins over options");
        await setMode(c2, "svm");
        assert.strictEqual((await c2.get(`${NDMP}/svms/${svmUuid}`, "ndmp_svm")).enabled, true);
        const again = await c2.get(`${NDMP}/svms/${svmUuid}/passwords/backup_user`, "ndmp_password");
        assert.strictEqual(again.password, password);
      } finally {
        c2.close();
        await second.stop();
      }
    });
  });
});
