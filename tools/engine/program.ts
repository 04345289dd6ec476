// Program host: runs a Pulumi Node.js program the way the CLI's Node language host does, against a ResourceMonitor
// and an Engine gRPC server implemented here.
//
// Why a real gRPC monitor instead of `pulumi.runtime.setMocks`: the program then runs unmodified in its own process
// through `@pulumi/pulumi/cmd/run` (ts-node registration, config env, `--dry-run`, stack resource, beforeExit
// shutdown handshake), the SDK serializes secrets, unknowns and dependencies exactly as it does for the CLI, and the
// program receives the outputs of each real step, so `apply` and cross-resource outputs behave as under `pulumi up`.
import * as cp from "child_process";
import * as path from "path";
import * as readline from "readline";
import type * as grpcTypes from "@grpc/grpc-js";
import { emptyproto, engproto, engrpc, fromStruct, grpc, resproto, resrpc, toStruct } from "./proto";
import type { PropertyMap } from "./secrets";
import type { Recorder } from "./timing";

export interface ResourceOptionsSeen {
  protect?: boolean;
  retainOnDelete?: boolean;
  deleteBeforeReplace?: boolean;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  replaceOnChanges: string[];
  hideDiffs: string[];
  importId?: string;
  deletedWith?: string;
  version?: string;
}

/** One `RegisterResource` (or `ReadResource`) call of the program, as the engine receives it. */
export interface Registration {
  kind: "register" | "read";
  type: string;
  name: string;
  custom: boolean;
  parent: string;
  /** Wire format: secrets as `{[sig]: secretSig, value}`, unknowns as the sentinel (preview), `__provider` included. */
  inputs: PropertyMap;
  /** All direct dependencies: `dependsOn` plus those implied by input Outputs. */
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Provider reference (`urn::id`), empty for the default provider. */
  provider: string;
  options: ResourceOptionsSeen;
  /** For `ReadResource`: the id of the external resource. */
  id?: string;
}

export interface RegistrationResult {
  urn: string;
  id?: string;
  outputs: PropertyMap;
  /** The step failed (continue-on-error semantics): the SDK then keeps the outputs unknown. */
  failed?: boolean;
  /** The step was skipped because a dependency failed. */
  skipped?: boolean;
}

export interface ProgramCallbacks {
  urnOf(type: string, name: string, parent: string): string;
  register(reg: Registration): Promise<RegistrationResult>;
  registerOutputs(urn: string, outputs: PropertyMap): void;
  getResource(urn: string): { urn: string; id?: string; state: PropertyMap } | undefined;
  /** `SignalAndWaitForShutdown`: the program finished registering; the engine completes its steps (deletes). */
  shutdown(): Promise<void>;
  log(severity: "debug" | "info" | "warning" | "error", message: string, urn: string): void;
  output(stream: "stdout" | "stderr", line: string): void;
}

export interface ProgramOptions {
  projectDir: string;
  /** Directory the program runs in (`--pwd`; the Pulumi.yaml `main` directory or the project directory). */
  programDir: string;
  /** Entry point as the engine passes it: "." or a file under programDir. */
  entryPoint: string;
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  parallel: number;
  /** `ns:key` → value; secrets decrypted, as the engine hands them to the language host. */
  config: Record<string, { value: string; secret?: boolean }>;
  runtimeOptions: { typescript?: boolean; tsconfig?: string; nodeargs?: string };
  env?: Record<string, string>;
  timeoutMs?: number;
  recorder: Recorder;
}

export interface ProgramRunResult {
  exitCode: number;
  /** Set when the exit code is the SDK's "already reported to the user" code (32). */
  bailed: boolean;
  monitorAddress: string;
}

// Features the engine (3.2xx) reports; the driver answers true only for those it implements. A program using
// transforms, hooks or parameterized packages gets the SDK's "The Pulumi CLI does not support ..." error.
const FEATURES: Record<string, boolean> = {
  secrets: true,
  resourceReferences: true,
  outputValues: true,
  deletedWith: true,
  aliasSpecs: true,
  replaceWith: false,
  transforms: false,
  invokeTransforms: false,
  parameterization: false,
  resourceHooks: false,
  errorHooks: false,
};

const SEVERITY = ["debug", "info", "warning", "error"] as const;

type Unary = (call: { request: unknown }, cb: (err: grpcTypes.ServiceError | null, resp?: unknown) => void) => void;

