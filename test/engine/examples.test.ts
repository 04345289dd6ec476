// The other examples, run as stacks through the real Pulumi CLI against simulators: multi-cluster (all three resources, two
// clusters through explicit connections), generated-password and sessions-report.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { adminPatch } from "../resources/harness";
import {
  changed,
  drift,
  exampleStack,
  isSecret,
  ndmpResources,
  ontapConfig,
  ops,
  PulumiStack,
  StackConfig,
  succeeded,
} from "./stacks";

describe("engine (pulumi CLI): examples", function () {
  this.timeout(120_000);

  describe("multi-cluster (NdmpMode, NdmpNodeConfig and NdmpSvmConfig on two clusters)", () => {
    let primary: SimulatorHandle;
    let dr: SimulatorHandle;
    let stack: PulumiStack;

    before(async () => {
      primary = await startSimulator({ clusterName: "primary", seed: "primary", nodes: 2 });
      dr = await startSimulator({ clusterName: "dr", seed: "dr", svms: 2 });
      const site = (prefix: string, sim: SimulatorHandle): StackConfig => ({
        [`ndmp-multi-cluster:${prefix}Host`]: { value: sim.url },
        [`ndmp-multi-cluster:${prefix}Username`]: { value: sim.username },
        [`ndmp-multi-cluster:${prefix}Password`]: { value: sim.password, secret: true },
        [`ndmp-multi-cluster:${prefix}CaCert`]: { value: sim.caCert! },
      });
      stack = await exampleStack("multi-cluster", {
        ...site("primary", primary),
        ...site("dr", dr),
        "ndmp-multi-cluster:primaryNdmpPassword": { value: "Sentinel-primary-ndmp", secret: true },
      });
    });
    after(async () => {
      stack?.dispose();
      await Promise.all([primary?.stop(), dr?.stop()]);
    });

    it("applies node scope on one cluster and SVM scope on the other", async () => {
      const up = succeeded(await stack.up());
      assert.strictEqual(Object.values(ops(up)).filter((op) => op === "create").length, 6);
      assert.strictEqual(primary.control.state().mode, "node");
      assert.ok(primary.control.state().nodes.every((n) => n.enabled && n.user === "ndmpadmin" && n.password_set));
      assert.ok(dr.control.state().svms.every((s) => s.enabled));
      assert.deepStrictEqual((await stack.outputs()).clusters, { primary: "primary", dr: "dr" });
    });

    it("re-applies with no change", async () => {
      const up = succeeded(await stack.up("--expect-no-changes"));
      assert.strictEqual(changed(up), false);
    });

    it("keeps each explicit connection as a secret output, so refresh reaches each cluster", async () => {
      for (const resource of await ndmpResources(stack)) {
        assert.ok(isSecret(resource.outputs!.connection), `${resource.urn}: connection output is not secret`);
      }
      const drSvm = dr.control.state().svms[1];
      await adminPatch(dr, `/api/protocols/ndmp/svms/${drSvm.uuid}`, {
        authentication_types: ["plaintext"],
      });
      const refresh = succeeded(await stack.refresh());
      assert.deepStrictEqual(drift(refresh, "dr-svm2"), [["authenticationTypes[0]", "challenge", "plaintext"]]);
      assert.strictEqual(ops(refresh)["primary-primary-01"], "same");
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
        const stack = await exampleStack("generated-password", ontapConfig(sim));
        try {
          const up = succeeded(await stack.up());
          assert.strictEqual((await stack.outputs()).backupApplicationConfig, "[secret]");
          const config = JSON.parse(String((await stack.outputs(true)).backupApplicationConfig));
          assert.match(config.password, /^[A-Za-z0-9]{16}$/);
          assert.deepStrictEqual([config.vserver, config.user], ["svm1", "backup_user"]);
          for (const text of [up.stdout, up.stderr, up.programOutput, await stack.exportState()]) {
            assert.ok(!text.includes(config.password));
          }
          succeeded(await stack.destroy());
        } finally {
          stack.dispose();
        }
      } finally {
        await sim.stop();
      }
    });
  });

  describe("sessions-report", () => {
    it("exports the sessions of the active scope", async () => {
      const sim = await startSimulator();
      try {
        const stack = await exampleStack("sessions-report", ontapConfig(sim));
        try {
          succeeded(await stack.up());
          const outputs = await stack.outputs();
          const expected = sim.control.sessions().filter((s) => s.scope === "svm");
          assert.strictEqual(outputs.sessionCount, expected.length);
          const ids = (outputs.sessions as Array<{ owner: string; id: string }>).map((s) => `${s.owner}/${s.id}`);
          assert.deepStrictEqual(ids.sort(), expected.map((s) => `${s.record.uuid}/${s.record.id}`).sort());
          const active = expected
            .filter((s) => s.record.data?.state === "active")
            .map((s) => `${s.record.uuid}/${s.record.id}`);
          assert.deepStrictEqual((outputs.activeSessions as string[]).sort(), active.sort());
        } finally {
          stack.dispose();
        }
      } finally {
        await sim.stop();
      }
    });
  });
});
