// Floors, targets, the table and the JSON lines of `npm run bench`.
import type { PhaseMeasure, PhaseName, Scope, TypeSizes } from "./scenario";

export interface Floor {
  /** The least requests the phase can make with this design. */
  requests: number;
  /** Network round trips on the critical path: dependent steps in sequence, at most `maxInFlight` at a time. */
  rounds: number;
  /** rounds × latency: the least wall time the network allows, before any engine or plugin cost. */
  ms: number;
}

/**
 * The network floor of a phase with this design (provider/ontap/coalescing.ts). The engine sends reads at most
 * `--parallel` at a time, so the first batch of a stream of reads is at most that many keys (a filtered GET) and the
 * next one reads the whole collection, which serves the rest. create: the mode's two GETs (cluster identity and mode,
 * in parallel), then, once the mode is applied (dependsOn), those two GETs for every lookup by name, then one PATCH
 * per object that needs a change (the NDMP endpoints have no bulk PATCH in the simulator), `maxInFlight` at a time.
 * no-change up: nothing (diff compares with state). refresh, preview --refresh: the mode's GET, in parallel with the
 * two collection GETs.
 */
export function floorOf(phase: PhaseName, count: number, maxInFlight: number, latencyMs: number): Floor {
  let requests = 0;
  let rounds = 0;
  const lookups = count > 1 ? 2 : 1;
  if (phase === "create") {
    const patches = Math.ceil(count / 2);
    requests = 2 + lookups + patches;
    rounds = 1 + lookups + Math.ceil(patches / maxInFlight);
  } else if (phase === "refresh" || phase === "preview --refresh") {
    requests = 1 + lookups;
    rounds = lookups;
  }
  return { requests, rounds, ms: rounds * latencyMs };
}

export interface PhaseRow {
  scope: Scope;
  phase: PhaseName;
  /** The provider as shipped (coalesced reads). */
  measured: PhaseMeasure;
  naive?: PhaseMeasure;
  /** The same phase of the engine-floor stack (do-nothing dynamic provider). */
  engineFloor?: PhaseMeasure;
  /** The same phase of the engine floor declaring the provider's outputs (`--floor-outputs`). */
  engineFloorOutputs?: PhaseMeasure;
  floor: Floor;
}

