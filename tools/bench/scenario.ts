// One benchmark scenario: a stack (SVM or node scope) through its phases with the real Pulumi CLI
// (tools/pulumi-cli: `pulumi up`, `refresh`, `preview`), against a simulator with latency in its own process, in three
// variants: coalesced (the provider as shipped), naive (ONTAP_COALESCE_READS=0) and the engine floor (the same shape
// of stack under a do-nothing dynamic provider, programs/engine-floor), and with --floor-outputs that floor with the
// provider's outputs declared.
import * as fs from "fs";
import * as path from "path";
import { declaredOutputs, DESCRIPTORS } from "../../provider/model";
import type { PulumiCli } from "../pulumi-cli/cli";
import { OperationResult, PulumiStack, StackConfig } from "../pulumi-cli/stack";
import { PROFILE_HOOK } from "./profile";
import type { RemoteSimulator } from "./remoteSimulator";
import { removeOnExit } from "../demo/cleanup";

export type Scope = "svm" | "node";
export type PhaseName = "create" | "no-change up" | "refresh" | "preview --refresh";
export const PHASES: PhaseName[] = ["create", "no-change up", "refresh", "preview --refresh"];
/** `floor-outputs`: the engine floor whose resources declare the provider's outputs (`--floor-outputs`). */
export type Variant = "coalesced" | "naive" | "floor" | "floor-outputs";

/** Whether a variant runs the engine-floor program (no simulator, no requests). */
export function isFloor(variant: Variant): boolean {
  return variant === "floor" || variant === "floor-outputs";
}

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
  /** `pulumi … --parallel <n>` on every operation; undefined: the CLI's default (4 × the CPUs Go sees). */
  parallel?: number;
  /** Let the file backend write the whole state after every step, as it does by default (PULUMI_SKIP_CHECKPOINTS). */
  checkpoints: boolean;
  /** CPU profiles of the coalesced and floor variants go here, one directory per phase (the CLI's too). */
  profileDir?: string;
  cli: PulumiCli;
  /** Progress lines (one short line per step). */
  log(line: string): void;
}

export interface PhaseMeasure {
  phase: PhaseName;
  requests: number;
  byMethod: Record<string, number>;
  byRoute: Record<string, number>;
  peakInFlight: number;
  /** The `pulumi` command's wall time (from its start to its exit). */
  wallMs: number;
  /** CPU time of the CLI, the dynamic-provider plugin and the program in the phase (Linux; null elsewhere). */
  cpuMs: number | null;
  /** Time with at least one request being served by the simulator (union of the request intervals). */
  ontapBusyMs: number;
  /** Pulumi's own change summary, e.g. `{ create: 1002 }` (the stack resource counts). */
  changes: Record<string, number>;
  exitCode: number;
  /** Wall time of each run, when the phase ran more than once (wallMs is then their median). */
  runs?: number[];
}

export interface TypeSizes {
  resources: number;
  /** Length of `__provider` (characters = bytes: it is ASCII), and whether every resource of the type has the same. */
  providerBytes: number;
  providerIdentical: boolean;
  /** `{inputs, outputs}` of `pulumi stack export` (secrets encrypted, `__provider` in both), compact JSON. */
  stateMaxBytes: number;
  stateMeanBytes: number;
}

export interface VariantResult {
  phases: PhaseMeasure[];
  /** Per resource type, from `pulumi stack export` after create. */
  sizes: Record<string, TypeSizes>;
}

export type ScenarioResult = Partial<Record<Variant, VariantResult>> & { coalesced: VariantResult };

export const PROGRAMS = path.join(__dirname, "programs");

const PROJECT: Record<Scope, string> = { svm: "ndmp-bench-svm", node: "ndmp-bench-node" };
const FLOOR_PROJECT = "ndmp-bench-engine-floor";
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

/**
 * The outputs each floor resource type declares under --floor-outputs: those the provider's class of its kind
 * declares, from its descriptor (the floor's program does not load this package, so the list reaches it through
 * stack config).
 */
