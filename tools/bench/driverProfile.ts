// `node scripts/run-ts.js tools/bench/driverProfile.ts [--svms N] [--repeat N] [--out DIR] [--naive]`: where the
// engine driver itself (this process) spends CPU during a refresh and a preview --refresh of the bench's SVM stack
// (1 NdmpMode + N NdmpSvmConfig, simulator in its own process with 20 ms latency). The plugin and program processes
// are profiled by `npm run bench -- --profile`; this profiles the process that hosts the driver, with the inspector,
// around each operation only, and prints self time by driver module / category and the top functions, plus the
// timeline of the provider RPCs (when the first and last Read and Diff were issued and answered).
import * as fs from "fs";
import * as inspector from "inspector";
import * as path from "path";
import { parseArgs } from "util";
import { EngineDriver, OperationResult } from "../engine";
import { startRemoteSimulator, RemoteSimulator } from "./remoteSimulator";
import { PROFILE_HOOK } from "./profile";
import { PROGRAMS } from "./scenario";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function's self time goes: the driver module by file, else a broad category. */
export function driverCategoryOf(fn: string, url: string): string {
  if (fn === "(idle)") return "(idle)";
  if (fn === "(garbage collector)") return "GC";
  if (fn === "(program)") return "(program: native, unattributed)";
  if (fn === "dispatch" && url === "") return "(profiler: the inspector's Profiler.stop)";
  const engine = /tools\/engine\/(\w+)\.ts$/.exec(url);
  if (engine) return `driver ${engine[1]}.ts`;
  if (/tools\/bench\//.test(url)) return "bench";
  if (/google-protobuf/.test(url)) return "google-protobuf";
  if (/@grpc\/grpc-js/.test(url)) return "grpc-js";
  if (/_pb\.js$/.test(url)) return "generated stubs (*_pb.js)";
  if (/ts-node|\/typescript\//.test(url)) return "ts-node";
  if (/^node:internal\/(http2|stream|net|streams)|^node:(http2|net|stream)/.test(url)) return "Node http2/net/streams";
  if (/^node:/.test(url) || url === "") return `Node other (${fn || "anonymous"})`.slice(0, 60);
  return "other packages";
}

export function summarise(profile: CpuProfile, top = 25): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFn = new Map<string, number>();
  const byCat = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    total += ms;
    // Idle, or the profiler stopping itself (the inspector's native `dispatch`): not the driver's work.
    if (functionName === "(idle)" || (functionName === "dispatch" && url === "")) {
      idle += ms;
      return;
    }
    const file = url.replace(/^.*node_modules\//, "").replace(/^.*\/tools\//, "tools/");
    const name = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
    byFn.set(name, (byFn.get(name) ?? 0) + ms);
    const cat = driverCategoryOf(functionName, url);
    byCat.set(cat, (byCat.get(cat) ?? 0) + ms);
  });
  const fmt = (ms: number): string => String(Math.round(ms)).padStart(6);
  const lines = [
    `  sampled ${Math.round(total)} ms, busy ${Math.round(total - idle)} ms (idle and the profiler's own stop excluded)`,
    "  by category (self ms):",
  ];
  for (const [c, ms] of [...byCat].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 2)) {
    lines.push(`    ${fmt(ms)}  ${c}`);
  }
  lines.push("  top functions (self ms):");
  for (const [f, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`    ${fmt(ms)}  ${f}`);
  return lines.join("\n");
}

