// Launches the real dynamic-provider plugin (`@pulumi/pulumi/cmd/dynamic-provider`) and speaks its gRPC protocol with
// the argument conventions of the engine (notes §4.1, §4.2, §9.2).
import * as cp from "child_process";
import * as readline from "readline";
import type * as grpcTypes from "@grpc/grpc-js";
import { dynamicProviderPath, emptyproto, fromStruct, grpc, provproto, provrpc, statusproto, toStruct } from "./proto";
import type { FieldKind } from "./wire";
import { WireStruct, decodeFields, encodeMessage } from "./wire";
import type { PropertyMap } from "./secrets";
import { SIG_KEY, SECRET_SIG } from "./secrets";
import { Pacer } from "./pacer";
import type { Recorder } from "./timing";

export interface PluginOptions {
  projectDir: string;
  project: string;
  stack: string;
  organization: string;
  env?: Record<string, string>;
  /** Receives every stdout line after the port, and every stderr line: provider output the CLI shows the user. */
  onOutput: (stream: "stdout" | "stderr", line: string) => void;
  recorder: Recorder;
}

/** A provider error decoded from gRPC, including the partial-failure details the plugin packs for create/update. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: number,
    /** Set when the plugin reported `ErrorResourceInitFailed`: the object exists with this id. */
    readonly initFailure?: { id: string; properties: PropertyMap; reasons: string[] },
  ) {
    super(message);
  }
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

export enum DiffChanges {
  UNKNOWN = 0,
  NONE = 1,
  SOME = 2,
}

export interface DiffResult {
  changes: DiffChanges;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface ReadResult {
  id: string;
  properties: PropertyMap;
  inputs?: PropertyMap;
}

/**
 * 8 to 64 gave the same 1,000-resource refresh, ~75 ms (5%) faster than one unpaced burst (median of 8 runs each,
 * alternated); 16 keeps a slice near 2 ms of driver work.
 */
const SEND_SLICE = 16;

type Callback = (err: grpcTypes.ServiceError | null, value?: unknown) => void;

/** The `pulumi-nodejs` default provider as the engine launches it: one process per operation. */
export class DynamicProviderPlugin {
  private proc?: cp.ChildProcess;
  private client?: grpcTypes.Client;
  private configured?: Promise<void>;
  private exited = false;
  /** Resource RPCs start at most SEND_SLICE per event-loop turn (see pacer.ts). */
  private readonly pacer = new Pacer(SEND_SLICE);

  private constructor(private readonly opts: PluginOptions) {}

  /** Spawns the plugin and connects to it; does not configure it yet. */
  static async start(opts: PluginOptions): Promise<DynamicProviderPlugin> {
    const plugin = new DynamicProviderPlugin(opts);
    await opts.recorder.time("plugin.start", () => plugin.spawn());
    return plugin;
  }

