// The demo without a Pulumi CLI: the same steps through the project's engine driver, which runs the program with the
// SDK's own cmd/run and drives the real dynamic-provider plugin over gRPC (tools/engine/README.md).
import * as path from "path";
import type { SimulatorHandle } from "../../simulator";
import { EngineDriver, OperationResult, StackConfig } from "../engine";
import { interrupted } from "./cleanup";
import { adminPatch, DemoFailure, expectNdmp, patchCount, svmOf } from "./cluster";
import { Narrator, STEPS } from "./narrator";

export const QUICKSTART = path.join(__dirname, "..", "..", "examples", "quickstart");

function ontapConfig(sim: SimulatorHandle): StackConfig {
  return {
    "ontap:host": { value: sim.url },
    "ontap:username": { value: sim.username },
    "ontap:password": { value: sim.password, secret: true },
    ...(sim.caCert ? { "ontap:caCert": { value: sim.caCert } } : {}),
  };
}

/** `{ "ndmp-svm1": "update", … }` for the resources a user sees (not the stack, not in-memory refresh steps). */
function opsOf(result: OperationResult): Record<string, string> {
  return Object.fromEntries(
    result.steps.filter((s) => s.type !== "pulumi:pulumi:Stack" && s.op !== "refresh").map((s) => [s.name, s.op]),
  );
}

function sorted(ops: Record<string, string>): string {
  return JSON.stringify(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b)));
}

function expectOps(result: OperationResult, expected: Record<string, string>, when: string): void {
  const ops = opsOf(result);
  if (sorted(ops) !== sorted(expected)) {
    throw new DemoFailure(`${when}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(ops)}`);
  }
}

function expectExit(result: OperationResult, code: number, when: string): void {
  if (result.exitCode !== code) {
    throw new DemoFailure(`${when}: expected exit code ${code}, got ${result.exitCode}: ${result.errors.join("; ")}`);
  }
}

export interface EngineDemoOptions {
  sim: SimulatorHandle;
  say: Narrator;
  color: boolean;
  projectDir?: string;
}

export async function runEngineDemo({ sim, say, color, projectDir = QUICKSTART }: EngineDemoOptions): Promise<void> {
  const stack = new EngineDriver({
    projectDir,
    stack: "demo",
    config: ontapConfig(sim),
    // Type-checking the program is the test suite's job (tsc); the CLI would also skip it with this variable.
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
    color,
  });
  // After Ctrl-C the operation in progress fails (its plugin and program were ended): nothing more to show.
  const show = (result: OperationResult): OperationResult => {
    if (interrupted()) throw new DemoFailure("interrupted");
    say.block(result.display);
    return result;
  };

  say.step(STEPS.create);
  const created = show(await stack.up());
  expectExit(created, 0, "up");
  expectOps(created, { "ndmp-mode": "create", "ndmp-svm1": "create", "ndmp-svm2": "create" }, "up");
  const password = created.outputs.backupPassword;
  if (!password?.secret || !/backupPassword\s*: \[secret\]/.test(created.display)) {
    throw new DemoFailure("up: the stack output backupPassword is not shown as [secret]");
  }
  say.ok(`3 created; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "up")}; backupPassword is [secret].`);

  say.step(STEPS.noChange);
  sim.control.resetCounters();
  const same = show(await stack.up());
  expectExit(same, 0, "second up");
  expectOps(same, { "ndmp-mode": "same", "ndmp-svm1": "same", "ndmp-svm2": "same" }, "second up");
  if (same.changes || patchCount(sim) > 0) throw new DemoFailure("second up: changes were made");
  say.ok("no changes, no PATCH sent to ONTAP.");

  say.step(STEPS.drift);
  say.detail(await adminPatch(sim, `/api/protocols/ndmp/svms/${svmOf(sim, "svm1").uuid}`, { enabled: false }));
  say.ok(`ONTAP: ${expectNdmp(sim, { svm1: false }, "after the administrator's change")}.`);

  say.step(STEPS.detect);
  const preview = show(await stack.preview({ refresh: true, expectNoChanges: true }));
  if (preview.exitCode === 0) throw new DemoFailure("preview --refresh --expect-no-changes succeeded: drift missed");
  expectExit(preview, 7, "preview --refresh --expect-no-changes");
  expectOps(preview, { "ndmp-mode": "same", "ndmp-svm1": "update", "ndmp-svm2": "same" }, "preview --refresh");
  const step = preview.steps.find((s) => s.name === "ndmp-svm1" && s.op !== "refresh");
  const diff = step?.diffs.find((d) => d.path === "enabled");
  if (diff?.old !== false || diff?.new !== true || !/enabled\s*:\s*false\s*=>\s*true/.test(preview.display)) {
    throw new DemoFailure("preview --refresh: the drift of enabled (false on ONTAP, true in the program) is not shown");
  }
  expectNdmp(sim, { svm1: false }, "after the preview (a preview changes nothing)");
  say.ok(`drift detected, exit code ${preview.exitCode}: ndmp-svm1 enabled is false on ONTAP, true in the program.`);

  say.step(STEPS.repair);
  sim.control.resetCounters();
  const repaired = show(await stack.up({ refresh: true }));
  expectExit(repaired, 0, "repair up");
  expectOps(repaired, { "ndmp-mode": "same", "ndmp-svm1": "update", "ndmp-svm2": "same" }, "repair up");
  if (patchCount(sim) !== 1) throw new DemoFailure(`repair up: expected 1 PATCH, ONTAP received ${patchCount(sim)}`);
  say.ok(`ndmp-svm1 updated with one PATCH; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "repair up")}.`);

  say.step(STEPS.destroy);
  const destroyed = show(await stack.destroy());
  expectExit(destroyed, 0, "destroy");
  expectOps(destroyed, { "ndmp-mode": "delete", "ndmp-svm1": "delete", "ndmp-svm2": "delete" }, "destroy");
  say.ok(`3 deleted; ONTAP keeps its settings: ${expectNdmp(sim, { svm1: true, svm2: true }, "destroy")}.`);
}
