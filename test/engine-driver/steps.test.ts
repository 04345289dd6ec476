// Step rules of the emulated engine, each driven through the real plugin: check failures, failed and partial creates,
// failed updates, DIFF_UNKNOWN fallback (including `__provider`), replacement order, deletes of resources dropped from
// the program (retainOnDelete, protect), concurrency and the `parallel` limit.
import { strict as assert } from "assert";
import type { CallRecord } from "../../tools/engine";
import { UNKNOWN, isSecret } from "../../tools/engine";
import { Fixture, stepOf } from "./helpers";
import type { Spec } from "./helpers";

function callsOf(calls: CallRecord[], name: string, resource?: string): CallRecord[] {
  return calls.filter((c) => c.name === `provider.${name}` && (!resource || c.urn?.endsWith(`::${resource}`)));
}

describe("engine driver: failures", function () {
  this.timeout(60_000);
  const specs = [
    { name: "ok" },
    { name: "bad", value: "invalid" },
    { name: "failing" },
    { name: "partial" },
    { name: "dependent", valueFrom: "failing" },
  ];
  const fx = new Fixture(specs);
  after(() => fx.cleanup());

  it("a check failure fails the preview, naming the property and the reason", async () => {
    const r = await fx.driver.preview();
    assert.equal(r.exitCode, 255);
    assert.deepEqual(r.errors, [
      "pulumi-nodejs:dynamic/kv:Kv (bad): pulumi-nodejs:dynamic/kv:Kv resource 'bad': property value value {invalid} " +
        "has a problem: value must not be 'invalid'",
    ]);
    assert.equal(r.rpcCounts.Create, undefined);
    assert.equal(r.outputs.revisions.value, UNKNOWN, "outputs not known in a preview are unknown");
    assert.match(r.display, /error: pulumi-nodejs:dynamic\/kv:Kv resource 'bad': property value/);
    assert.deepEqual(fx.driver.state.resources, []);
  });

  it("up: no Create after a check failure, no state after a failed create, partial failures kept, others go on", async () => {
    fx.editStore((s) => {
      s.failCreate = ["failing"];
      s.partialCreate = ["partial"];
    });
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 255);
    assert.equal(callsOf(r.calls, "Create", "bad").length, 0, "no Create after a check failure");
    assert.equal(callsOf(r.calls, "Create", "ok").length, 1, "independent resources still run");
    assert.equal(callsOf(r.calls, "Create", "dependent").length, 0, "a dependent of a failed resource is skipped");
    assert.equal(r.errors.length, 4, r.errors.join("\n"));
    assert.match(stepOf(r.steps, "failing").error!, /create of failing refused by the store/);
    assert.match(stepOf(r.steps, "partial").error!, /partial was created but did not become ready/);
    assert.match(stepOf(r.steps, "dependent").error!, /skipped because its dependency .*::failing failed/);
    // The dependency is implied by an Output input: the registration carries it in both dependency lists.
    const dependent = r.registrations.find((x) => x.name === "dependent")!;
    const failingUrn = "urn:pulumi:dev::kvfixture::pulumi-nodejs:dynamic/kv:Kv::failing";
    assert.deepEqual(dependent.dependencies, [failingUrn]);
    assert.deepEqual(dependent.propertyDependencies.value, [failingUrn]);

    const names = fx.driver.state.resources.filter((x) => x.custom && x.type.endsWith(":Kv")).map((x) => x.name);
    assert.deepEqual(names.sort(), ["ok", "partial"]);
    const partial = fx.driver.state.resources.find((x) => x.name === "partial")!;
    assert.equal(partial.id, "partial", "the partial failure's id is kept");
    assert.deepEqual(partial.initErrors, ["not ready"]);
    assert.match(r.display, /Diagnostics:/);
    assert.match(r.display, /\*\*creating failed\*\*/);
  });

  it("a failing program fails the update and deletes nothing", async () => {
    const managed = () => fx.driver.state.resources.filter((x) => x.type !== "pulumi:pulumi:Stack");
    const before = managed();
    fx.setResources([]);
    fx.driver.setConfig("throw", "the program gave up");
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 255);
    assert.equal(r.rpcCounts.Delete, undefined);
    assert.ok(
      r.errors.some((e) => /the program gave up/.test(e)),
      r.errors.join("\n"),
    );
    assert.deepEqual(managed(), before, "resources and the default provider's config are unchanged");
  });
});

