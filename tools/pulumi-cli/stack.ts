// A Pulumi stack in a throwaway, offline workspace, driven through the real Pulumi CLI: what the engine-level tests,
// the demo and the bench use.
//
//   const stack = await PulumiStack.create({ projectDir: "examples/quickstart", config: ontapConfig(sim) });
//   const up = await stack.up();                                   // pulumi up --yes --skip-preview
//   const drift = await stack.preview("--refresh", "--expect-no-changes", "--diff");
//   drift.exitCode;                                                // 7: changes were proposed
//   await stack.exportState();                                     // pulumi stack export
//   stack.dispose();
//
// Hermetic: a `file://` backend, PULUMI_HOME and the project copy live in one temporary folder; secrets use the
// passphrase provider with a random passphrase; update checks and plugin downloads are off; PULUMI_* and ONTAP_*
// variables of the caller's shell are not inherited (a test passes what it means through `env`). Nothing is written
// to the user's home.
//
// Programs: each operation starts tools/pulumi-cli/programHost.js (the SDK's Automation API language server) and
// passes `--client=127.0.0.1:<port>` to the CLI, as LocalWorkspace does for inline programs; README.md beside this
// file says why. Structured results come from the CLI's own engine event log (`--event-log`).
import * as cp from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as readline from "readline";
import { ensurePulumiCli, PulumiCli, REPO_ROOT } from "./cli";

const PROGRAM_HOST = path.join(__dirname, "programHost.js");
export const TEMP_PREFIX = "pulumi-ontap-ndmp-stack-";

/** Stack config with namespaced keys (`ontap:host`, `quickstart:svms`); structured values as JSON text. */
export interface StackConfig {
  [namespacedKey: string]: { value: string; secret?: boolean };
}

export interface StackOptions {
  /** Folder with Pulumi.yaml and the program. */
  projectDir: string;
  /** Default "dev". */
  stack?: string;
  config?: StackConfig;
  /** Environment of the CLI, the program and the provider plugin, beyond the hermetic settings. */
  env?: Record<string, string>;
  /** Default: {@link ensurePulumiCli}. */
  cli?: PulumiCli;
  /** Kill an operation that runs longer (default 240 s). */
  timeoutMs?: number;
  /** Called with each command as a user would type it, before it runs (the demo shows them). */
  onCommand?: (command: string) => void;
  /** Called with the CLI's stdout and stderr as they arrive (the demo streams Pulumi's own output). */
  onOutput?: (text: string) => void;
}

/** One line of the CLI's engine event log (pkg/apitype/events.go: EngineEvent). */
export interface EngineEvent {
  sequence: number;
  timestamp: number;
  resourcePreEvent?: { metadata: StepMetadata; planning?: boolean };
  resOutputsEvent?: { metadata: StepMetadata; planning?: boolean };
  resOpFailedEvent?: { metadata: StepMetadata; status: number; steps: number };
  diagnosticEvent?: { urn?: string; message: string; severity: string; ephemeral?: boolean };
  summaryEvent?: {
    resourceChanges: Record<string, number>;
    durationSeconds: number;
    isPreview: boolean;
    result?: string;
  };
  stdoutEvent?: { message: string };
  [other: string]: unknown;
}

export interface StepMetadata {
  op: string;
  urn: string;
  type: string;
  old?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null;
  new?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } | null;
  diffs?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  provider?: string;
}

export interface Step extends StepMetadata {
  /** The last segment of the URN: the resource's name. */
  name: string;
  /** The step failed (resOpFailedEvent). */
  failed: boolean;
}

