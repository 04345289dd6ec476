// Secret leak test through the real Pulumi CLI: a node-scope stack whose NDMP node passwords and ONTAP admin
// password are sentinels, through the full life cycle (up, no-change up, refresh, preview --refresh, a password
// change, failing updates with a 401 and a 68812801 scope error, destroy), some operations with `--debug`. No
// sentinel may appear in the CLI's stdout or stderr, in the program's or plugin's output, in `__provider`, in a
// non-secret output, or in the simulator's request log; in `pulumi stack export --show-secrets` each appears only
// inside secret values, and `pulumi stack export` holds none.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { OperationResult, ops, PulumiStack, SECRET_SIG, SIG_KEY, StateResource } from "../engine/stacks";
import { adminPatch } from "../resources/harness";
import { ClientCertificateFiles, writeClientCertificates } from "../fixtures/clientCertificates";
import { declare, Declared, failed, fixtureStack, ndmpResources, ontapConfig, succeeded } from "./helpers";

const ADMIN = "AdminSentinel-5d1c7e";
const NDMP_1 = "NdmpSentinel-one-8b2f4a";
const NDMP_2 = "NdmpSentinel-two-93e6d0";
const WRONG_ADMIN = "WrongAdminSentinel-0a7b";
const SENTINELS = [ADMIN, NDMP_1, NDMP_2, WRONG_ADMIN];

type Occurrence = { path: string; sentinel: string; secret: boolean };

/** Where a sentinel occurs in a value, and whether inside a secret (plaintext of `--show-secrets`). */
function occurrences(value: unknown, at = "", inSecret = false, sentinels = SENTINELS): Occurrence[] {
  if (typeof value === "string") {
    return sentinels.filter((s) => value.includes(s)).map((sentinel) => ({ path: at, sentinel, secret: inSecret }));
  }
  if (value === null || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) return occurrences(record.plaintext, `${at}<secret>`, true, sentinels);
  return Object.entries(record).flatMap(([k, v]) => occurrences(v, at ? `${at}.${k}` : k, inSecret, sentinels));
}

function assertNoSentinel(text: string, where: string, sentinels = SENTINELS): void {
  for (const s of sentinels) assert.ok(!text.includes(s), `${where} contains the sentinel ${s}`);
}

interface Snapshot {
  after: string;
  exported: string;
  resources: StateResource[];
  stackOutputs: unknown;
}

/** Operations of a stack with their results and the state after each, for the leak checks. */
function recorder(stackOf: () => PulumiStack) {
  const results: OperationResult[] = [];
  const snapshots: Snapshot[] = [];
  /** Runs an operation and keeps its result and the state after it. */
  async function run(label: string, op: () => Promise<OperationResult>): Promise<OperationResult> {
    const result = await op();
    results.push(result);
    const plaintext = JSON.parse(await stackOf().exportState(true)).deployment;
    snapshots.push({
      after: label,
      exported: await stackOf().exportState(),
      resources: plaintext.resources ?? [],
      stackOutputs: (plaintext.resources ?? []).find((r: StateResource) => r.type === "pulumi:pulumi:Stack")?.outputs,
    });
    return result;
  }
  return { results, snapshots, run };
}

/** No sentinel in what the CLI printed (stdout, stderr, program output, engine events) or the request log. */
function assertNoSentinelPrinted(results: OperationResult[], sim: SimulatorHandle, sentinels = SENTINELS): void {
  for (const r of results) {
    assertNoSentinel(r.stdout, `${r.command} stdout`, sentinels);
    assertNoSentinel(r.stderr, `${r.command} stderr`, sentinels);
    assertNoSentinel(r.programOutput, `${r.command} program output`, sentinels);
    assertNoSentinel(JSON.stringify(r.events), `${r.command} engine events`, sentinels);
  }
  assert.ok(
    results.some((r) => r.command.includes("--debug") && /debug:/i.test(r.stdout + r.stderr)),
    "the --debug runs printed debug output",
  );
  assert.ok(
    results.some((r) => r.exitCode !== 0),
    "the failures were exercised",
  );
  assertNoSentinel(JSON.stringify(sim.control.requestLog()), "the simulator's request log", sentinels);
}

/**
 * In every snapshot: no sentinel in `stack export`, in any `__provider`, or outside a secret value. Returns where
 * each sentinel was seen (inside secrets) and how many `__provider` values were checked.
 */
