// One benchmark scenario: a stack (SVM or node scope) through its phases, driven by the engine driver (the real
// dynamic-provider plugin over gRPC, the program run by the SDK's cmd/run) against a simulator with latency.
import * as fs from "fs";
import * as path from "path";
import { EngineDriver, OperationResult, StackConfig } from "../engine";
import { PROFILE_HOOK } from "./profile";
import type { RemoteSimulator } from "./remoteSimulator";

export type Scope = "svm" | "node";
export type PhaseName = "create" | "no-change up" | "refresh" | "preview --refresh";
export const PHASES: PhaseName[] = ["create", "no-change up", "refresh", "preview --refresh"];

export interface ScenarioSettings {
  scope: Scope;
  /** SVM configurations (svm scope) or node configurations (node scope). */
  count: number;
  latencyMs: number;
  maxInFlight: number;
  /** Objects changed outside Pulumi before `preview --refresh`. */
  drift: number;
  /** Gather window overrides (ONTAP_COALESCE_QUIET_MS / _MAX_WAIT_MS), for sweeps. */
  quietMs?: number;
  maxWaitMs?: number;
  /** CPU profiles of the coalesced variant's plugin and program processes go here, one directory per phase. */
  profileDir?: string;
  /** Progress lines (one short line per step). */
  log(line: string): void;
}

export interface PhaseMeasure {
  phase: PhaseName;
  requests: number;
  byMethod: Record<string, number>;
  byRoute: Record<string, number>;
  peakInFlight: number;
  wallMs: number;
  /** Time with at least one request being served by the simulator (union of the request intervals). */
  ontapBusyMs: number;
  /** The driver's own costs: plugin start, program run, provider RPCs (count / total / max). */
  timings: OperationResult["timings"];
  /** Resource steps by op, e.g. `{ create: 1001 }`. */
  ops: Record<string, number>;
  exitCode: number;
  /** Wall time of each run, when the phase ran more than once (wallMs is then their median). */
  runs?: number[];
  /** The operation's result, while the scenario runs (dropped from what it returns). */
  result?: OperationResult;
}

export interface TypeSizes {
  resources: number;
  /** Length of `__provider` (characters = bytes: it is ASCII), and whether every resource of the type has the same. */
  providerBytes: number;
  providerIdentical: boolean;
  /** `{inputs, outputs}` of the checkpoint (secrets encrypted, `__provider` in both), compact JSON: max and mean. */
  stateMaxBytes: number;
  stateMeanBytes: number;
}

export interface ScenarioResult {
  phases: PhaseMeasure[];
  /** Per resource type, from the state after create. */
  sizes: Record<string, TypeSizes>;
}

export const PROGRAMS = path.join(__dirname, "programs");

const PROJECT: Record<Scope, string> = { svm: "ndmp-bench-svm", node: "ndmp-bench-node" };
export const NODE_PASSWORD = "bench-ndmp-Passw0rd";

export function nodeName(index: number): string {
  return `cluster1-${String(index).padStart(2, "0")}`;
}

function stackConfig(sim: RemoteSimulator, s: ScenarioSettings): StackConfig {
  const project = PROJECT[s.scope];
  return {
    "ontap:host": { value: sim.url },
    "ontap:username": { value: sim.username },
    "ontap:password": { value: sim.password, secret: true },
    "ontap:caCert": { value: sim.caCert },
    ...(s.scope === "svm"
      ? { [`${project}:svms`]: { value: String(s.count) } }
      : {
          [`${project}:nodes`]: { value: String(s.count) },
          [`${project}:ndmpPassword`]: { value: NODE_PASSWORD, secret: true },
        }),
  };
}

function pluginEnv(s: ScenarioSettings, coalesce: boolean): Record<string, string> {
  return {
    // Type-checking the program is the test suite's job (tsc), as in CI; the engine tests run programs this way too.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ONTAP_MAX_IN_FLIGHT: String(s.maxInFlight),
    ...(coalesce ? {} : { ONTAP_COALESCE_READS: "0" }),
    ...(s.quietMs !== undefined ? { ONTAP_COALESCE_QUIET_MS: String(s.quietMs) } : {}),
    ...(s.maxWaitMs !== undefined ? { ONTAP_COALESCE_MAX_WAIT_MS: String(s.maxWaitMs) } : {}),
    ...(s.profileDir && coalesce
      ? { NODE_OPTIONS: `--require=${PROFILE_HOOK}`, BENCH_PROFILE_DIR: path.join(s.profileDir, s.scope) }
      : {}),
  };
}

