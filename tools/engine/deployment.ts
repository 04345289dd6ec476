// One operation (`pulumi up`, `preview`, `refresh`, `destroy`): its plugin process, step results, diagnostics and
// timings. The engine launches the provider plugin once per command, so a Deployment owns at most one plugin.
import * as crypto from "crypto";
import type { PropertyDiff } from "./diff";
import { DynamicProviderPlugin } from "./plugin";
import type { ResourceState } from "./state";
import { DEFAULT_PROVIDER_TYPE, makeUrn } from "./state";
import { Recorder } from "./timing";

export type StepOp = "create" | "update" | "replace" | "delete" | "same" | "refresh" | "read";

export interface StepResult {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  diffs: PropertyDiff[];
  error?: string;
  /** For a replacement: whether the old resource was deleted before the new one was created. */
  deleteBeforeReplace?: boolean;
  /**
   * In-memory refresh steps of `preview --refresh` have op `refresh` (the CLI neither shows nor counts them, notes
   * §7.2); this field then says what the refresh found: `same`, `update` (drift) or `delete` (gone).
   */
  refreshResult?: "same" | "update" | "delete";
}

export interface Diagnostic {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn?: string;
}

export interface OutputLine {
  source: "plugin" | "program";
  stream: "stdout" | "stderr";
  line: string;
}

export interface DeploymentContext {
  project: string;
  stack: string;
  organization: string;
  projectDir: string;
  config: Record<string, { value: string; secret?: boolean }>;
  env?: Record<string, string>;
  parallel: number;
  /** Called for every plugin/program output line, in order. */
  onOutput(line: OutputLine): void;
}

export class Deployment {
  readonly recorder = new Recorder();
  readonly steps: StepResult[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private plugin?: Promise<DynamicProviderPlugin>;
  private running = 0;
  private readonly queue: (() => void)[] = [];
  readonly providerUrn: string;
  /** The default provider's id: kept from the old state, else a fresh one (the engine uses a UUID). */
  providerId: string;

  /**
   * Configure always receives the current stack config, refresh and destroy included: they "operate on stack
   * configuration and the resources already recorded in state" (Pulumi docs, "Running your program on refresh and
   * destroy"); only values an explicit provider got from the program would be stale there.
   */
  constructor(
    readonly ctx: DeploymentContext,
    readonly preview: boolean,
    oldProvider: ResourceState | undefined,
  ) {
    this.providerUrn = makeUrn(ctx.stack, ctx.project, DEFAULT_PROVIDER_TYPE, "default");
    this.providerId = oldProvider?.id ?? crypto.randomUUID();
  }

  get providerRef(): string {
    return `${this.providerUrn}::${this.providerId}`;
  }

  /** The configured plugin; started on first use (or earlier by `warmUp`), GetPluginInfo then Configure first. */
  getPlugin(): Promise<DynamicProviderPlugin> {
    if (!this.plugin) {
      this.plugin = (async () => {
        const plugin = await DynamicProviderPlugin.start({
          projectDir: this.ctx.projectDir,
          project: this.ctx.project,
          stack: this.ctx.stack,
          organization: this.ctx.organization,
          env: this.ctx.env,
          recorder: this.recorder,
          onOutput: (stream, line) => this.ctx.onOutput({ source: "plugin", stream, line }),
        });
        try {
          await plugin.getPluginInfo();
          await plugin.configure(this.ctx.config, this.providerUrn);
        } catch (e) {
          await plugin.close();
          throw e;
        }
        return plugin;
      })();
    }
    return this.plugin;
  }

  /** Starts the plugin in the background (overlapping the program start); failures surface on first use. */
  warmUp(): void {
    this.getPlugin().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (!this.plugin) return;
    const p = await this.plugin.catch(() => undefined);
    await p?.close();
  }

  /** Runs `fn` under the `parallel` limit (the engine's `--parallel`; unbounded by default). */
  async limit<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.ctx.parallel) await new Promise<void>((r) => this.queue.push(r));
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }

  addStep(step: StepResult, refreshOnly = false): void {
    if (refreshOnly) {
      step.refreshResult = step.op as "same" | "update" | "delete";
      step.op = "refresh";
    }
    this.steps.push(step);
  }

  error(message: string, urn?: string): void {
    this.diagnostics.push({ severity: "error", message, urn });
  }

  get errors(): Diagnostic[] {
    return this.diagnostics.filter((d) => d.severity === "error");
  }
}
