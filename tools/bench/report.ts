// Floors, targets, the table and the JSON lines of `npm run bench`.
import type { PhaseMeasure, PhaseName, Scope, ScenarioResult, TypeSizes } from "./scenario";

export interface Floor {
  /** The least requests the phase can make with this design. */
  requests: number;
  /** Network round trips on the critical path: dependent steps in sequence, at most `maxInFlight` at a time. */
  rounds: number;
  /** rounds × latency: the least wall time the network allows, before any engine or plugin cost. */
  ms: number;
}

/**
 * The floor of a phase. create: the mode's two GETs (cluster identity and mode, in parallel), then, once the mode is
 * applied (dependsOn), one collection GET for every lookup by name, then one PATCH per object that needs a change
 * (the NDMP endpoints have no bulk PATCH in the simulator), `maxInFlight` at a time. no-change up: nothing (diff
 * compares with state). refresh, preview --refresh: the mode's GET and one collection GET, in parallel.
 */
export function floorOf(phase: PhaseName, count: number, maxInFlight: number, latencyMs: number): Floor {
  let requests = 0;
  let rounds = 0;
  if (phase === "create") {
    const patches = Math.ceil(count / 2);
    requests = 2 + 1 + patches;
    rounds = 1 + 1 + Math.ceil(patches / maxInFlight);
  } else if (phase === "refresh" || phase === "preview --refresh") {
    requests = 2;
    rounds = 1;
  }
  return { requests, rounds, ms: rounds * latencyMs };
}

export interface PhaseRow {
  scope: Scope;
  phase: PhaseName;
  measured: PhaseMeasure;
  naive?: PhaseMeasure;
  floor: Floor;
}

/** The JSON object printed per phase with `--json`. */
export function phaseJson(row: PhaseRow): Record<string, unknown> {
  const m = row.measured;
  return {
    scope: row.scope,
    phase: row.phase,
    requests: m.requests,
    byMethod: m.byMethod,
    peakInFlight: m.peakInFlight,
    wallMs: m.wallMs,
    floorMs: row.floor.ms,
    floorRequests: row.floor.requests,
    naiveRequests: row.naive?.requests ?? null,
    naiveMs: row.naive?.wallMs ?? null,
    speedup: row.naive ? round2(row.naive.wallMs / m.wallMs) : null,
    naivePeakInFlight: row.naive?.peakInFlight ?? null,
    wallRunsMs: m.runs ?? [m.wallMs],
    naiveRunsMs: row.naive ? (row.naive.runs ?? [row.naive.wallMs]) : null,
    ontapBusyMs: m.ontapBusyMs,
    naiveOntapBusyMs: row.naive?.ontapBusyMs ?? null,
    driver: driverCosts(m),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The engine driver's own costs in a phase (ms): what the wall time is made of besides ONTAP. */
export function driverCosts(m: PhaseMeasure): Record<string, number> {
  const t = m.timings;
  const total = (name: string): number => Math.round(t[name]?.totalMs ?? 0);
  const costs: Record<string, number> = { pluginStartMs: total("plugin.start") };
  if (t["program.run"]) {
    costs.programStartupMs = total("program.startup");
    costs.programRunMs = total("program.run");
  }
  return costs;
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

export function renderTable(title: string, rows: PhaseRow[], latencyMs: number): string {
  const lines = [title, ""];
  const header = [
    pad("phase", 18, true),
    pad("requests", 8),
    pad("by method", 20, true),
    pad("peak", 4),
    pad("wall", 8),
    pad("floor", 16),
    pad("naive", 6),
    pad("naive wall", 10),
    pad("speed-up", 8),
  ].join("  ");
  lines.push(header, "-".repeat(header.length));
  for (const r of rows) {
    const m = r.measured;
    lines.push(
      [
        pad(r.phase, 18, true),
        pad(m.requests, 8),
        pad(methods(m.byMethod), 20, true),
        pad(m.peakInFlight, 4),
        pad(seconds(m.wallMs), 8),
        pad(`${r.floor.requests} req, ${seconds(r.floor.ms)}`, 16),
        pad(r.naive ? r.naive.requests : "-", 6),
        pad(r.naive ? seconds(r.naive.wallMs) : "-", 10),
        pad(r.naive ? `${(r.naive.wallMs / m.wallMs).toFixed(2)}×` : "-", 8),
      ].join("  "),
    );
  }
  const repeated = rows.find((r) => r.measured.runs && r.measured.runs.length > 1)?.measured.runs?.length;
  if (repeated) lines.push(`(refresh and preview --refresh: median of ${repeated} runs, alternating with naive)`);
  lines.push("", `Where the wall time goes (ONTAP busy: time with a request in the simulator, ${latencyMs} ms each):`);
  for (const r of rows) {
    const parts = (m: PhaseMeasure): string => {
      const d = driverCosts(m);
      const program = d.programRunMs !== undefined ? `, program run ${seconds(d.programRunMs)}` : "";
      const engine = Math.max(0, m.wallMs - m.ontapBusyMs);
      const share = Math.round((100 * engine) / Math.max(1, m.wallMs));
      return `ONTAP busy ${seconds(m.ontapBusyMs)}; no request in flight ${seconds(engine)} (${share}%, engine driver and plugin alone); plugin start ${seconds(d.pluginStartMs)}${program}`;
    };
    lines.push(`  ${pad(r.phase, 18, true)} ${parts(r.measured)}`);
    if (r.naive) lines.push(`  ${pad("  naive", 18, true)} ${parts(r.naive)}`);
  }
  return lines.join("\n");
}

export function renderSizes(sizes: Record<string, TypeSizes>): string {
  const lines = ["State sizes (checkpoint JSON per resource, secrets encrypted, __provider in inputs and outputs):"];
  for (const [type, s] of Object.entries(sizes)) {
    lines.push(
      `  ${pad(type, 15, true)} __provider ${s.providerBytes} B (${s.providerIdentical ? "identical" : "DIFFERS"} across ${s.resources}), state max ${s.stateMaxBytes} B, mean ${s.stateMeanBytes} B`,
    );
  }
  return lines.join("\n");
}

export interface Targets {
  maxInFlight: number;
}

/** The targets the README quotes; each miss is one line. */
export function checkTargets(
  scope: Scope,
  rows: PhaseRow[],
  result: ScenarioResult,
  naive: ScenarioResult | undefined,
  t: Targets,
): string[] {
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
    if (scope === "svm" && r.phase === "refresh") {
      if (r.measured.requests > 5) misses.push(`svm refresh: ${r.measured.requests} requests, target at most 5`);
      if (r.naive && r.naive.wallMs / r.measured.wallMs < 2) {
        misses.push(`svm refresh: ${(r.naive.wallMs / r.measured.wallMs).toFixed(2)}× faster than naive, target 2×`);
      }
    }
  }
  for (const sizes of [result.sizes, naive?.sizes ?? {}]) {
    for (const [type, s] of Object.entries(sizes)) {
      if (s.providerBytes >= 3072) misses.push(`${type}: __provider is ${s.providerBytes} B, target under 3 KB`);
      if (!s.providerIdentical) misses.push(`${type}: __provider differs between resources of the type`);
      if (s.stateMaxBytes >= 7168)
        misses.push(`${type}: ${s.stateMaxBytes} B of state per resource, target under 7 KB`);
    }
  }
  return [...new Set(misses)];
}
