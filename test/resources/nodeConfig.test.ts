import * as assert from "assert";
import { UNKNOWN } from "../../provider/runtime/values";
import { adminPatch, methods, Props, providerOf, stackConfigOf, useSimulator } from "./harness";

const SENTINEL = "Sentinel-NDMP-pw-4711";

describe("NdmpNodeConfig provider", () => {
  const env = useSimulator({ nodes: 2, mode: "node" });
  const node = () => methods(providerOf("node", stackConfigOf(env.sim)));
  const nodeState = (name: string) => env.sim.control.state().nodes.find((n) => n.name === name)!;

  async function created(news: Props) {
    const p = node();
    const { inputs, failures } = await p.check({}, news);
    assert.deepStrictEqual(failures, []);
    const result = await p.create(inputs!);
    return { p, inputs: inputs!, id: result.id, outs: result.outs as Props };
  }

  const patchBodies = () =>
    env.sim.control
      .requestLog()
      .filter((e) => e.method === "PATCH")
      .map((e) => e.requestBody);

  describe("check", () => {
    it("requires challenge, which cannot be disabled in node scope", async () => {
      const { failures } = await node().check({}, { node: "cluster1-01", authenticationTypes: ["plaintext"] });
      assert.strictEqual(failures![0].property, "authenticationTypes");
      assert.match(failures![0].reason, /must include "challenge"/);
    });

    it("never shows a password value in a failure", async () => {
      const { failures } = await node().check(
        {},
        { node: "cluster1-01", password: 42, connection: { host: "x", password: 7 } },
      );
      const text = JSON.stringify(failures);
      assert.match(text, /password \(a number, not shown\) must be of type string/);
      assert.doesNotMatch(text, /42|: 7/);
    });

    it("refuses a malformed uuid and passwordVersion without password", async () => {
      const { failures } = await node().check({}, { node: "1cd8a442-86d1-11e0-ae1c", passwordVersion: 2 });
      assert.deepStrictEqual(failures!.map((f) => f.property).sort(), ["node", "passwordVersion"]);
      assert.match(failures!.find((f) => f.property === "node")!.reason, /looks like a UUID but is malformed/);
    });
  });

  describe("create", () => {
    it("sends the password once, keeps it only as an output to diff against, and reports every field", async () => {
      const { id, outs } = await created({ node: "cluster1-01", user: "ndmpadmin", password: SENTINEL });
      assert.deepStrictEqual(patchBodies(), [{ user: "ndmpadmin", password: "<redacted>" }]);
      assert.strictEqual(nodeState("cluster1-01").user, "ndmpadmin");
      assert.strictEqual(nodeState("cluster1-01").password_set, true);
      assert.strictEqual(id, nodeState("cluster1-01").uuid);
      assert.deepStrictEqual(outs, {
        node: "cluster1-01",
        nodeName: "cluster1-01",
        enabled: true,
        authenticationTypes: ["plaintext", "challenge"],
        user: "ndmpadmin",
        password: SENTINEL,
        host: env.sim.url,
        onDelete: "retain",
        originalValues: { user: "root" },
      });
      assert.doesNotMatch(JSON.stringify(env.sim.control.requestLog()), new RegExp(SENTINEL));
    });

    it("explains ONTAP's 68812800 when NDMP is enabled on a node without a user", async () => {
      const uuid = nodeState("cluster1-02").uuid;
      await adminPatch(env.sim, `/api/protocols/ndmp/nodes/${uuid}`, { enabled: false, user: "" });
      const p = node();
      const { inputs } = await p.check({}, { node: "cluster1-02", enabled: true });
      await assert.rejects(
        p.create(inputs!),
        /68812800 The user is required to enable NDMP on a node.*Hint: Set a user/,
      );
      assert.strictEqual(nodeState("cluster1-02").enabled, false);
    });
  });

  describe("the write-only password", () => {
    it("is carried over by read, so refresh never reports a password change", async () => {
      const { p, id, outs } = await created({ node: "cluster1-01", password: SENTINEL });
      const read = await p.read(id, outs);
      assert.strictEqual((read.props as Props).password, SENTINEL);
      const diff = await p.diff(id, read.props as Props, {
        node: "cluster1-01",
        host: env.sim.url,
        password: SENTINEL,
      });
      assert.strictEqual(diff.changes, false);
    });

    it("is re-sent when it changes, when passwordVersion changes, and when unknown in preview", async () => {
      const { p, id, outs } = await created({ node: "cluster1-01", password: SENTINEL, passwordVersion: 1 });
      const base = { node: "cluster1-01", host: env.sim.url };
      assert.strictEqual(
        (await p.diff(id, outs, { ...base, password: SENTINEL, passwordVersion: "1" })).changes,
        false,
      );
      assert.strictEqual((await p.diff(id, outs, { ...base, password: "other", passwordVersion: 1 })).changes, true);
      assert.strictEqual((await p.diff(id, outs, { ...base, password: SENTINEL, passwordVersion: 2 })).changes, true);
      assert.strictEqual((await p.diff(id, outs, { ...base, password: UNKNOWN, passwordVersion: 1 })).changes, true);

      env.sim.control.clearRequestLog();
      const { outs: after } = await p.update(id, outs, { ...base, password: SENTINEL, passwordVersion: 2 });
      assert.strictEqual(patchBodies().length, 1, "a version bump re-sends the same password");
      assert.strictEqual((after as Props).passwordVersion, 2);
    });

    it("is not sent by an update that does not change it", async () => {
      const { p, id, outs } = await created({ node: "cluster1-01", password: SENTINEL, enabled: true });
      env.sim.control.clearRequestLog();
      await p.update(id, outs, { node: "cluster1-01", host: env.sim.url, password: SENTINEL, enabled: false });
      assert.deepStrictEqual(patchBodies(), [{ enabled: false }]);
    });
  });

  describe("mode dependency", () => {
    it("tells the user to set NdmpMode to node and add dependsOn when NDMP is in SVM scope", async () => {
      await adminPatch(env.sim, "/api/protocols/ndmp", { mode: "svm" });
      const p = node();
      const { inputs } = await p.check({}, { node: "cluster1-01", password: SENTINEL });
      await assert.rejects(p.create(inputs!), (err: Error) => {
        assert.match(err.message, /NDMP is in SVM scope/);
        assert.match(err.message, /NdmpMode\("…", \{ mode: "node" \}\)/);
        assert.match(err.message, /dependsOn/);
        assert.match(err.message, /68812801/);
        assert.doesNotMatch(err.message + err.stack, new RegExp(SENTINEL));
        return true;
      });
    });

    it("read fails (rather than reporting the node gone) in SVM scope", async () => {
      const { p, id, outs } = await created({ node: "cluster1-01" });
      await adminPatch(env.sim, "/api/protocols/ndmp", { mode: "svm" });
      await assert.rejects(p.read(id, outs), /68812801/);
    });
  });

  it("reports a deleted node as gone", async () => {
    const { p, id, outs } = await created({ node: "cluster1-02" });
    env.sim.control.deleteNode(id);
    assert.strictEqual((await p.read(id, outs)).id, "");
  });
});
