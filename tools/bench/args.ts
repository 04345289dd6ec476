// Flags of `npm run bench -- [flags]`.
import { parseArgs } from "util";

export const USAGE = `Usage: npm run bench -- [options]

Runs the real Pulumi CLI (tools/pulumi-cli; built once into .cache when no supported \`pulumi\` is found) against the
ONTAP simulator (in its own process, with simulated network latency) for a stack of 1 NdmpMode + N NdmpSvmConfig, and
one of 1 NdmpMode + M NdmpNodeConfig. Phases: create (adoption, half need a change), no-change up, refresh,
preview --refresh --expect-no-changes after drift. Each phase runs three ways: with read coalescing (the provider as
shipped), without it (ONTAP_COALESCE_READS=0, the naive reference), and as the engine floor (the same shape of stack
under a do-nothing dynamic provider, tools/bench/programs/engine-floor).

  --latency-ms <ms>     simulated network latency per request (default 20)
  --svms <n>            SVM configurations, at most 1000 (default 1000)
  --nodes <n>           node configurations, at most 1000 (default 24)
  --scope <s>           svm, node or both (default both)
  --max-in-flight <n>   the client's in-flight limit, ONTAP_MAX_IN_FLIGHT (default 8)
  --drift <n>           objects changed outside Pulumi before preview --refresh (default 10)
  --quiet-ms <ms>       coalescing gather window: quiet time (default: the runtime's)
  --max-wait-ms <ms>    coalescing gather window: longest wait (default: the runtime's)
  --parallel <n>        \`pulumi … --parallel <n>\` on every operation (default: the CLI's own, 4 × the CPUs)
  --checkpoints         let the file backend write the whole state after every step, as Pulumi does by default
                        (default: PULUMI_SKIP_CHECKPOINTS=true, the state is written once at the end; see README)
  --repeat <n>          runs of each read-only phase (refresh, preview --refresh), the variants taking turns in
                        a rotating order; the median is reported (default 9)
  --no-naive            skip the naive reference runs
  --no-floor            skip the engine floor runs (the over-floor targets are then reported as unchecked)
  --floor-outputs       also run the engine floor with the provider's outputs declared on its resources, to measure
                        how much of the over-floor ratio the documented outputs explain (targets keep the plain floor)
  --profile <dir>       CPU-profile the CLI (Go pprof), the plugin and the program of the coalesced and floor runs
                        (per phase, under <dir>/<scope>/<phase>/) and print where their time goes
  --json                one JSON object per phase on stdout (progress and the table go to stderr)
  --help                this text
`;

export interface BenchArgs {
  latencyMs: number;
  svms: number;
  nodes: number;
  scopes: ("svm" | "node")[];
  maxInFlight: number;
  drift: number;
  quietMs?: number;
  maxWaitMs?: number;
  parallel?: number;
  checkpoints: boolean;
  repeat: number;
  profileDir?: string;
  naive: boolean;
  floor: boolean;
  floorOutputs: boolean;
  json: boolean;
  help: boolean;
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new Error(`--${name} must be an integer from ${min}${max === Infinity ? "" : ` to ${max}`}, not "${value}"`);
  }
  return n;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      "latency-ms": { type: "string" },
      svms: { type: "string" },
      nodes: { type: "string" },
      scope: { type: "string" },
      "max-in-flight": { type: "string" },
      drift: { type: "string" },
      "quiet-ms": { type: "string" },
      "max-wait-ms": { type: "string" },
      parallel: { type: "string" },
      checkpoints: { type: "boolean" },
      repeat: { type: "string" },
      profile: { type: "string" },
      "no-naive": { type: "boolean" },
      "no-floor": { type: "boolean" },
      "floor-outputs": { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  const scope = values.scope ?? "both";
  if (!["svm", "node", "both"].includes(scope)) throw new Error(`--scope must be svm, node or both, not "${scope}"`);
  return {
    latencyMs: integer("latency-ms", values["latency-ms"], 20, 0),
    svms: integer("svms", values.svms, 1000, 1, 1000),
    nodes: integer("nodes", values.nodes, 24, 1, 1000),
    scopes: scope === "both" ? ["svm", "node"] : [scope as "svm" | "node"],
    maxInFlight: integer("max-in-flight", values["max-in-flight"], 8, 1),
    drift: integer("drift", values.drift, 10, 1),
    quietMs: values["quiet-ms"] === undefined ? undefined : integer("quiet-ms", values["quiet-ms"], 0, 1),
    maxWaitMs: values["max-wait-ms"] === undefined ? undefined : integer("max-wait-ms", values["max-wait-ms"], 0, 1),
    parallel: values.parallel === undefined ? undefined : integer("parallel", values.parallel, 0, 1),
    checkpoints: values.checkpoints ?? false,
    repeat: integer("repeat", values.repeat, 9, 1, 20),
    profileDir: values.profile,
    naive: !values["no-naive"],
    floor: !values["no-floor"],
    floorOutputs: values["floor-outputs"] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