  private async spawn(): Promise<void> {
    const { projectDir, project, stack, organization } = this.opts;
    // Engine launch (provider_plugin.go): one argv entry (the engine address, never dialled), cwd = project directory
    // so that `require()`s inside serialized providers resolve from the project's node_modules.
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PULUMI_NODEJS_PROJECT: project,
      PULUMI_NODEJS_STACK: stack,
      PULUMI_NODEJS_ORGANIZATION: organization,
      PULUMI_PROJECT: project,
      PULUMI_STACK: stack,
      PULUMI_ORGANIZATION: organization,
      PULUMI_RUNTIME_TYPESCRIPT: "true",
      // Only the plugin's own namespace (`pulumi-nodejs:`) is passed this way; the stack config arrives in Configure.
      PULUMI_CONFIG: "{}",
      ...this.opts.env,
    };
    const proc = cp.spawn(process.execPath, [dynamicProviderPath, "127.0.0.1:0"], {
      cwd: projectDir,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.proc = proc;
    proc.on("exit", () => (this.exited = true));
    const stderr = readline.createInterface({ input: proc.stderr! });
    stderr.on("line", (l) => this.opts.onOutput("stderr", l));
    const stdout = readline.createInterface({ input: proc.stdout! });
    const port = await new Promise<number>((resolve, reject) => {
      let first = true;
      stdout.on("line", (l) => {
        if (first) {
          first = false;
          const p = Number(l.trim());
          if (Number.isInteger(p) && p > 0) resolve(p);
          else reject(new Error(`dynamic-provider plugin printed ${JSON.stringify(l)} instead of its port`));
          return;
        }
        this.opts.onOutput("stdout", l);
      });
      proc.once("exit", (code) =>
        reject(new Error(`dynamic-provider plugin exited with code ${code} before its port`)),
      );
      proc.once("error", reject);
    });
    this.client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
  }

  private call<T>(method: string, req: unknown, label = method): Promise<T> {
    const urn = (req as { getUrn?: () => string }).getUrn?.() || undefined;
    return this.opts.recorder.time(`provider.${label}`, () => this.rawCall<T>(method, req), urn);
  }

  private rawCall<T>(method: string, req: unknown): Promise<T> {
    const client = this.client as unknown as Record<string, (r: unknown, cb: Callback) => void>;
    return new Promise<T>((resolve, reject) => {
      client[method](req, (err, value) => (err ? reject(decodeError(err)) : resolve(value as T)));
    });
  }

  async getPluginInfo(): Promise<string> {
    const info = await this.call<{ getVersion(): string }>("getPluginInfo", new emptyproto.Empty(), "GetPluginInfo");
    return info.getVersion();
  }

  /**
   * Configure, which the engine always sends before any resource call (notes §5: a CRUD call before it fails).
   * `args` is the entire stack config with namespaced keys, secrets wrapped as on the wire (engine #17673).
   */
  configure(config: Record<string, { value: string; secret?: boolean }>, providerUrn: string): Promise<void> {
    if (!this.configured) {
      const args: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(config)) {
        args[k] = v.secret ? { [SIG_KEY]: SECRET_SIG, value: v.value } : v.value;
      }
      const req = new provproto.ConfigureRequest();
      req.setArgs(toStruct(args));
      // Deprecated `variables` map (`pkg:config:key` form), still filled by the engine for old providers.
      const vars = req.getVariablesMap();
      for (const [k, v] of Object.entries(config)) {
        const i = k.indexOf(":");
        vars.set(`${k.slice(0, i)}:config:${k.slice(i + 1)}`, v.value);
      }
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      req.setSendsOldInputs?.(true);
      req.setSendsOldInputsToDelete?.(true);
      req.setUrn?.(providerUrn);
      req.setName?.("default");
      req.setType?.("pulumi:providers:pulumi-nodejs");
      this.configured = this.call<{ getAcceptsecrets(): boolean }>("configure", req, "Configure").then((resp) => {
        // The plugin answers acceptSecrets=false, hence everything the driver sends is revealed (notes §4.2).
        if (resp.getAcceptsecrets()) throw new Error("unexpected: the dynamic-provider plugin accepted secrets");
      });
    }
    return this.configured;
  }

  /** A resource RPC with the request already in wire form (see wire.ts), timed under `provider.<label>`. */
  private callWire<T>(label: keyof typeof RPC, request: Buffer, urn: string): Promise<T> {
    const rpc = RPC[label];
    const client = this.client as grpcTypes.Client;
    return this.opts.recorder.time(
      `provider.${label}`,
      () =>
        new Promise<T>((resolve, reject) => {
          this.pacer.run(() =>
            client.makeUnaryRequest(
              rpc.path,
              (b: Buffer) => b,
              rpc.decode as (b: Buffer) => T,
              request,
              (err: grpcTypes.ServiceError | null, value?: T) => (err ? reject(decodeError(err)) : resolve(value as T)),
            ),
          );
        }),
      urn || undefined,
    );
  }