/** Runs the program to completion. */
export async function runProgram(opts: ProgramOptions, cb: ProgramCallbacks): Promise<ProgramRunResult> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  let rootUrn = "";
  const rec = opts.recorder;
  // `program.startup`: from spawning node to the program's first RPC (Node + ts-node + SDK load, compilation).
  let spawnedAt: number | undefined;
  let firstRpcSeen = false;

  // Wraps a handler so that every monitor/engine RPC is timed and errors become gRPC errors.
  const unary =
    (name: string, fn: (req: never) => Promise<unknown> | unknown): Unary =>
    (call, done) => {
      if (!firstRpcSeen && spawnedAt !== undefined) {
        firstRpcSeen = true;
        rec.record("program.startup", spawnedAt);
      }
      rec
        .time(name, async () => fn(call.request as never))
        .then(
          (resp) => done(null, resp),
          (err: Error & { code?: number }) =>
            done({ code: err.code ?? grpc.status.UNKNOWN, details: err.message, message: err.message } as never),
        );
    };

  const monitor: Record<string, Unary> = {
    supportsFeature: unary("monitor.SupportsFeature", (req: { getId(): string }) => {
      const resp = new resproto.SupportsFeatureResponse();
      resp.setHassupport(FEATURES[req.getId()] === true);
      return resp;
    }),
    getDeploymentInfo: unary("monitor.GetDeploymentInfo", () => {
      throw Object.assign(new Error("GetDeploymentInfo is not implemented"), { code: grpc.status.UNIMPLEMENTED });
    }),
    registerResource: unary("monitor.RegisterResource", async (req: RegisterResourceRequest) => {
      const reg = fromRegisterRequest(req);
      const res = await cb.register(reg);
      const resp = new resproto.RegisterResourceResponse();
      resp.setUrn(res.urn);
      resp.setId(res.id ?? "");
      resp.setObject(toStruct(res.outputs));
      // The engine echoes the property dependencies so that outputs carry them (they are not changed by a step).
      const depsMap = resp.getPropertydependenciesMap();
      for (const [k, urns] of Object.entries(reg.propertyDependencies)) {
        const d = new resproto.RegisterResourceResponse.PropertyDependencies();
        d.setUrnsList(urns);
        depsMap.set(k, d);
      }
      resp.setResult(res.skipped ? resproto.Result.SKIP : res.failed ? resproto.Result.FAIL : resproto.Result.SUCCESS);
      return resp;
    }),
    readResource: unary("monitor.ReadResource", async (req: ReadResourceRequest) => {
      const reg = fromReadRequest(req);
      const res = await cb.register(reg);
      const resp = new resproto.ReadResourceResponse();
      resp.setUrn(res.urn);
      resp.setProperties(toStruct(res.outputs));
      return resp;
    }),
    registerResourceOutputs: unary("monitor.RegisterResourceOutputs", (req: RegisterOutputsRequest) => {
      cb.registerOutputs(req.getUrn(), fromStruct(req.getOutputs()));
      return new emptyproto.Empty();
    }),
    invoke: unary("monitor.Invoke", (req: { getTok(): string; getArgs(): never }) => {
      const tok = req.getTok();
      const resp = new resproto.InvokeResponse();
      if (tok === "pulumi:pulumi:getResource") {
        const urn = String(fromStruct(req.getArgs()).urn ?? "");
        const r = cb.getResource(urn);
        if (!r) throw new Error(`unknown resource ${urn}`);
        resp.setReturn(toStruct({ urn: r.urn, id: r.id ?? "", state: r.state }));
        return resp;
      }
      throw new Error(`unknown function ${tok}: the engine driver implements only pulumi:pulumi:getResource`);
    }),
    call: unary("monitor.Call", () => {
      throw Object.assign(new Error("Call is not supported by the engine driver"), { code: grpc.status.UNIMPLEMENTED });
    }),
    registerStackTransform: notSupported("RegisterStackTransform"),
    registerStackInvokeTransform: notSupported("RegisterStackInvokeTransform"),
    registerResourceHook: notSupported("RegisterResourceHook"),
    registerErrorHook: notSupported("RegisterErrorHook"),
    registerPackage: notSupported("RegisterPackage"),
    signalAndWaitForShutdown: unary("monitor.SignalAndWaitForShutdown", async () => {
      await cb.shutdown();
      return new emptyproto.Empty();
    }),
  };

  const engine: Record<string, Unary> = {
    log: unary("engine.Log", (req: { getSeverity(): number; getMessage(): string; getUrn(): string }) => {
      cb.log(SEVERITY[req.getSeverity()] ?? "info", req.getMessage(), req.getUrn());
      return new emptyproto.Empty();
    }),
    getRootResource: unary("engine.GetRootResource", () => {
      const resp = new engproto.GetRootResourceResponse();
      resp.setUrn(rootUrn);
      return resp;
    }),
    setRootResource: unary("engine.SetRootResource", (req: { getUrn(): string }) => {
      rootUrn = req.getUrn();
      return new engproto.SetRootResourceResponse();
    }),
    startDebugging: notSupported("StartDebugging"),
    requirePulumiVersion: unary("engine.RequirePulumiVersion", () => new engproto.RequirePulumiVersionResponse()),
  };

  server.addService(resrpc.ResourceMonitorService, monitor);
  server.addService(engrpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  const address = `127.0.0.1:${port}`;
  try {
    spawnedAt = rec.elapsedMs();
    const code = await rec.time("program.run", () => spawnProgram(opts, address, cb));
    return { exitCode: code, bailed: code === 32, monitorAddress: address };
  } finally {
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  }
}