describe("engine driver: updates, DIFF_UNKNOWN, deletes", function () {
  this.timeout(60_000);
  const fx = new Fixture([
    { name: "u", variant: "unknown", value: "v1" },
    { name: "k", value: "v1", password: true },
    { name: "keep", retainOnDelete: true },
    { name: "guard", protect: true },
  ]);
  fx.driver.setConfig("password", "pw-for-updates", true);
  after(() => fx.cleanup());

  it("DIFF_UNKNOWN falls back to comparing inputs: no change → same", async () => {
    const created = await fx.driver.up();
    assert.equal(created.exitCode, 0, created.display);
    // The program host captured each registration faithfully: options, parent, inputs with __provider and secrets.
    const state = fx.driver.state.resources;
    const get = (n: string) => state.find((x) => x.name === n)!;
    assert.equal(get("guard").options.protect, true);
    const stack = created.registrations.find((x) => x.type === "pulumi:pulumi:Stack")!;
    assert.equal(stack.custom, false);
    assert.equal(created.registrations.find((x) => x.name === "k")!.parent, stack.urn);
    assert.equal(get("keep").options.retainOnDelete, true);
    assert.deepEqual(get("k").options.additionalSecretOutputs, ["passwordHash"]);
    assert.equal(get("k").parent, "urn:pulumi:dev::kvfixture::pulumi:pulumi:Stack::kvfixture-dev");
    assert.equal(get("k").type, "pulumi-nodejs:dynamic/kv:Kv");
    assert.match(String(get("k").inputs.__provider), /^exports\.handler = /);
    assert.ok(isSecret(get("k").inputs.password));
    assert.equal(get("k").provider, `${state[0].urn}::${state[0].id}`, "the default pulumi-nodejs provider");
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(stepOf(r.steps, "u").op, "same");
    assert.equal(callsOf(r.calls, "Diff", "u").length, 1);
    assert.equal(r.rpcCounts.Update, undefined);
  });

  it("a failed update keeps the old state; the DIFF_UNKNOWN resource with changed inputs is updated", async () => {
    fx.editStore((s) => (s.failUpdate = ["k"]));
    fx.setResources([
      { name: "u", variant: "unknown", value: "v2" },
      { name: "k", value: "v2", password: true },
      { name: "keep", retainOnDelete: true },
      { name: "guard", protect: true },
    ]);
    const before = fx.driver.state.resources.find((x) => x.name === "k")!;
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 255);
    assert.equal(stepOf(r.steps, "u").op, "update");
    assert.deepEqual(stepOf(r.steps, "u").diffs, [{ path: "value", kind: "update", old: "v1", new: "v2" }]);
    assert.match(stepOf(r.steps, "k").error!, /update of k refused by the store/);
    const after = fx.driver.state.resources.find((x) => x.name === "k")!;
    assert.deepEqual(after, before, "old state kept");
    assert.ok(isSecret(after.outputs.password));
    assert.equal(fx.driver.state.resources.find((x) => x.name === "u")!.outputs.value, "v2");
    assert.equal(fx.store().objects.k.value, "v1");
  });

  it("a changed __provider is an update under DIFF_UNKNOWN, but not for a provider with a diff", async () => {
    fx.editStore((s) => (s.failUpdate = []));
    fx.driver.setConfig("codeVersion", "2");
    fx.setResources([
      { name: "u", variant: "unknown", value: "v2" },
      { name: "k", value: "v1", password: true },
      { name: "keep", retainOnDelete: true },
      { name: "guard", protect: true },
    ]);
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(stepOf(r.steps, "u").op, "update");
    assert.deepEqual(stepOf(r.steps, "u").diffs, [], "__provider is hidden from the display");
    assert.equal(stepOf(r.steps, "k").op, "same");
    assert.equal(stepOf(r.steps, "keep").op, "same");
    // SameStep stores the new inputs but keeps the old outputs, including their copy of __provider (#16826).
    const keep = fx.driver.state.resources.find((x) => x.name === "keep")!;
    assert.notEqual(keep.inputs.__provider, keep.outputs.__provider);
    assert.match(String(keep.inputs.__provider), /codeVersion: "2"/);
  });

  it("resources dropped from the program are deleted; retainOnDelete skips Delete; protect refuses", async () => {
    fx.setResources([]);
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 255);
    assert.deepEqual(
      r.steps
        .filter((s) => s.type.endsWith(":Kv"))
        .map((s) => [s.name, s.op, Boolean(s.error)])
        .sort(),
      [
        ["guard", "delete", true],
        ["k", "delete", false],
        ["keep", "delete", false],
        ["u", "delete", false],
      ],
    );
    assert.equal(r.rpcCounts.Delete, 2);
    assert.match(stepOf(r.steps, "guard").error!, /marked for protection/);
    assert.deepEqual(Object.keys(fx.store().objects).sort(), ["guard", "keep"]);
    const left = fx.driver.state.resources.filter((x) => x.type.endsWith(":Kv")).map((x) => x.name);
    assert.deepEqual(left, ["guard"]);
  });
});