  /** Property maps are `WireStruct`s (encoded once, secrets revealed) or plain maps sent as they are. */
  async check(urn: string, olds: Sendable, news: Sendable): Promise<CheckResult> {
    const answer = await this.callWire<Answer>(
      "Check",
      checkRequest(urn, WireStruct.of(olds), WireStruct.of(news)),
      urn,
    );
    if (answer.fields) {
      return {
        inputs: (answer.fields[1] as PropertyMap | undefined) ?? {},
        failures: (answer.fields[2] as { property: string; reason: string }[] | undefined) ?? [],
      };
    }
    const resp = answer.message as {
      getInputs(): never;
      getFailuresList(): { getProperty(): string; getReason(): string }[];
    };
    return {
      inputs: fromStruct(resp.getInputs()),
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(urn: string, id: string, olds: Sendable, news: Sendable, oldInputs: Sendable): Promise<DiffResult> {
    const req = diffRequest(urn, id, WireStruct.of(olds), WireStruct.of(news), WireStruct.of(oldInputs));
    const resp = await this.callWire<{
      getChanges(): number;
      getReplacesList(): string[];
      getDeletebeforereplace(): boolean;
    }>("Diff", req, urn);
    return {
      changes: resp.getChanges() as DiffChanges,
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, properties: Sendable): Promise<{ id: string; properties: PropertyMap }> {
    const answer = await this.callWire<Answer>("Create", createRequest(urn, WireStruct.of(properties)), urn);
    if (answer.fields) {
      return { id: (answer.fields[1] as string | undefined) ?? "", properties: structField(answer.fields, 2) };
    }
    const resp = answer.message as { getId(): string; getProperties(): never };
    return { id: resp.getId(), properties: fromStruct(resp.getProperties()) };
  }

  async read(urn: string, id: string, properties: Sendable, inputs: Sendable): Promise<ReadResult> {
    const req = readRequest(urn, id, WireStruct.of(properties), WireStruct.of(inputs));
    const answer = await this.callWire<Answer>("Read", req, urn);
    if (answer.fields) {
      return {
        id: (answer.fields[1] as string | undefined) ?? "",
        properties: structField(answer.fields, 2),
        inputs: answer.fields[3] as PropertyMap | undefined,
      };
    }
    const resp = answer.message as {
      getId(): string;
      getProperties(): never;
      getInputs(): never;
      hasInputs(): boolean;
    };
    return {
      id: resp.getId(),
      properties: fromStruct(resp.getProperties()),
      inputs: resp.hasInputs() ? fromStruct(resp.getInputs()) : undefined,
    };
  }

  async update(
    urn: string,
    id: string,
    olds: Sendable,
    news: Sendable,
    oldInputs: Sendable,
  ): Promise<{ properties: PropertyMap }> {
    const req = updateRequest(urn, id, WireStruct.of(olds), WireStruct.of(news), WireStruct.of(oldInputs));
    const answer = await this.callWire<Answer>("Update", req, urn);
    if (answer.fields) return { properties: structField(answer.fields, 1) };
    return { properties: fromStruct((answer.message as { getProperties(): never }).getProperties()) };
  }

  async delete(urn: string, id: string, properties: Sendable, oldInputs: Sendable): Promise<void> {
    await this.callWire("Delete", deleteRequest(urn, id, WireStruct.of(properties), WireStruct.of(oldInputs)), urn);
  }

  /** Ends the plugin, as the engine does at the end of each operation. */
  async close(): Promise<void> {
    this.client?.close();
    const proc = this.proc;
    if (!proc || this.exited) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill("SIGKILL"), 2000);
      proc.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill("SIGTERM");
    });
  }
}

// ---- wire form of the resource RPCs (byte-for-byte what the generated google-protobuf classes write) -----------

/** A property map to send: encoded once (`WireStruct.revealed`) or a plain map, sent as it is. */
export type Sendable = PropertyMap | WireStruct;

/** A decoded answer: its fields (fast path), or the google-protobuf message when the bytes were unusual. */
interface Answer {
  fields?: Record<number, unknown>;
  message?: unknown;
}

function structField(fields: Record<number, unknown>, no: number): PropertyMap {
  return (fields[no] as PropertyMap | undefined) ?? {};
}

/** `shape`: the fields the driver reads; any bytes the fast decoder does not expect go to google-protobuf. */
function answerOf(
  shape: Record<number, FieldKind>,
  jspb: (b: Buffer) => unknown,
  nested?: (fields: Record<number, unknown>, b: Buffer) => boolean,
): (b: Buffer) => Answer {
  return (b) => {
    const fields = decodeFields(b, shape);
    if (fields && (!nested || nested(fields, b))) return { fields };
    return { message: jspb(b) };
  };
}

/** CheckResponse.failures: each CheckFailure's property and reason. */
function checkFailures(fields: Record<number, unknown>, b: Buffer): boolean {
  const failures: { property: string; reason: string }[] = [];
  for (const [start, end] of (fields[2] as [number, number][] | undefined) ?? []) {
    const f = decodeFields(b, { 1: "string", 2: "string" }, start, end);
    if (!f) return false;
    failures.push({ property: (f[1] as string | undefined) ?? "", reason: (f[2] as string | undefined) ?? "" });
  }
  fields[2] = failures;
  return true;
}

const service = provrpc.ResourceProviderService;
const RPC = {
  Check: {
    path: service.check.path as string,
    decode: answerOf({ 1: "struct", 2: "messages" }, service.check.responseDeserialize, checkFailures),
  },
  Diff: { path: service.diff.path as string, decode: service.diff.responseDeserialize as (b: Buffer) => unknown },
  Create: {
    path: service.create.path as string,
    decode: answerOf({ 1: "string", 2: "struct" }, service.create.responseDeserialize),
  },
  Read: {
    path: service.read.path as string,
    decode: answerOf({ 1: "string", 2: "struct", 3: "struct" }, service.read.responseDeserialize),
  },
  Update: {
    path: service.update.path as string,
    decode: answerOf({ 1: "struct" }, service.update.responseDeserialize),
  },
  Delete: { path: service.delete.path as string, decode: service.delete.responseDeserialize as (b: Buffer) => unknown },
};

/** URN `urn:pulumi:stack::project::qualified$type::name` → the request's `name` and `type` (newer protocol fields). */
function nameAndType(urn: string): [string, string] {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return [parts.slice(3).join("::"), qualified.slice(qualified.lastIndexOf("$") + 1)];
}

/** The engine's random seed for Check (32 bytes; zeros here, as before). */
const RANDOM_SEED = Buffer.alloc(32);

export function checkRequest(urn: string, olds: WireStruct, news: WireStruct): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", urn],
    [2, "struct", olds],
    [3, "struct", news],
    [5, "bytes", RANDOM_SEED],
    [6, "string", name],
    [7, "string", type],
  ]);
}

