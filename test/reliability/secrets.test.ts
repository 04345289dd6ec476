// Secret leak test: a node-scope stack whose NDMP node passwords and ONTAP admin password are sentinels, through the
// full life cycle (up, no-change up, refresh, preview --refresh, a password change, failing updates with a 401 and a
// 68812801 scope error, destroy). No sentinel may appear in `__provider`, in plugin or program output, in any error,
// diagnostic or display, in a non-secret output, or in the simulator's request log; in state each appears only inside
// secret-marked values, and the exported checkpoint never holds one.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { EngineDriver, OperationResult, SIG_KEY, SECRET_SIG, StackState } from "../../tools/engine";
import { adminPatch } from "../resources/harness";
import { declare, Declared, failed, fixtureStack, ndmpResources, ontapConfig, succeeded } from "./helpers";

const ADMIN = "AdminSentinel-5d1c7e";
const NDMP_1 = "NdmpSentinel-one-8b2f4a";
const NDMP_2 = "NdmpSentinel-two-93e6d0";
const WRONG_ADMIN = "WrongAdminSentinel-0a7b";
const SENTINELS = [ADMIN, NDMP_1, NDMP_2, WRONG_ADMIN];

/** Where a sentinel occurs in a value, and whether inside a secret wrapper. */
function occurrences(value: unknown, at = "", inSecret = false): { path: string; sentinel: string; secret: boolean }[] {
  if (typeof value === "string") {
    return SENTINELS.filter((s) => value.includes(s)).map((sentinel) => ({ path: at, sentinel, secret: inSecret }));
  }
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return occurrences(record.value, `${at}<secret>`, true);
  return Object.entries(record).flatMap(([k, v]) => occurrences(v, at ? `${at}.${k}` : k, inSecret));
}

function assertNoSentinel(text: string, where: string): void {
  for (const s of SENTINELS) assert.ok(!text.includes(s), `${where} contains the sentinel ${s}`);
}