function secretPlaces(snapshots: Snapshot[], sentinels = SENTINELS): { seen: Set<string>; providers: number } {
  const seen = new Set<string>();
  let providers = 0;
  for (const { after, exported, resources, stackOutputs } of snapshots) {
    assertNoSentinel(exported, `pulumi stack export after ${after}`, sentinels);
    for (const r of resources) {
      const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
      for (const [side, values] of [
        ["inputs", r.inputs ?? {}],
        ["outputs", r.outputs ?? {}],
      ] as const) {
        if (values.__provider === undefined) continue;
        providers++;
        assertNoSentinel(JSON.stringify(values.__provider), `${name} ${side}.__provider after ${after}`, sentinels);
      }
    }
    const found = [
      ...resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .flatMap((r) => {
          const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
          return [
            ...occurrences(r.inputs, `${name}.inputs`, false, sentinels),
            ...occurrences(r.outputs, `${name}.outputs`, false, sentinels),
          ];
        }),
      ...occurrences(stackOutputs, "stack outputs", false, sentinels),
    ];
    const exposed = found.filter((o) => !o.secret);
    assert.deepStrictEqual(exposed, [], `after ${after}: sentinels outside secrets`);
    for (const o of found) seen.add(`${o.sentinel} ${o.path}`);
  }
  return { seen, providers };
}

describe("reliability (pulumi CLI): no secret leaks (node-scope stack)", function () {
  this.timeout(180_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  const { results, snapshots, run } = recorder(() => stack);

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
    stack = await fixtureStack([], {
      ...ontapConfig(sim),
      "ndmp-reliability:adminPassword": { value: ADMIN, secret: true },
      "ndmp-reliability:ndmpPassword": { value: NDMP_1, secret: true },
    });
    await declare(stack, resources(1));
  });
  after(async () => {
    stack?.dispose();
    await sim?.stop();
  });

  it("up creates the mode and both node configurations, sending the password", async () => {
    succeeded(await run("up --debug", () => stack.up("--debug")));
    assert.strictEqual(sim.control.state().mode, "node");
    const patches = sim.control.requestLog().filter((e) => e.method === "PATCH" && e.path.includes("/nodes/"));
    assert.strictEqual(patches.length, 2);
    for (const p of patches) assert.strictEqual((p.requestBody as Record<string, unknown>).password, "<redacted>");
  });

  it("up again, refresh and preview --refresh find no change", async () => {
    const up = succeeded(await run("no-change up", () => stack.up("--expect-no-changes")));
    assert.deepStrictEqual(Object.keys(up.changes), ["same"]);
    succeeded(await run("refresh", () => stack.refresh("--expect-no-changes")));
    succeeded(
      await run("preview --refresh", () => stack.preview("--refresh", "--expect-no-changes", "--diff", "--debug")),
    );
  });

  it("a new password is sent to both nodes", async () => {
    await stack.setConfig("ndmpPassword", NDMP_2, true);
    const since = sim.control.requestLog().length;
    const up = succeeded(await run("password change", () => stack.up("--diff")));
    assert.deepStrictEqual(ops(up), {
      "ndmp-mode": "same",
      "ndmp-cluster1-01": "update",
      "ndmp-cluster1-02": "update",
    });
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
    await stack.setConfig("ontap:password", WRONG_ADMIN, true);
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "svm" });
    await declare(stack, resources(2));
    const up = await run("failing updates --debug", () => stack.up("--debug"));
    const errors = failed(up);
    assert.match(errors, /ndmp-cluster1-02[^]*401 .*Hint: Wrong credentials/);
    assert.match(errors, /ndmp-cluster1-01[^]*NDMP is in SVM scope, and node configuration needs node scope.*68812801/);
    await stack.setConfig("ontap:password", ADMIN, true);
  });

  it("destroy puts the mode back (onDelete: restore) and removes every resource", async () => {
    await adminPatch(sim, "/api/protocols/ndmp", { mode: "node" });
    // destroy uses the provider configuration recorded in state, here still the wrong password of the failed up;
    // --run-program runs the program first, so the default provider gets today's config (README: Troubleshooting).
    succeeded(await run("destroy --run-program", () => stack.destroy("--run-program")));
    assert.strictEqual(sim.control.state().mode, "svm");
    assert.deepStrictEqual(await ndmpResources(stack), []);
  });

  it("no sentinel in the CLI's stdout or stderr (with --debug too), program or plugin output, or the request log", () => {
    assert.strictEqual(results.length, 7);
    assertNoSentinelPrinted(results, sim);
  });

  it("in state, every sentinel is inside a secret value, never in __provider, and stack export holds none", () => {
    const { seen, providers } = secretPlaces(snapshots);
    assert.ok(providers >= 12, `only ${providers} __provider values checked`);
    // The values are there, kept secret: the stack config's admin password (provider inputs), the explicit
    // connection's, and both node passwords (inputs and outputs).
    for (const expected of [
      `${ADMIN} default.inputs.ontap:password<secret>`,
      `${ADMIN} ndmp-cluster1-01.inputs.connection<secret>`,
      `${ADMIN} ndmp-cluster1-01.outputs.connection<secret>`,
      `${NDMP_1} ndmp-cluster1-01.outputs.password<secret>`,
      `${NDMP_2} ndmp-cluster1-02.inputs.password<secret>`,
      `${NDMP_2} ndmp-cluster1-02.outputs.password<secret>`,
      `${NDMP_2} stack outputs.nodePasswords.ndmp-cluster1-02<secret>`,
    ]) {
      assert.ok(seen.has(expected), `expected ${expected}; seen:\n${[...seen].join("\n")}`);
    }
  });
});

