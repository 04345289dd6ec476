// Examples run as Pulumi stacks through the engine driver (the real dynamic-provider plugin over gRPC, programs run
// by the SDK's own cmd/run), against simulators on ephemeral ports.
import * as path from "path";
import { EngineDriver, OperationResult, StackConfig, StepResult } from "../../tools/engine";
import { SimulatorHandle } from "../../simulator";

export const EXAMPLES = path.join(__dirname, "..", "..", "examples");

/** The stack config that points the `ontap:` namespace at a simulator (password as a secret). */
export function ontapConfig(sim: SimulatorHandle): StackConfig {
  return {
    "ontap:host": { value: sim.url },
    "ontap:username": { value: sim.username },
    "ontap:password": { value: sim.password, secret: true },
    ...(sim.caCert ? { "ontap:caCert": { value: sim.caCert } } : {}),
  };
}

/** An engine driver for an example program. Type-checking is left to the suite's tsc run, as in CI. */
export function exampleStack(example: string, config: StackConfig): EngineDriver {
  return new EngineDriver({
    projectDir: path.join(EXAMPLES, example),
    config,
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
}

/** The steps a user sees: not the stack itself, nor the in-memory refresh steps of `preview --refresh`. */
function shown(result: OperationResult): StepResult[] {
  return result.steps.filter((s) => s.type !== "pulumi:pulumi:Stack" && s.op !== "refresh");
}

/** `op` per resource name, e.g. `{ "ndmp-svm1": "update" }`. */
export function ops(result: OperationResult): Record<string, string> {
  return Object.fromEntries(shown(result).map((s) => [s.name, s.op]));
}

export function stepOf(result: OperationResult, name: string): StepResult {
  const step = shown(result).find((s) => s.name === name);
  if (!step)
    throw new Error(`no step for ${name} in ${result.operation}: ${result.steps.map((s) => s.name).join(", ")}`);
  return step;
}

/** Fails with the operation's display (what a user would see) when it did not succeed. */
export function succeeded(result: OperationResult): OperationResult {
  if (result.exitCode !== 0) throw new Error(`${result.operation} failed (${result.exitCode}):\n${result.display}`);
  return result;
}
