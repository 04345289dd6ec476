// The life cycle of a stack under the engine driver, the secret rules, and the notes' §7.3 table (provider variants
// A–E vs drift detection) reproduced with the real dynamic-provider plugin. One stack holds one resource per variant
// so that every operation fills one column of the table for all variants at once.
import { strict as assert } from "assert";
import type { OperationResult } from "../../tools/engine";
import { isSecret, reveal } from "../../tools/engine";
import { Fixture, occurrences, stepOf } from "./helpers";

const PASSWORD = "pw-Zq81-never-shown";
const VARIANTS = ["A", "B", "C", "D", "E"] as const;
const specs = VARIANTS.map((v) => ({ name: `var${v}`, variant: v, password: true }));

/** The op of each variant's program (or refresh) step. */
function ops(r: OperationResult): Record<string, string> {
  return Object.fromEntries(VARIANTS.map((v) => [v, stepOf(r.steps, `var${v}`).op]));
}

describe("engine driver: life cycle, secrets and the §7.3 drift table", function () {
  this.timeout(60_000);
  const fx = new Fixture(specs, { password: PASSWORD });
  const driver = fx.driver;
  after(() => fx.cleanup());

  let created: OperationResult;
  before(async () => {
    created = await driver.up();
  });

  it("up creates every resource, after GetPluginInfo and Configure", () => {
    assert.equal(created.exitCode, 0, created.display);
    assert.equal(created.rpcCounts.Create, 5);
    assert.deepEqual(
      created.steps.map((s) => s.op),
      new Array(6).fill("create"),
    );
    const ids = driver.state.resources.filter((r) => r.type.endsWith(":Kv")).map((r) => r.id);
    assert.deepEqual(ids.sort(), ["varA", "varB", "varC", "varD", "varE"]);
    assert.deepEqual(Object.keys(fx.store().objects).sort(), ids);

    // Configure is sent, and answered, before the first resource RPC (notes §5: a CRUD call before it fails).
    const provider = created.calls.filter((c) => c.name.startsWith("provider."));
    assert.equal(provider[0].name, "provider.GetPluginInfo");
    assert.equal(provider[1].name, "provider.Configure");
    for (const c of provider.slice(2)) assert.ok(c.startMs >= provider[1].endMs, `${c.name} before Configure ended`);

    // The program received the real outputs of each step: `revision` is output-only.
    assert.deepEqual(created.outputs.revisions.value, { varA: 1, varB: 1, varC: 1, varD: 1, varE: 1 });
    assert.match(created.display, /^Updating \(dev\)/);
    assert.match(created.display, /\+ 6 created/);
  });

  it("a second up changes nothing: Check and Diff only, no Create/Update", async () => {
    const r = await driver.up({ expectNoChanges: true });
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(r.changes, false);
    assert.equal(r.rpcCounts.Create, undefined);
    assert.equal(r.rpcCounts.Update, undefined);
    assert.equal(r.rpcCounts.Check, 5);
    assert.equal(r.rpcCounts.Diff, 5);
    assert.ok(r.steps.every((s) => s.op === "same"));
    assert.match(r.display, /6 unchanged/);
  });

  it("keeps a secret input secret in state, via same-key propagation and additionalSecretOutputs", () => {
    const d = driver.state.resources.find((r) => r.name === "varD")!;
    assert.ok(isSecret(d.inputs.password), "input marked secret by the program");
    assert.ok(isSecret(d.outputs.password), "output of the same name inherits secretness");
    assert.ok(isSecret(d.outputs.passwordHash), "additionalSecretOutputs");
    assert.ok(!isSecret(d.outputs.enabled));
    assert.equal(reveal(d.outputs.password), PASSWORD);
    const hash = String(reveal(d.outputs.passwordHash));

    // The plaintext appears in state only inside secret-marked values...
    const found = occurrences(driver.state, PASSWORD);
    assert.ok(found.length > 0);
    assert.deepEqual(
      found.filter((o) => !o.secret),
      [],
    );
    assert.deepEqual(
      occurrences(driver.state, hash).filter((o) => !o.secret),
      [],
    );
    // ...never in the exported checkpoint (encrypted), the display, or any program/plugin output line.
    const exported = driver.exportState();
    assert.ok(!exported.includes(PASSWORD) && !exported.includes(hash));
    assert.match(exported, /"ciphertext": "v1:/);
    assert.match(created.display, /passwordLength: \[secret\]/);
    assert.ok(!created.display.includes(PASSWORD));
    assert.ok(driver.output.length > 0);
    assert.ok(driver.output.every((l) => !l.includes(PASSWORD) && !l.includes(hash)));
  });

  // Columns of the §7.3 table, filled below.
  const table: Record<string, Record<string, string>> = {};

  it("without drift: preview --refresh and refresh", async () => {
    const p = await driver.preview({ refresh: true });
    assert.equal(p.rpcCounts.Read, 5, "preview --refresh really reads");
    assert.equal(p.rpcCounts.Create ?? 0, 0);
    assert.equal(p.rpcCounts.Update ?? 0, 0);
    table.noDriftPreviewRefresh = ops(p);
    const r = await driver.refresh();
    table.noDriftRefresh = ops(r);
  });

  it("detects out-of-band drift: preview --refresh --expect-no-changes fails with exit code 7", async () => {
    fx.editStore((s) => {
      for (const o of Object.values(s.objects)) o.enabled = false;
    });
    const p = await driver.preview({ refresh: true, expectNoChanges: true });
    table.driftPreviewRefresh = ops(p);
    assert.equal(p.exitCode, 7, p.display);
    assert.equal(p.changes, true);
    assert.ok(p.errors.includes("no changes were expected but changes were proposed"));
    // Refresh steps of a preview are neither shown nor counted; the update of varD shows the field.
    assert.ok(p.steps.some((s) => s.op === "refresh" && s.refreshResult === "update"));
    assert.match(p.display, /~\s+[├└]─ pulumi-nodejs:dynamic\/kv:Kv\s+varD\s+update/);
    assert.match(p.display, /~ enabled: false => true/);
    assert.match(p.display, /Previewing update \(dev\)/);
    assert.equal(stepOf(p.steps, "varD").diffs[0].path, "enabled");
    assert.equal(p.rpcCounts.Update ?? 0, 0);
    assert.equal(fx.store().objects.varD.enabled, false, "a preview changes nothing");
  });

  it("refresh reports the drift (old → new) and writes it to state", async () => {
    const before = driver.state.resources.find((r) => r.name === "varD")!;
    assert.equal(before.outputs.enabled, true);
    const r = await driver.refresh({ expectNoChanges: true });
    table.driftRefresh = ops(r);
    assert.equal(r.exitCode, 7);
    const d = stepOf(r.steps, "varD");
    assert.equal(d.op, "update");
    assert.deepEqual(d.diffs, [{ path: "enabled", kind: "update", old: true, new: false }]);
    assert.match(r.display, /^Refreshing \(dev\)/);
    assert.match(r.display, /~ enabled: true => false/);
    const after = driver.state.resources.find((r) => r.name === "varD")!;
    assert.equal(after.outputs.enabled, false);
    assert.ok(isSecret(after.outputs.passwordHash), "additionalSecretOutputs also apply on refresh");
    assert.ok(isSecret(after.outputs.password), "Read takes secretness from the old state");
  });

  it("reproduces the notes' §7.3 table (variants A–E vs drift detection)", () => {
    const expected = {
      noDriftRefresh: { A: "same", B: "update", C: "update", D: "same", E: "same" },
      noDriftPreviewRefresh: { A: "same", B: "update", C: "update", D: "same", E: "same" },
      driftRefresh: { A: "same", B: "update", C: "update", D: "update", E: "update" },
      driftPreviewRefresh: { A: "same", B: "update", C: "update", D: "update", E: "update" },
    };
    assert.deepEqual(table, expected);
  });

  it("up repairs the drift (except the blind variant A)", async () => {
    const r = await driver.up();
    assert.equal(r.exitCode, 0, r.display);
    assert.deepEqual(ops(r), { A: "same", B: "update", C: "update", D: "update", E: "update" });
    assert.equal(r.rpcCounts.Update, 4);
    const store = fx.store().objects;
    assert.equal(store.varD.enabled, true);
    assert.equal(store.varA.enabled, false, "variant A never saw the drift");
    const d = driver.state.resources.find((x) => x.name === "varD")!;
    assert.equal(d.outputs.revision, 2);
    assert.ok(isSecret(d.outputs.password) && isSecret(d.outputs.passwordHash));
    const again = await driver.up({ expectNoChanges: true });
    assert.equal(again.exitCode, 0, again.display);
  });

  it("destroy deletes every resource in reverse order and empties the state", async () => {
    const r = await driver.destroy();
    assert.equal(r.exitCode, 0, r.display);
    assert.equal(r.rpcCounts.Delete, 5);
    assert.ok(r.steps.every((s) => s.op === "delete"));
    assert.equal(r.steps[r.steps.length - 1].type, "pulumi:pulumi:Stack", "the stack goes last");
    assert.deepEqual(driver.state.resources, []);
    assert.deepEqual(fx.store().objects, {});
    assert.match(r.display, /- 6 deleted/);
  });
});
