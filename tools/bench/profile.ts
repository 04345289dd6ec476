// Summaries of the CPU profiles `--profile` collects: per Node.js process kind (plugin, program), the share of time
// idle and in garbage collection, its self time by category and the functions with the most self time; for the CLI
// (a Go pprof file written by `pulumi --profiling`), its CPU time and the functions with the most cumulative time, read
// with `go tool pprof` when Go is installed.
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export const PROFILE_HOOK = path.join(__dirname, "cpuProfileHook.js");

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.replace(/^.*node_modules\//, "").replace(/^file:\/\//, "") : "";
  return `${functionName || "(anonymous)"}${file ? ` ${file.split("/").slice(-3).join("/")}:${lineNumber + 1}` : ""}`;
}

/** Where a function's self time is counted, from its name and file. */
export function categoryOf(node: ProfileNode): string {
  const { functionName: fn, url } = node.callFrame;
  if (fn === "(garbage collector)") return "GC";
  if (/google-protobuf|@grpc\/|\/proto\/|_pb\.js/.test(url)) return "gRPC/protobuf";
  if (/source-map-support|trace-mapping|source-map/.test(url)) return "source maps";
  if (/\/typescript\/|ts-node/.test(url)) return "TypeScript/ts-node";
  if (
    /^node:internal\/modules/.test(url) ||
    ["wrapSafe", "readFileUtf8", "internalModuleStat", "compileForInternalLoader", "realpathSync"].includes(fn)
  ) {
    return "module loading";
  }
  if (/@pulumi\/pulumi/.test(url)) return "Pulumi SDK";
  if (/\/dist\/(provider|simulator)\//.test(url)) return "pulumi-ontap-ndmp";
  if (/^node:/.test(url) || url === "") return "Node.js (http2, streams, crypto, …)";
  return "other packages";
}

/**
 * The CLI's profile (`<dir>/cli.<pid>.cpu`): `go tool pprof`'s header line (duration, CPU samples) and the `top`
 * Pulumi functions by cumulative time, below the command's entry points.
 */
export function summariseCliProfile(dir: string, cliPath: string, top = 8): string[] {
  const file = fs.readdirSync(dir).find((f) => /^cli\.\d+\.cpu$/.test(f));
  if (!file) return [];
  const pprof = cp.spawnSync("go", ["tool", "pprof", "-top", "-cum", "-nodecount=60", cliPath, path.join(dir, file)], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (pprof.status !== 0) return [`  cli: ${path.join(dir, file)} (\`go tool pprof\` to read it)`];
  const text = pprof.stdout;
  const header = /Duration: ([^,]+), Total samples = (\S+)/.exec(text);
  const lines = [`  cli: ${header ? `${header[1]} sampled, CPU ${header[2]}` : file}`];
  const rows = text
    .split("\n")
    .map((l) => /^\s*\S+\s+\S+%\s+\S+%\s+(\S+)\s+(\S+)%\s+(.+)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    // Below the entry points (main, cobra, the command, the engine's goroutine wrappers), where the time is spent.
    .filter(([, , , fn]) => /pulumi\/pulumi/.test(fn) && !/(cmd\/pulumi|PanicRecovery|\.func\d+$)/.test(fn));
  for (const [, cum, pct, fn] of rows.slice(0, top)) {
    lines.push(`    ${cum.padStart(7)} ${pct.padStart(5)}%  ${fn.replace("github.com/pulumi/pulumi/", "")}`);
  }
  return lines;
}

/** One line per kind, its self time by category, then its top functions by self time. */
export function summariseProfiles(dir: string, top = 5): string {
  const byKind = new Map<string, Map<string, number>>();
  const byCategory = new Map<string, Map<string, number>>();
  const totals = new Map<string, { total: number; idle: number; gc: number; files: number }>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"))) {
    const kind = file.split("-")[0];
    const profile = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = byKind.get(kind) ?? new Map<string, number>();
    const categories = byCategory.get(kind) ?? new Map<string, number>();
    const t = totals.get(kind) ?? { total: 0, idle: 0, gc: 0, files: 0 };
    t.files++;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const node = nodes.get(id)!;
      t.total += ms;
      if (node.callFrame.functionName === "(idle)") t.idle += ms;
      else {
        if (node.callFrame.functionName === "(garbage collector)") t.gc += ms;
        self.set(label(node), (self.get(label(node)) ?? 0) + ms);
        categories.set(categoryOf(node), (categories.get(categoryOf(node)) ?? 0) + ms);
      }
    });
    byKind.set(kind, self);
    byCategory.set(kind, categories);
    totals.set(kind, t);
  }
  const lines: string[] = [];
  for (const [kind, t] of totals) {
    const busy = t.total - t.idle;
    lines.push(
      `  ${kind} (${t.files} processes): ${Math.round(t.total)} ms sampled, busy ${Math.round(busy)} ms, of which GC ${Math.round(t.gc)} ms`,
    );
    const categories = [...byCategory.get(kind)!].sort((a, b) => b[1] - a[1]);
    lines.push(`    by category: ${categories.map(([c, ms]) => `${c} ${Math.round(ms)}`).join(", ")} (ms)`);
    const entries = [...byKind.get(kind)!].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, ms] of entries) lines.push(`    ${String(Math.round(ms)).padStart(6)} ms  ${name}`);
  }
  return lines.join("\n");
}
