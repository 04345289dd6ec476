// The quickstart's life cycle through the real Pulumi CLI: each command as a user types it, Pulumi's own output, and
// after each step a check of what the command's exit code, the stack and ONTAP say. The stack lives in a throwaway
// workspace (tools/pulumi-cli/stack.ts: file backend, passphrase secrets, PULUMI_HOME in a temporary folder), so the
// user's login and stacks are never touched.
import * as path from "path";
import type { SimulatorHandle } from "../../simulator";
import type { PulumiCli } from "../pulumi-cli/cli";
import { OperationResult, PulumiStack } from "../pulumi-cli/stack";
import { removeOnExit } from "./cleanup";
import { adminPatch, DemoFailure, expectNdmp, patchCount, svmOf } from "./cluster";
import { Narrator, STEPS } from "./narrator";

export const QUICKSTART = path.join(__dirname, "..", "..", "examples", "quickstart");
export const STACK = "demo";

export interface LifecycleOptions {
  sim: SimulatorHandle;
  say: Narrator;
  cli: PulumiCli;
  color: boolean;
}

function expectExit(result: OperationResult, expected: number, why: string): void {
  if (result.exitCode !== expected) {
    throw new DemoFailure(`${result.command} exited with ${result.exitCode}; expected ${expected} (${why})`);
  }
}

export async function runLifecycle({ sim, say, cli, color }: LifecycleOptions): Promise<void> {
  const stack = await PulumiStack.create({
    projectDir: QUICKSTART,
    stack: STACK,
    cli,
    config: {
      "ontap:host": { value: sim.url },
      "ontap:username": { value: sim.username },
      "ontap:password": { value: sim.password, secret: true },
      ...(sim.caCert ? { "ontap:caCert": { value: sim.caCert } } : {}),
    },
    onCommand: (command) => say.detail(`$ ${command}`),
    onOutput: (text) => say.stream(text),
  });
  const removeWorkspace = removeOnExit(stack.root);
  const colorFlag = ["--color", color ? "always" : "never"];
  try {
    say.detail(`Throwaway stack "${STACK}": file backend, passphrase secrets and PULUMI_HOME under ${stack.root}`);

    say.step(STEPS.create);
    expectExit(await stack.up(...colorFlag), 0, "the stack is created");
    const outputs = await stack.outputs();
    if (outputs.backupPassword !== "[secret]") {
      throw new DemoFailure(`stack output backupPassword is ${JSON.stringify(outputs.backupPassword)}, not [secret]`);
    }
    say.ok(`up exited 0; backupPassword is [secret]; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "up")}.`);

    say.step(STEPS.noChange);
    sim.control.resetCounters();
    expectExit(await stack.up("--expect-no-changes", ...colorFlag), 0, "nothing to change");
    if (patchCount(sim) > 0) throw new DemoFailure(`second up: ONTAP received ${patchCount(sim)} PATCH`);
    say.ok("up --expect-no-changes exited 0: no changes, no PATCH sent to ONTAP.");

    say.step(STEPS.drift);
    say.detail(await adminPatch(sim, `/api/protocols/ndmp/svms/${svmOf(sim, "svm1").uuid}`, { enabled: false }));
    say.ok(`ONTAP: ${expectNdmp(sim, { svm1: false }, "after the administrator's change")}.`);

    say.step(STEPS.detect);
    const detected = await stack.preview("--refresh", "--expect-no-changes", "--diff", ...colorFlag);
    expectExit(detected, 7, "--expect-no-changes fails with 7 when changes are proposed");
    expectNdmp(sim, { svm1: false }, "after the preview (a preview changes nothing)");
    say.ok("preview --refresh --expect-no-changes exited 7; Pulumi shows enabled: true => false for svm1 above.");

    say.step(STEPS.repair);
    expectExit(await stack.up("--refresh", ...colorFlag), 0, "the drift is repaired");
    say.ok(`up exited 0; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "repair up")}.`);

    say.step(STEPS.destroy);
    expectExit(await stack.destroy(...colorFlag), 0, "the stack is destroyed");
    say.ok(`destroy exited 0; ONTAP keeps its settings: ${expectNdmp(sim, { svm1: true }, "destroy")}.`);
  } finally {
    stack.dispose();
    removeWorkspace();
  }
}