export interface RunInfo {
  /** e.g. "pulumi v3.248.0". */
  engine: string;
  /** `--parallel` given to every operation, or null for the CLI's default. */
  parallel: number | null;
  /** Whether the file backend wrote the state after every step (PULUMI_SKIP_CHECKPOINTS unset). */
  checkpoints: boolean;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** wallMs / engineFloorMs, or null without a floor measure. */
export function overFloor(row: PhaseRow, floor = row.engineFloor): number | null {
  return floor ? round2(row.measured.wallMs / Math.max(1, floor.wallMs)) : null;
}

/**
 * The largest over the smallest wall time of the engine floor's own runs of a phase, or null for a single run. The
 * floor's code is the same in every run, so this is the machine's run-to-run noise, measured beside the ratios it
 * blurs: on a 2-core VM it reached well past the 1.15× target (figures in tools/bench/README.md), and a median ratio
 * near a target cannot be told apart from it.
 */
export function floorSpread(row: PhaseRow): number | null {
  const runs = row.engineFloor?.runs;
  return runs && runs.length > 1 ? round2(Math.max(...runs) / Math.max(1, Math.min(...runs))) : null;
}

/**
 * The median of the paired ratios: each run of the provider over the floor's run of the same round (every variant runs
 * once per round, so the two ran seconds apart, on a machine in about the same state), or null without repeated runs
 * of both.
 * A diagnostic beside {@link overFloor}, which the target is checked on: a change in the machine's speed that lasts
 * a pair of runs moves both sides of that pair, so this estimate of the ratio moves less with the machine than the
 * ratio of the two medians does.
 */
export function overFloorPaired(row: PhaseRow, floor = row.engineFloor): number | null {
  const runs = row.measured.runs;
  const floorRuns = floor?.runs;
  if (!runs || !floorRuns || runs.length < 2 || runs.length !== floorRuns.length) return null;
  const ratios = runs.map((ms, i) => ms / Math.max(1, floorRuns[i])).sort((a, b) => a - b);
  const mid = Math.floor(ratios.length / 2);
  return round2(ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2);
}

/** The JSON object printed per phase with `--json`. */
export function phaseJson(row: PhaseRow, info: RunInfo): Record<string, unknown> {
  const m = row.measured;
  const f = row.engineFloor;
  return {
    scope: row.scope,
    phase: row.phase,
    engine: info.engine,
    parallel: info.parallel,
    checkpoints: info.checkpoints,
    requests: m.requests,
    byMethod: m.byMethod,
    peakInFlight: m.peakInFlight,
    wallMs: m.wallMs,
    engineFloorMs: f?.wallMs ?? null,
    overFloor: overFloor(row),
    overFloorPaired: overFloorPaired(row),
    floorMs: row.floor.ms,
    floorRequests: row.floor.requests,
    naiveRequests: row.naive?.requests ?? null,
    naiveMs: row.naive?.wallMs ?? null,
    speedup: row.naive ? round2(row.naive.wallMs / m.wallMs) : null,
    naivePeakInFlight: row.naive?.peakInFlight ?? null,
    wallRunsMs: m.runs ?? [m.wallMs],
    naiveRunsMs: row.naive ? (row.naive.runs ?? [row.naive.wallMs]) : null,
    engineFloorRunsMs: f ? (f.runs ?? [f.wallMs]) : null,
    engineFloorSpread: floorSpread(row),
    cpuMs: m.cpuMs,
    naiveCpuMs: row.naive?.cpuMs ?? null,
    engineFloorCpuMs: f?.cpuMs ?? null,
    ontapBusyMs: m.ontapBusyMs,
    naiveOntapBusyMs: row.naive?.ontapBusyMs ?? null,
    ...(row.engineFloorOutputs
      ? {
          engineFloorOutputsMs: row.engineFloorOutputs.wallMs,
          overFloorOutputs: overFloor(row, row.engineFloorOutputs),
          engineFloorOutputsRunsMs: row.engineFloorOutputs.runs ?? [row.engineFloorOutputs.wallMs],
          engineFloorOutputsCpuMs: row.engineFloorOutputs.cpuMs,
        }
      : {}),
  };
}

function pad(s: string | number, n: number, left = false): string {
  const text = String(s);
  return left ? text.padEnd(n) : text.padStart(n);
}

function seconds(ms: number): string {
  return ms >= 10_000
    ? `${(ms / 1000).toFixed(1)} s`
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${Math.round(ms)} ms`;
}

function methods(byMethod: Record<string, number>): string {
  const keys = Object.keys(byMethod).sort();
  return keys.length === 0 ? "-" : keys.map((k) => `${k} ${byMethod[k]}`).join(", ");
}

export function renderTable(title: string, rows: PhaseRow[], latencyMs: number, info: RunInfo): string {
  const settings = [
    info.engine,
    info.parallel === null ? "the CLI's default --parallel" : `--parallel ${info.parallel}`,
    info.checkpoints ? "a checkpoint after every step" : "PULUMI_SKIP_CHECKPOINTS=true",
  ];
  const lines = [`${title}, ${settings.join(", ")}`, ""];
  const header = [
    pad("phase", 18, true),
    pad("requests", 8),
    pad("by method", 20, true),
    pad("peak", 4),
    pad("wall", 8),
    pad("engine floor", 12),
    pad("over floor", 10),
    pad("naive", 6),
    pad("naive wall", 10),
    pad("speed-up", 8),
  ].join("  ");
  lines.push(header, "-".repeat(header.length));
  for (const r of rows) {
    const m = r.measured;
    const over = overFloor(r);
    lines.push(
      [
        pad(r.phase, 18, true),
        pad(m.requests, 8),
        pad(methods(m.byMethod), 20, true),
        pad(m.peakInFlight, 4),
        pad(seconds(m.wallMs), 8),
        pad(r.engineFloor ? seconds(r.engineFloor.wallMs) : "-", 12),
        pad(over === null ? "-" : `${over.toFixed(2)}×`, 10),
        pad(r.naive ? r.naive.requests : "-", 6),
        pad(r.naive ? seconds(r.naive.wallMs) : "-", 10),
        pad(r.naive ? `${(r.naive.wallMs / m.wallMs).toFixed(2)}×` : "-", 8),
      ].join("  "),
    );
  }
  if (rows.some((r) => r.engineFloorOutputs)) {
    lines.push(
      "",
      "The engine floor with the provider's outputs declared (--floor-outputs), and the provider over it:",
    );
    for (const r of rows) {
      const f = r.engineFloorOutputs;
      if (!f) continue;
      const cpu = f.cpuMs === null ? "" : `, CPU ${seconds(f.cpuMs)}`;
      lines.push(
        `  ${pad(r.phase, 18, true)} ${pad(seconds(f.wallMs), 8)}${cpu}, over it ${overFloor(r, f)!.toFixed(2)}×`,
      );
    }
  }
  const repeated = rows.find((r) => r.measured.runs && r.measured.runs.length > 1)?.measured.runs?.length;
  if (repeated) {
    lines.push(`(refresh and preview --refresh: median of ${repeated} runs, the variants taking turns)`);
    const spreads = rows
      .filter((r) => floorSpread(r) !== null)
      .map((r) => `${floorSpread(r)!.toFixed(2)}× (${r.phase})`);
    if (spreads.length > 0) {
      lines.push(`(machine noise: the engine floor's own runs, slowest over fastest, ${spreads.join(", ")})`);
    }
    const paired = rows
      .filter((r) => overFloorPaired(r) !== null)
      .map((r) => `${overFloorPaired(r)!.toFixed(2)}× (${r.phase})`);
    if (paired.length > 0) {
      lines.push(`(each run over the floor's run of the same round, median of the pairs: ${paired.join(", ")})`);
    }
  }
  lines.push(
    "",
    `Network floor (fewest requests, their round trips × ${latencyMs} ms) and where the wall time goes (ONTAP busy:`,
    "time with a request in the simulator; CPU: the CLI, the plugin and the program together):",
  );
  for (const r of rows) {
    const parts = (m: PhaseMeasure): string => {
      const idle = Math.max(0, m.wallMs - m.ontapBusyMs);
      const cpu = m.cpuMs === null ? "" : `, CPU ${seconds(m.cpuMs)}`;
      return `ONTAP busy ${seconds(m.ontapBusyMs)}, no request in flight ${seconds(idle)}${cpu}`;
    };
    lines.push(
      `  ${pad(r.phase, 18, true)} network floor ${r.floor.requests} req, ${seconds(r.floor.ms)}; ${parts(r.measured)}`,
    );
    if (r.naive) lines.push(`  ${pad("  naive", 18, true)} ${parts(r.naive)}`);
    if (r.engineFloor?.cpuMs != null)
      lines.push(`  ${pad("  engine floor", 18, true)} CPU ${seconds(r.engineFloor.cpuMs)}`);
  }
  return lines.join("\n");
}