/** Total time (self + callees) of every sample whose stack contains a driver function, by that function. */
export function inclusive(profile: CpuProfile, match: RegExp, top = 20): string {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const incl = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (nodes.get(id)!.callFrame.functionName === "(idle)") return;
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const { functionName, url, lineNumber } = nodes.get(n)!.callFrame;
      if (!match.test(url)) continue;
      const name = `${functionName || "(anonymous)"} ${url.replace(/^.*\/tools\//, "tools/")}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      incl.set(name, (incl.get(name) ?? 0) + ms);
    }
  });
  return [...incl]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([f, ms]) => `    ${String(Math.round(ms)).padStart(6)}  ${f}`)
    .join("\n");
}

/**
 * Busy time per `bucketMs` of each process profiled in `dir` (the driver in-process, the plugin and program through the
 * profile hook), aligned on the monotonic clock the profiles share, from the driver profile's start: shows whether the
 * plugin ever waits for the driver.
 */
export function sideBySide(dir: string, bucketMs = 50): string {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  const profiles = files.map((f) => ({
    kind: f.split(/[-.]/)[0],
    p: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CpuProfile,
  }));
  const driver = profiles.find((x) => x.kind === "driver");
  if (!driver) return "";
  const t0 = driver.p.startTime;
  const series = new Map<string, number[]>();
  for (const { kind, p } of profiles) {
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    const busy = series.get(kind) ?? [];
    let t = p.startTime;
    p.samples.forEach((id, i) => {
      const dt = p.timeDeltas[i] ?? 0;
      t += dt;
      const fn = nodes.get(id)!.callFrame.functionName;
      if (fn === "(idle)" || (kind === "driver" && fn === "dispatch")) return;
      const b = Math.floor((t - t0) / 1000 / bucketMs);
      if (b < 0) return;
      busy[b] = (busy[b] ?? 0) + dt / 1000;
    });
    series.set(kind, busy);
  }
  const callsFile = path.join(dir, "calls.json");
  if (fs.existsSync(callsFile)) {
    // RPC events per bucket: Reads answered (R), Diffs issued (d) and answered (D), relative to the same start.
    const { runStartUs, calls } = JSON.parse(fs.readFileSync(callsFile, "utf8")) as {
      runStartUs: number;
      calls: OperationResult["calls"];
    };
    const offset = (runStartUs - t0) / 1000; // the operation's start on the profiles' clock
    const count = (name: string, key: "startMs" | "endMs"): number[] => {
      const out: number[] = [];
      for (const c of calls.filter((x) => x.name === name)) {
        const b = Math.floor((c[key] + offset) / bucketMs);
        out[b] = (out[b] ?? 0) + 1;
      }
      return out;
    };
    series.set("Read<-", count("provider.Read", "endMs"));
    series.set("Diff->", count("provider.Diff", "startMs"));
    series.set("Diff<-", count("provider.Diff", "endMs"));
  }
  const kinds = [...series.keys()];
  const n = Math.max(...[...series.values()].map((v) => v.length));
  const lines = [`  busy ms per ${bucketMs} ms: ${"t(ms)".padStart(6)} ${kinds.map((k) => k.padStart(8)).join("")}`];
  for (let b = 0; b < n; b++) {
    const cells = kinds.map((k) => String(Math.round(series.get(k)![b] ?? 0)).padStart(8));
    lines.push(`                     ${String(b * bucketMs).padStart(6)} ${cells.join("")}`);
  }
  return lines.join("\n");
}

function timeline(r: OperationResult): string {
  const lines: string[] = [];
  for (const name of ["plugin.start", "provider.Configure", "provider.Read", "provider.Diff", "program.run"]) {
    const calls = r.calls.filter((c) => c.name === name);
    if (calls.length === 0) continue;
    const first = Math.min(...calls.map((c) => c.startMs));
    const lastStart = Math.max(...calls.map((c) => c.startMs));
    const ends = calls.map((c) => c.endMs).sort((a, b) => a - b);
    const q = (f: number): string => ends[Math.min(ends.length - 1, Math.floor(f * ends.length))].toFixed(0);
    lines.push(
      `    ${name.padEnd(20)} ×${String(calls.length).padEnd(5)} issued ${first.toFixed(0)}–${lastStart.toFixed(0)} ms, ` +
        `answered ${q(0)} / ${q(0.5)} / ${q(1)} ms (first / median / last)`,
    );
  }
  return lines.join("\n");
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

/** CPU of the terminated children reaped so far (the plugin is ended at the end of each operation), in ms. */
function childrenCpuMs(): number {
  const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in clock ticks (USER_HZ 100)
}

async function profiled(
  session: inspector.Session | undefined,
  label: string,
  out: string | undefined,
  run: () => Promise<OperationResult>,
): Promise<void> {
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "phase"), label); // read by the plugin's profile hook
  }
  if (session) await post(session, "Profiler.start");
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  // CLOCK_MONOTONIC in µs, the clock of the profiles' startTime: aligns the operation's RPC timeline with them.
  const runStartUs = Number(process.hrtime.bigint() / 1000n);
  const result = await run();
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 200)); // the plugin is reaped
  const children = childrenCpuMs() - children0;
  const line =
    `\n== ${label}: wall ${result.durationMs} ms, driver process CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms ` +
    `(user ${Math.round(cpu.user / 1000)}, system ${Math.round(cpu.system / 1000)}), ` +
    `children (plugin${label.startsWith("refresh") ? "" : " + program"}) CPU ${Math.round(children)} ms, exit ${result.exitCode}\n`;
  if (out) {
    fs.mkdirSync(path.join(out, label), { recursive: true });
    fs.writeFileSync(path.join(out, label, "calls.json"), JSON.stringify({ runStartUs, calls: result.calls }));
  }
  if (!session) {
    process.stdout.write(`${line}${timeline(result)}\n`);
    return;
  }
  const { profile } = await post<{ profile: CpuProfile }>(session, "Profiler.stop");
  if (out) {
    fs.mkdirSync(out, { recursive: true });
    fs.mkdirSync(path.join(out, label), { recursive: true });
    fs.writeFileSync(path.join(out, label, "driver.cpuprofile"), JSON.stringify(profile));
  }
  process.stdout.write(`${line}${timeline(result)}\n${summarise(profile)}\n`);
  process.stdout.write(`  inclusive, driver functions (ms):\n${inclusive(profile, /tools\/engine\//)}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      svms: { type: "string" },
      repeat: { type: "string" },
      out: { type: "string" },
      naive: { type: "boolean" },
      "no-profile": { type: "boolean" },
      "skip-preview": { type: "boolean" },
      "plugin-profile": { type: "boolean" },
      "bucket-ms": { type: "string" },
      "latency-ms": { type: "string" },
    },
  });
  const svms = Number(values.svms ?? 1000);
  const repeat = Number(values.repeat ?? 2);
  const latencyMs = Number(values["latency-ms"] ?? 20);
  const bucketMs = Number(values["bucket-ms"] ?? 50);
  let sim: RemoteSimulator | undefined;
  try {
    sim = await startRemoteSimulator({ svms, nodes: 2, mode: "svm", latencyMs, requestLogLimit: 10_000 });
    const driver = new EngineDriver({
      projectDir: path.join(PROGRAMS, "svm-scope"),
      config: {
        "ontap:host": { value: sim.url },
        "ontap:username": { value: sim.username },
        "ontap:password": { value: sim.password, secret: true },
        "ontap:caCert": { value: sim.caCert },
        "ndmp-bench-svm:svms": { value: String(svms) },
      },
      env: {
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        ...(values.naive ? { ONTAP_COALESCE_READS: "0" } : {}),
        // The plugin (and program) processes profile themselves too, for a side-by-side timeline.
        ...(values["plugin-profile"] && values.out
          ? { NODE_OPTIONS: `--require=${PROFILE_HOOK}`, BENCH_PROFILE_DIR: path.resolve(values.out) }
          : {}),
      },
      color: false,
    });
    const session = values["no-profile"] ? undefined : new inspector.Session();
    if (session) {
      session.connect();
      await post(session, "Profiler.enable");
      await post(session, "Profiler.setSamplingInterval", { interval: 200 });
    }
    process.stdout.write(`create: up of ${svms + 1} resources (profiled too)\n`);
    await profiled(session, "create", values.out, () => driver.up());
    await profiled(session, "no-change-up", values.out, () => driver.up());
    for (let i = 1; i <= repeat; i++) await profiled(session, `refresh-${i}`, values.out, () => driver.refresh());
    if (values["plugin-profile"] && values.out) {
      for (let i = 1; i <= repeat; i++) {
        process.stdout.write(
          `\nrefresh-${i}, side by side:\n${sideBySide(path.join(values.out, `refresh-${i}`), bucketMs)}\n`,
        );
      }
    }
    if (values["skip-preview"]) return;
    const state = await sim.state();
    await Promise.all(
      state.svms
        .filter((s) => /^svm([1-9]|10)$/.test(s.name))
        .map((s) =>
          sim!.request("PATCH", `/api/protocols/ndmp/svms/${s.uuid}`, { enabled: Number(s.name.slice(3)) % 2 === 0 }),
        ),
    );
    for (let i = 1; i <= repeat; i++) {
      await profiled(session, `preview-refresh-${i}`, values.out, () =>
        driver.preview({ refresh: true, expectNoChanges: true }),
      );
    }
    session?.disconnect();
  } finally {
    await sim?.stop();
  }
}

// Run as a script (scripts/run-ts.js puts the entry in argv[1]), not when imported for its summaries.
if (path.resolve(process.argv[1] ?? "") === __filename) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`${err.stack}\n`);
      process.exit(1);
    },
  );
}