export interface CommandResult {
  /** The command as a user would type it (without the harness's --client/--event-log plumbing). */
  command: string;
  exitCode: number;
  /** The signal that ended the CLI, when one did. */
  signal?: NodeJS.Signals;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface OperationResult extends CommandResult {
  events: EngineEvent[];
  /** Resource steps in event order: one per resource and operation kind (a `preview --refresh` has both). */
  steps: Step[];
  /** Pulumi's own summary counts (`resourceChanges`), empty when the operation did not get that far. */
  changes: Record<string, number>;
  /** What the program wrote to its own stdout/stderr (the language server runs it outside the CLI). */
  programOutput: string;
}

/** A running operation, for tests that signal the CLI mid-way. */
export interface RunningOperation {
  /** The `pulumi` process (its pid is the CLI's own), once the program host listens and the CLI has started. */
  cli: Promise<cp.ChildProcess>;
  result: Promise<OperationResult>;
}

type Operation = "up" | "preview" | "refresh" | "destroy";

/** Flags the harness adds after the user's: unattended runs, plain text, the stack. */
function defaultFlags(operation: Operation, flags: readonly string[]): string[] {
  const added = ["--non-interactive"];
  if (!flags.some((f) => f.startsWith("--color"))) added.push("--color", "never");
  const asksFirst = operation !== "preview" && !flags.includes("--preview-only");
  if (asksFirst && !flags.includes("--yes")) added.push("--yes");
  if (asksFirst && !flags.includes("--skip-preview")) added.push("--skip-preview");
  return added;
}

export class PulumiStack {
  readonly cli: PulumiCli;
  readonly stack: string;
  readonly projectDir: string;
  /** The temporary folder: `project/` (cwd of the CLI), `state/` (backend), `home/` (PULUMI_HOME), `events/`. */
  readonly root: string;
  readonly workDir: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly entry: string;
  private readonly timeoutMs: number;
  private readonly onCommand?: (command: string) => void;
  private readonly onOutput?: (text: string) => void;
  private operations = 0;
  private host?: ProgramHost;

  private constructor(options: StackOptions, cli: PulumiCli) {
    this.cli = cli;
    this.stack = options.stack ?? "dev";
    this.projectDir = path.resolve(options.projectDir);
    this.timeoutMs = options.timeoutMs ?? 240_000;
    this.onCommand = options.onCommand;
    this.onOutput = options.onOutput;
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
    this.workDir = path.join(this.root, "project");
    for (const dir of ["project", "state", "home", "events"]) fs.mkdirSync(path.join(this.root, dir));
    const project = fs.readFileSync(path.join(this.projectDir, "Pulumi.yaml"), "utf8");
    this.entry = path.join(this.projectDir, /^main:\s*(\S+)\s*$/m.exec(project)?.[1] ?? "index.ts");
    // The program is served from where it is; the CLI checks that `main` exists in its project folder, so the copy
    // of Pulumi.yaml leaves it out.
    fs.writeFileSync(path.join(this.workDir, "Pulumi.yaml"), project.replace(/^main:.*$\n?/m, ""));
    // The dynamic-provider plugin resolves @pulumi/pulumi and pulumi-ontap-ndmp from its working directory (the
    // project), as in a consumer project after `npm install`.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(this.workDir, "node_modules"), "dir");
    this.env = hermeticEnv(this.root, cli, options.env ?? {});
  }

  /** `pulumi stack init` with the passphrase secrets provider, then the stack config (one `config set-all`). */
  static async create(options: StackOptions): Promise<PulumiStack> {
    const stack = new PulumiStack(options, options.cli ?? ensurePulumiCli());
    try {
      await stack.mustRun(["stack", "init", stack.stack, "--secrets-provider", "passphrase", "--non-interactive"]);
      if (options.config && Object.keys(options.config).length > 0) await stack.setAllConfig(options.config);
    } catch (error) {
      stack.dispose();
      throw error;
    }
    return stack;
  }

  /**
   * Stack config: the plain values in one `pulumi config set-all`, each secret with `config set --secret` and its value
   * on stdin (a command line is visible to every user of the machine).
   */
  async setAllConfig(config: StackConfig): Promise<void> {
    const entries = Object.entries(config);
    const plain = entries.filter(([, { secret }]) => !secret);
    if (plain.length > 0) {
      const args = ["config", "set-all", "--stack", this.stack];
      for (const [key, { value }] of plain) args.push("--plaintext", `${key}=${value}`);
      await this.mustRun(args);
    }
    for (const [key, { value }] of entries.filter(([, { secret }]) => secret)) await this.setConfig(key, value, true);
  }

  /** `pulumi config set [--secret] key` with the value on stdin (never on a command line). A bare key gets the project. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    const args = ["config", "set", ...(secret ? ["--secret"] : []), key, "--stack", this.stack, "--non-interactive"];
    await this.mustRun(args, { stdin: value });
  }

  async removeConfig(key: string): Promise<void> {
    await this.mustRun(["config", "rm", key, "--stack", this.stack]);
  }

  /** `pulumi up --yes --skip-preview [flags]`. */
  up(...flags: string[]): Promise<OperationResult> {
    return this.start("up", flags).result;
  }

  /** `pulumi preview [flags]`. */
  preview(...flags: string[]): Promise<OperationResult> {
    return this.start("preview", flags).result;
  }

  /** `pulumi refresh --yes --skip-preview [flags]` (with `--preview-only`: no --yes). */
  refresh(...flags: string[]): Promise<OperationResult> {
    return this.start("refresh", flags).result;
  }