// The same sentinel checks for certificate authentication: the client keys (of the certificate login, and of a
// certificate the cluster refuses) are the sentinels, through up, no-change up, refresh, a failing update (401) and
// destroy, some with --debug.
describe("reliability (pulumi CLI): no client key leaks (SVM-scope stack, certificate login)", function () {
  this.timeout(180_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  let login: ClientCertificateFiles;
  let stranger: ClientCertificateFiles;
  let keys: string[];
  const { results, snapshots, run } = recorder(() => stack);

  function resources(authenticationTypes: string[]): Declared[] {
    const svm = (name: string, extra: Record<string, unknown>): Declared => ({
      kind: "svm",
      name: `ndmp-${name}`,
      args: { svm: name, enabled: true, authenticationTypes, ...extra },
      dependsOn: ["ndmp-mode"],
    });
    return [
      { kind: "mode", name: "ndmp-mode", args: { mode: "svm" } },
      svm("svm1", {
        connection: { host: sim.url, caCert: sim.caCert, clientCert: login.certPem, clientKey: "secret:clientKey" },
      }),
      svm("svm2", {}),
    ];
  }

  before(async () => {
    sim = await startSimulator({ svms: 2, password: ADMIN, certUsers: ["ci"] });
    login = writeClientCertificates("ci", sim);
    stranger = writeClientCertificates("stranger", sim);
    keys = [login.keyLine, stranger.keyLine];
    stack = await fixtureStack([], {
      "ontap:host": { value: sim.url },
      "ontap:caCert": { value: sim.caCert! },
      "ontap:clientCert": { value: login.certPem },
      "ontap:clientKey": { value: login.keyPem, secret: true },
      "ndmp-reliability:clientKey": { value: login.keyPem, secret: true },
    });
    await declare(stack, resources(["challenge"]));
  });
  after(async () => {
    stack?.dispose();
    login?.remove();
    stranger?.remove();
    await sim?.stop();
  });

  it("up, a no-change up and refresh work with the certificate alone", async () => {
    succeeded(await run("up --debug", () => stack.up("--debug")));
    succeeded(await run("no-change up", () => stack.up("--expect-no-changes")));
    succeeded(await run("refresh", () => stack.refresh("--expect-no-changes")));
    const logins = new Set(sim.control.requestLog().map((e) => `${e.user}/${e.authentication}`));
    assert.deepStrictEqual([...logins], ["ci/certificate"]);
  });

  it("a certificate the cluster refuses fails with a 401 and its hint, and shows no key", async () => {
    await stack.setConfig("ontap:clientCert", stranger.certPem);
    await stack.setConfig("ontap:clientKey", stranger.keyPem, true);
    await declare(stack, resources(["plaintext"]));
    const errors = failed(await run("failing update --debug", () => stack.up("--debug")));
    assert.match(errors, /ndmp-svm2[^]*401 .*Hint: The cluster did not accept the client certificate/);
    await stack.setConfig("ontap:clientCert", login.certPem);
    await stack.setConfig("ontap:clientKey", login.keyPem, true);
  });

  it("destroy removes every resource", async () => {
    succeeded(await run("destroy --run-program", () => stack.destroy("--run-program")));
    assert.deepStrictEqual(await ndmpResources(stack), []);
  });

  it("no client key in the CLI's stdout or stderr (with --debug too), program or plugin output, or the request log", () => {
    assert.strictEqual(results.length, 5);
    assertNoSentinelPrinted(results, sim, keys);
  });

  it("in state, the client key is only inside secret values, never in __provider, and stack export holds none", () => {
    const { seen, providers } = secretPlaces(snapshots, keys);
    assert.ok(providers >= 12, `only ${providers} __provider values checked`);
    for (const expected of [
      `${login.keyLine} default.inputs.ontap:clientKey<secret>`,
      `${login.keyLine} ndmp-svm1.inputs.connection<secret>`,
      `${login.keyLine} ndmp-svm1.outputs.connection<secret>`,
    ]) {
      assert.ok(seen.has(expected), `expected ${expected}; seen:\n${[...seen].join("\n")}`);
    }
  });
});
