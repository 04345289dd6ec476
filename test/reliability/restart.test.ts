// The simulator restarted mid-run: stopped (every connection dropped) and started again on the same port with the
// same state file, between operations and while one is in flight. The provider's keep-alive sockets die with the
// server, so the next request must reconnect (retried as a connection failure) and the operation complete against the
// persisted cluster. Plain http:// on loopback, so the restarted server (whose self-signed certificate would be new)
// is the same endpoint; this also runs the loopback http:// path end to end.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { startSimulator, SimulatorHandle, SimulatorOptions } from "../../simulator";
import { methods, Props, providerOf, stackConfigOf } from "../resources/harness";
import { closeAllClusters } from "../../provider/clusters";
import type { PulumiStack } from "../engine/stacks";
import {
  assertStateMatchesOntap,
  backoffBound,
  fixtureStack,
  ontapConfig,
  succeeded,
  svmConfigs,
  timed,
} from "./helpers";

const SLACK_MS = 2000;
const DOWN_MS = 300;

/** A simulator that can be restarted in place: same port, same state file. */
class RestartableSimulator {
  sim!: SimulatorHandle;
  readonly stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-restart-")), "state.json");
  constructor(private readonly options: SimulatorOptions) {}

  async start(): Promise<SimulatorHandle> {
    this.sim = await startSimulator({ ...this.options, http: true, stateFile: this.stateFile, port: this.sim?.port });
    return this.sim;
  }

  /** Stops the server and starts it again after `downMs`; resolves when it is back. */
  async restart(downMs = DOWN_MS): Promise<void> {
    await this.sim.stop();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.sim?.stop();
    fs.rmSync(path.dirname(this.stateFile), { recursive: true, force: true });
  }
}

/** Resolves once the simulator has received a request of `method` (counted on arrival, before latency). */
async function requestArrived(sim: SimulatorHandle, method: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(sim.control.counters().byMethod[method] > 0)) {
    if (Date.now() > deadline) throw new Error(`no ${method} reached the simulator`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("reliability: simulator restarted mid-run (runtime calls)", function () {
  this.timeout(30_000);
  const server = new RestartableSimulator({ svms: 2, password: "restart-admin-pw" });
  const enabledOnOntap = () => server.sim.control.state().svms.find((s) => s.name === "svm1")!.enabled;

  before(() => server.start());
  after(async () => {
    closeAllClusters();
    await server.dispose();
  });

  it("between operations: the next call reconnects and sees the persisted cluster", async () => {
    const p = methods(providerOf("svm", stackConfigOf(server.sim)));
    const { inputs } = await p.check({}, { svm: "svm1", enabled: true });
    const created = await p.create(inputs!);
    assert.strictEqual(enabledOnOntap(), true);

    await server.restart();
    assert.strictEqual(enabledOnOntap(), true, "the state file kept the change");
    const read = await timed(() => p.read(created.id, created.outs as Props));
    assert.ifError(read.error);
    assert.strictEqual((read.value!.props as Props).enabled, true);
    assert.ok(read.ms < backoffBound(1) + SLACK_MS, `read took ${read.ms} ms`);
  });

  it("during an update: the dropped request is retried once the server is back", async () => {
    const p = methods(providerOf("svm", stackConfigOf(server.sim)));
    const { inputs } = await p.check({}, { svm: "svm1", enabled: true });
    const created = await p.create(inputs!);
    const news = (await p.check(inputs!, { svm: "svm1", enabled: false })).inputs!;
    server.sim.control.resetCounters();
    server.sim.control.setLatency(1000);

    const update = timed(() => p.update(created.id, created.outs as Props, news));
    await requestArrived(server.sim, "PATCH");
    await server.restart();
    const result = await update;
    assert.ifError(result.error);
    assert.strictEqual((result.value!.outs as Props).enabled, false);
    assert.strictEqual(enabledOnOntap(), false, "the retried PATCH reached the restarted server");
    assert.strictEqual(server.sim.control.counters().byMethod.PATCH, 1, "one PATCH on the restarted server");
    assert.ok(result.ms >= DOWN_MS && result.ms < DOWN_MS + backoffBound(4) + SLACK_MS, `update took ${result.ms} ms`);
  });
});

describe("reliability: simulator restarted mid-run (pulumi CLI)", function () {
  this.timeout(120_000);
  const server = new RestartableSimulator({ svms: 3, password: "restart-admin-pw" });
  let stack: PulumiStack | undefined;

  before(() => server.start());
  after(() => {
    stack?.dispose();
    return server.dispose();
  });

  it("during an up, then between operations: the up completes, refresh finds state and ONTAP equal", async () => {
    stack = await fixtureStack(
      svmConfigs(3, { enabled: true, authenticationTypes: ["plaintext"] }),
      ontapConfig(server.sim),
    );
    server.sim.control.setLatency(500);
    const up = stack.up();
    const started = performance.now();
    // Restart while the first PATCHes are in flight (held back by the latency, so not applied yet).
    await requestArrived(server.sim, "PATCH");
    await server.restart();
    succeeded(await up);
    const wall = performance.now() - started;
    assert.deepStrictEqual(
      server.sim.control.state().svms.map((s) => [s.enabled, s.authentication_types]),
      [
        [true, ["plaintext"]],
        [true, ["plaintext"]],
        [true, ["plaintext"]],
      ],
    );
    await assertStateMatchesOntap(stack!, server.sim);
    // The up outlasted the outage; the retry bound of a single call is timed in the runtime-level case above.
    assert.ok(wall >= DOWN_MS, `the up took ${wall} ms`);
    assert.ok(server.sim.control.counters().byMethod.PATCH >= 1, "PATCHes were retried on the restarted server");

    await server.restart();
    const refresh = succeeded(await stack!.refresh("--expect-no-changes"));
    assert.deepStrictEqual(Object.keys(refresh.changes), ["same"]);
    await assertStateMatchesOntap(stack!, server.sim);
  });
});