  /** `pulumi destroy --yes --skip-preview [flags]`. */
  destroy(...flags: string[]): Promise<OperationResult> {
    return this.start("destroy", flags).result;
  }

  /**
   * Starts an operation; the CLI process is handed out as soon as it runs, so a test can signal it. With
   * `processGroup`, the CLI leads a process group of its own, which a test can kill as a CI runner kills a job
   * (`process.kill(-cli.pid, "SIGKILL")`); the CLI starts its plugins in groups of their own, so end those by id.
   */
  start(
    operation: Operation,
    flags: readonly string[] = [],
    options: { processGroup?: boolean } = {},
  ): RunningOperation {
    const events = path.join(this.root, "events", `${++this.operations}-${operation}.jsonl`);
    const shownArgs = [operation, ...flags, ...defaultFlags(operation, flags)];
    const host = this.programHost();
    const outputFrom = host.output().length;
    const cliReady = new Deferred<cp.ChildProcess>();
    const result = (async () => {
      let clean = false;
      try {
        const port = await host.port;
        const args = [...shownArgs, "--stack", this.stack, `--client=127.0.0.1:${port}`, "--event-log", events];
        const run = this.spawnCli(args, shownArgs, undefined, options.processGroup);
        cliReady.resolve(run.child);
        const done = await run.done;
        clean = !done.signal && [0, 7].includes(done.exitCode);
        return { ...done, ...readEvents(events), programOutput: host.output().slice(outputFrom) };
      } catch (error) {
        cliReady.reject(error as Error);
        throw error;
      } finally {
        // A host whose run was cut short (a failed or killed operation) is not trusted with the next one.
        if (!clean) await this.stopProgramHost();
      }
    })();
    return { cli: cliReady.promise, result };
  }

  /** Any other `pulumi` command in the workspace (`stack export`, `stack output --json`, `config get`…). */
  run(args: string[], options: { stdin?: string } = {}): Promise<CommandResult> {
    return this.spawnCli([...args], args, options.stdin).done;
  }

  private async mustRun(args: string[], options: { stdin?: string } = {}): Promise<CommandResult> {
    const result = await this.run(args, options);
    if (result.exitCode !== 0) {
      throw new Error(`${result.command} exited with ${result.exitCode}:\n${result.stderr || result.stdout}`);
    }
    return result;
  }

  /** `pulumi stack export` (secrets encrypted); with showSecrets, `--show-secrets` (plaintext, for assertions only). */
  async exportState(showSecrets = false): Promise<string> {
    const args = ["stack", "export", "--stack", this.stack, ...(showSecrets ? ["--show-secrets"] : [])];
    return (await this.mustRun(args)).stdout;
  }

  /** The stack's resources from `pulumi stack export --show-secrets`. */
  async resources(): Promise<StateResource[]> {
    const exported = JSON.parse(await this.exportState(true)) as { deployment?: { resources?: StateResource[] } };
    return exported.deployment?.resources ?? [];
  }

  /** `pulumi stack output --json` (secrets as "[secret]" unless showSecrets). */
  async outputs(showSecrets = false): Promise<Record<string, unknown>> {
    const args = ["stack", "output", "--json", "--stack", this.stack, ...(showSecrets ? ["--show-secrets"] : [])];
    return JSON.parse((await this.mustRun(args)).stdout || "{}") as Record<string, unknown>;
  }

