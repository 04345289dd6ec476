// NdmpMode alone through the whole life cycle, as the engine drives it: create, no-change up, a mode switched outside
// Pulumi, refresh, preview --refresh --expect-no-changes, repair, refresh, destroy with onDelete: "restore".
import * as assert from "assert";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { adminPatch } from "../resources/harness";
import { changed, drift, ontapConfig, ops, PulumiStack, resourceNamed, reveal, succeeded } from "./stacks";

describe("engine (pulumi CLI): NdmpMode life cycle", function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  const mode = () => sim.control.state().mode;

  before(async () => {
    sim = await startSimulator();
    stack = await PulumiStack.create({
      projectDir: path.join(__dirname, "programs", "mode-only"),
      config: ontapConfig(sim),
    });
  });
  after(async () => {
    stack?.dispose();
    await sim?.stop();
  });

  it("up switches a new cluster from SVM to node scope, then changes nothing", async () => {
    assert.deepStrictEqual(ops(succeeded(await stack.up())), { "ndmp-mode": "create" });
    assert.strictEqual(mode(), "node");
    sim.control.resetCounters();
    const again = succeeded(await stack.up("--expect-no-changes"));
    assert.deepStrictEqual(ops(again), { "ndmp-mode": "same" });
    assert.strictEqual(sim.control.counters().total, 0);
  });

  it("refresh reports a mode switched outside Pulumi and records it", async () => {
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "svm" });
    const refresh = await stack.refresh("--expect-no-changes");
    assert.strictEqual(refresh.exitCode, 7);
    assert.deepStrictEqual(drift(refresh, "ndmp-mode"), [["mode", "node", "svm"]]);
    assert.strictEqual(reveal((await resourceNamed(stack, "ndmp-mode"))!.outputs!.mode), "svm");
  });

  it("preview --refresh --expect-no-changes fails with exit code 7 and changes nothing", async () => {
    const preview = await stack.preview("--refresh", "--expect-no-changes", "--diff");
    assert.strictEqual(preview.exitCode, 7);
    assert.deepStrictEqual(ops(preview), { "ndmp-mode": "update" });
    // Pulumi prints the planned update against the refreshed outputs: mode "svm" (ONTAP) is to become "node".
    assert.match(preview.stdout, /mode\s*:\s*"node"/);
    assert.strictEqual(mode(), "svm");
  });

  it("up restores the mode, after which refresh finds nothing", async () => {
    assert.deepStrictEqual(ops(succeeded(await stack.up())), { "ndmp-mode": "update" });
    assert.strictEqual(mode(), "node");
    assert.strictEqual(changed(succeeded(await stack.refresh("--expect-no-changes"))), false);
  });

  it("destroy puts back the mode found at adoption (onDelete: restore)", async () => {
    assert.deepStrictEqual(ops(succeeded(await stack.destroy())), { "ndmp-mode": "delete" });
    assert.strictEqual(mode(), "svm");
  });
});