export function renderSizes(label: string, sizes: Record<string, TypeSizes>): string {
  const lines = [
    `State sizes, ${label} (pulumi stack export per resource, secrets encrypted, __provider in inputs and outputs):`,
  ];
  for (const [type, s] of Object.entries(sizes)) {
    lines.push(
      `  ${pad(type, 16, true)} __provider ${s.providerBytes} B (${s.providerIdentical ? "identical" : "DIFFERS"} across ${s.resources}), state max ${s.stateMaxBytes} B, mean ${s.stateMeanBytes} B`,
    );
  }
  return lines.join("\n");
}

export interface Targets {
  maxInFlight: number;
  /** Most ONTAP requests of a refresh or preview --refresh of the SVM scope. */
  maxReadRequests: number;
  /** Largest wallMs / engineFloorMs of a refresh or preview --refresh of the SVM scope. */
  maxOverFloor: number;
}

export const TARGETS: Omit<Targets, "maxInFlight"> = { maxReadRequests: 3, maxOverFloor: 1.15 };

/** The targets the README quotes; each miss is one line. */
export function checkTargets(scope: Scope, rows: PhaseRow[], sizes: Record<string, TypeSizes>[], t: Targets): string[] {
  const misses: string[] = [];
  for (const r of rows) {
    for (const [label, m] of [
      ["", r.measured],
      ["naive ", r.naive],
    ] as const) {
      if (m && m.peakInFlight > t.maxInFlight) {
        misses.push(
          `${scope} ${label}${r.phase}: ${m.peakInFlight} requests in flight, above the limit ${t.maxInFlight}`,
        );
      }
    }
    if (r.phase === "no-change up" && r.measured.requests !== 0) {
      misses.push(`${scope} no-change up: ${r.measured.requests} requests, expected 0`);
    }
    if (scope === "svm" && (r.phase === "refresh" || r.phase === "preview --refresh")) {
      if (r.measured.requests > t.maxReadRequests) {
        misses.push(`svm ${r.phase}: ${r.measured.requests} requests, target at most ${t.maxReadRequests}`);
      }
      const over = overFloor(r);
      if (over === null) misses.push(`svm ${r.phase}: no engine floor measured (--no-floor), target unchecked`);
      else if (over > t.maxOverFloor) {
        misses.push(
          `svm ${r.phase}: ${seconds(r.measured.wallMs)}, ${over.toFixed(2)}× the engine floor (${seconds(r.engineFloor!.wallMs)}), target at most ${t.maxOverFloor}×`,
        );
      }
    }
  }
  for (const of of sizes) {
    for (const [type, s] of Object.entries(of)) {
      if (s.providerBytes >= 3072) misses.push(`${type}: __provider is ${s.providerBytes} B, target under 3 KB`);
      if (!s.providerIdentical) misses.push(`${type}: __provider differs between resources of the type`);
      if (s.stateMaxBytes >= 7168)
        misses.push(`${type}: ${s.stateMaxBytes} B of state per resource, target under 7 KB`);
    }
  }
  return [...new Set(misses)];
}
