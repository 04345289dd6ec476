// Stacks of the engine-level tests, run through the real Pulumi CLI (tools/pulumi-cli) against simulators on
// ephemeral ports, and what the tests read from the results: steps, field changes, outputs and state.
import * as path from "path";
import { SimulatorHandle } from "../../simulator";
import { OperationResult, PulumiStack, StackConfig, StateResource, Step } from "../../tools/pulumi-cli/stack";

export { PulumiStack };
export type { OperationResult, StackConfig, StateResource, Step };

export const EXAMPLES = path.join(__dirname, "..", "..", "examples");

/** The signature Pulumi puts on a secret value in state (sdk/go/common/resource/sig: Secret). */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** The stack config that points the `ontap:` namespace at a simulator (password as a secret). */
export function ontapConfig(sim: SimulatorHandle): StackConfig {
  return {
    "ontap:host": { value: sim.url },
    "ontap:username": { value: sim.username },
    "ontap:password": { value: sim.password, secret: true },
    ...(sim.caCert ? { "ontap:caCert": { value: sim.caCert } } : {}),
  };
}

/** A stack of an example program with `config`. */
export function exampleStack(example: string, config: StackConfig, env?: Record<string, string>): Promise<PulumiStack> {
  return PulumiStack.create({ projectDir: path.join(EXAMPLES, example), config, env });
}

/** The resource steps a user sees: not the stack itself, nor the default provider. */
export function shown(result: OperationResult): Step[] {
  return result.steps.filter((s) => s.type !== "pulumi:pulumi:Stack" && !s.type.startsWith("pulumi:providers:"));
}

/** Field-level changes of a step's outputs: `[path, old, new]`, array items by index. */
export function fieldChanges(step: Step): [string, unknown, unknown][] {
  const changes: [string, unknown, unknown][] = [];
  const walk = (at: string, a: unknown, b: unknown): void => {
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(`${at}[${i}]`, a[i], b[i]);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changes.push([at, a, b]);
    }
  };
  const olds = step.old?.outputs ?? {};
  const news = step.new?.outputs ?? {};
  for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    if (key !== "__provider") walk(key, olds[key], news[key]);
  }
  return changes;
}

/**
 * What happened to each resource, by name. A refresh step counts as "update" when it changed the resource's outputs
 * and "same" otherwise, as Pulumi's own summary counts it; in `preview --refresh` the planned step wins.
 */
export function ops(result: OperationResult): Record<string, string> {
  const byName: Record<string, string> = {};
  for (const step of shown(result)) {
    if (step.op === "refresh") byName[step.name] ??= fieldChanges(step).length > 0 ? "update" : "same";
    else byName[step.name] = step.op;
  }
  return byName;
}

export function stepOf(result: OperationResult, name: string, op?: string): Step {
  const steps = shown(result).filter((s) => s.name === name && (op === undefined || s.op === op));
  const step = steps.find((s) => s.op !== "refresh") ?? steps[0];
  if (!step) throw new Error(`no step for ${name} in ${result.command}: ${result.steps.map((s) => s.name).join(", ")}`);
  return step;
}

/**
 * What a refresh found changed on a resource outside Pulumi. `preview --refresh` reports it on the resource's refresh
 * step; `pulumi refresh` (which runs the program from CLI 3.x's refresh with `--client`) on an "update" step.
 */
export function drift(result: OperationResult, name: string): [string, unknown, unknown][] {
  const steps = shown(result).filter((s) => s.name === name);
  const refreshing = result.command.startsWith("pulumi refresh");
  const found = steps.filter((s) => s.op === "refresh" || (refreshing && s.op === "update")).map(fieldChanges);
  return found.find((c) => c.length > 0) ?? [];
}

/** Whether an operation proposed or made changes, by Pulumi's own summary. */
export function changed(result: OperationResult): boolean {
  return Object.entries(result.changes).some(([op, count]) => op !== "same" && count > 0);
}

/** Fails with what the CLI printed when the command did not exit 0. */
export function succeeded(result: OperationResult): OperationResult {
  if (result.exitCode !== 0) {
    throw new Error(`${result.command} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Whether a value of `pulumi stack export` is a secret (encrypted, or shown with --show-secrets). */
export function isSecret(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** The plaintext of a secret from `stack export --show-secrets` (JSON-encoded there), or the value as it is. */
export function reveal(value: unknown): unknown {
  return isSecret(value) && "plaintext" in value ? JSON.parse(value.plaintext) : value;
}

/** The NDMP resources of the stack (from `stack export --show-secrets`). */
export async function ndmpResources(stack: PulumiStack): Promise<StateResource[]> {
  return (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/ontap:"));
}

export async function resourceNamed(stack: PulumiStack, name: string): Promise<StateResource | undefined> {
  return (await ndmpResources(stack)).find((r) => r.urn.endsWith(`::${name}`));
}
