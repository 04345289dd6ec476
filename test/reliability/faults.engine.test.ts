// Fault matrix end to end: the fixture stack through the engine driver (real plugin over gRPC), with faults injected
// into the simulator. What the engine records must never claim a change ONTAP did not make: a failed create leaves
// no resource, a failed update keeps the old state, and after every operation the state of each SVM configuration
// equals what ONTAP holds. Provider calls are timed against the retry bounds.
//
// The plugin gets tight knobs (`ONTAP_TIMEOUT_MS`, `ONTAP_RETRY_BASE_DELAY_MS`) so the failing cases stay short; the
// transient cases with the client's default bounds are in faults.test.ts.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { EngineDriver } from "../../tools/engine";
import {
  assertStateMatchesOntap,
  backoffBound,
  declare,
  failed,
  fixtureStack,
  longestCall,
  ndmpResources,
  ontapConfig,
  plain,
  resourceNamed,
  succeeded,
  svmConfigs,
} from "./helpers";

const TIMEOUT_MS = 1000;
const BASE_DELAY_MS = 100;
const SLACK_MS = 2000;

describe("reliability: fault matrix through the engine", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let stack: EngineDriver;
  const enabledOnOntap = () => sim.control.state().svms.map((s) => s.enabled);
  const enabledInState = () => ["ndmp-svm1", "ndmp-svm2"].map((n) => plain(resourceNamed(stack, n)?.outputs.enabled));
  /** The program edit of each case: both SVM configurations to `enabled`. */
  const want = (enabled: boolean) => declare(stack, svmConfigs(2, { enabled, authenticationTypes: ["challenge"] }));

  before(async () => {
    sim = await startSimulator({ svms: 3, readOnlyUser: { username: "monitor", password: "monitor-pw" } });
    stack = fixtureStack([], ontapConfig(sim), {
      ONTAP_TIMEOUT_MS: String(TIMEOUT_MS),
      ONTAP_RETRY_BASE_DELAY_MS: String(BASE_DELAY_MS),
    });
  });
  afterEach(() => {
    sim.control.clearFaults();
    sim.control.setAsyncMode({ enabled: false, failure: null });
    sim.control.resetCounters();
  });
  after(async () => {
    await sim?.stop();
  });

  it("wrong credentials (401) on the first up: the creates fail at once and leave no resource", async () => {
    want(true);
    stack.setConfig("ontap:password", "not-the-password", true);
    const up = await stack.up();
    const errors = failed(up);
    assert.match(errors, /ndmp-svm1.*401 .*Hint: Wrong credentials/);
    assert.match(errors, /ndmp-svm2.*401 .*Hint: Wrong credentials/);
    assert.deepStrictEqual(ndmpResources(stack), [], "a failed create leaves no resource");
    // No retry: at most one lookup per resource (lookups may be coalesced), each answered 401, nothing after it.
    const counters = sim.control.counters();
    assert.ok(counters.byStatus["401"] <= 2, `${counters.byStatus["401"]} requests answered 401: retried`);
    assert.strictEqual(counters.total, counters.byStatus["401"]);
    const create = longestCall(up, "Create");
    assert.ok(create < SLACK_MS, `Create took ${create} ms`);
  });

  it("a burst of 503 and connection resets during create: retried, both created", async () => {
    stack.setConfig("ontap:password", sim.password, true);
    sim.control.addFault({ kind: "503", count: 2 });
    sim.control.addFault({ kind: "reset", count: 2 });
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(enabledOnOntap(), [true, true, false]);
    assertStateMatchesOntap(stack, sim);
    assert.strictEqual(sim.control.counters().byStatus["503"], 2);
    assert.strictEqual(sim.control.counters().byStatus["0"], 2, "two connections reset");
    const create = longestCall(up, "Create");
    assert.ok(create < backoffBound(4, BASE_DELAY_MS) + SLACK_MS, `Create took ${create} ms`);
  });

  it("a PATCH answered 202 whose job succeeds: the update is recorded", async () => {
    want(false);
    sim.control.setAsyncMode({ enabled: true, durationMs: 300 });
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(enabledOnOntap(), [false, false, false]);
    assert.deepStrictEqual(enabledInState(), [false, false]);
    assert.deepStrictEqual(
      sim.control.jobs().map((j) => j.state),
      ["success", "success"],
    );
    const update = longestCall(up, "Update");
    assert.ok(update >= 300 && update < 300 + SLACK_MS, `Update took ${update} ms`);
  });

  it("a PATCH answered 202 whose job fails: the update fails and state keeps the old values", async () => {
    want(true);
    sim.control.setAsyncMode({ enabled: true, durationMs: 100, failure: { message: "NDMP is busy", code: 65536 } });
    const up = await stack.up();
    assert.match(failed(up), /ndmp-svm1.*job .* 65536 NDMP is busy/);
    assert.deepStrictEqual(enabledOnOntap(), [false, false, false], "a failed job applies nothing");
    assert.deepStrictEqual(enabledInState(), [false, false], "state must not claim the change");
    assertStateMatchesOntap(stack, sim);
  });

  it("503 that does not stop: the update gives up after 5 attempts and state keeps the old values", async () => {
    sim.control.addFault({ kind: "503", method: "PATCH", pathPrefix: "/api/protocols/ndmp/svms" });
    const up = await stack.up();
    assert.match(failed(up), /ndmp-svm1.*failed after 5 attempts: 503 65552/);
    assert.deepStrictEqual(enabledInState(), [false, false]);
    assertStateMatchesOntap(stack, sim);
    const update = longestCall(up, "Update");
    assert.ok(update < backoffBound(4, BASE_DELAY_MS) + SLACK_MS, `Update took ${update} ms`);
  });

  it("insufficient role (403, read-only user): the update fails and state keeps the old values", async () => {
    stack.setConfig("ontap:username", "monitor");
    stack.setConfig("ontap:password", "monitor-pw", true);
    const up = await stack.up();
    assert.match(failed(up), /ndmp-svm2.*403 6 not authorized for that command.*Hint: The account's role/);
    assert.strictEqual(sim.control.counters().byStatus["403"], 2, "a 403 is not retried");
    assert.deepStrictEqual(enabledInState(), [false, false]);
    assertStateMatchesOntap(stack, sim);
    stack.setConfig("ontap:username", sim.username);
    stack.setConfig("ontap:password", sim.password, true);
  });

  it("latency spike beyond the request timeout: the PATCH is retried and the update is recorded", async () => {
    sim.control.addFault({ kind: "slow", delayMs: 1500, count: 2, method: "PATCH" });
    const up = succeeded(await stack.up());
    assert.deepStrictEqual(enabledInState(), [true, true]);
    assertStateMatchesOntap(stack, sim);
    const update = longestCall(up, "Update");
    assert.ok(
      update >= TIMEOUT_MS && update < TIMEOUT_MS + backoffBound(1, BASE_DELAY_MS) + SLACK_MS,
      `Update took ${update} ms`,
    );
  });

  it('"temporarily locked" and 429/262160: retried, the update is recorded', async () => {
    want(false);
    sim.control.addFault({ kind: "locked", count: 1, method: "PATCH" });
    sim.control.addFault({ kind: "429", count: 1, method: "PATCH", retryAfterSeconds: 1 });
    const up = succeeded(await stack.up());
    assert.strictEqual(sim.control.counters().byStatus["409"], 1);
    assert.strictEqual(sim.control.counters().byStatus["429"], 1);
    assert.deepStrictEqual(enabledInState(), [false, false]);
    assertStateMatchesOntap(stack, sim);
    const update = longestCall(up, "Update");
    assert.ok(update >= 1000 && update < 1000 + SLACK_MS, `Update took ${update} ms; Retry-After: 1 must be honoured`);
  });

  it("SVMs deleted between preview and up: the update and the create fail clearly, state claims nothing", async () => {
    declare(stack, [
      ...svmConfigs(2, { enabled: true, authenticationTypes: ["challenge"] }),
      ...svmConfigs(1, { enabled: true }, 3),
    ]);
    const preview = succeeded(await stack.preview());
    assert.deepStrictEqual(
      preview.steps
        .filter((s) => s.name.startsWith("ndmp-svm"))
        .map((s) => [s.name, s.op])
        .sort(),
      [
        ["ndmp-svm1", "update"],
        ["ndmp-svm2", "update"],
        ["ndmp-svm3", "create"],
      ],
    );
    const [, svm2, svm3] = sim.control.state().svms;
    sim.control.deleteSvm(svm2.uuid);
    sim.control.deleteSvm(svm3.uuid);

    const up = await stack.up();
    const errors = failed(up);
    assert.match(errors, /ndmp-svm2.*404 4 .*Hint: The object does not exist/);
    assert.match(errors, /ndmp-svm3.*has no SVM "svm3"; it has: svm1\./);
    assert.strictEqual(plain(resourceNamed(stack, "ndmp-svm1")!.outputs.enabled), true, "svm1 was updated");
    assert.strictEqual(plain(resourceNamed(stack, "ndmp-svm2")!.outputs.enabled), false, "svm2 keeps its old state");
    assert.strictEqual(resourceNamed(stack, "ndmp-svm3"), undefined, "the failed create leaves no resource");

    // Refresh then drops the configuration of the deleted SVM, and state and ONTAP agree again.
    const refresh = succeeded(await stack.refresh());
    assert.deepStrictEqual(
      refresh.steps.filter((s) => s.op === "delete").map((s) => s.name),
      ["ndmp-svm2"],
    );
    assert.deepStrictEqual(
      ndmpResources(stack).map((r) => r.name),
      ["ndmp-svm1"],
    );
    assertStateMatchesOntap(stack, sim);
  });
});