export function diffRequest(
  urn: string,
  id: string,
  olds: WireStruct,
  news: WireStruct,
  oldInputs: WireStruct,
): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", id],
    [2, "string", urn],
    [3, "struct", olds],
    [4, "struct", news],
    [6, "struct", oldInputs],
    [7, "string", name],
    [8, "string", type],
  ]);
}

export function createRequest(urn: string, properties: WireStruct): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", urn],
    [2, "struct", properties],
    [5, "string", name],
    [6, "string", type],
  ]);
}

export function readRequest(urn: string, id: string, properties: WireStruct, inputs: WireStruct): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", id],
    [2, "string", urn],
    [3, "struct", properties],
    [4, "struct", inputs],
    [5, "string", name],
    [6, "string", type],
  ]);
}

export function updateRequest(
  urn: string,
  id: string,
  olds: WireStruct,
  news: WireStruct,
  oldInputs: WireStruct,
): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", id],
    [2, "string", urn],
    [3, "struct", olds],
    [4, "struct", news],
    [8, "struct", oldInputs],
    [9, "string", name],
    [10, "string", type],
  ]);
}

export function deleteRequest(urn: string, id: string, properties: WireStruct, oldInputs: WireStruct): Buffer {
  const [name, type] = nameAndType(urn);
  return encodeMessage([
    [1, "string", id],
    [2, "string", urn],
    [3, "struct", properties],
    [5, "struct", oldInputs],
    [6, "string", name],
    [7, "string", type],
  ]);
}

/**
 * Create/Update failures arrive as gRPC UNKNOWN with the error message; a partial failure (an error object carrying
 * `id`) also carries `grpc-status-details-bin` holding `pulumirpc.ErrorResourceInitFailed` (notes §4.2).
 */
export function decodeError(err: grpcTypes.ServiceError): ProviderError {
  const message = err.details || err.message;
  const bin = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (bin && typeof bin !== "string") {
    try {
      const status = statusproto.Status.deserializeBinary(new Uint8Array(bin));
      for (const any of status.getDetailsList()) {
        if (any.getTypeName() === "pulumirpc.ErrorResourceInitFailed") {
          const d = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
          return new ProviderError(message, err.code, {
            id: d.getId(),
            properties: fromStruct(d.getProperties()),
            reasons: d.getReasonsList(),
          });
        }
      }
    } catch {
      // Undecodable details: fall through to a plain error.
    }
  }
  return new ProviderError(message, err.code);
}
