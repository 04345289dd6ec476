// Fault matrix at the runtime level: each fault the simulator can inject, against the provider's create/update/read
// as the plugin calls them. Every case either completes after bounded retries or fails with a clear error, ONTAP
// holds exactly what the call reported, and the elapsed time stays under the bound the retry policy allows
// (measured). The same faults through the engine, with Pulumi state, are in faults.engine.test.ts.
import * as assert from "assert";
import { adminPatch, methods, Props, providerOf, requests, stackConfigOf, useSimulator } from "../resources/harness";
import { backoffBound, timed, withKnobs } from "./helpers";

const PATCH_SVM = "PATCH /api/protocols/ndmp/svms/{svm.uuid}";
/** Slack for request handling and scheduling on a loaded CI machine, on top of injected delays and backoff. */
const SLACK_MS = 1500;

describe("reliability: fault matrix (runtime calls)", function () {
  this.timeout(30_000);
  const env = useSimulator({ svms: 3, nodes: 2, readOnlyUser: { username: "monitor", password: "monitor-pw" } });
  const svmOnOntap = (name: string) => env.sim.control.state().svms.find((s) => s.name === name)!;

  /** An NdmpSvmConfig of svm1 created with enabled=false (ONTAP's seed: no PATCH), as the engine would hold it. */
  async function managedSvm(config = stackConfigOf(env.sim)) {
    const p = methods(providerOf("svm", config));
    const { inputs, failures } = await p.check({}, { svm: "svm1", enabled: false });
    assert.deepStrictEqual(failures, []);
    const created = await p.create(inputs!);
    env.sim.control.resetCounters();
    return { p, inputs: inputs!, id: created.id, outs: created.outs as Props };
  }

  /** The update to enabled=true, through a provider with `config`, timed. */
  async function enable(m: Awaited<ReturnType<typeof managedSvm>>, config = stackConfigOf(env.sim)) {
    const p = methods(providerOf("svm", config));
    const { inputs, failures } = await p.check(m.inputs, { svm: "svm1", enabled: true });
    assert.deepStrictEqual(failures, []);
    return timed(() => p.update(m.id, m.outs, inputs!));
  }

  function assertEnabled(result: { value?: { outs?: Props }; error?: Error }, expected: boolean) {
    assert.ifError(result.error);
    assert.strictEqual(result.value!.outs!.enabled, true);
    assert.strictEqual(svmOnOntap("svm1").enabled, expected);
  }

  describe("transient faults complete after bounded retries", () => {
    it("latency spike: every request 400 ms slower", async () => {
      const m = await managedSvm();
      env.sim.control.setLatency(400);
      const result = await enable(m);
      assertEnabled(result, true);
      assert.ok(result.ms >= 400 && result.ms < 400 + SLACK_MS, `took ${result.ms} ms`);
    });

    it("a response slower than the request timeout: the PATCH times out, is retried, and ONTAP converges", async () => {
      await withKnobs({ ONTAP_TIMEOUT_MS: "800", ONTAP_RETRY_BASE_DELAY_MS: "50" }, async () => {
        const m = await managedSvm();
        env.sim.control.addFault({ kind: "slow", delayMs: 2000, count: 1, method: "PATCH" });
        const result = await enable(m);
        assertEnabled(result, true);
        assert.strictEqual(requests(env.sim)[PATCH_SVM], 2, "one timed-out attempt, one retry");
        assert.ok(result.ms >= 800 && result.ms < 800 + backoffBound(1, 50) + SLACK_MS, `took ${result.ms} ms`);
      });
    });

    it("a burst of 503", async () => {
      const m = await managedSvm();
      env.sim.control.addFault({ kind: "503", count: 2, method: "PATCH" });
      const result = await enable(m);
      assertEnabled(result, true);
      assert.strictEqual(env.sim.control.counters().byStatus["503"], 2);
      assert.ok(result.ms < backoffBound(2) + SLACK_MS, `took ${result.ms} ms`);
    });

    it("connection resets", async () => {
      const m = await managedSvm();
      env.sim.control.addFault({ kind: "reset", count: 2, method: "PATCH" });
      const result = await enable(m);
      assertEnabled(result, true);
      assert.strictEqual(requests(env.sim)[PATCH_SVM], 3);
      assert.ok(result.ms < backoffBound(2) + SLACK_MS, `took ${result.ms} ms`);
    });

    it('"temporarily locked"', async () => {
      const m = await managedSvm();
      env.sim.control.addFault({ kind: "locked", count: 2, method: "PATCH" });
      const result = await enable(m);
      assertEnabled(result, true);
      assert.strictEqual(env.sim.control.counters().byStatus["409"], 2);
      assert.ok(result.ms < backoffBound(2) + SLACK_MS, `took ${result.ms} ms`);
    });

    it("429 / 262160 with Retry-After: the wait is honoured", async () => {
      const m = await managedSvm();
      env.sim.control.addFault({ kind: "429", count: 1, method: "PATCH", retryAfterSeconds: 1 });
      const result = await enable(m);
      assertEnabled(result, true);
      assert.strictEqual(env.sim.control.counters().byStatus["429"], 1);
      assert.ok(result.ms >= 1000 && result.ms < 1000 + SLACK_MS, `took ${result.ms} ms`);
    });

    it("68812805 (NDMP mode unavailable, 500) during create", async () => {
      env.sim.control.addFault({ kind: "mode-unavailable", count: 2, method: "GET" });
      const p = methods(providerOf("svm", stackConfigOf(env.sim)));
      const { inputs } = await p.check({}, { svm: "svm2", enabled: true });
      const result = await timed(() => p.create(inputs!));
      assert.ifError(result.error);
      assert.strictEqual(svmOnOntap("svm2").enabled, true);
      assert.ok(result.ms < backoffBound(2) + SLACK_MS, `took ${result.ms} ms`);
    });

    it("a PATCH answered 202 whose job succeeds", async () => {
      const m = await managedSvm();
      env.sim.control.setAsyncMode({ enabled: true, durationMs: 300 });
      const result = await enable(m);
      assertEnabled(result, true);
      const jobs = env.sim.control.jobs();
      assert.deepStrictEqual(
        jobs.map((j) => j.state),
        ["success"],
      );
      assert.ok(result.ms >= 300 && result.ms < 300 + SLACK_MS, `took ${result.ms} ms`);
    });
  });

  describe("permanent faults fail with a clear error", () => {
    it("a PATCH answered 202 whose job fails", async () => {
      const m = await managedSvm();
      env.sim.control.setAsyncMode({
        enabled: true,
        durationMs: 100,
        failure: { message: "NDMP is busy", code: 65536 },
      });
      const result = await enable(m);
      assert.match(
        String(result.error),
        /NDMP configuration of SVM "svm1": ONTAP PATCH .* failed: job .* 65536 NDMP is busy/,
      );
      assert.strictEqual(svmOnOntap("svm1").enabled, false, "a failed job applies nothing");
      assert.ok(result.ms < 100 + SLACK_MS, `took ${result.ms} ms`);
    });

    it("503 that does not stop: gives up after the attempt bound", async () => {
      await withKnobs({ ONTAP_RETRY_BASE_DELAY_MS: "50" }, async () => {
        const m = await managedSvm();
        env.sim.control.addFault({ kind: "503", method: "PATCH" });
        const result = await enable(m);
        assert.match(
          String(result.error),
          /failed after 5 attempts: 503 65552 .*Hint: ONTAP reported an internal error/,
        );
        assert.strictEqual(requests(env.sim)[PATCH_SVM], 5);
        assert.strictEqual(svmOnOntap("svm1").enabled, false);
        assert.ok(result.ms < backoffBound(4, 50) + SLACK_MS, `took ${result.ms} ms`);
      });
    });

    it("every attempt slower than the timeout: fails after the attempt bound, no hang; the late change is read back", async () => {
      await withKnobs({ ONTAP_TIMEOUT_MS: "250", ONTAP_RETRY_BASE_DELAY_MS: "20" }, async () => {
        const m = await managedSvm();
        env.sim.control.addFault({ kind: "slow", delayMs: 2000, method: "PATCH" });
        const result = await enable(m);
        assert.match(String(result.error), /failed after 5 attempts: ETIMEDOUT no complete answer within 250 ms/);
        // ONTAP did apply it (only the answers were late): the engine keeps the old state, so state claims less than
        // ONTAP has, never more, and the next refresh records it.
        assert.strictEqual(svmOnOntap("svm1").enabled, true);
        assert.strictEqual(((await m.p.read(m.id, m.outs)).props as Props).enabled, true);
        // 5 attempts of at most 250 ms each, plus backoff.
        assert.ok(result.ms >= 5 * 250 && result.ms < 5 * 250 + backoffBound(4, 20) + SLACK_MS, `took ${result.ms}`);
      });
    });

    it("wrong credentials (401): no retry, a hint about credentials", async () => {
      const m = await managedSvm();
      const result = await enable(m, { ...stackConfigOf(env.sim), "ontap:password": "wrong-password" });
      assert.match(String(result.error), /failed: 401 .*Hint: Wrong credentials: check the username and password/);
      assert.strictEqual(env.sim.control.counters().byStatus["401"], 1, "a 401 is not retried");
      assert.strictEqual(svmOnOntap("svm1").enabled, false);
      assert.ok(result.ms < SLACK_MS, `took ${result.ms} ms`);
    });

    it("insufficient role (403, read-only user): the create reads, the PATCH is refused, nothing changes", async () => {
      const readOnly = { ...stackConfigOf(env.sim), "ontap:username": "monitor", "ontap:password": "monitor-pw" };
      const p = methods(providerOf("svm", readOnly));
      const { inputs } = await p.check({}, { svm: "svm2", enabled: true });
      const result = await timed(() => p.create(inputs!));
      assert.match(String(result.error), /failed: 403 6 not authorized for that command\. Hint: The account's role/);
      assert.strictEqual(env.sim.control.counters().byStatus["403"], 1, "a 403 is not retried");
      assert.strictEqual(svmOnOntap("svm2").enabled, false);
      assert.ok(result.ms < SLACK_MS, `took ${result.ms} ms`);
    });

    it("the SVM deleted between check and create, and between create and update", async () => {
      const p = methods(providerOf("svm", stackConfigOf(env.sim)));
      const { inputs } = await p.check({}, { svm: "svm3", enabled: true });
      env.sim.control.deleteSvm(svmOnOntap("svm3").uuid);
      await assert.rejects(p.create(inputs!), /ONTAP at .* has no SVM "svm3"; it has: svm1, svm2\./);

      const m = await managedSvm();
      env.sim.control.deleteSvm(m.id);
      const result = await enable(m);
      assert.match(String(result.error), /svm1.*failed: 404 4 .*Hint: The object does not exist/);
      assert.deepStrictEqual(await m.p.read(m.id, m.outs), { id: "" }, "refresh then drops it");
    });

    it("the node deleted between check and create", async () => {
      await adminPatch(env.sim, "/api/protocols/ndmp", { mode: "node" });
      const p = methods(providerOf("node", stackConfigOf(env.sim)));
      const { inputs, failures } = await p.check({}, { node: "cluster1-02", enabled: true, user: "ndmp" });
      assert.deepStrictEqual(failures, []);
      const node = env.sim.control.state().nodes.find((n) => n.name === "cluster1-02")!;
      env.sim.control.deleteNode(node.uuid);
      await assert.rejects(p.create(inputs!), /ONTAP at .* has no node "cluster1-02"; it has: cluster1-01\./);
    });
  });
});
