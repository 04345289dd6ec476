// The node-scope example through the real Pulumi CLI: NdmpMode node + NdmpNodeConfig ×2 with a write-only password from
// secret config. Proves the password rules end to end: refresh never reports it, a new password or passwordVersion is
// an update that sends it, and it never appears in plugin or program output.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { adminPatch } from "../resources/harness";
import {
  changed,
  drift,
  exampleStack,
  isSecret,
  ontapConfig,
  OperationResult,
  ops,
  PulumiStack,
  resourceNamed,
  reveal,
  succeeded,
} from "./stacks";

const PASSWORD = "Sentinel-ndmp-Node-pw-31337";
const NEW_PASSWORD = "Sentinel-ndmp-Node-pw-rotated";

describe("engine (pulumi CLI): node-scope stack (write-only password)", function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  /** Everything the CLI, the program and the plugin printed, across operations. */
  const printed: string[] = [];
  const run = async (operation: Promise<OperationResult>) => {
    const result = await operation;
    printed.push(result.stdout, result.stderr, result.programOutput);
    return result;
  };
  const node = (name: string) => sim.control.state().nodes.find((n) => n.name === name)!;
  const patches = () => sim.control.requestLog().filter((e) => e.method === "PATCH");

  before(async () => {
    sim = await startSimulator({ nodes: 2 });
    stack = await exampleStack("node-scope", {
      ...ontapConfig(sim),
      "ndmp-node-scope:ndmpPassword": { value: PASSWORD, secret: true },
    });
  });
  after(async () => {
    stack?.dispose();
    await sim?.stop();
  });

  it("switches to node scope first, then configures both nodes with the password", async () => {
    sim.control.clearRequestLog();
    const up = succeeded(await run(stack.up()));
    assert.deepStrictEqual(ops(up), {
      "ndmp-mode": "create",
      "ndmp-cluster1-01": "create",
      "ndmp-cluster1-02": "create",
    });
    // dependsOn orders the mode first: ONTAP saw the mode PATCH before any node PATCH.
    assert.deepStrictEqual(
      patches().map((e) => e.path.replace(/[0-9a-f-]{36}/, "{uuid}")),
      ["/api/protocols/ndmp", "/api/protocols/ndmp/nodes/{uuid}", "/api/protocols/ndmp/nodes/{uuid}"],
    );
    assert.strictEqual(sim.control.state().mode, "node");
    for (const name of ["cluster1-01", "cluster1-02"]) {
      assert.deepStrictEqual([node(name).user, node(name).password_set], ["ndmpadmin", true]);
    }
    const state = (await resourceNamed(stack, "ndmp-cluster1-01"))!;
    assert.ok(isSecret(state.outputs!.password));
    assert.strictEqual(reveal(state.outputs!.password), PASSWORD);
  });

  it("refresh reports no password change, and no-change up sends nothing", async () => {
    const refresh = succeeded(await run(stack.refresh("--expect-no-changes")));
    assert.strictEqual(changed(refresh), false);
    sim.control.clearRequestLog();
    const up = succeeded(await run(stack.up("--expect-no-changes")));
    assert.strictEqual(changed(up), false);
    assert.deepStrictEqual(patches(), []);
  });

  it("reports drift of a readable field and repairs it, leaving the password alone", async () => {
    await adminPatch(sim, `/api/protocols/ndmp/nodes/${node("cluster1-02").uuid}`, { user: "someone" });
    const preview = await run(stack.preview("--refresh", "--expect-no-changes", "--diff"));
    assert.strictEqual(preview.exitCode, 7);
    assert.deepStrictEqual(drift(preview, "ndmp-cluster1-02"), [["user", "ndmpadmin", "someone"]]);
    assert.match(preview.stdout, /~ user\s*: "ndmpadmin" => "someone"/);
    sim.control.clearRequestLog();
    succeeded(await run(stack.up("--refresh")));
    assert.deepStrictEqual(
      patches().map((e) => e.requestBody),
      [{ user: "ndmpadmin" }],
    );
    assert.strictEqual(changed(succeeded(await run(stack.refresh("--expect-no-changes")))), false);
  });

  it("sends a new password as an update", async () => {
    await stack.setConfig("ndmp-node-scope:ndmpPassword", NEW_PASSWORD, true);
    sim.control.clearRequestLog();
    const up = succeeded(await run(stack.up("--diff")));
    assert.deepStrictEqual(ops(up), {
      "ndmp-mode": "same",
      "ndmp-cluster1-01": "update",
      "ndmp-cluster1-02": "update",
    });
    assert.deepStrictEqual(
      patches().map((e) => e.requestBody),
      [{ password: "<redacted>" }, { password: "<redacted>" }],
    );
    // Pulumi's display masks both values; the update itself comes from the provider's diff.
    assert.match(up.stdout, /password\s*: \[secret\]/);
    assert.match(up.stdout, /~ 2 updated/);
  });

  it("re-sends the same password when passwordVersion is bumped", async () => {
    await stack.setConfig("ndmp-node-scope:ndmpPasswordVersion", "2");
    sim.control.clearRequestLog();
    const up = succeeded(await run(stack.up()));
    assert.strictEqual(ops(up)["ndmp-cluster1-01"], "update");
    assert.strictEqual(patches().length, 2);
  });

  it("never shows either password in the CLI's, the program's or the plugin's output, nor in state", async () => {
    const exported = await stack.exportState();
    for (const secret of [PASSWORD, NEW_PASSWORD]) {
      assert.ok(!printed.some((text) => text.includes(secret)), `${secret} appeared in output`);
      assert.ok(!exported.includes(secret), `${secret} is in the exported state`);
    }
  });

  it("destroy puts the cluster back in SVM scope (onDelete: restore on the mode)", async () => {
    succeeded(await run(stack.destroy()));
    assert.strictEqual(sim.control.state().mode, "svm");
  });
});