  /** Stops the program host and removes the temporary folder (backend, home, project copy). */
  dispose(): void {
    this.host?.child.kill("SIGKILL");
    this.host = undefined;
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private spawnCli(args: string[], shownArgs: readonly string[], stdin?: string, processGroup = false) {
    const started = performance.now();
    this.onCommand?.(`pulumi ${shownArgs.join(" ")}${stdin !== undefined ? "   (value on stdin)" : ""}`);
    const child = cp.spawn(this.cli.path, args, {
      cwd: this.workDir,
      env: this.env,
      stdio: [stdin !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
      detached: processGroup,
    });
    if (stdin !== undefined) child.stdin!.end(stdin);
    let stdout = "";
    let stderr = "";
    child.stdout!.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
      this.onOutput?.(s);
    });
    child.stderr!.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
      this.onOutput?.(s);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), this.timeoutMs);
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => {
        clearTimeout(timer);
        resolve({
          command: `pulumi ${shownArgs.join(" ")}`,
          exitCode: code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0),
          signal: signal ?? undefined,
          stdout,
          stderr,
          durationMs: performance.now() - started,
        });
      });
    });
    return { child, done };
  }

  /**
   * The program host of this stack, started on first use and kept for the next operations: the SDK's language server
   * serves one run per operation and resets the runtime's settings for each (automation/server.js `run`), and the
   * program is loaded afresh each time, so reuse only saves the host's start (~1 s: ts-node and the SDK).
   */
  private programHost(): ProgramHost {
    if (!this.host || this.host.exited) this.host = this.startProgramHost();
    return this.host;
  }

  /**
   * Stops the program host; the next operation starts a new one. The bench calls it after each measured operation, so
   * that the host has exited, and its CPU time is counted with the CLI's, when it reads the CPU of finished children.
   */
  async stopProgramHost(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    await host?.stop();
  }

  private startProgramHost(): ProgramHost {
    const child = cp.spawn(process.execPath, [PROGRAM_HOST, this.entry], {
      cwd: this.projectDir,
      env: this.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stderr!.setEncoding("utf8").on("data", (s: string) => (output += s));
    const host: ProgramHost = {} as ProgramHost;
    const exited = new Promise<void>((resolve) =>
      child.once("close", () => {
        host.exited = true;
        resolve();
      }),
    );
    const port = new Promise<number>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout! });
      let first = true;
      lines.on("line", (line) => {
        if (first && /^\d+$/.test(line)) resolve(Number(line));
        else output += `${line}\n`;
        first = false;
      });
      child.once("error", reject);
      void exited.then(() => reject(new Error(`the program host exited before listening:\n${output}`)));
    });
    port.catch(() => undefined);
    // A host left over (a stack never disposed) must not keep its parent alive: once the parent exits, the host's
    // stdin closes and it stops by itself.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as net.Socket).unref();
    return Object.assign(host, {
      child,
      port,
      exited: false,
      output: () => output,
      stop: async () => {
        child.stdin!.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      },
    });
  }
}

interface ProgramHost {
  child: cp.ChildProcess;
  /** The loopback port it serves the language runtime on. */
  port: Promise<number>;
  exited: boolean;
  /** Everything the program printed so far. */
  output(): string;
  stop(): Promise<void>;
}

class Deferred<T> {
  resolve!: (value: T) => void;
  reject!: (error: Error) => void;
  readonly promise = new Promise<T>((resolve, reject) => {
    this.resolve = resolve;
    this.reject = reject;
  });
  constructor() {
    this.promise.catch(() => undefined);
  }
}

/** A resource of `pulumi stack export` (pkg/apitype: ResourceV3). */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  additionalSecretOutputs?: string[];
  dependencies?: string[];
  provider?: string;
}

/**
 * The environment of every command: the caller's without its PULUMI_* and ONTAP_* variables, plus the throwaway
 * backend, home and passphrase, offline switches, the plugin folder first on PATH, and the stack's own `env`.
 */
function hermeticEnv(root: string, cli: PulumiCli, extra: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("PULUMI_") && !k.startsWith("ONTAP_")),
  );
  return {
    ...inherited,
    PATH: [cli.pluginDir, path.dirname(cli.path), process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
    PULUMI_HOME: path.join(root, "home"),
    PULUMI_CONFIG_PASSPHRASE: crypto.randomBytes(18).toString("base64url"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // `--event-log` is one of the CLI's debug flags (pkg/cmd/pulumi/operations: env.DebugCommands).
    PULUMI_DEBUG_COMMANDS: "true",
    // Type-checking programs is the suite's tsc run (test/examples/typecheck.test.ts), as in CI.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...extra,
  };
}

function readEvents(file: string): Pick<OperationResult, "events" | "steps" | "changes"> {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    // The CLI never started the engine (a usage error, or it was killed first).
  }
  const events = text
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => JSON.parse(l) as EngineEvent);
  const steps: Step[] = [];
  const byKey = new Map<string, Step>();
  for (const event of events) {
    const body = event.resourcePreEvent ?? event.resOutputsEvent ?? event.resOpFailedEvent;
    if (!body) continue;
    const m = body.metadata;
    const key = `${m.op}\u0000${m.urn}`;
    const step: Step = {
      ...(byKey.get(key) ?? {}),
      ...m,
      name: m.urn.slice(m.urn.lastIndexOf("::") + 2),
      failed: false,
    };
    step.failed = Boolean(event.resOpFailedEvent) || Boolean(byKey.get(key)?.failed);
    if (!byKey.has(key)) steps.push(step);
    else steps[steps.indexOf(byKey.get(key)!)] = step;
    byKey.set(key, step);
  }
  const summary = events.find((e) => e.summaryEvent)?.summaryEvent;
  return { events, steps, changes: summary?.resourceChanges ?? {} };
}
