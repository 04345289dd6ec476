// NdmpMode alone through the whole life cycle, as the engine drives it: create, no-change up, a mode switched outside
// Pulumi, refresh, preview --refresh --expect-no-changes, repair, refresh, destroy with onDelete: "restore".
import * as assert from "assert";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { EngineDriver } from "../../tools/engine";
import { adminPatch } from "../resources/harness";
import { ontapConfig, ops, stepOf, succeeded } from "./stacks";

describe("engine: NdmpMode life cycle", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let stack: EngineDriver;
  const mode = () => sim.control.state().mode;

  before(async () => {
    sim = await startSimulator();
    stack = new EngineDriver({
      projectDir: path.join(__dirname, "programs", "mode-only"),
      config: ontapConfig(sim),
      env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    });
  });
  after(async () => {
    await sim?.stop();
  });

  it("up switches a new cluster from SVM to node scope, then changes nothing", async () => {
    assert.strictEqual(stepOf(succeeded(await stack.up()), "ndmp-mode").op, "create");
    assert.strictEqual(mode(), "node");
    sim.control.resetCounters();
    const again = succeeded(await stack.up({ expectNoChanges: true }));
    assert.deepStrictEqual(ops(again), { "ndmp-mode": "same" });
    assert.strictEqual(sim.control.counters().total, 0);
  });

  it("refresh reports a mode switched outside Pulumi and records it", async () => {
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "svm" });
    const refresh = await stack.refresh({ expectNoChanges: true });
    assert.strictEqual(refresh.exitCode, 7);
    assert.deepStrictEqual(
      stepOf(refresh, "ndmp-mode").diffs.map((d) => [d.path, d.old, d.new]),
      [["mode", "node", "svm"]],
    );
    assert.strictEqual(stack.state.resources.find((r) => r.urn.endsWith("::ndmp-mode"))!.outputs.mode, "svm");
  });

  it("preview --refresh --expect-no-changes fails with exit code 7 and changes nothing", async () => {
    const preview = await stack.preview({ refresh: true, expectNoChanges: true });
    assert.strictEqual(preview.exitCode, 7);
    assert.match(preview.display, /mode\s*:\s*"svm"\s*=>\s*"node"/);
    assert.strictEqual(mode(), "svm");
  });

  it("up restores the mode, after which refresh finds nothing", async () => {
    assert.strictEqual(stepOf(succeeded(await stack.up()), "ndmp-mode").op, "update");
    assert.strictEqual(mode(), "node");
    assert.strictEqual(succeeded(await stack.refresh({ expectNoChanges: true })).changes, false);
  });

  it("destroy puts back the mode found at adoption (onDelete: restore)", async () => {
    assert.deepStrictEqual(ops(succeeded(await stack.destroy())), { "ndmp-mode": "delete" });
    assert.strictEqual(mode(), "svm");
  });
});