describe("engine driver: replacement and concurrency", function () {
  this.timeout(60_000);
  const base: Spec[] = [
    { name: "r", variant: "replace", key: "r1" },
    { name: "s", variant: "replace", key: "s1", deleteBeforeReplace: true },
    { name: "c1" },
    { name: "c2" },
    { name: "after", dependsOn: ["c1"] },
  ];
  const fx = new Fixture(base);
  after(() => fx.cleanup());

  it("independent resources are created concurrently; a dependent waits for its dependency", async () => {
    fx.editStore((s) => (s.createDelayMs = 300));
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 0, r.display);
    const independent = ["r", "s", "c1", "c2"].map((n) => callsOf(r.calls, "Create", n)[0]);
    const lastStart = Math.max(...independent.map((c) => c.startMs));
    const firstEnd = Math.min(...independent.map((c) => c.endMs));
    assert.ok(lastStart < firstEnd, `Creates did not overlap: ${JSON.stringify(independent)}`);
    const dep = callsOf(r.calls, "Create", "after")[0];
    assert.ok(dep.startMs >= callsOf(r.calls, "Create", "c1")[0].endMs);
    assert.deepEqual(fx.driver.state.resources.find((x) => x.name === "after")!.dependencies, [
      "urn:pulumi:dev::kvfixture::pulumi-nodejs:dynamic/kv:Kv::c1",
    ]);
  });

  it("replaces create-before-delete, or delete-before-replace when asked", async () => {
    fx.editStore((s) => (s.createDelayMs = 0));
    fx.setResources([
      ...base.map((s) => (s.variant === "replace" ? { ...s, key: s.key!.replace("1", "2") } : s)),
      { name: "ext", readId: "c1" },
    ]);
    const r = await fx.driver.up();
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(stepOf(r.steps, "r").op, "replace");
    assert.equal(stepOf(r.steps, "s").op, "replace");
    assert.equal(stepOf(r.steps, "s").deleteBeforeReplace, true);
    const order = (n: string) => r.calls.filter((c) => c.urn?.endsWith(`::${n}`)).map((c) => c.name.slice(9));
    assert.deepEqual(order("r"), ["Check", "Diff", "Create", "Delete"]);
    assert.deepEqual(order("s"), ["Check", "Diff", "Delete", "Create"]);
    assert.deepEqual(Object.keys(fx.store().objects).sort(), ["after", "c1", "c2", "r2", "s2"]);
    assert.equal(fx.driver.state.resources.find((x) => x.name === "r")!.id, "r2");
    assert.match(r.display, /\+-2 replaced/);
    assert.match(r.display, /~ key: "r1" => "r2"/);

    // The `id` option reads an existing object (ReadResource): Read runs, nothing is created or managed.
    assert.equal(stepOf(r.steps, "ext").op, "read");
    assert.equal(callsOf(r.calls, "Read", "ext").length, 1);
    const ext = fx.driver.state.resources.find((x) => x.name === "ext")!;
    assert.equal(ext.external, true);
    assert.equal(ext.outputs.enabled, true);
  });

  it("destroy deletes managed resources only (not the read one)", async () => {
    const r = await fx.driver.destroy();
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(r.rpcCounts.Delete, 5);
    assert.equal(callsOf(r.calls, "Delete", "ext").length, 0);
    assert.deepEqual(fx.store().objects, {});
    assert.deepEqual(fx.driver.state.resources, []);
  });

  it("the parallel option limits concurrent steps", async () => {
    const serial = new Fixture([{ name: "p1" }, { name: "p2" }, { name: "p3" }], { parallel: 1 });
    try {
      serial.editStore((s) => (s.createDelayMs = 150));
      const r = await serial.driver.up();
      assert.equal(r.exitCode, 0, r.display);
      const creates = callsOf(r.calls, "Create").sort((a, b) => a.startMs - b.startMs);
      assert.equal(creates.length, 3);
      for (let i = 1; i < creates.length; i++) assert.ok(creates[i].startMs >= creates[i - 1].endMs);
      const d = await serial.driver.destroy();
      assert.equal(d.exitCode, 0, d.display);
    } finally {
      serial.cleanup();
    }
  });
});