function floorOutputNames(): Record<string, string[]> {
  return {
    Mode: Object.keys(declaredOutputs(DESCRIPTORS.mode)),
    SvmConfig: Object.keys(declaredOutputs(DESCRIPTORS.svm)),
    NodeConfig: Object.keys(declaredOutputs(DESCRIPTORS.node)),
  };
}

function floorConfig(s: ScenarioSettings, declareOutputs: boolean): StackConfig {
  return {
    [`${FLOOR_PROJECT}:scope`]: { value: s.scope },
    [`${FLOOR_PROJECT}:count`]: { value: String(s.count) },
    ...(declareOutputs ? { [`${FLOOR_PROJECT}:declaredOutputs`]: { value: JSON.stringify(floorOutputNames()) } } : {}),
    ...(s.scope === "node" ? { [`${FLOOR_PROJECT}:ndmpPassword`]: { value: NODE_PASSWORD, secret: true } } : {}),
  };
}

/** The environment of the CLI, the program and the plugin of a variant. */
function variantEnv(s: ScenarioSettings, variant: Variant): Record<string, string> {
  return {
    ...(s.checkpoints ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" }),
    ...(isFloor(variant)
      ? {}
      : {
          ONTAP_MAX_IN_FLIGHT: String(s.maxInFlight),
          ...(variant === "naive" ? { ONTAP_COALESCE_READS: "0" } : {}),
          ...(s.quietMs !== undefined ? { ONTAP_COALESCE_QUIET_MS: String(s.quietMs) } : {}),
          ...(s.maxWaitMs !== undefined ? { ONTAP_COALESCE_MAX_WAIT_MS: String(s.maxWaitMs) } : {}),
        }),
    ...(s.profileDir && variant !== "naive"
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

/**
 * CPU time (ms) of this process's terminated, waited-for children and their waited-for descendants (Linux
 * /proc/self/stat cutime + cstime): the CLI with its plugin, and the program host, once each has exited.
 */
export function childrenCpuMs(): number | null {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of proc(5) (cutime, cstime), in clock ticks: 100 per second on Linux.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

function expect(result: OperationResult, ok: boolean, what: string): void {
  if (!ok) {
    const shown = `${result.stdout}\n${result.stderr}`.trim().split("\n");
    const output = shown.length > 40 ? [...shown.slice(0, 20), "…", ...shown.slice(-20)].join("\n") : shown.join("\n");
    throw new Error(
      `${result.command}: expected ${what}; got exit ${result.exitCode}, ${JSON.stringify(result.changes)}\n${output}`,
    );
  }
}

function changed(result: OperationResult): Record<string, number> {
  return Object.fromEntries(Object.entries(result.changes).filter(([op, n]) => op !== "same" && n > 0));
}

/** `__provider` and state size per dynamic resource type, from `pulumi stack export` (secrets encrypted). */
export function sizesOf(exported: string): Record<string, TypeSizes> {
  const state = JSON.parse(exported) as {
    deployment: { resources?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] };
  };
  const byType = new Map<string, { providers: Set<string>; sizes: number[]; providerBytes: number }>();
  for (const r of state.deployment.resources ?? []) {
    if (!r.type.startsWith("pulumi-nodejs:dynamic")) continue;
    const entry = byType.get(r.type) ?? { providers: new Set<string>(), sizes: [], providerBytes: 0 };
    for (const value of [r.inputs?.__provider, r.outputs?.__provider]) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      entry.providers.add(text);
      entry.providerBytes = Math.max(entry.providerBytes, Buffer.byteLength(text));
    }
    entry.sizes.push(Buffer.byteLength(JSON.stringify({ inputs: r.inputs, outputs: r.outputs })));
    byType.set(r.type, entry);
  }
  const out: Record<string, TypeSizes> = {};
  for (const [type, e] of byType) {
    out[type.replace(/^pulumi-nodejs:dynamic\//, "").replace(/^ontap:/, "")] = {
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

/** A stack of the variant's program; its temporary folder goes also on Ctrl-C (dispose() removes it otherwise). */
async function stackFor(sim: RemoteSimulator, s: ScenarioSettings, variant: Variant): Promise<PulumiStack> {
  const stack = await PulumiStack.create({
    projectDir: path.join(PROGRAMS, isFloor(variant) ? "engine-floor" : `${s.scope}-scope`),
    config: isFloor(variant) ? floorConfig(s, variant === "floor-outputs") : stackConfig(sim, s),
    env: variantEnv(s, variant),
    cli: s.cli,
    // A create of 1,000 resources with per-step checkpoints takes minutes.
    timeoutMs: 3_600_000,
  });
  removeOnExit(stack.root);
  return stack;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
}

/** Several runs of a phase as one measure: the median wall and CPU time, the largest request count and peak. */
function combine(runs: PhaseMeasure[]): PhaseMeasure {
  const worst = runs.reduce((a, b) => (b.requests > a.requests ? b : a));
  const cpu = runs.map((r) => r.cpuMs).filter((c): c is number => c !== null);
  return {
    ...worst,
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: cpu.length === runs.length ? median(cpu) : null,
    ontapBusyMs: median(runs.map((r) => r.ontapBusyMs)),
    peakInFlight: Math.max(...runs.map((r) => r.peakInFlight)),
    runs: runs.map((r) => r.wallMs),
  };
}

/**
 * The variants in the order of round `round`: rotated by one place per round, so that each runs first, second, … as
 * often as the others (a variant that always ran right after a heavier one, or always first after the drift, would
 * carry that position's share of the machine's noise in every run).
 */
export function inTurn<T>(variants: readonly T[], round: number): T[] {
  const shift = round % variants.length;
  return [...variants.slice(shift), ...variants.slice(0, shift)];
}

/**
 * Every variant through every phase. create and no-change up run once per variant (coalesced and naive from a freshly
 * seeded simulator); the read-only phases (refresh, preview --refresh) run `repeat` times, the variants taking turns
 * in a rotating order ({@link inTurn}) so that a change in the machine's load affects them alike, and report the
 * median.
 */
export async function runScenario(
  sim: RemoteSimulator,
  s: ScenarioSettings,
  options: { naive: boolean; floor: boolean; floorOutputs: boolean; repeat: number },
): Promise<ScenarioResult> {
  const flags = s.parallel !== undefined ? ["--parallel", String(s.parallel)] : [];
  const markPhase = (variant: Variant, phase: string): string[] => {
    if (!s.profileDir || variant === "naive") return [];
    // Read by the profile hook when each plugin or program starts (tools/bench/cpuProfileHook.js).
    const name = `${isFloor(variant) ? `${variant}-` : ""}${phase.replace(/[^a-z]+/g, "-")}`;
    const dir = path.join(s.profileDir, s.scope, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(s.profileDir, s.scope, "phase"), name);
    // The CLI's own CPU profile (a Go pprof file: <dir>/cli.<pid>.cpu).
    return ["--profiling", path.join(dir, "cli")];
  };
  const measure = async (
    variant: Variant,
    phase: PhaseName,
    run: (extra: string[]) => Promise<OperationResult>,
  ): Promise<{ measure: PhaseMeasure; result: OperationResult }> => {
    const extra = [...flags, ...markPhase(variant, phase)];
    if (!isFloor(variant)) {
      await sim.resetCounters();
      await sim.clearRequestLog();
    }
    const cpuBefore = childrenCpuMs();
    const result = await run(extra);
    // The program host runs the program of this operation only: once it has exited, its CPU is counted too. Each
    // operation then starts a fresh host, which loads the SDK and this package as the Node.js language host does.
    await stacks.get(variant)?.stopProgramHost();
    const cpuAfter = childrenCpuMs();
    const counters = isFloor(variant) ? undefined : await sim.counters();
    const log = isFloor(variant) ? [] : await sim.requestLog();
    return {
      result,
      measure: {
        phase,
        requests: counters?.total ?? 0,
        byMethod: counters?.byMethod ?? {},
        byRoute: counters?.byRoute ?? {},
        peakInFlight: counters?.peakInFlight ?? 0,
        wallMs: Math.round(result.durationMs),
        cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        ontapBusyMs: busyMs(log),
        changes: result.changes,
        exitCode: result.exitCode,
      },
    };
  };
  const resources = s.count + 1;
  const variants: Variant[] = [
    "coalesced",
    ...(options.naive ? (["naive"] as const) : []),
    ...(options.floor ? (["floor"] as const) : []),
    ...(options.floorOutputs ? (["floor-outputs"] as const) : []),
  ];
  const stacks = new Map<Variant, PulumiStack>();
  const phases = new Map<Variant, PhaseMeasure[]>(variants.map((v) => [v, []]));
  const sizes = new Map<Variant, Record<string, TypeSizes>>();

  try {
    // Warm-up, not measured: the first program and plugin pay for cold file caches.
    s.log("warm-up: preview of a one-object stack (not measured)");
    const warm = await stackFor(sim, { ...s, count: 1, profileDir: undefined }, "coalesced");
    try {
      const preview = await warm.preview(...flags);
      expect(preview, preview.exitCode === 0, "a warm-up preview that succeeds");
    } finally {
      warm.dispose();
    }

    for (const variant of variants) {
      if (!isFloor(variant)) await sim.reset();
      const stack = await stackFor(sim, s, variant);
      stacks.set(variant, stack);
      const what = isFloor(variant) ? "" : `, ${Math.ceil(s.count / 2)} of them need a PATCH`;
      s.log(`${variant}: create — up adopts ${resources} resources${what}`);
      const created = await measure(variant, "create", (extra) => stack.up(...extra));
      expect(
        created.result,
        created.result.exitCode === 0 && created.result.changes.create === resources + 1,
        "creates",
      );
      sizes.set(variant, sizesOf(await stack.exportState()));
      s.log(`${variant}: no-change up — the program again, diff only`);
      const same = await measure(variant, "no-change up", (extra) => stack.up(...extra));
      expect(same.result, same.result.exitCode === 0 && Object.keys(changed(same.result)).length === 0, "no changes");
      phases.get(variant)!.push(created.measure, same.measure);
    }
    // The simulator now holds what the creates left (the same state: both adopted the same cluster).

    // A read-only phase: `repeat` rounds, every variant once per round in that round's turn ({@link inTurn}).
    const inRounds = async (what: string, run: (variant: Variant) => Promise<PhaseMeasure>) => {
      const runs = new Map<Variant, PhaseMeasure[]>(variants.map((v) => [v, []]));
      for (let i = 0; i < options.repeat; i++) {
        for (const variant of inTurn(variants, i)) {
          s.log(`${variant}: ${what} (run ${i + 1} of ${options.repeat})`);
          runs.get(variant)!.push(await run(variant));
        }
      }
      return runs;
    };

    const refreshes = await inRounds("refresh — Read of every resource", async (variant) => {
      const refreshed = await measure(variant, "refresh", (extra) => stacks.get(variant)!.refresh(...extra));
      const ok = refreshed.result.exitCode === 0 && Object.keys(changed(refreshed.result)).length === 0;
      expect(refreshed.result, ok, "a refresh without drift");
      return refreshed.measure;
    });

    const drift = Math.min(s.drift, s.count);
    s.log(`changing ${drift} objects outside Pulumi (REST PATCH as an administrator)`);
    await makeDrift(sim, s);
    const previews = await inRounds("preview --refresh --expect-no-changes", async (variant) => {
      const previewed = await measure(variant, "preview --refresh", (extra) =>
        stacks.get(variant)!.preview("--refresh", "--expect-no-changes", ...extra),
      );
      const r = previewed.result;
      if (isFloor(variant)) expect(r, r.exitCode === 0, "no change (the floor's objects never drift)");
      else expect(r, r.exitCode === 7 && changed(r).update === drift, `${drift} updates and exit 7`);
      return previewed.measure;
    });

    const out: Partial<Record<Variant, VariantResult>> = {};
    for (const variant of variants) {
      out[variant] = {
        phases: [...phases.get(variant)!, combine(refreshes.get(variant)!), combine(previews.get(variant)!)],
        sizes: sizes.get(variant)!,
      };
    }
    return out as ScenarioResult;
  } finally {
    for (const stack of stacks.values()) stack.dispose();
  }
}
