// Engine driver: emulates the Pulumi CLI/engine around the real dynamic-provider plugin of `@pulumi/pulumi`, for the
// project's engine tests, `npm run demo` and `npm run bench` (the Pulumi CLI cannot be installed here).
//
//   const driver = new EngineDriver({ projectDir: "examples/quickstart", config: { "ontap:host": { value: url } } });
//   const up = await driver.up();          // program run + Check/Diff/Create/Update/Delete, state kept in memory
//   console.log(up.display);               // Pulumi-like output
//   await driver.refresh(); await driver.preview({ refresh: true, expectNoChanges: true }); await driver.destroy();
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { OutputLine } from "./deployment";
import type { EngineContext, OperationResult, RunOptions } from "./engine";
import { runDestroy, runRefresh, runUpdate } from "./engine";
import { resolveEntry } from "./program";
import { SecretsManager } from "./secrets";
import type { StackState } from "./state";
import { cloneState, emptyState, exportState } from "./state";

export type { OperationResult } from "./engine";
export type { StepResult, StepOp, Diagnostic, OutputLine } from "./deployment";
export type { PropertyDiff } from "./diff";
export type { ResourceState, StackState } from "./state";
export type { TimingStat, CallRecord } from "./timing";
export { isSecret, reveal, SIG_KEY, SECRET_SIG, UNKNOWN } from "./secrets";

/** Stack config with namespaced keys (`ontap:host`, `quickstart:svms`); structured values as JSON text. */
export interface StackConfig {
  [namespacedKey: string]: { value: string; secret?: boolean };
}

export interface EngineOptions {
  projectDir: string;
  /** Entry point relative to projectDir; default: Pulumi.yaml `main`, else the project directory ("."). */
  program?: string;
  /** Default: Pulumi.yaml `name`. */
  project?: string;
  /** Default: "dev". */
  stack?: string;
  organization?: string;
  config?: StackConfig;
  /** Extra environment for the program and the plugin. */
  env?: Record<string, string>;
  /** Like `--parallel`: at most this many resource steps at once. Default: unbounded (the engine's default). */
  parallel?: number;
  /**
   * Keep running independent steps after a step fails and report every error (the default here); false stops
   * scheduling new steps after the first failure, like the engine without `--continue-on-error`.
   */
  continueOnError?: boolean;
  /** ANSI colours in `display`; default: whether stdout is a TTY. */
  color?: boolean;
  /** Kill the program if it runs longer than this (default 120 s). */
  programTimeoutMs?: number;
  /** Called with every plugin/program output line as it arrives (e.g. to stream it in the demo). */
  onOutput?: (line: OutputLine) => void;
}

interface ProjectFile {
  name?: string;
  main?: string;
  runtime?: string | { name?: string; options?: { typescript?: boolean; tsconfig?: string; nodeargs?: string } };
}

export class EngineDriver {
  private stackState: StackState = emptyState();
  private readonly lines: string[] = [];
  private readonly secrets = new SecretsManager();
  private readonly config: StackConfig;
  private readonly ctxBase: Omit<EngineContext, "config">;

  constructor(private readonly options: EngineOptions) {
    const projectDir = path.resolve(options.projectDir);
    const file = path.join(projectDir, "Pulumi.yaml");
    const project: ProjectFile = fs.existsSync(file)
      ? ((yaml.load(fs.readFileSync(file, "utf8")) as ProjectFile) ?? {})
      : {};
    const name = options.project ?? project.name;
    if (!name) throw new Error(`no project name: pass options.project or add ${file}`);
    const runtimeOptions = typeof project.runtime === "object" ? (project.runtime.options ?? {}) : {};
    const { programDir, entryPoint } = resolveEntry(projectDir, options.program ?? project.main);
    this.config = { ...options.config };
    this.ctxBase = {
      project: name,
      stack: options.stack ?? "dev",
      organization: options.organization ?? "organization",
      projectDir,
      programDir,
      entryPoint,
      runtimeOptions,
      env: options.env,
      parallel: options.parallel ?? Infinity,
      continueOnError: options.continueOnError ?? true,
      color: options.color ?? Boolean(process.stdout.isTTY),
      programTimeoutMs: options.programTimeoutMs,
      onOutput: (l) => {
        this.lines.push(l.line);
        options.onOutput?.(l);
      },
    };
  }

  private ctx(): EngineContext {
    return { ...this.ctxBase, config: { ...this.config } };
  }

  /** `pulumi up` (add `refresh: true` for `up --refresh`). */
  async up(opts: { expectNoChanges?: boolean; refresh?: boolean } = {}): Promise<OperationResult> {
    const { result, state } = await runUpdate(this.ctx(), this.stackState, false, opts);
    this.stackState = state;
    return result;
  }

  /** `pulumi preview` (`refresh: true` = `preview --refresh`: Read runs, refreshed state kept in memory only). */
  async preview(opts: RunOptions = {}): Promise<OperationResult> {
    const { result } = await runUpdate(this.ctx(), this.stackState, true, opts);
    return result;
  }

  /** `pulumi refresh`. */
  async refresh(opts: { expectNoChanges?: boolean } = {}): Promise<OperationResult> {
    const { result, state } = await runRefresh(this.ctx(), this.stackState, opts);
    this.stackState = state;
    return result;
  }

  /** `pulumi destroy`. */
  async destroy(): Promise<OperationResult> {
    const { result, state } = await runDestroy(this.ctx(), this.stackState);
    this.stackState = state;
    return result;
  }

  /** `pulumi config set [--secret] key value`; a bare key gets the project namespace. */
  setConfig(key: string, value: string, secret = false): void {
    const k = key.includes(":") ? key : `${this.ctxBase.project}:${key}`;
    this.config[k] = { value, secret };
  }

  /** `pulumi config rm`. */
  removeConfig(key: string): void {
    delete this.config[key.includes(":") ? key : `${this.ctxBase.project}:${key}`];
  }

  /** The stack state (a copy): resources with inputs/outputs, secret values wrapped `{ [SIG_KEY]: SECRET_SIG, value }`. */
  get state(): StackState {
    return cloneState(this.stackState);
  }

  /** Replaces the state (e.g. to start from a saved checkpoint in a test). */
  setState(state: StackState): void {
    this.stackState = cloneState(state);
  }

  /** Every plugin and program output line, in order, across operations. */
  get output(): string[] {
    return [...this.lines];
  }

  get project(): string {
    return this.ctxBase.project;
  }

  get stack(): string {
    return this.ctxBase.stack;
  }

  /** Checkpoint JSON with secret values encrypted (AES-256-GCM, per-driver passphrase); no plaintext secret. */
  exportState(): string {
    return exportState(this.stackState, this.secrets, this.ctxBase.stack, this.ctxBase.project);
  }
}
