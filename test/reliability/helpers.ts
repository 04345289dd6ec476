// Shared pieces of the reliability suite: the fixture stack (test/reliability/programs/stack) run through the real
// Pulumi CLI, timing, the tuning knobs of the provider runtime, and comparisons of Pulumi state with the simulator.
import * as assert from "assert";
import * as path from "path";
import { performance } from "perf_hooks";
import { closeAllClusters } from "../../provider/clusters";
import { SimulatorHandle } from "../../simulator";
import type { RequestLogEntry } from "../../simulator/control/request-log";
import {
  ndmpResources,
  OperationResult,
  ontapConfig,
  PulumiStack,
  resourceNamed,
  reveal,
  StackConfig,
  succeeded,
} from "../engine/stacks";

export { ndmpResources, ontapConfig, resourceNamed, succeeded };

export const STACK_PROGRAM = path.join(__dirname, "programs", "stack");
const RESOURCES_KEY = "ndmp-reliability:resources";

/** One resource of the fixture program (see programs/stack/index.ts). */
export interface Declared {
  kind: "mode" | "node" | "svm";
  name: string;
  args: Record<string, unknown>;
  dependsOn?: string[];
}

/** A stack of the fixture program declaring `resources`, with `config` (usually {@link ontapConfig}). */
export function fixtureStack(
  resources: Declared[],
  config: StackConfig,
  env: Record<string, string> = {},
  stack = "dev",
): Promise<PulumiStack> {
  return PulumiStack.create({
    projectDir: STACK_PROGRAM,
    stack,
    config: { ...config, [RESOURCES_KEY]: { value: JSON.stringify(resources) } },
    env,
  });
}

/** Replaces the resources the fixture program declares (a program edit). */
export function declare(stack: PulumiStack, resources: Declared[]): Promise<void> {
  return stack.setConfig(RESOURCES_KEY, JSON.stringify(resources));
}

/** `count` SVM configurations `ndmp-svm<i>` on `svm<i>` with the given arguments. */
export function svmConfigs(count: number, args: Record<string, unknown>, first = 1): Declared[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: "svm" as const,
    name: `ndmp-svm${first + i}`,
    args: { svm: `svm${first + i}`, ...args },
  }));
}

/** A value of state without its secret wrapper. */
export const plain = reveal;

/**
 * State never claims what ONTAP does not have: for every SVM configuration in state, the outputs `enabled` and
 * `authenticationTypes` equal what the simulator holds.
 */
export async function assertStateMatchesOntap(stack: PulumiStack, sim: SimulatorHandle): Promise<void> {
  const svms = new Map(sim.control.state().svms.map((s) => [s.uuid, s]));
  for (const r of (await ndmpResources(stack)).filter((x) => x.type.endsWith(":NdmpSvmConfig"))) {
    const name = r.urn.slice(r.urn.lastIndexOf("::") + 2);
    const live = svms.get(r.id ?? "");
    assert.ok(live, `${name} is in state but its SVM ${r.id} is not on ONTAP`);
    assert.strictEqual(plain(r.outputs!.enabled), live.enabled, `${name}: state says enabled=${r.outputs!.enabled}`);
    assert.deepStrictEqual(
      [...(plain(r.outputs!.authenticationTypes) as string[])].sort(),
      [...live.authentication_types].sort(),
      `${name}: authenticationTypes in state differ from ONTAP`,
    );
  }
}

/** Fails when the operation succeeded; returns what the CLI printed (its errors are in there). */
export function failed(result: OperationResult): string {
  assert.notStrictEqual(result.exitCode, 0, `${result.command} should have failed:\n${result.stdout}`);
  // A failed update exits 1 from CLI v3.248.0 (255 was the old driver's guess); 7 is kept for --expect-no-changes.
  assert.strictEqual(result.exitCode, 1, `${result.command} exited with ${result.exitCode}:\n${result.stdout}`);
  return `${result.stdout}\n${result.stderr}`;
}

/**
 * How long ONTAP was being asked, in ms, for the requests of the simulator's log that match: from the first one's
 * start to the last one's end. What a fault stretches (retries, backoff, job polling) shows here.
 */
export function requestSpan(entries: RequestLogEntry[], match: (e: RequestLogEntry) => boolean): number {
  const selected = entries.filter(match);
  assert.ok(selected.length > 0, "no request matched");
  // An entry is logged when its answer is sent: `time` is its end.
  const ends = selected.map((e) => Date.parse(e.time));
  const starts = selected.map((e) => Date.parse(e.time) - e.durationMs);
  return Math.max(...ends) - Math.min(...starts);
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
