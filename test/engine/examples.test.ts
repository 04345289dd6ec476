// The other examples, run as stacks through the engine against simulators: multi-cluster (all three resources, two
// clusters through explicit connections), generated-password and sessions-report.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { EngineDriver, isSecret, StackConfig } from "../../tools/engine";
import { adminPatch } from "../resources/harness";
import { exampleStack, ontapConfig, ops, stepOf, succeeded } from "./stacks";

describe("engine: examples", function () {
  this.timeout(60_000);

  describe("multi-cluster (NdmpMode, NdmpNodeConfig and NdmpSvmConfig on two clusters)", () => {
    let primary: SimulatorHandle;
    let dr: SimulatorHandle;
    let stack: EngineDriver;

    before(async () => {
      primary = await startSimulator({ clusterName: "primary", seed: "primary", nodes: 2 });
      dr = await startSimulator({ clusterName: "dr", seed: "dr", svms: 2 });
      const site = (prefix: string, sim: SimulatorHandle): StackConfig => ({
        [`ndmp-multi-cluster:${prefix}Host`]: { value: sim.url },
        [`ndmp-multi-cluster:${prefix}Username`]: { value: sim.username },
        [`ndmp-multi-cluster:${prefix}Password`]: { value: sim.password, secret: true },
        [`ndmp-multi-cluster:${prefix}CaCert`]: { value: sim.caCert! },
      });
      stack = exampleStack("multi-cluster", {
        ...site("primary", primary),
        ...site("dr", dr),
        "ndmp-multi-cluster:primaryNdmpPassword": { value: "Sentinel-primary-ndmp", secret: true },
      });
    });
    after(async () => {
      await Promise.all([primary?.stop(), dr?.stop()]);
    });

    it("applies node scope on one cluster and SVM scope on the other", async () => {
      const up = succeeded(await stack.up());
      assert.strictEqual(Object.values(ops(up)).filter((op) => op === "create").length, 6);
      assert.strictEqual(primary.control.state().mode, "node");
      assert.ok(primary.control.state().nodes.every((n) => n.enabled && n.user === "ndmpadmin" && n.password_set));
      assert.ok(dr.control.state().svms.every((s) => s.enabled));
      assert.deepStrictEqual(up.outputs.clusters.value, { primary: "primary", dr: "dr" });
    });

    it("re-applies with no change", async () => {
      const up = succeeded(await stack.up({ expectNoChanges: true }));
      assert.strictEqual(up.changes, false);
    });

    it("keeps each explicit connection as a secret output, so refresh reaches each cluster", async () => {
      for (const resource of stack.state.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))) {
        assert.ok(isSecret(resource.outputs.connection), `${resource.urn}: connection output is not secret`);
      }
      const drSvm = dr.control.state().svms[1];
      await adminPatch(dr, `/api/protocols/ndmp/svms/${drSvm.uuid}`, {
        authentication_types: ["plaintext"],
      });
      const refresh = succeeded(await stack.refresh());
      assert.deepStrictEqual(
        stepOf(refresh, "dr-svm2").diffs.map((d) => [d.path, d.old, d.new]),
        [["authenticationTypes[0]", "challenge", "plaintext"]],
      );
      assert.strictEqual(stepOf(refresh, "primary-primary-01").op, "same");
    });

    it("repairs the drift on the right cluster, then destroys", async () => {
      succeeded(await stack.up());
      assert.deepStrictEqual(dr.control.state().svms[1].authentication_types, ["challenge"]);
      succeeded(await stack.destroy());
    });
  });

  describe("generated-password", () => {
    it("feeds the SVM's generated NDMP password into the backup application's config as a secret", async () => {
      const sim = await startSimulator();
      try {
        const stack = exampleStack("generated-password", ontapConfig(sim));
        const up = succeeded(await stack.up());
        assert.strictEqual(up.outputs.backupApplicationConfig.secret, true);
        const stackState = stack.state.outputs.backupApplicationConfig;
        assert.ok(isSecret(stackState));
        const config = JSON.parse((stackState as { value: string }).value);
        assert.match(config.password, /^[A-Za-z0-9]{16}$/);
        assert.deepStrictEqual([config.vserver, config.user], ["svm1", "backup_user"]);
        assert.ok(!stack.output.some((line) => line.includes(config.password)));
        succeeded(await stack.destroy());
      } finally {
        await sim.stop();
      }
    });
  });

  describe("sessions-report", () => {
    it("exports the sessions of the active scope", async () => {
      const sim = await startSimulator();
      try {
        const stack = exampleStack("sessions-report", ontapConfig(sim));
        const up = succeeded(await stack.up());
        const expected = sim.control.sessions().filter((s) => s.scope === "svm");
        assert.strictEqual(up.outputs.sessionCount.value, expected.length);
        const ids = (up.outputs.sessions.value as Array<{ owner: string; id: string }>).map(
          (s) => `${s.owner}/${s.id}`,
        );
        assert.deepStrictEqual(ids.sort(), expected.map((s) => `${s.record.uuid}/${s.record.id}`).sort());
        const active = expected
          .filter((s) => s.record.data?.state === "active")
          .map((s) => `${s.record.uuid}/${s.record.id}`);
        assert.deepStrictEqual((up.outputs.activeSessions.value as string[]).sort(), active.sort());
      } finally {
        await sim.stop();
      }
    });
  });
});
