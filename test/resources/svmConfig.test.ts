import * as assert from "assert";
import { UNKNOWN } from "../../provider/runtime/values";
import { adminPatch, methods, Props, providerOf, requests, stackConfigOf, useSimulator } from "./harness";

describe("NdmpSvmConfig provider", () => {
  const env = useSimulator({ svms: 3 });
  const svm = () => methods(providerOf("svm", stackConfigOf(env.sim)));
  const svmUuid = (name: string) => env.sim.control.state().svms.find((s) => s.name === name)!.uuid;

  async function created(news: Props) {
    const p = svm();
    const { inputs, failures } = await p.check({}, news);
    assert.deepStrictEqual(failures, []);
    const result = await p.create(inputs!);
    return { p, inputs: inputs!, id: result.id, outs: result.outs as Props };
  }

  describe("check", () => {
    it("adds the resolved host and keeps the arguments", async () => {
      const { inputs, failures } = await svm().check({}, { svm: "svm1", enabled: "true" });
      assert.deepStrictEqual(failures, []);
      assert.deepStrictEqual(inputs, { svm: "svm1", enabled: true, host: env.sim.url });
      assert.strictEqual(env.sim.control.counters().total, 0, "check must not call ONTAP");
    });

    it("names the field, the value and what is allowed", async () => {
      const { failures } = await svm().check({}, { svm: "svm1", authenticationTypes: ["kerberos"], enabled: "yes" });
      const reasons = failures!.map((f) => f.reason).join("\n");
      assert.match(
        reasons,
        /authenticationTypes\[0\]: "kerberos" must be one of "plaintext", "challenge", "plaintext_sso"/,
      );
      assert.match(reasons, /enabled: "yes" must be of type boolean/);
    });

    it("refuses plaintext_sso combined with another type, and an empty list", async () => {
      const combined = await svm().check({}, { svm: "svm1", authenticationTypes: ["plaintext_sso", "challenge"] });
      assert.match(combined.failures![0].reason, /"plaintext_sso" cannot be combined/);
      const empty = await svm().check({}, { svm: "svm1", authenticationTypes: [] });
      assert.match(empty.failures![0].reason, /at least one/);
    });

    it("refuses unknown arguments and a missing svm", async () => {
      const { failures } = await svm().check({}, { enabeld: true });
      assert.deepStrictEqual(failures!.map((f) => f.property).sort(), ["enabeld", "svm"]);
    });

    it("fails when no connection is configured anywhere", async () => {
      const { failures } = await methods(providerOf("svm")).check({}, { svm: "svm1" });
      assert.strictEqual(failures![0].property, "connection.host");
      assert.match(failures![0].reason, /No ONTAP host: set connection\.host, environment variable ONTAP_HOST/);
    });

    it("lets unknown values through in preview", async () => {
      const { failures, inputs } = await svm().check({}, { svm: UNKNOWN, enabled: UNKNOWN });
      assert.deepStrictEqual(failures, []);
      assert.strictEqual(inputs!.svm, UNKNOWN);
    });
  });

  describe("create (adoption)", () => {
    it("makes no PATCH when ONTAP already matches and reports every field", async () => {
      const { id, outs } = await created({ svm: "svm1", authenticationTypes: ["challenge"] });
      assert.strictEqual(id, svmUuid("svm1"));
      assert.deepStrictEqual(outs, {
        svm: "svm1",
        svmName: "svm1",
        enabled: false,
        authenticationTypes: ["challenge"],
        host: env.sim.url,
        onDelete: "retain",
        originalValues: { authenticationTypes: ["challenge"] },
      });
      assert.strictEqual(requests(env.sim)["PATCH /api/protocols/ndmp/svms/{svm.uuid}"], undefined);
    });

    it("PATCHes only what differs, and records the values found", async () => {
      const { outs } = await created({ svm: "svm2", enabled: true, authenticationTypes: ["challenge"] });
      const patches = env.sim.control.requestLog().filter((e) => e.method === "PATCH");
      assert.deepStrictEqual(
        patches.map((e) => e.requestBody),
        [{ enabled: true }],
      );
      assert.strictEqual(outs.enabled, true);
      assert.deepStrictEqual(outs.originalValues, { enabled: false, authenticationTypes: ["challenge"] });
      assert.strictEqual(env.sim.control.state().svms.find((s) => s.name === "svm2")!.enabled, true);
    });

    it("finds the SVM by uuid as well as by name", async () => {
      const { outs } = await created({ svm: svmUuid("svm3") });
      assert.strictEqual(outs.svmName, "svm3");
    });

    it("says which SVMs exist when the name is wrong", async () => {
      const p = svm();
      const { inputs } = await p.check({}, { svm: "svm9" });
      await assert.rejects(p.create(inputs!), /has no SVM "svm9"; it has: svm1, svm2, svm3/);
    });
  });

  describe("read", () => {
    it("returns the values ONTAP reports, with one GET", async () => {
      const { p, id, outs } = await created({ svm: "svm1", enabled: true });
      await adminPatch(env.sim, `/api/protocols/ndmp/svms/${id}`, { enabled: false });
      env.sim.control.resetCounters();
      const read = await p.read(id, outs);
      assert.strictEqual(read.id, id);
      assert.strictEqual((read.props as Props).enabled, false);
      assert.deepStrictEqual((read.props as Props).originalValues, outs.originalValues);
      assert.strictEqual(env.sim.control.counters().total, 1);
    });

    it("returns an empty id only when the SVM is gone", async () => {
      const { p, id, outs } = await created({ svm: "svm1" });
      env.sim.control.deleteSvm(id);
      assert.strictEqual((await p.read(id, outs)).id, "");
    });

    it("throws on any other failure, so the resource is not dropped from state", async () => {
      const { id, outs } = await created({ svm: "svm1" });
      const wrong = methods(providerOf("svm", { ...stackConfigOf(env.sim), "ontap:password": "wrong" }));
      await assert.rejects(wrong.read(id, outs), /401/);
    });
  });

  describe("diff", () => {
    it("compares authentication types as a set and booleans in any form", async () => {
      const { p, id, outs } = await created({ svm: "svm1", authenticationTypes: ["challenge", "plaintext"] });
      const same = await p.diff(id, outs, {
        svm: "svm1",
        host: env.sim.url,
        authenticationTypes: ["plaintext", "challenge"],
        enabled: undefined,
      });
      assert.strictEqual(same.changes, false);
      const bool = await p.diff(id, { ...outs, enabled: true }, { svm: "svm1", host: env.sim.url, enabled: "true" });
      assert.strictEqual(bool.changes, false);
    });

    it("ignores unmanaged fields and never compares __provider", async () => {
      const { p, id, outs } = await created({ svm: "svm1" });
      const result = await p.diff(
        id,
        { ...outs, __provider: "old" },
        { svm: "svm1", host: env.sim.url, __provider: "new" },
      );
      assert.strictEqual(result.changes, false);
    });

    it("replaces on another SVM or host, updates in place otherwise", async () => {
      const { p, id, outs } = await created({ svm: "svm1" });
      assert.deepStrictEqual((await p.diff(id, outs, { svm: svmUuid("svm1"), host: env.sim.url })).replaces, []);
      assert.deepStrictEqual((await p.diff(id, outs, { svm: "svm2", host: env.sim.url })).replaces, ["svm"]);
      assert.deepStrictEqual((await p.diff(id, outs, { svm: "svm1", host: "https://other:443" })).replaces, ["host"]);
      const update = await p.diff(id, outs, { svm: "svm1", host: env.sim.url, enabled: true });
      assert.deepStrictEqual([update.changes, update.replaces], [true, []]);
      const onDelete = await p.diff(id, outs, { svm: "svm1", host: env.sim.url, onDelete: "restore" });
      assert.strictEqual(onDelete.changes, true);
    });

    it("reports a change for unknown values", async () => {
      const { p, id, outs } = await created({ svm: "svm1" });
      assert.strictEqual((await p.diff(id, outs, { svm: "svm1", host: env.sim.url, enabled: UNKNOWN })).changes, true);
    });
  });

  describe("update", () => {
    it("PATCHes only the changed fields and returns every output", async () => {
      const { p, id, outs } = await created({ svm: "svm1", enabled: false, authenticationTypes: ["challenge"] });
      env.sim.control.clearRequestLog();
      const news = {
        svm: "svm1",
        host: env.sim.url,
        enabled: true,
        authenticationTypes: ["challenge"],
        onDelete: "restore",
      };
      const { outs: after } = await p.update(id, outs, news);
      const patches = env.sim.control.requestLog().filter((e) => e.method === "PATCH");
      assert.deepStrictEqual(
        patches.map((e) => e.requestBody),
        [{ enabled: true }],
      );
      assert.deepStrictEqual(after, { ...outs, enabled: true, onDelete: "restore" });
    });

    it("records the original value of a field it starts to manage", async () => {
      const { p, id, outs } = await created({ svm: "svm1" });
      const { outs: after } = await p.update(id, outs, { svm: "svm1", host: env.sim.url, enabled: true });
      assert.deepStrictEqual((after as Props).originalValues, { enabled: false });
    });
  });

  describe("delete", () => {
    it("retains ONTAP's settings by default, without a request", async () => {
      const { p, id, outs } = await created({ svm: "svm1", enabled: true });
      env.sim.control.resetCounters();
      await p.delete(id, outs);
      assert.strictEqual(env.sim.control.counters().total, 0);
      assert.strictEqual(env.sim.control.state().svms[0].enabled, true);
    });

    it("restores the values found at adoption with onDelete: restore", async () => {
      const { p, id, outs } = await created({ svm: "svm1", enabled: true, onDelete: "restore" });
      await p.delete(id, outs);
      assert.strictEqual(env.sim.control.state().svms.find((s) => s.uuid === id)!.enabled, false);
    });

    it("succeeds when the SVM is already gone", async () => {
      const { p, id, outs } = await created({ svm: "svm1", enabled: true, onDelete: "restore" });
      env.sim.control.deleteSvm(id);
      await p.delete(id, outs);
    });
  });

  describe("mode dependency", () => {
    it("tells the user to set NdmpMode and dependsOn when ONTAP is in node scope", async () => {
      await adminPatch(env.sim, "/api/protocols/ndmp", { mode: "node" });
      const p = svm();
      const { inputs } = await p.check({}, { svm: "svm1", enabled: true });
      await assert.rejects(p.create(inputs!), (err: Error) => {
        assert.match(err.message, /NDMP is in node scope/);
        assert.match(err.message, /NdmpMode\("…", \{ mode: "svm" \}\)/);
        assert.match(err.message, /dependsOn/);
        assert.match(err.message, /65601536/);
        return true;
      });
    });
  });
});
