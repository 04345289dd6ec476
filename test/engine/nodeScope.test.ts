// The node-scope example through the engine: NdmpMode node + NdmpNodeConfig ×2 with a write-only password from
// secret config. Proves the password rules end to end: refresh never reports it, a new password or passwordVersion is
// an update that sends it, and it never appears in plugin or program output.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { EngineDriver } from "../../tools/engine";
import { adminPatch } from "../resources/harness";
import { exampleStack, ontapConfig, ops, stepOf, succeeded } from "./stacks";

const PASSWORD = "Sentinel-ndmp-Node-pw-31337";
const NEW_PASSWORD = "Sentinel-ndmp-Node-pw-rotated";

describe("engine: node-scope stack (write-only password)", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let stack: EngineDriver;
  const node = (name: string) => sim.control.state().nodes.find((n) => n.name === name)!;
  const patches = () => sim.control.requestLog().filter((e) => e.method === "PATCH");

  before(async () => {
    sim = await startSimulator({ nodes: 2 });
    stack = exampleStack("node-scope", {
      ...ontapConfig(sim),
      "ndmp-node-scope:ndmpPassword": { value: PASSWORD, secret: true },
    });
  });
  after(async () => {
    await sim?.stop();
  });

  it("switches to node scope first, then configures both nodes with the password", async () => {
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(ops(up), {
      "ndmp-mode": "create",
      "ndmp-cluster1-01": "create",
      "ndmp-cluster1-02": "create",
    });
    const modePatch = up.calls.find((c) => c.name === "provider.Create" && c.urn?.endsWith("ndmp-mode"))!;
    const nodeCreates = up.calls.filter((c) => c.name === "provider.Create" && c.urn?.includes("ndmp-cluster1"));
    for (const create of nodeCreates) assert.ok(create.startMs >= modePatch.endMs, "dependsOn orders the mode first");
    assert.strictEqual(sim.control.state().mode, "node");
    for (const name of ["cluster1-01", "cluster1-02"]) {
      assert.deepStrictEqual([node(name).user, node(name).password_set], ["ndmpadmin", true]);
    }
    const state = stack.state.resources.find((r) => r.urn.endsWith("::ndmp-cluster1-01"))!;
    assert.deepStrictEqual(state.outputs.password, {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: PASSWORD,
    });
  });

  it("refresh reports no password change, and no-change up sends nothing", async () => {
    const refresh = succeeded(await stack.refresh({ expectNoChanges: true }));
    assert.strictEqual(refresh.changes, false);
    sim.control.clearRequestLog();
    const up = succeeded(await stack.up({ expectNoChanges: true }));
    assert.strictEqual(up.changes, false);
    assert.deepStrictEqual(patches(), []);
  });

  it("reports drift of a readable field and repairs it, leaving the password alone", async () => {
    await adminPatch(sim, `/api/protocols/ndmp/nodes/${node("cluster1-02").uuid}`, { user: "someone" });
    const preview = await stack.preview({ refresh: true, expectNoChanges: true });
    assert.strictEqual(preview.exitCode, 7);
    assert.deepStrictEqual(
      stepOf(preview, "ndmp-cluster1-02")
        .diffs.filter((d) => d.path === "user")
        .map((d) => [d.old, d.new]),
      [["someone", "ndmpadmin"]],
    );
    sim.control.clearRequestLog();
    succeeded(await stack.up({ refresh: true }));
    assert.deepStrictEqual(
      patches().map((e) => e.requestBody),
      [{ user: "ndmpadmin" }],
    );
    assert.strictEqual(succeeded(await stack.refresh({ expectNoChanges: true })).changes, false);
  });

  it("sends a new password as an update", async () => {
    stack.setConfig("ndmp-node-scope:ndmpPassword", NEW_PASSWORD, true);
    sim.control.clearRequestLog();
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(ops(up), {
      "ndmp-mode": "same",
      "ndmp-cluster1-01": "update",
      "ndmp-cluster1-02": "update",
    });
    assert.deepStrictEqual(
      patches().map((e) => e.requestBody),
      [{ password: "<redacted>" }, { password: "<redacted>" }],
    );
    assert.match(up.display, /password\s*:\s*\[secret\]\s*=>\s*\[secret\]/);
  });

  it("re-sends the same password when passwordVersion is bumped", async () => {
    stack.setConfig("ndmp-node-scope:ndmpPasswordVersion", "2");
    sim.control.clearRequestLog();
    const up = succeeded(await stack.up());
    assert.strictEqual(stepOf(up, "ndmp-cluster1-01").op, "update");
    assert.strictEqual(patches().length, 2);
  });

  it("never shows either password in plugin or program output", () => {
    for (const secret of [PASSWORD, NEW_PASSWORD]) {
      assert.ok(!stack.output.some((line) => line.includes(secret)), `${secret} appeared in output`);
      assert.ok(!stack.exportState().includes(secret));
    }
  });

  it("destroy puts the cluster back in SVM scope (onDelete: restore on the mode)", async () => {
    succeeded(await stack.destroy());
    assert.strictEqual(sim.control.state().mode, "svm");
  });
});