describe("reliability: no secret leaks (node-scope stack through the engine)", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let stack: EngineDriver;
  const results: OperationResult[] = [];
  const states: { after: string; state: StackState; exported: string }[] = [];

  /** Runs an operation and keeps its result and the state after it for the leak checks. */
  async function run(label: string, op: () => Promise<OperationResult>): Promise<OperationResult> {
    const result = await op();
    results.push(result);
    states.push({ after: label, state: stack.state, exported: stack.exportState() });
    return result;
  }

  /** NdmpMode node, two node configurations: one with its own connection (admin password from secret config). */
  function resources(passwordVersion: number): Declared[] {
    const node = (name: string, extra: Record<string, unknown>): Declared => ({
      kind: "node",
      name: `ndmp-${name}`,
      args: {
        node: name,
        enabled: true,
        authenticationTypes: ["challenge"],
        user: "ndmpadmin",
        password: "secret:ndmpPassword",
        passwordVersion,
        ...extra,
      },
      dependsOn: ["ndmp-mode"],
    });
    return [
      { kind: "mode", name: "ndmp-mode", args: { mode: "node", onDelete: "restore" } },
      node("cluster1-01", {
        connection: { host: sim.url, username: "admin", password: "secret:adminPassword", caCert: sim.caCert },
      }),
      node("cluster1-02", {}),
    ];
  }

  before(async () => {
    sim = await startSimulator({ nodes: 2, svms: 1, password: ADMIN });
    stack = fixtureStack([], {
      ...ontapConfig(sim),
      "ndmp-reliability:adminPassword": { value: ADMIN, secret: true },
      "ndmp-reliability:ndmpPassword": { value: NDMP_1, secret: true },
    });
    declare(stack, resources(1));
  });
  after(async () => {
    await sim?.stop();
  });

  it("up creates the mode and both node configurations, sending the password", async () => {
    succeeded(await run("up", () => stack.up()));
    assert.strictEqual(sim.control.state().mode, "node");
    const patches = sim.control.requestLog().filter((e) => e.method === "PATCH" && e.path.includes("/nodes/"));
    assert.strictEqual(patches.length, 2);
    for (const p of patches) assert.strictEqual((p.requestBody as Record<string, unknown>).password, "<redacted>");
  });

  it("up again, refresh and preview --refresh find no change", async () => {
    const up = succeeded(await run("no-change up", () => stack.up({ expectNoChanges: true })));
    assert.strictEqual(up.changes, false);
    succeeded(await run("refresh", () => stack.refresh({ expectNoChanges: true })));
    succeeded(await run("preview --refresh", () => stack.preview({ refresh: true, expectNoChanges: true })));
  });

  it("a new password is sent to both nodes", async () => {
    stack.setConfig("ndmpPassword", NDMP_2, true);
    const since = sim.control.requestLog().length;
    const up = succeeded(await run("password change", () => stack.up()));
    assert.deepStrictEqual(
      up.steps
        .filter((s) => s.op === "update")
        .map((s) => s.name)
        .sort(),
      ["ndmp-cluster1-01", "ndmp-cluster1-02"],
    );
    const bodies = sim.control
      .requestLog()
      .slice(since)
      .filter((e) => e.method === "PATCH")
      .map((e) => e.requestBody);
    assert.deepStrictEqual(bodies, [{ password: "<redacted>" }, { password: "<redacted>" }]);
  });

  it("failing updates (401 with a wrong admin password, 68812801 after a scope change) keep secrets out of errors", async () => {
    // cluster1-02 and the mode use stack config, now with a wrong password; cluster1-01 has its own (right) one, but
    // NDMP was switched to SVM scope outside Pulumi, so its node PATCH is refused with 68812801.
    stack.setConfig("ontap:password", WRONG_ADMIN, true);
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "svm" });
    declare(stack, resources(2));
    const up = await run("failing updates", () => stack.up());
    const errors = failed(up);
    assert.match(errors, /ndmp-cluster1-02.*401 .*Hint: Wrong credentials/);
    assert.match(errors, /ndmp-cluster1-01.*NDMP is in SVM scope, and node configuration needs node scope.*68812801/);
    stack.setConfig("ontap:password", ADMIN, true);
  });

  it("destroy puts the mode back (onDelete: restore) and removes every resource", async () => {
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "node" });
    succeeded(await run("destroy", () => stack.destroy()));
    assert.strictEqual(sim.control.state().mode, "svm");
    assert.deepStrictEqual(ndmpResources(stack), []);
  });

  it("no sentinel in __provider, output, errors, displays, non-secret outputs or the request log", () => {
    assert.strictEqual(results.length, 7);
    for (const r of results) {
      const where = `${r.operation}`;
      assertNoSentinel(r.display, `${where} display`);
      assertNoSentinel(r.errors.join("\n"), `${where} errors`);
      assertNoSentinel(JSON.stringify(r.steps), `${where} steps (errors, diffs)`);
      // Debug diagnostics are left out: the SDK's own debug log of RegisterResource answers prints the registered
      // outputs, secret values included (shown only with `pulumi up --debug`; not this package's doing).
      const shown = r.diagnostics.filter((d) => d.severity !== "debug");
      assertNoSentinel(JSON.stringify(shown), `${where} diagnostics`);
      assertNoSentinel(JSON.stringify(r.outputs), `${where} stack outputs`);
      assertNoSentinel(r.output.map((l) => l.line).join("\n"), `${where} plugin/program output`);
    }
    assert.ok(
      results.some((r) => r.errors.length > 0),
      "the failures were exercised",
    );
    assertNoSentinel(stack.output.join("\n"), "driver output");
    assertNoSentinel(JSON.stringify(sim.control.requestLog()), "the simulator's request log");
    let providers = 0;
    for (const { after, state } of states) {
      for (const r of state.resources) {
        for (const [side, values] of [
          ["inputs", r.inputs],
          ["outputs", r.outputs],
        ] as const) {
          if (values.__provider === undefined) continue;
          providers++;
          assertNoSentinel(JSON.stringify(values.__provider), `${r.name} ${side}.__provider after ${after}`);
        }
      }
    }
    assert.ok(providers >= 12, `only ${providers} __provider values checked`);
  });

  it("in state, every sentinel is inside a secret value, and the exported checkpoint holds none", () => {
    const seen = new Set<string>();
    for (const { after, state, exported } of states) {
      assertNoSentinel(exported, `exported state after ${after}`);
      const found = [
        ...state.resources.flatMap((r) => [
          ...occurrences(r.inputs, `${r.name}.inputs`),
          ...occurrences(r.outputs, `${r.name}.outputs`),
        ]),
        ...occurrences(state.outputs, "stack outputs"),
      ];
      const exposed = found.filter((o) => !o.secret);
      assert.deepStrictEqual(exposed, [], `after ${after}: sentinels outside secrets`);
      for (const o of found) seen.add(`${o.sentinel} ${o.path}`);
    }
    // The values are there, kept secret: the stack config's admin password (provider inputs), the explicit
    // connection's, and both node passwords (inputs and outputs).
    for (const expected of [
      `${ADMIN} default.inputs.ontap:password<secret>`,
      `${ADMIN} ndmp-cluster1-01.inputs.connection<secret>.password`,
      `${ADMIN} ndmp-cluster1-01.outputs.connection<secret>.password`,
      `${NDMP_1} ndmp-cluster1-01.outputs.password<secret>`,
      `${NDMP_2} ndmp-cluster1-02.inputs.password<secret>`,
      `${NDMP_2} ndmp-cluster1-02.outputs.password<secret>`,
      `${NDMP_2} stack outputs.nodePasswords.ndmp-cluster1-02<secret>`,
    ]) {
      assert.ok(seen.has(expected), `expected ${expected}; seen:\n${[...seen].join("\n")}`);
    }
  });
});