function notSupported(name: string): Unary {
  return (_call, done) =>
    done({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not supported by the engine driver` } as never);
}

/** Spawns `node <sdk>/cmd/run ...` exactly as pulumi-language-nodejs does (`constructArguments`, `execRuntime`). */
function spawnProgram(opts: ProgramOptions, address: string, cb: ProgramCallbacks): Promise<number> {
  // The language host resolves the runner from the program directory, so the project's own SDK copy runs it.
  const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [opts.programDir] });
  const args = [
    ...(opts.runtimeOptions.nodeargs ? opts.runtimeOptions.nodeargs.split(/\s+/).filter(Boolean) : []),
    runPath,
    "--monitor",
    address,
    "--engine",
    address,
    "--organization",
    opts.organization,
    "--project",
    opts.project,
    "--root-directory",
    opts.projectDir,
    "--stack",
    opts.stack,
    "--pwd",
    opts.programDir,
    ...(opts.preview ? ["--dry-run"] : []),
    "--parallel",
    String(opts.parallel),
    opts.entryPoint,
  ];
  // PULUMI_CONFIG uses the legacy `ns:config:key` form (constructConfig); secret keys are listed by their `ns:key`.
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [k, v] of Object.entries(opts.config)) {
    const i = k.indexOf(":");
    config[`${k.slice(0, i)}:config:${k.slice(i + 1)}`] = v.value;
    if (v.secret) secretKeys.push(k);
  }
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...opts.env,
    PULUMI_CONFIG: JSON.stringify(config),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
  };
  if (opts.runtimeOptions.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (opts.runtimeOptions.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.runtimeOptions.tsconfig;

  const child = cp.spawn(process.execPath, args, { cwd: opts.programDir, env, stdio: ["ignore", "pipe", "pipe"] });
  readline.createInterface({ input: child.stdout! }).on("line", (l) => cb.output("stdout", l));
  readline.createInterface({ input: child.stderr! }).on("line", (l) => cb.output("stderr", l));
  const timeout = opts.timeoutMs ?? 120_000;
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`program did not finish within ${timeout} ms`));
    }, timeout);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

// ---- request decoding -------------------------------------------------------------------------------------------

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): never;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  getProvider(): string;
  getProtect(): boolean;
  hasProtect?(): boolean;
  getRetainondelete(): boolean;
  hasRetainondelete?(): boolean;
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getReplaceonchangesList(): string[];
  getHidediffsList(): string[];
  getImportid(): string;
  getDeletedwith(): string;
  getVersion(): string;
}

interface ReadResourceRequest {
  getId(): string;
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): never;
  getDependenciesList(): string[];
  getProvider(): string;
  getAdditionalsecretoutputsList(): string[];
  getVersion(): string;
}

interface RegisterOutputsRequest {
  getUrn(): string;
  getOutputs(): never;
}

function fromRegisterRequest(req: RegisterResourceRequest): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [k, v] of Array.from(req.getPropertydependenciesMap().entries()))
    propertyDependencies[k] = v.getUrnsList();
  return {
    kind: "register",
    type: req.getType(),
    name: req.getName(),
    custom: req.getCustom(),
    parent: req.getParent(),
    inputs: fromStruct(req.getObject()),
    dependencies: req.getDependenciesList(),
    propertyDependencies,
    provider: req.getProvider(),
    options: {
      protect: req.hasProtect?.() === false ? undefined : req.getProtect(),
      retainOnDelete: req.hasRetainondelete?.() === false ? undefined : req.getRetainondelete(),
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      replaceOnChanges: req.getReplaceonchangesList(),
      hideDiffs: req.getHidediffsList(),
      importId: req.getImportid() || undefined,
      deletedWith: req.getDeletedwith() || undefined,
      version: req.getVersion() || undefined,
    },
  };
}

function fromReadRequest(req: ReadResourceRequest): Registration {
  return {
    kind: "read",
    type: req.getType(),
    name: req.getName(),
    custom: true,
    parent: req.getParent(),
    inputs: fromStruct(req.getProperties()),
    dependencies: req.getDependenciesList(),
    propertyDependencies: {},
    provider: req.getProvider(),
    id: req.getId(),
    options: {
      ignoreChanges: [],
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      replaceOnChanges: [],
      hideDiffs: [],
      version: req.getVersion() || undefined,
    },
  };
}

/** The program's entry point per Pulumi.yaml `main` (a directory or a file), relative to the project directory. */
export function resolveEntry(projectDir: string, main: string | undefined): { programDir: string; entryPoint: string } {
  if (!main) return { programDir: projectDir, entryPoint: "." };
  const abs = path.resolve(projectDir, main);
  if (path.extname(abs)) return { programDir: path.dirname(abs), entryPoint: path.basename(abs) };
  return { programDir: abs, entryPoint: "." };
}
