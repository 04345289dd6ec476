// Every endpoint of the ONTAP 9.9.1 NDMP reference, plus /api/cluster and jobs, through real HTTPS.
import * as assert from "assert";
import { NDMP, setMode, useSimulator } from "./helpers";

describe("simulator endpoints", () => {
  const { client, sim } = useSimulator({ nodes: 2, svms: 3, clusterName: "lab" });

  const svmUuid = (i = 0) => sim().control.state().svms[i].uuid;
  const nodeUuid = (i = 0) => sim().control.state().nodes[i].uuid;

  describe("GET /api/cluster", () => {
    it("returns name, uuid and a 9.9.1 version in ONTAP's shape", async () => {
      const body = await client().get("/api/cluster", "cluster");
      assert.strictEqual(body.name, "lab");
      assert.match(body.uuid, /^[0-9a-f-]{36}$/);
      assert.deepStrictEqual(
        { generation: body.version.generation, major: body.version.major, minor: body.version.minor },
        { generation: 9, major: 9, minor: 1 },
      );
      assert.match(body.version.full, /^NetApp Release 9\.9\.1: /);
      assert.deepStrictEqual(body._links, { self: { href: "/api/cluster" } });
    });

    it("honours fields=version", async () => {
      const body = await client().get("/api/cluster?fields=version", "cluster");
      assert.deepStrictEqual(Object.keys(body), ["version", "_links"]);
    });
  });

  describe("/api/protocols/ndmp (mode)", () => {
    it("starts in SVM scope", async () => {
      const body = await client().get(NDMP, "cluster_ndmp_properties");
      assert.deepStrictEqual(body, { mode: "svm", _links: { self: { href: NDMP } } });
    });

    it("PATCH answers 200 {} and switches the mode", async () => {
      const body = await client().ok("PATCH", NDMP, "cluster_ndmp_properties", { body: { mode: "node" } });
      assert.deepStrictEqual(body, {});
      assert.strictEqual((await client().get(NDMP, "cluster_ndmp_properties")).mode, "node");
    });

    it("PATCH with return_records=true returns the record", async () => {
      const body = await client().ok("PATCH", `${NDMP}?return_records=true`, "cluster_ndmp_properties", {
        body: { mode: "node" },
      });
      assert.strictEqual(body.mode, "node");
      assert.deepStrictEqual(body._links, { self: { href: NDMP } });
    });

    it("PATCH to the current mode is a 200 no-op", async () => {
      await client().ok("PATCH", NDMP, "cluster_ndmp_properties", { body: { mode: "svm" } });
      assert.strictEqual(sim().control.state().mode, "svm");
    });

    it("switching mode keeps both node and SVM settings", async () => {
      await client().ok("PATCH", `${NDMP}/svms/${svmUuid()}`, "ndmp_svm", { body: { enabled: true } });
      await setMode(client(), "node");
      await client().ok("PATCH", `${NDMP}/nodes/${nodeUuid()}`, "ndmp_node", { body: { user: "backup" } });
      await setMode(client(), "svm");
      await setMode(client(), "node");
      const node = await client().get(`${NDMP}/nodes/${nodeUuid()}`, "ndmp_node");
      assert.strictEqual(node.user, "backup");
      const svm = await client().get(`${NDMP}/svms/${svmUuid()}`, "ndmp_svm");
      assert.strictEqual(svm.enabled, true);
    });

    it("the mode filter selects the singleton or reports it absent", async () => {
      await client().get(`${NDMP}?mode=svm`, "cluster_ndmp_properties");
      await client().fails("GET", `${NDMP}?mode=node`, { status: 404, code: "4" });
    });
  });

  describe("/api/protocols/ndmp/nodes", () => {
    beforeEach(() => setMode(client(), "node"));

    it("lists nodes with identity and links by default, named <cluster>-NN", async () => {
      const body = await client().get(`${NDMP}/nodes`, "ndmp_node_response");
      assert.strictEqual(body.num_records, 2);
      assert.deepStrictEqual(
        body.records.map((r: { node: { name: string } }) => r.node.name),
        ["lab-01", "lab-02"],
      );
      const [first] = body.records;
      assert.deepStrictEqual(Object.keys(first), ["node", "_links"]);
      assert.deepStrictEqual(first.node._links, { self: { href: `/api/cluster/nodes/${first.node.uuid}` } });
      assert.deepStrictEqual(first._links, { self: { href: `${NDMP}/nodes/${first.node.uuid}` } });
      assert.deepStrictEqual(body._links, { self: { href: `${NDMP}/nodes` } });
      assert.deepStrictEqual(Object.keys(body), ["records", "num_records", "_links"]);
    });

    it("GET one node returns the documented defaults and no password", async () => {
      const body = await client().get(`${NDMP}/nodes/${nodeUuid()}`, "ndmp_node");
      assert.strictEqual(body.enabled, true);
      assert.deepStrictEqual(body.authentication_types, ["plaintext", "challenge"]);
      assert.strictEqual(body.user, "root");
      assert.ok(!("password" in body));
    });

    it("PATCH applies enabled, authentication_types, user and a write-only password", async () => {
      const path = `${NDMP}/nodes/${nodeUuid(1)}`;
      const answer = await client().ok("PATCH", path, "ndmp_node", {
        body: { enabled: "false", authentication_types: ["challenge"], user: "ndmp_user", password: "N0de-Secret!" },
      });
      assert.deepStrictEqual(answer, {});
      const body = await client().get(path, "ndmp_node");
      assert.deepStrictEqual(
        { enabled: body.enabled, types: body.authentication_types, user: body.user },
        { enabled: false, types: ["challenge"], user: "ndmp_user" },
      );
      assert.ok(!JSON.stringify(body).includes("N0de-Secret!"));
      assert.strictEqual(sim().control.state().nodes[1].password_set, true);
    });

    it("PATCH with return_records=true returns the node without its password", async () => {
      const body = await client().ok("PATCH", `${NDMP}/nodes/${nodeUuid()}?return_records=true`, "ndmp_node", {
        body: { password: "N0de-Secret!" },
      });
      assert.strictEqual(body.user, "root");
      assert.ok(!JSON.stringify(body).includes("N0de-Secret!"));
    });
  });

  describe("/api/protocols/ndmp/svms", () => {
    it("lists SVMs named svm1.. with the SVM defaults", async () => {
      const body = await client().get(`${NDMP}/svms?fields=*`, "ndmp_svm_response");
      assert.deepStrictEqual(
        body.records.map((r: { svm: { name: string }; enabled: boolean; authentication_types: string[] }) => [
          r.svm.name,
          r.enabled,
          r.authentication_types,
        ]),
        [
          ["svm1", false, ["challenge"]],
          ["svm2", false, ["challenge"]],
          ["svm3", false, ["challenge"]],
        ],
      );
      assert.deepStrictEqual(body.records[0].svm._links, {
        self: { href: `/api/svm/svms/${body.records[0].svm.uuid}` },
      });
    });

    it("still lists and reads SVMs in node scope", async () => {
      await setMode(client(), "node");
      const body = await client().get(`${NDMP}/svms`, "ndmp_svm_response");
      assert.strictEqual(body.num_records, 3);
      await client().get(`${NDMP}/svms/${svmUuid()}`, "ndmp_svm");
    });

    it("GET one SVM and PATCH it (string booleans accepted, JSON booleans returned)", async () => {
      const path = `${NDMP}/svms/${svmUuid(2)}`;
      assert.deepStrictEqual(
        await client().ok("PATCH", path, "ndmp_svm", {
          body: { enabled: "true", authentication_types: ["plaintext", "challenge"] },
        }),
        {},
      );
      const body = await client().get(path, "ndmp_svm");
      assert.strictEqual(body.enabled, true);
      assert.deepStrictEqual(body.authentication_types, ["plaintext", "challenge"]);
      assert.strictEqual(body.svm.name, "svm3");
      assert.deepStrictEqual(body._links, { self: { href: path } });
    });

    it("accepts plaintext_sso alone", async () => {
      const path = `${NDMP}/svms/${svmUuid()}`;
      await client().ok("PATCH", path, "ndmp_svm", { body: { authentication_types: ["plaintext_sso"] } });
      assert.deepStrictEqual((await client().get(path, "ndmp_svm")).authentication_types, ["plaintext_sso"]);
    });
  });

  describe("/api/protocols/ndmp/svms/{uuid}/passwords/{user}", () => {
    const passwordPath = (user: string, i = 0) => `${NDMP}/svms/${svmUuid(i)}/passwords/${user}`;

    it("generates a 16-character alphanumeric password, stable for the same login password", async () => {
      const first = await client().get(passwordPath("backup_user"), "ndmp_password");
      assert.match(first.password, /^[A-Za-z0-9]{16}$/);
      assert.strictEqual(first.user, "backup_user");
      assert.strictEqual(first.svm.uuid, svmUuid());
      const again = await client().get(passwordPath("backup_user"), "ndmp_password");
      assert.strictEqual(again.password, first.password);
      const other = await client().get(passwordPath("vsadmin"), "ndmp_password");
      assert.notStrictEqual(other.password, first.password);
      const otherSvm = await client().get(passwordPath("backup_user", 1), "ndmp_password");
      assert.notStrictEqual(otherSvm.password, first.password);
    });

    it("changes when the user's login password changes, and knows users added through the control API", async () => {
      sim().control.addSvmUser(svmUuid(), { name: "ndmpuser", password: "login-1" });
      const one = (await client().get(passwordPath("ndmpuser"), "ndmp_password")).password;
      sim().control.addSvmUser(svmUuid(), { name: "ndmpuser", password: "login-2" });
      const two = (await client().get(passwordPath("ndmpuser"), "ndmp_password")).password;
      assert.notStrictEqual(one, two);
      sim().control.addSvmUser(svmUuid(), { name: "ndmpuser", password: "login-1" });
      assert.strictEqual((await client().get(passwordPath("ndmpuser"), "ndmp_password")).password, one);
    });

    it("honours fields=password", async () => {
      const body = await client().get(`${passwordPath("vsadmin")}?fields=password`, "ndmp_password");
      assert.deepStrictEqual(Object.keys(body).sort(), ["_links", "password", "svm", "user"]);
    });
  });

  describe("/api/protocols/ndmp/sessions", () => {
    it("lists SVM-scope sessions (id a:b, uuid = owning SVM) in SVM scope", async () => {
      const body = await client().get(`${NDMP}/sessions?fields=*`, "ndmp_session_response");
      assert.strictEqual(body.num_records, 3);
      for (const record of body.records) {
        assert.match(record.id, /^\d+:\d+$/);
        assert.strictEqual(record.uuid, record.svm.uuid);
        assert.strictEqual(record._links.self.href, `${NDMP}/sessions/${record.uuid}/${record.id}`);
      }
    });

    it("lists node-scope sessions (id n, uuid = node) in node scope", async () => {
      await setMode(client(), "node");
      const body = await client().get(`${NDMP}/sessions`, "ndmp_session_response");
      assert.strictEqual(body.num_records, 2);
      for (const record of body.records) {
        assert.match(record.id, /^\d+$/);
        assert.strictEqual(record.uuid, record.node.uuid);
        assert.ok(!("svm" in record));
      }
    });

    it("GET one session, DELETE it, and it is gone", async () => {
      const [first] = (await client().get(`${NDMP}/sessions`, "ndmp_session_response")).records;
      const path = `${NDMP}/sessions/${first.uuid}/${first.id}`;
      const detail = await client().get(path, "ndmp_session");
      assert.strictEqual(detail.id, first.id);
      assert.ok(detail.data && detail.mover && detail.scsi, "detail has data, mover and scsi");
      assert.deepStrictEqual(await client().ok("DELETE", path, "ndmp_session"), {});
      await client().fails("GET", path, { status: 404, code: "4" });
      assert.strictEqual((await client().get(`${NDMP}/sessions`, "ndmp_session_response")).num_records, 2);
    });

    it("shows sessions added through the control API", async () => {
      const added = sim().control.addSession({ svm: "svm2", details: { backup_engine: "smtape", client_port: 1 } });
      assert.strictEqual(added.scope, "svm");
      const body = await client().get(`${NDMP}/sessions/${added.record.uuid}/${added.record.id}`, "ndmp_session");
      assert.strictEqual(body.backup_engine, "smtape");
      assert.strictEqual(body.svm.name, "svm2");
    });
  });

  describe("/api/cluster/jobs/{uuid}", () => {
    it("unknown job: 404 code 4", async () => {
      await client().fails("GET", "/api/cluster/jobs/00000000-0000-0000-0000-000000000000", {
        status: 404,
        code: "4",
        target: "uuid",
      });
    });
  });

  describe("paths and methods", () => {
    it("unknown path: 404 with an ONTAP error body", async () => {
      await client().fails("GET", "/api/storage/volumes", { status: 404, code: "4" });
      await client().fails("GET", `${NDMP}/unknown`, { status: 404, code: "4" });
    });

    it("unsupported method on a known path: 405 code 3 with Allow", async () => {
      const res = await client().send("POST", `${NDMP}/svms`, { body: {} });
      assert.strictEqual(res.status, 405);
      assert.strictEqual(res.body.error.code, "3");
      assert.strictEqual(res.headers.allow, "GET");
      await client().fails("DELETE", NDMP, { status: 405, code: "3" });
      await client().fails("PATCH", `${NDMP}/sessions`, { status: 405, code: "3" }, { body: {} });
    });

    it("answers application/hal+json by default and application/json on request, without HAL links", async () => {
      const hal = await client().send("GET", `${NDMP}/svms`, { model: "ndmp_svm_response" });
      assert.strictEqual(hal.headers["content-type"], "application/hal+json");
      assert.ok(hal.text.startsWith('{\n  "records"'), "pretty-printed with 2 spaces");
      const plain = await client().send("GET", `${NDMP}/svms?max_records=1`, {
        accept: "application/json",
        model: "ndmp_svm_response",
      });
      assert.strictEqual(plain.headers["content-type"], "application/json");
      const text = JSON.stringify(plain.body);
      assert.ok(!text.includes('"self"'), text);
      assert.ok(plain.body._links.next.href.includes("start="), "keeps the next link");
      const compact = await client().send("GET", `${NDMP}/svms?pretty=false`, { model: "ndmp_svm_response" });
      assert.ok(!compact.text.includes("\n"));
    });
  });

  describe("determinism", () => {
    it("derives identities from the seed and cluster name", async () => {
      const state = sim().control.state();
      sim().control.reset();
      assert.deepStrictEqual(
        sim()
          .control.state()
          .svms.map((s) => s.uuid),
        state.svms.map((s) => s.uuid),
      );
      assert.deepStrictEqual(
        state.nodes.map((n) => n.name),
        ["lab-01", "lab-02"],
      );
    });
  });
});
