// The quickstart stack (NdmpMode + NdmpSvmConfig ×2 + getNdmpPassword) through its whole life cycle with the real
// Pulumi CLI: up, no-change up, drift made outside Pulumi, refresh, the three ways to check for drift
// (`preview --refresh`, `refresh --preview-only`, `refresh`, each with --expect-no-changes), repair, destroy.
import * as assert from "assert";
import { DESCRIPTORS } from "../../provider/model";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { adminPatch } from "../resources/harness";
import {
  changed,
  exampleStack,
  drift,
  isSecret,
  ontapConfig,
  ops,
  PulumiStack,
  resourceNamed,
  reveal,
  succeeded,
} from "./stacks";

describe("engine (pulumi CLI): quickstart stack (SVM scope)", function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  const svm1 = () => sim.control.state().svms.find((s) => s.name === "svm1")!;

  before(async () => {
    sim = await startSimulator({ svms: 2 });
    stack = await exampleStack("quickstart", ontapConfig(sim));
  });
  after(async () => {
    stack?.dispose();
    await sim?.stop();
  });

  it("up creates the mode and both SVM configurations; the password output is [secret]", async () => {
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(ops(up), { "ndmp-mode": "create", "ndmp-svm1": "create", "ndmp-svm2": "create" });
    assert.deepStrictEqual(
      sim.control.state().svms.map((s) => [s.name, s.enabled, s.authentication_types]),
      [
        ["svm1", true, ["challenge"]],
        ["svm2", true, ["challenge"]],
      ],
    );
    assert.match(up.stdout, /backupPassword\s*: \[secret\]/);
    assert.strictEqual((await stack.outputs()).backupPassword, "[secret]");
    assert.match(String((await stack.outputs(true)).backupPassword), /^[A-Za-z0-9]{16}$/);
  });

  it("up --expect-no-changes changes nothing and sends no PATCH", async () => {
    sim.control.resetCounters();
    const up = succeeded(await stack.up("--expect-no-changes"));
    assert.strictEqual(changed(up), false);
    assert.deepStrictEqual(ops(up), { "ndmp-mode": "same", "ndmp-svm1": "same", "ndmp-svm2": "same" });
    assert.strictEqual(sim.control.counters().byMethod.PATCH, undefined);
    // The only requests come from the program's getNdmpPassword, none from the resources.
    assert.deepStrictEqual(Object.keys(sim.control.counters().byRoute).sort(), [
      "GET /api/protocols/ndmp/svms",
      "GET /api/protocols/ndmp/svms/{svm.uuid}/passwords/{user}",
    ]);
  });

  // NDMP disabled on svm1 outside Pulumi: each way of looking for drift finds it.
  it("preview --refresh --expect-no-changes exits 7 and prints enabled: true => false", async () => {
    await adminPatch(sim, `/api/protocols/ndmp/svms/${svm1().uuid}`, { enabled: false });
    const preview = await stack.preview("--refresh", "--expect-no-changes", "--diff");
    assert.strictEqual(preview.exitCode, 7, preview.stdout + preview.stderr);
    assert.deepStrictEqual(drift(preview, "ndmp-svm1"), [["enabled", true, false]]);
    assert.strictEqual(ops(preview)["ndmp-svm1"], "update");
    assert.strictEqual(ops(preview)["ndmp-svm2"], "same");
    assert.match(preview.stdout, /~ enabled\s*: true => false/);
    assert.match(preview.stdout, /~ 1 to update/);
    assert.match(preview.stderr + preview.stdout, /no changes were expected for preview but changes were proposed/);
    assert.strictEqual(svm1().enabled, false, "a preview changes nothing");
  });

  it("refresh --preview-only --expect-no-changes exits 7 and leaves state as it was", async () => {
    const refresh = await stack.refresh("--preview-only", "--expect-no-changes", "--diff");
    assert.strictEqual(refresh.exitCode, 7, refresh.stdout + refresh.stderr);
    assert.match(refresh.stdout, /~ enabled\s*: true => false/);
    assert.strictEqual(reveal((await resourceNamed(stack, "ndmp-svm1"))!.outputs!.enabled), true);
  });

  it("refresh --expect-no-changes records the change in state and exits 7", async () => {
    const refresh = await stack.refresh("--expect-no-changes");
    assert.strictEqual(refresh.exitCode, 7, refresh.stdout + refresh.stderr);
    assert.deepStrictEqual(drift(refresh, "ndmp-svm1"), [["enabled", true, false]]);
    assert.deepStrictEqual(ops(refresh), { "ndmp-mode": "same", "ndmp-svm1": "update", "ndmp-svm2": "same" });
    assert.strictEqual(reveal((await resourceNamed(stack, "ndmp-svm1"))!.outputs!.enabled), false);
  });

  it("up repairs the drift with one PATCH, after which refresh finds nothing", async () => {
    sim.control.clearRequestLog();
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(ops(up), { "ndmp-mode": "same", "ndmp-svm1": "update", "ndmp-svm2": "same" });
    const patches = sim.control.requestLog().filter((e) => e.method === "PATCH");
    assert.deepStrictEqual(
      patches.map((e) => e.requestBody),
      [{ enabled: true }],
    );
    assert.strictEqual(svm1().enabled, true);
    assert.strictEqual(changed(succeeded(await stack.refresh("--expect-no-changes"))), false);
  });

  it("up --refresh repairs a mode switched outside Pulumi before generating the password", async () => {
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "node" });
    const refresh = await stack.refresh("--preview-only", "--expect-no-changes");
    assert.strictEqual(refresh.exitCode, 7);
    assert.deepStrictEqual(drift(refresh, "ndmp-mode"), [["mode", "svm", "node"]]);
    // up switches the mode back first; the password lookup waits for it (dependsOn).
    const up = succeeded(await stack.up("--refresh"));
    assert.strictEqual(ops(up)["ndmp-mode"], "update");
    assert.strictEqual(sim.control.state().mode, "svm");
    assert.strictEqual((await stack.outputs()).backupPassword, "[secret]");
  });

  it("keeps the admin password encrypted in state and out of every output", async () => {
    const exported = await stack.exportState();
    assert.ok(!exported.includes(sim.password), "the exported state holds the admin password in clear");
    const provider = JSON.parse(exported).deployment.resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:pulumi-nodejs",
    );
    if (provider?.inputs?.["ontap:password"] !== undefined) assert.ok(isSecret(provider.inputs["ontap:password"]));
  });

  it("state whose outputs repeat the uuid (written by earlier builds) refreshes with no change and drops the copy", async () => {
    const exported = JSON.parse(await stack.exportState()) as {
      deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
    };
    const uuidOutput = Object.fromEntries(Object.values(DESCRIPTORS).map((d) => [d.typeName, d.idOutput]));
    let repeated = 0;
    for (const resource of exported.deployment.resources) {
      const key = uuidOutput[resource.type.split(":").pop() ?? ""];
      if (!key || !resource.outputs) continue;
      assert.strictEqual(resource.outputs[key], undefined, `${resource.type}: ${key} is in state beside the id`);
      resource.outputs[key] = resource.id;
      repeated++;
    }
    assert.strictEqual(repeated, 3);
    const imported = await stack.run(["stack", "import", "--stack", stack.stack], {
      stdin: JSON.stringify(exported),
    });
    assert.strictEqual(imported.exitCode, 0, imported.stderr);

    assert.strictEqual(changed(succeeded(await stack.preview("--refresh", "--expect-no-changes"))), false);
    assert.strictEqual(changed(succeeded(await stack.refresh("--expect-no-changes"))), false);
    const svm = await resourceNamed(stack, "ndmp-svm1");
    assert.strictEqual(svm!.outputs![DESCRIPTORS.svm.idOutput], undefined);
    assert.strictEqual(svm!.outputs!.svmName, "svm1");
  });

  it("destroy leaves ONTAP as it is (onDelete: retain)", async () => {
    sim.control.resetCounters();
    const destroy = succeeded(await stack.destroy());
    assert.deepStrictEqual(ops(destroy), { "ndmp-mode": "delete", "ndmp-svm1": "delete", "ndmp-svm2": "delete" });
    assert.strictEqual(sim.control.counters().total, 0);
    assert.strictEqual(svm1().enabled, true);
    assert.deepStrictEqual(
      (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
      [],
    );
  });
});
