// What only the real Pulumi engine can show: an unrelated config change and drift checks, `up --target`,
// `up --parallel 1`, `destroy` with onDelete: restore, an up interrupted by SIGINT and one killed by SIGKILL in the
// middle of 200 SVM updates (followed by refresh and up, and the repair of a checkpoint metadata file a kill left
// empty), and the data functions during `pulumi preview`.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { descendants } from "../../tools/demo/cleanup";
import { assertStateMatchesOntap, declare, fixtureStack, ndmpResources, svmConfigs } from "../reliability/helpers";
import { changed, exampleStack, ontapConfig, ops, PulumiStack, succeeded } from "./stacks";

/** Waits until ONTAP has received at least `count` requests of `method`. */
async function requestsArrived(sim: SimulatorHandle, method: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((sim.control.counters().byMethod[method] ?? 0) < count) {
    if (Date.now() > deadline) throw new Error(`only ${sim.control.counters().byMethod[method] ?? 0} ${method}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The metadata file that the `file://` backend keeps beside the stack's checkpoint: gocloud.dev's fileblob writes
 * `<key>.attrs` in place (`setAttrs` in blob/fileblob/attrs.go, v0.46.0, which pulumi v3.248.0 uses), while the
 * checkpoint itself is written to a temporary file and renamed. A kill during that write leaves it empty, and every
 * command then fails with `failed to load checkpoint: EOF`.
 */
function checkpointMetadataFile(stack: PulumiStack): string {
  const stacks = path.join(stack.root, "state", ".pulumi", "stacks");
  const found = fs
    .readdirSync(stacks, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === `${stack.stack}.json.attrs`);
  assert.strictEqual(found.length, 1, `one checkpoint metadata file under ${stacks}: ${found.join(", ")}`);
  return path.join(stacks, found[0]);
}

/** The error of a command that finds the checkpoint's metadata file empty. */
const EMPTY_METADATA = /error: failed to load checkpoint: EOF/;
const LOCKED = /the stack is currently locked by 1 lock\(s\)/;

describe("engine (pulumi CLI): behaviour only the real engine shows", function () {
  this.timeout(240_000);

  describe("an unrelated stack config change", () => {
    let sim: SimulatorHandle;
    let stack: PulumiStack;
    before(async () => {
      sim = await startSimulator({ svms: 2 });
      stack = await exampleStack("quickstart", ontapConfig(sim));
      succeeded(await stack.up());
    });
    after(async () => {
      stack?.dispose();
      await sim?.stop();
    });

    it("does not trip preview --expect-no-changes: the default provider's update is not a proposed change", async () => {
      await stack.setConfig("some:other", "value");
      await stack.setConfig("ndmp-quickstart:unrelated", "value");
      for (const flags of [[], ["--refresh"]]) {
        const preview = await stack.preview(...flags, "--expect-no-changes", "--diff");
        assert.strictEqual(preview.exitCode, 0, preview.stdout + preview.stderr);
        assert.deepStrictEqual(preview.changes, { same: 4 });
        // The engine does plan an update of the default pulumi-nodejs provider (its inputs are the stack config),
        // but neither counts it as a change nor prints it.
        const provider = preview.steps.find((s) => s.type === "pulumi:providers:pulumi-nodejs" && s.op !== "refresh");
        assert.strictEqual(provider?.op, "update");
        assert.doesNotMatch(preview.stdout, /to update|pulumi:providers/);
      }
      sim.control.resetCounters();
      const up = succeeded(await stack.up("--expect-no-changes"));
      assert.strictEqual(changed(up), false);
      assert.strictEqual(sim.control.counters().byMethod.PATCH, undefined);
    });
  });

  describe("targets, parallelism and destroy with onDelete: restore", () => {
    let sim: SimulatorHandle;
    let stack: PulumiStack;
    const enabledOnOntap = () => sim.control.state().svms.map((s) => s.enabled);
    before(async () => {
      sim = await startSimulator({ svms: 10 });
      stack = await fixtureStack(svmConfigs(10, { enabled: true, onDelete: "restore" }), ontapConfig(sim));
    });
    after(async () => {
      stack?.dispose();
      await sim?.stop();
    });

    it("up --parallel 1 creates ten SVM configurations one at a time", async () => {
      const up = succeeded(await stack.up("--parallel", "1"));
      assert.strictEqual(up.changes.create, 11);
      assert.deepStrictEqual(enabledOnOntap(), Array(10).fill(true));
      assert.strictEqual(sim.control.counters().peakInFlight, 1, "more than one request at a time");
      await assertStateMatchesOntap(stack, sim);
    });

    it("up --target changes only the targeted SVM configuration; the rest stays proposed", async () => {
      await declare(stack, svmConfigs(10, { enabled: false, onDelete: "restore" }));
      const urn = (await ndmpResources(stack)).find((r) => r.urn.endsWith("::ndmp-svm2"))!.urn;
      sim.control.clearRequestLog();
      const up = succeeded(await stack.up("--target", urn));
      assert.deepStrictEqual(
        Object.entries(ops(up)).filter(([, op]) => op !== "same"),
        [["ndmp-svm2", "update"]],
      );
      assert.deepStrictEqual(enabledOnOntap(), [true, false, ...Array(8).fill(true)]);
      assert.strictEqual(sim.control.requestLog().filter((e) => e.method === "PATCH").length, 1);
      await assertStateMatchesOntap(stack, sim);
      const preview = await stack.preview("--expect-no-changes");
      assert.strictEqual(preview.exitCode, 7);
      assert.strictEqual(preview.changes.update, 9);
    });

    it("destroy with onDelete: restore puts back what each SVM had before Pulumi adopted it", async () => {
      succeeded(await stack.destroy());
      assert.deepStrictEqual(enabledOnOntap(), Array(10).fill(false), "the SVMs of a new cluster have NDMP off");
      assert.deepStrictEqual(await ndmpResources(stack), []);
    });
  });

  describe("an up of 200 SVM updates stopped in the middle", () => {
    const COUNT = 200;
    let sim: SimulatorHandle;
    let stack: PulumiStack;
    const enabledOnOntap = () => sim.control.state().svms.map((s) => s.enabled);
    before(async () => {
      sim = await startSimulator({ svms: COUNT });
      stack = await fixtureStack(svmConfigs(COUNT, { enabled: true }), ontapConfig(sim));
      succeeded(await stack.up());
    });
    after(async () => {
      stack?.dispose();
      await sim?.stop();
    });

    /** Every SVM as the program says, state and ONTAP agreeing, nothing left to do. */
    async function assertConverged(enabled: boolean): Promise<void> {
      assert.deepStrictEqual(enabledOnOntap(), Array(COUNT).fill(enabled));
      assert.strictEqual((await ndmpResources(stack)).length, COUNT);
      await assertStateMatchesOntap(stack, sim);
      assert.strictEqual(changed(succeeded(await stack.preview("--refresh", "--expect-no-changes"))), false);
    }

    for (const signal of ["SIGINT", "SIGKILL"] as const) {
      it(`${signal} mid-way, then refresh and up: the stack ends as the program says, state and ONTAP agree`, async () => {
        const enabled = !enabledOnOntap()[0]; // each case flips every SVM
        await declare(stack, svmConfigs(COUNT, { enabled }));
        sim.control.setLatency(20);
        sim.control.resetCounters();
        const running = stack.start("up", [], { processGroup: signal === "SIGKILL" });
        const cli = await running.cli;
        await requestsArrived(sim, "PATCH", 40);
        // SIGINT: Ctrl-C to the CLI, which lets the steps in flight finish and records them. SIGKILL: the CLI and
        // its plugins killed at once, as a CI runner ends a job.
        if (signal === "SIGINT") cli.kill("SIGINT");
        else {
          // The CLI starts its plugins in process groups of their own: end them by id too, as a runner does.
          const plugins = descendants(cli.pid!);
          process.kill(-cli.pid!, "SIGKILL");
          for (const pid of plugins) {
            try {
              process.kill(pid, "SIGKILL");
            } catch {
              // already gone with the group
            }
          }
        }
        const interrupted = await running.result;
        assert.notStrictEqual(interrupted.exitCode, 0, interrupted.stdout + interrupted.stderr);
        const patched = sim.control.counters().byMethod.PATCH ?? 0;
        assert.ok(patched < COUNT, `${signal} came too late: all ${patched} PATCHes were sent`);
        sim.control.setLatency(0);
        await new Promise((resolve) => setTimeout(resolve, 500)); // requests in flight at the kill land

        if (signal === "SIGKILL") {
          // A killed CLI cannot release its lock on the stack: the next command says so, and `pulumi cancel` (what
          // the README tells users) removes it.
          let locked = await stack.refresh();
          assert.strictEqual(locked.exitCode, 1);
          if (EMPTY_METADATA.test(locked.stderr)) {
            // The kill landed while the backend wrote the checkpoint's metadata file: the README's repair.
            const metadata = checkpointMetadataFile(stack);
            assert.strictEqual(fs.statSync(metadata).size, 0, "only an empty metadata file explains the EOF");
            fs.rmSync(metadata);
            locked = await stack.refresh();
            assert.strictEqual(locked.exitCode, 1);
          }
          assert.match(locked.stderr, LOCKED);
          const cancel = await stack.run(["cancel", "--yes", "--stack", stack.stack]);
          assert.strictEqual(cancel.exitCode, 0, cancel.stdout + cancel.stderr);
        }
        // What ONTAP did is what refresh records; up then does the rest.
        succeeded(await stack.refresh());
        await assertStateMatchesOntap(stack, sim);
        succeeded(await stack.up());
        await assertConverged(enabled);
      });
    }

    it("a checkpoint metadata file left empty by a kill: commands fail with EOF until it is removed", async () => {
      // What a kill during that write leaves (see checkpointMetadataFile), made on purpose: a kill lands there
      // only now and then.
      const metadata = checkpointMetadataFile(stack);
      fs.writeFileSync(metadata, "");
      const failed = await stack.preview("--refresh");
      assert.strictEqual(failed.exitCode, 1, failed.stdout + failed.stderr);
      assert.match(failed.stderr, EMPTY_METADATA);
      fs.rmSync(metadata);
      assert.strictEqual(changed(succeeded(await stack.preview("--refresh", "--expect-no-changes"))), false);
    });
  });

  describe("data functions during pulumi preview", () => {
    let sim: SimulatorHandle;
    before(async () => {
      sim = await startSimulator({ svms: 2 });
    });
    after(async () => {
      await sim?.stop();
    });

    it("getNdmpSessions answers in a preview of a new stack; getNdmpPassword is a secret output", async () => {
      const sessions = await exampleStack("sessions-report", ontapConfig(sim));
      const quickstart = await exampleStack("quickstart", ontapConfig(sim));
      try {
        sim.control.resetCounters();
        const preview = succeeded(await sessions.preview());
        const expected = sim.control.sessions().filter((s) => s.scope === "svm").length;
        assert.match(preview.stdout, new RegExp(`sessionCount\\s*: ${expected}\\b`));
        assert.ok(sim.control.counters().byRoute["GET /api/protocols/ndmp/sessions"] >= 1);
        assert.strictEqual(sim.control.counters().byMethod.PATCH, undefined, "a preview changes nothing");

        succeeded(await quickstart.up());
        const password = String((await quickstart.outputs(true)).backupPassword);
        sim.control.resetCounters();
        const again = succeeded(await quickstart.preview("--diff"));
        assert.strictEqual(
          sim.control.counters().byRoute["GET /api/protocols/ndmp/svms/{svm.uuid}/passwords/{user}"],
          1,
        );
        assert.match(again.stdout, /4 unchanged/);
        for (const text of [again.stdout, again.stderr, again.programOutput, JSON.stringify(again.events)]) {
          assert.ok(!text.includes(password), "the generated password was shown");
        }
      } finally {
        sessions.dispose();
        quickstart.dispose();
      }
    });
  });
});
