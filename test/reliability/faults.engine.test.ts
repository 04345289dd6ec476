// Fault matrix end to end: the fixture stack through the real Pulumi CLI, with faults injected into the simulator.
// What Pulumi records must never claim a change ONTAP did not make: a failed create leaves no resource, a failed
// update keeps the old state, and after every operation the state of each SVM configuration equals what ONTAP holds.
// How long ONTAP was asked (first request to last answer, from the simulator's log) is checked against the retry
// bounds.
//
// The plugin gets tight knobs (`ONTAP_TIMEOUT_MS`, `ONTAP_RETRY_BASE_DELAY_MS`) so the failing cases stay short; the
// transient cases with the client's default bounds are in faults.test.ts.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import type { RequestLogEntry } from "../../simulator/control/request-log";
import { ops, PulumiStack } from "../engine/stacks";
import {
  assertStateMatchesOntap,
  backoffBound,
  declare,
  failed,
  fixtureStack,
  ndmpResources,
  ontapConfig,
  plain,
  requestSpan,
  resourceNamed,
  succeeded,
  svmConfigs,
} from "./helpers";

const TIMEOUT_MS = 1000;
const BASE_DELAY_MS = 100;
const SLACK_MS = 2000;

describe("reliability (pulumi CLI): fault matrix", function () {
  this.timeout(120_000);
  let sim: SimulatorHandle;
  let stack: PulumiStack;
  const enabledOnOntap = () => sim.control.state().svms.map((s) => s.enabled);
  const enabledInState = async () => {
    const values = [];
    for (const n of ["ndmp-svm1", "ndmp-svm2"]) values.push(plain((await resourceNamed(stack, n))?.outputs?.enabled));
    return values;
  };
  /** The program edit of each case: both SVM configurations to `enabled`. */
  const want = (enabled: boolean) => declare(stack, svmConfigs(2, { enabled, authenticationTypes: ["challenge"] }));
  const log = () => sim.control.requestLog();
  const svmPatches = (e: RequestLogEntry) => e.method === "PATCH" && e.path.startsWith("/api/protocols/ndmp/svms/");

  before(async () => {
    sim = await startSimulator({ svms: 3, readOnlyUser: { username: "monitor", password: "monitor-pw" } });
    stack = await fixtureStack([], ontapConfig(sim), {
      ONTAP_TIMEOUT_MS: String(TIMEOUT_MS),
      ONTAP_RETRY_BASE_DELAY_MS: String(BASE_DELAY_MS),
    });
  });
  beforeEach(() => sim.control.clearRequestLog());
  afterEach(() => {
    sim.control.clearFaults();
    sim.control.setAsyncMode({ enabled: false, failure: null });
    sim.control.resetCounters();
  });
  after(async () => {
    stack?.dispose();
    await sim?.stop();
  });

  it("wrong credentials (401) on the first up: the creates fail at once and leave no resource", async () => {
    await want(true);
    await stack.setConfig("ontap:password", "not-the-password", true);
    // --continue-on-error: each resource's step runs even when another has failed first (see the last test).
    const errors = failed(await stack.up("--continue-on-error"));
    assert.match(errors, /ndmp-svm1.*401 .*Hint: Wrong credentials/);
    assert.match(errors, /ndmp-svm2.*401 .*Hint: Wrong credentials/);
    assert.deepStrictEqual(await ndmpResources(stack), [], "a failed create leaves no resource");
    // No retry: at most one lookup per resource (lookups may be coalesced), each answered 401, nothing after it.
    const counters = sim.control.counters();
    assert.ok(counters.byStatus["401"] <= 2, `${counters.byStatus["401"]} requests answered 401: retried`);
    assert.strictEqual(counters.total, counters.byStatus["401"]);
    const asked = requestSpan(log(), () => true);
    assert.ok(asked < SLACK_MS, `ONTAP was asked for ${asked} ms`);
  });

  it("a burst of 503 and connection resets during create: retried, both created", async () => {
    await stack.setConfig("ontap:password", sim.password, true);
    sim.control.addFault({ kind: "503", count: 2 });
    sim.control.addFault({ kind: "reset", count: 2 });
    succeeded(await stack.up());
    assert.deepStrictEqual(enabledOnOntap(), [true, true, false]);
    await assertStateMatchesOntap(stack, sim);
    assert.strictEqual(sim.control.counters().byStatus["503"], 2);
    assert.strictEqual(sim.control.counters().byStatus["0"], 2, "two connections reset");
    const asked = requestSpan(log(), () => true);
    assert.ok(asked < backoffBound(4, BASE_DELAY_MS) + SLACK_MS, `ONTAP was asked for ${asked} ms`);
  });

  it("a PATCH answered 202 whose job succeeds: the update is recorded", async () => {
    await want(false);
    sim.control.setAsyncMode({ enabled: true, durationMs: 300 });
    succeeded(await stack.up());
    assert.deepStrictEqual(enabledOnOntap(), [false, false, false]);
    assert.deepStrictEqual(await enabledInState(), [false, false]);
    assert.deepStrictEqual(
      sim.control.jobs().map((j) => j.state),
      ["success", "success"],
    );
    // The PATCH answered 202 and the job polls until it ends: at least the job's 300 ms.
    const update = requestSpan(log(), (e) => svmPatches(e) || e.path.startsWith("/api/cluster/jobs/"));
    assert.ok(update >= 300 && update < 300 + SLACK_MS, `the updates took ${update} ms`);
  });

  it("a PATCH answered 202 whose job fails: the update fails and state keeps the old values", async () => {
    await want(true);
    sim.control.setAsyncMode({ enabled: true, durationMs: 100, failure: { message: "NDMP is busy", code: 65536 } });
    assert.match(failed(await stack.up()), /ndmp-svm1[^]*job .* 65536 NDMP is busy/);
    assert.deepStrictEqual(enabledOnOntap(), [false, false, false], "a failed job applies nothing");
    assert.deepStrictEqual(await enabledInState(), [false, false], "state must not claim the change");
    await assertStateMatchesOntap(stack, sim);
  });

  it("503 that does not stop: the update gives up after 5 attempts and state keeps the old values", async () => {
    sim.control.addFault({ kind: "503", method: "PATCH", pathPrefix: "/api/protocols/ndmp/svms" });
    assert.match(failed(await stack.up()), /ndmp-svm1[^]*failed after 5 attempts: 503 65552/);
    assert.deepStrictEqual(await enabledInState(), [false, false]);
    await assertStateMatchesOntap(stack, sim);
    const update = requestSpan(log(), svmPatches);
    assert.ok(update < backoffBound(4, BASE_DELAY_MS) + SLACK_MS, `the updates took ${update} ms`);
  });

  it("insufficient role (403, read-only user): the update fails and state keeps the old values", async () => {
    await stack.setConfig("ontap:username", "monitor");
    await stack.setConfig("ontap:password", "monitor-pw", true);
    assert.match(
      failed(await stack.up("--continue-on-error")),
      /ndmp-svm2[^]*403 6 not authorized for that command[^]*Hint: The account's role/,
    );
    assert.strictEqual(sim.control.counters().byStatus["403"], 2, "a 403 is not retried");
    assert.deepStrictEqual(await enabledInState(), [false, false]);
    await assertStateMatchesOntap(stack, sim);
    await stack.setConfig("ontap:username", sim.username);
    await stack.setConfig("ontap:password", sim.password, true);
  });

  it("latency spike beyond the request timeout: the PATCH is retried and the update is recorded", async () => {
    sim.control.addFault({ kind: "slow", delayMs: 1500, count: 2, method: "PATCH" });
    succeeded(await stack.up());
    assert.deepStrictEqual(await enabledInState(), [true, true]);
    await assertStateMatchesOntap(stack, sim);
    // Each slow PATCH is logged when its late answer is sent (1.5 s), after the client's retry succeeded.
    const update = requestSpan(log(), svmPatches);
    assert.ok(update >= TIMEOUT_MS && update < 1500 + backoffBound(1, BASE_DELAY_MS) + SLACK_MS, `${update} ms`);
  });

  it('"temporarily locked" and 429/262160: retried, the update is recorded', async () => {
    await want(false);
    sim.control.addFault({ kind: "locked", count: 1, method: "PATCH" });
    sim.control.addFault({ kind: "429", count: 1, method: "PATCH", retryAfterSeconds: 1 });
    succeeded(await stack.up());
    assert.strictEqual(sim.control.counters().byStatus["409"], 1);
    assert.strictEqual(sim.control.counters().byStatus["429"], 1);
    assert.deepStrictEqual(await enabledInState(), [false, false]);
    await assertStateMatchesOntap(stack, sim);
    const update = requestSpan(log(), svmPatches);
    assert.ok(update >= 1000 && update < 1000 + SLACK_MS, `${update} ms; Retry-After: 1 must be honoured`);
  });

  it("SVMs deleted between preview and up: the update and the create fail clearly, state claims nothing", async () => {
    await declare(stack, [
      ...svmConfigs(2, { enabled: true, authenticationTypes: ["challenge"] }),
      ...svmConfigs(1, { enabled: true }, 3),
    ]);
    const preview = succeeded(await stack.preview());
    assert.deepStrictEqual(ops(preview), { "ndmp-svm1": "update", "ndmp-svm2": "update", "ndmp-svm3": "create" });
    const [, svm2, svm3] = sim.control.state().svms;
    sim.control.deleteSvm(svm2.uuid);
    sim.control.deleteSvm(svm3.uuid);

    // Without --continue-on-error the engine starts no step after the first failure, so whether svm1's update runs
    // would depend on which registration reached the engine first; with it, every independent step runs.
    const errors = failed(await stack.up("--continue-on-error"));
    assert.match(errors, /ndmp-svm2[^]*404 4 .*Hint: The object does not exist/);
    assert.match(errors, /ndmp-svm3[^]*has no SVM "svm3"; it has: svm1\./);
    const outputs = async (name: string) => (await resourceNamed(stack, name))?.outputs;
    assert.strictEqual(plain((await outputs("ndmp-svm1"))!.enabled), true, "svm1 was updated");
    assert.strictEqual(plain((await outputs("ndmp-svm2"))!.enabled), false, "svm2 keeps its old state");
    assert.strictEqual(await outputs("ndmp-svm3"), undefined, "the failed create leaves no resource");

    // Refresh then drops the configuration of the deleted SVM, and state and ONTAP agree again.
    const refresh = succeeded(await stack.refresh());
    assert.strictEqual(refresh.changes.delete, 1, JSON.stringify(refresh.changes));
    assert.deepStrictEqual(
      (await ndmpResources(stack)).map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2)),
      ["ndmp-svm1"],
    );
    await assertStateMatchesOntap(stack, sim);
  });
});