/** Length of the union of the request intervals (the log records each request's end time and duration). */
export function busyMs(entries: { time: string; durationMs: number }[]): number {
  const intervals = entries
    .map((e) => {
      const end = Date.parse(e.time);
      return [end - e.durationMs, end] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = -Infinity;
  let end = -Infinity;
  for (const [s, e] of intervals) {
    if (s > end) {
      if (end > start) total += end - start;
      start = s;
      end = e;
    } else end = Math.max(end, e);
  }
  if (end > start) total += end - start;
  return Math.round(total);
}

function opsOf(result: OperationResult): Record<string, number> {
  const ops: Record<string, number> = {};
  for (const step of result.steps) {
    if (step.type === "pulumi:pulumi:Stack") continue;
    const op = step.op === "refresh" ? `refresh:${step.refreshResult ?? "same"}` : step.op;
    ops[op] = (ops[op] ?? 0) + 1;
  }
  return ops;
}

function expect(result: OperationResult, ok: boolean, what: string): void {
  if (!ok) {
    const shown = result.display.split("\n");
    const display = shown.length > 40 ? [...shown.slice(0, 20), "…", ...shown.slice(-20)].join("\n") : result.display;
    throw new Error(
      `${result.operation}: expected ${what}; got exit ${result.exitCode}, ${JSON.stringify(opsOf(result))}\n${display}`,
    );
  }
}

function sizesOf(driver: EngineDriver): Record<string, TypeSizes> {
  const exported = JSON.parse(driver.exportState()) as {
    checkpoint: {
      latest: { resources: { type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[] };
    };
  };
  const byType = new Map<string, { providers: Set<string>; sizes: number[]; providerBytes: number }>();
  for (const r of exported.checkpoint.latest.resources) {
    if (!r.type.startsWith("pulumi-nodejs:dynamic")) continue;
    const entry = byType.get(r.type) ?? { providers: new Set<string>(), sizes: [], providerBytes: 0 };
    for (const value of [r.inputs.__provider, r.outputs.__provider]) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      entry.providers.add(text);
      entry.providerBytes = Math.max(entry.providerBytes, Buffer.byteLength(text));
    }
    entry.sizes.push(Buffer.byteLength(JSON.stringify({ inputs: r.inputs, outputs: r.outputs })));
    byType.set(r.type, entry);
  }
  const out: Record<string, TypeSizes> = {};
  for (const [type, e] of byType) {
    out[type.replace(/^pulumi-nodejs:dynamic\/ontap:/, "")] = {
      resources: e.sizes.length,
      providerBytes: e.providerBytes,
      providerIdentical: e.providers.size === 1,
      stateMaxBytes: Math.max(...e.sizes),
      stateMeanBytes: Math.round(e.sizes.reduce((a, b) => a + b, 0) / e.sizes.length),
    };
  }
  return out;
}

/** Sets `enabled` on the first `count` objects to the opposite of what the program declares, as an administrator. */
async function makeDrift(sim: RemoteSimulator, s: ScenarioSettings): Promise<void> {
  const state = await sim.state();
  const n = Math.min(s.drift, s.count);
  const requests: Promise<unknown>[] = [];
  for (let i = 1; i <= n; i++) {
    if (s.scope === "svm") {
      const svm = state.svms.find((x) => x.name === `svm${i}`)!;
      requests.push(sim.request("PATCH", `/api/protocols/ndmp/svms/${svm.uuid}`, { enabled: i % 2 === 0 }));
    } else {
      const node = state.nodes.find((x) => x.name === nodeName(i))!;
      requests.push(sim.request("PATCH", `/api/protocols/ndmp/nodes/${node.uuid}`, { enabled: false }));
    }
  }
  await Promise.all(requests);
}

function driverFor(sim: RemoteSimulator, s: ScenarioSettings, coalesce: boolean): EngineDriver {
  return new EngineDriver({
    projectDir: path.join(PROGRAMS, `${s.scope}-scope`),
    config: stackConfig(sim, s),
    env: pluginEnv(s, coalesce),
    color: false,
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Several runs of a phase as one measure: the median wall time, the largest request count and peak. */
function combine(runs: PhaseMeasure[]): PhaseMeasure {
  const worst = runs.reduce((a, b) => (b.requests > a.requests ? b : a));
  return {
    ...worst,
    wallMs: median(runs.map((r) => r.wallMs)),
    ontapBusyMs: median(runs.map((r) => r.ontapBusyMs)),
    peakInFlight: Math.max(...runs.map((r) => r.peakInFlight)),
    runs: runs.map((r) => r.wallMs),
  };
}

/**
 * Both variants of every phase: coalesced (the runtime's default) and naive (ONTAP_COALESCE_READS=0), each with its
 * own engine driver (its own state). create and no-change up run once per variant from a freshly seeded simulator;
 * the read-only phases (refresh, preview --refresh) run `repeat` times, alternating the variants so that a change in
 * the machine's load affects both alike, and report the median wall time.
 */
export async function runScenario(
  sim: RemoteSimulator,
  s: ScenarioSettings,
  variants: { naive: boolean; repeat: number },
): Promise<{ coalesced: ScenarioResult; naive?: ScenarioResult }> {
  const markPhase = (phase: string): void => {
    if (!s.profileDir) return;
    // Read by the profile hook when each plugin or program starts (tools/bench/cpuProfileHook.js).
    fs.mkdirSync(path.join(s.profileDir, s.scope), { recursive: true });
    fs.writeFileSync(path.join(s.profileDir, s.scope, "phase"), phase.replace(/[^a-z]+/g, "-"));
  };
  const measure = async (phase: PhaseName, run: () => Promise<OperationResult>): Promise<PhaseMeasure> => {
    markPhase(phase);
    await sim.resetCounters();
    await sim.clearRequestLog();
    const result = await run();
    const counters = await sim.counters();
    const log = await sim.requestLog();
    return {
      phase,
      requests: counters.total,
      byMethod: counters.byMethod,
      byRoute: counters.byRoute,
      peakInFlight: counters.peakInFlight,
      wallMs: result.durationMs,
      ontapBusyMs: busyMs(log),
      timings: result.timings,
      ops: opsOf(result),
      exitCode: result.exitCode,
      result,
    };
  };
  const resources = s.count + 1;
  const kinds = variants.naive ? ([true, false] as const) : ([true] as const);
  const drivers = new Map<boolean, EngineDriver>();
  const phases = new Map<boolean, PhaseMeasure[]>(kinds.map((c) => [c, []]));
  let sizes: Record<string, TypeSizes> = {};
  const name = (coalesce: boolean): string => (coalesce ? "coalesced" : "naive");

  // Warm-up, not measured: the first program and plugin of a process pay for cold file caches (about 0.5 s).
  s.log("warm-up: preview of a one-object stack (not measured)");
  markPhase("warm-up");
  const warm = await driverFor(sim, { ...s, count: 1 }, true).preview();
  expect(warm, warm.exitCode === 0, "a warm-up preview that succeeds");

  for (const coalesce of kinds) {
    await sim.reset();
    const driver = driverFor(sim, s, coalesce);
    drivers.set(coalesce, driver);
    s.log(
      `${name(coalesce)}: create — up adopts ${resources} resources, ${Math.ceil(s.count / 2)} of them need a PATCH`,
    );
    const created = await measure("create", () => driver.up());
    expect(created.result!, created.exitCode === 0 && created.ops.create === resources, `${resources} creates`);
    if (coalesce) sizes = sizesOf(driver);
    s.log(`${name(coalesce)}: no-change up — the program again, diff only`);
    const same = await measure("no-change up", () => driver.up());
    expect(same.result!, same.exitCode === 0 && !same.result!.changes, "no changes");
    phases.get(coalesce)!.push(created, same);
  }
  // The simulator now holds what both creates left (the same state: both adopted the same cluster).

  const refreshes = new Map<boolean, PhaseMeasure[]>(kinds.map((c) => [c, []]));
  for (let i = 0; i < variants.repeat; i++) {
    for (const coalesce of kinds) {
      s.log(`${name(coalesce)}: refresh — Read of every resource (run ${i + 1} of ${variants.repeat})`);
      const refreshed = await measure("refresh", () => drivers.get(coalesce)!.refresh());
      expect(refreshed.result!, refreshed.exitCode === 0 && !refreshed.result!.changes, "a refresh without drift");
      refreshes.get(coalesce)!.push(refreshed);
    }
  }

  const drift = Math.min(s.drift, s.count);
  s.log(`changing ${drift} objects outside Pulumi (REST PATCH as an administrator)`);
  await makeDrift(sim, s);
  const previews = new Map<boolean, PhaseMeasure[]>(kinds.map((c) => [c, []]));
  for (let i = 0; i < variants.repeat; i++) {
    for (const coalesce of kinds) {
      s.log(`${name(coalesce)}: preview --refresh --expect-no-changes (run ${i + 1} of ${variants.repeat})`);
      const previewed = await measure("preview --refresh", () =>
        drivers.get(coalesce)!.preview({ refresh: true, expectNoChanges: true }),
      );
      expect(
        previewed.result!,
        previewed.exitCode === 7 && previewed.ops.update === drift,
        `${drift} updates and exit 7`,
      );
      previews.get(coalesce)!.push(previewed);
    }
  }

  const resultOf = (coalesce: boolean): ScenarioResult => ({
    phases: [...phases.get(coalesce)!, combine(refreshes.get(coalesce)!), combine(previews.get(coalesce)!)].map(
      ({ result: _result, ...rest }) => rest,
    ),
    sizes,
  });
  return { coalesced: resultOf(true), naive: variants.naive ? resultOf(false) : undefined };
}
