// Shared pieces of the reliability suite: the fixture stack (test/reliability/programs/stack) run through the engine
// driver, timing, the tuning knobs of the provider runtime, and comparisons of Pulumi state with the simulator.
import * as assert from "assert";
import * as path from "path";
import { performance } from "perf_hooks";
import { closeAllClusters } from "../../provider/runtime/clusters";
import { SimulatorHandle } from "../../simulator";
import { EngineDriver, OperationResult, ResourceState, StackConfig, isSecret } from "../../tools/engine";
import { ontapConfig } from "../engine/stacks";

export { ontapConfig };

export const STACK_PROGRAM = path.join(__dirname, "programs", "stack");

/** One resource of the fixture program (see programs/stack/index.ts). */
export interface Declared {
  kind: "mode" | "node" | "svm";
  name: string;
  args: Record<string, unknown>;
  dependsOn?: string[];
}

/** An engine driver for the fixture program declaring `resources`, with `config` (usually {@link ontapConfig}). */
export function fixtureStack(
  resources: Declared[],
  config: StackConfig,
  env: Record<string, string> = {},
  stack = "dev",
): EngineDriver {
  const driver = new EngineDriver({
    projectDir: STACK_PROGRAM,
    stack,
    config: { ...config, "ndmp-reliability:resources": { value: JSON.stringify(resources) } },
    // Type-checking of the fixture is the suite's tsc run, as for the examples.
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true", ...env },
  });
  return driver;
}

/** Replaces the resources the fixture program declares (a program edit). */
export function declare(driver: EngineDriver, resources: Declared[]): void {
  driver.setConfig("resources", JSON.stringify(resources));
}

/** `count` SVM configurations `ndmp-svm<i>` on `svm<i>` with the given arguments. */
export function svmConfigs(count: number, args: Record<string, unknown>, first = 1): Declared[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "svm" as const,
    name: `ndmp-svm${first + i}`,
    args: { svm: `svm${first + i}`, ...args },
  }));
}

/** The NDMP resources in state (not the stack or the default provider). */
export function ndmpResources(driver: EngineDriver): ResourceState[] {
  return driver.state.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/ontap:"));
}

export function resourceNamed(driver: EngineDriver, name: string): ResourceState | undefined {
  return ndmpResources(driver).find((r) => r.name === name);
}

/** A value of state without its secret wrapper. */
export function plain(value: unknown): unknown {
  return isSecret(value) ? value.value : value;
}

/**
 * State never claims what ONTAP does not have: for every SVM configuration in state, the outputs `enabled` and
 * `authenticationTypes` equal what the simulator holds.
 */
export function assertStateMatchesOntap(driver: EngineDriver, sim: SimulatorHandle): void {
  const svms = new Map(sim.control.state().svms.map((s) => [s.uuid, s]));
  for (const r of ndmpResources(driver).filter((x) => x.type.endsWith(":NdmpSvmConfig"))) {
    const live = svms.get(r.id ?? "");
    assert.ok(live, `${r.name} is in state but its SVM ${r.id} is not on ONTAP`);
    assert.strictEqual(plain(r.outputs.enabled), live.enabled, `${r.name}: state says enabled=${r.outputs.enabled}`);
    assert.deepStrictEqual(
      [...(plain(r.outputs.authenticationTypes) as string[])].sort(),
      [...live.authentication_types].sort(),
      `${r.name}: authenticationTypes in state differ from ONTAP`,
    );
  }
}

/** Fails with what a user would see when the operation did not succeed. */
export function succeeded(result: OperationResult): OperationResult {
  if (result.exitCode !== 0) throw new Error(`${result.operation} failed (${result.exitCode}):\n${result.display}`);
  return result;
}

/** Fails when the operation succeeded; returns its errors as one text. */
export function failed(result: OperationResult): string {
  assert.strictEqual(result.exitCode, 255, `${result.operation} should have failed:\n${result.display}`);
  return result.errors.join("\n");
}

/** The longest provider call of a kind (`Create`, `Update`, …) in an operation, in ms: what a fault can stretch. */
export function longestCall(result: OperationResult, rpc: string): number {
  const stat = result.timings[`provider.${rpc}`];
  assert.ok(stat, `no provider.${rpc} call in ${result.operation}`);
  return stat.maxMs;
}

/** Runs `fn` and returns its result (or error) with the elapsed wall-clock time. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: Error; ms: number }> {
  const started = performance.now();
  try {
    const value = await fn();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error: error as Error, ms: performance.now() - started };
  }
}

/**
 * Longest total backoff of the client's retry policy for `retries` retries with base delay `baseMs` (full jitter:
 * retry k waits less than base * 2^(k-1), capped at 10 s).
 */
export function backoffBound(retries: number, baseMs = 500): number {
  let total = 0;
  for (let k = 1; k <= retries; k++) total += Math.min(10_000, baseMs * 2 ** (k - 1));
  return total;
}

const KNOBS = ["ONTAP_TIMEOUT_MS", "ONTAP_RETRY_BASE_DELAY_MS", "ONTAP_MAX_IN_FLIGHT"] as const;
type Knob = (typeof KNOBS)[number];

/**
 * Sets the runtime's tuning knobs for in-process runtime calls, for the duration of `fn`. The runtime keeps one client
 * per connection, created with the knobs in force at its creation: clients are closed before and after.
 */
export async function withKnobs<T>(knobs: Partial<Record<Knob, string>>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(KNOBS.map((k) => [k, process.env[k]]));
  closeAllClusters();
  Object.assign(process.env, knobs);
  try {
    return await fn();
  } finally {
    closeAllClusters();
    for (const k of KNOBS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
