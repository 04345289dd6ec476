// 200 resources applied at once: the engine runs every step in parallel (no --parallel limit), the plugin shares one
// ONTAP client per cluster, and that client's in-flight limit (default 8, `ONTAP_MAX_IN_FLIGHT`) must bound what the
// cluster sees. The simulator holds the first PATCHes back for seconds, so the limit is reached however fast or slow
// the engine starts the steps (a few milliseconds of latency alone let a loaded machine reach a peak of only 3).
import * as assert from "assert";
import { closeAllClusters } from "../../provider/clusters";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { methods, providerOf, stackConfigOf } from "../resources/harness";
import {
  assertStateMatchesOntap,
  fixtureStack,
  ndmpResources,
  ontapConfig,
  succeeded,
  svmConfigs,
  withKnobs,
} from "./helpers";

const COUNT = 200;

describe("reliability: 200 resources at once", function () {
  this.timeout(180_000);
  let sim: SimulatorHandle;

  before(async () => {
    sim = await startSimulator({ svms: COUNT, latencyMs: 5 });
  });
  beforeEach(() => sim.control.reset());
  after(async () => {
    closeAllClusters();
    await sim?.stop();
  });

  it("through the pulumi CLI: 200 NdmpSvmConfig created without error, at most 8 requests in flight", async () => {
    const HELD = 8;
    sim.control.addFault({ kind: "slow", method: "PATCH", count: HELD, delayMs: 3000 });
    const stack = await fixtureStack(
      svmConfigs(COUNT, { enabled: true, authenticationTypes: ["challenge", "plaintext"] }),
      ontapConfig(sim),
    );
    try {
      const up = succeeded(await stack.up());
      assert.strictEqual(up.changes.create, COUNT + 1, JSON.stringify(up.changes)); // and the stack
      assert.strictEqual(up.steps.filter((s) => s.op === "create" && s.name.startsWith("ndmp-svm")).length, COUNT);
      assert.strictEqual((await ndmpResources(stack)).length, COUNT);
      assert.ok(sim.control.state().svms.every((s) => s.enabled && s.authentication_types.length === 2));
      await assertStateMatchesOntap(stack, sim);
    } finally {
      stack.dispose();
    }

    const counters = sim.control.counters();
    assert.strictEqual(counters.byMethod.PATCH, COUNT, "one PATCH per resource, none lost or repeated");
    // While the held PATCHes wait, the other 192 steps have started and queue in the client: exactly the limit.
    assert.strictEqual(counters.peakInFlight, HELD, `peak in flight ${counters.peakInFlight}, limit 8`);
    assert.strictEqual(Object.keys(counters.byStatus).join(), "200", "every request succeeded");
  });

  it("runtime calls: 200 concurrent creates respect ONTAP_MAX_IN_FLIGHT=3", async () => {
    await withKnobs({ ONTAP_MAX_IN_FLIGHT: "3" }, async () => {
      const p = methods(providerOf("svm", stackConfigOf(sim)));
      const results = await Promise.all(
        Array.from({ length: COUNT }, async (_, i) => {
          const { inputs, failures } = await p.check({}, { svm: `svm${i + 1}`, enabled: true });
          assert.deepStrictEqual(failures, []);
          return p.create(inputs!);
        }),
      );
      assert.strictEqual(new Set(results.map((r) => r.id)).size, COUNT);
      assert.ok(sim.control.state().svms.every((s) => s.enabled));
      const { peakInFlight } = sim.control.counters();
      assert.strictEqual(peakInFlight, 3, `peak in flight ${peakInFlight}, limit 3`);
    });
  });
});
