// The operations: `up`/`preview` (program run + step generation), `refresh` and `destroy`, and how each one turns
// the old state into the new state and an OperationResult (notes §4.3, §7, §9.3).
import type { Diagnostic, OutputLine, StepResult } from "./deployment";
import { Deployment } from "./deployment";
import type { DeploymentContext } from "./deployment";
import { renderOperation } from "./display";
import type { ProgramOptions, Registration, RegistrationResult } from "./program";
import { runProgram } from "./program";
import { SECRET_SIG, SIG_KEY, containsSecrets, maskSecrets } from "./secrets";
import type { PropertyMap } from "./secrets";
import type { ResourceState, StackState } from "./state";
import { DEFAULT_PROVIDER_TYPE, STACK_TYPE, cloneState, makeUrn, topoSort } from "./state";
import { componentStep, customStep, deleteStep, readStep, refreshStep } from "./steps";
import type { CallRecord, TimingStat } from "./timing";

export type OperationKind = "update" | "preview" | "refresh" | "destroy";

export interface OperationResult {
  operation: OperationKind;
  /** Steps in display order (program registration order, then deletes; state order for refresh/destroy). */
  steps: StepResult[];
  /** `engine.HasChanges`: any counted step whose op is not `same`/`read` (refresh steps of a preview excluded). */
  changes: boolean;
  /** 0, 255 (failure, as the CLI exits) or 7 (`--expect-no-changes` with changes, CLI ≥ 3.227). */
  exitCode: number;
  errors: string[];
  diagnostics: Diagnostic[];
  /** Stack outputs; secret values are masked as `[secret]` (as `pulumi stack output` without --show-secrets). */
  outputs: Record<string, { value: unknown; secret: boolean }>;
  display: string;
  durationMs: number;
  /** Provider RPCs issued by the driver: `Configure`, `Check`, `Diff`, `Create`, `Read`, `Update`, `Delete`, ... */
  rpcCounts: Record<string, number>;
  /** Count/total/max per `plugin.start`, `program.run`, `provider.<Rpc>`, `monitor.<Rpc>`, `engine.<Rpc>`. */
  timings: Record<string, TimingStat>;
  /** Every timed call in start order (ms since the operation started): used to check ordering and overlap. */
  calls: CallRecord[];
  /** Program and plugin output lines of this operation. */
  output: OutputLine[];
  /** What the program registered (up/preview), as the engine received it: inputs wire-format, options, deps. */
  registrations: (Registration & { urn: string })[];
}

export interface EngineContext extends DeploymentContext {
  programDir: string;
  entryPoint: string;
  runtimeOptions: ProgramOptions["runtimeOptions"];
  programTimeoutMs?: number;
  color: boolean;
  continueOnError: boolean;
}

export interface RunOptions {
  refresh?: boolean;
  expectNoChanges?: boolean;
}

/** The default provider's state entry: its inputs are the stack config (secrets marked). */
function providerState(d: Deployment, ctx: EngineContext): ResourceState {
  const inputs: PropertyMap = {};
  for (const [k, v] of Object.entries(ctx.config))
    inputs[k] = v.secret ? { [SIG_KEY]: SECRET_SIG, value: v.value } : v.value;
  return {
    urn: d.providerUrn,
    type: DEFAULT_PROVIDER_TYPE,
    name: "default",
    custom: true,
    id: d.providerId,
    inputs,
    outputs: inputs,
    dependencies: [],
    propertyDependencies: {},
    options: { ignoreChanges: [], additionalSecretOutputs: [], replaceOnChanges: [], hideDiffs: [] },
  };
}

function findProvider(s: StackState): ResourceState | undefined {
  return s.resources.find((r) => r.type === DEFAULT_PROVIDER_TYPE && r.name === "default");
}

/**
 * Adds or drops the default provider: present iff some resource uses it. `provider` is its new state when the program
 * registered it in this deployment (inputs = current config), else the old state entry.
 */
function withProvider(resources: ResourceState[], d: Deployment, provider: ResourceState | undefined): ResourceState[] {
  const rest = resources.filter((r) => !(r.type === DEFAULT_PROVIDER_TYPE && r.name === "default"));
  const used = rest.some((r) => r.custom && r.provider === d.providerRef);
  return topoSort(used && provider ? [provider, ...rest] : rest);
}

/** Refreshes every resource concurrently (the engine runs refresh steps in parallel). */
async function refreshAll(d: Deployment, resources: ResourceState[], refreshOnly: boolean): Promise<ResourceState[]> {
  const results = await Promise.all(
    resources.map((r) => (r.type === DEFAULT_PROVIDER_TYPE ? Promise.resolve(r) : refreshStep(d, r, refreshOnly))),
  );
  // Steps were recorded in completion order; show them in state order.
  const pos = new Map(resources.map((r, i) => [r.urn, i]));
  d.steps.sort((a, b) => (pos.get(a.urn) ?? 0) - (pos.get(b.urn) ?? 0));
  return results.filter((r): r is ResourceState => r !== null);
}

/** `pulumi up` / `pulumi preview` (with `--refresh` when asked). */
export async function runUpdate(
  ctx: EngineContext,
  state: StackState,
  preview: boolean,
  opts: RunOptions,
): Promise<{ result: OperationResult; state: StackState }> {
  const started = Date.now();
  const outputLines: OutputLine[] = [];
  const dctx = { ...ctx, onOutput: (l: OutputLine) => (outputLines.push(l), ctx.onOutput(l)) };
  const d = new Deployment(dctx, preview, findProvider(state));
  d.warmUp();
  const base = cloneState(state);

  try {
    if (opts.refresh) {
      // `preview --refresh` / `up --refresh`: Read really runs first; for a preview the refreshed state stays in
      // memory. Refresh steps are recorded with op `refresh` (not shown, not counted: notes §7.2); the program's
      // steps against the refreshed state are what count.
      base.resources = await refreshAll(d, base.resources, true);
    }
    const old = new Map(base.resources.map((r) => [r.urn, r]));
    const order: string[] = [];
    const registered = new Set<string>();
    const results = new Map<string, ResourceState | undefined>();
    const failed = new Set<string>();
    const pending: Promise<unknown>[] = [];
    const pendingDeletes: ResourceState[] = [];
    const deleted = new Set<string>();
    let stackOutputs: PropertyMap | undefined;
    let programFailed = false;
    let providerRegistered = false;
    const registrations: OperationResult["registrations"] = [];
    let shutdown: Promise<void> | undefined;

    const register = async (reg: Registration): Promise<RegistrationResult> => {
      const urn = makeUrn(ctx.stack, ctx.project, reg.type, reg.name, reg.parent || undefined);
      if (registered.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
      registered.add(urn);
      order.push(urn);
      registrations.push({ ...reg, urn });
      if (reg.custom && !reg.provider) providerRegistered = true;
      const prior = old.get(urn);
      const failedDep = [reg.parent, ...reg.dependencies].find((u) => u && failed.has(u));
      if (failedDep && reg.custom) {
        // The engine does not run a step whose dependency failed (it is skipped; the old state stays).
        const message = `skipped because its dependency ${failedDep} failed`;
        d.addStep({ urn, type: reg.type, name: reg.name, op: prior ? "same" : "create", diffs: [], error: message });
        d.error(message, urn);
        failed.add(urn);
        results.set(urn, prior);
        return { urn, outputs: {}, skipped: true };
      }
      if (!ctx.continueOnError && d.errors.length > 0) {
        // Without --continue-on-error the engine stops scheduling new steps after the first failure.
        failed.add(urn);
        results.set(urn, prior);
        return { urn, outputs: {}, skipped: true };
      }
      const outcome = !reg.custom
        ? componentStep(d, reg, urn, prior)
        : reg.kind === "read"
          ? await d.limit(() => readStep(d, reg, urn))
          : await d.limit(() => customStep(d, reg, urn, prior));
      results.set(urn, outcome.state);
      if (outcome.failed) failed.add(urn);
      if (outcome.pendingDelete) pendingDeletes.push(outcome.pendingDelete);
      return { urn, id: outcome.id, outputs: outcome.outputs, failed: outcome.failed };
    };

    // After the program signals it is done: resources no longer registered are deleted, dependents first, then the
    // objects replaced create-before-delete. Skipped when the program or a step failed (the engine never deletes
    // on a failed program; a failed step cancels the remaining work).
    const finish = async (): Promise<void> => {
      await Promise.allSettled(pending);
      if (programFailed || d.errors.length > 0) return;
      const condemned = topoSort(base.resources)
        .filter((r) => !results.has(r.urn) && r.type !== DEFAULT_PROVIDER_TYPE)
        .reverse();
      for (const r of condemned) if (await deleteStep(d, r)) deleted.add(r.urn);
      for (const r of pendingDeletes.reverse()) await deleteStep(d, r, { replaced: true });
    };

    const run = await runProgram(
      {
        projectDir: ctx.projectDir,
        programDir: ctx.programDir,
        entryPoint: ctx.entryPoint,
        project: ctx.project,
        stack: ctx.stack,
        organization: ctx.organization,
        preview,
        parallel: ctx.parallel === Infinity ? 2147483647 : ctx.parallel,
        config: ctx.config,
        runtimeOptions: ctx.runtimeOptions,
        env: ctx.env,
        timeoutMs: ctx.programTimeoutMs,
        recorder: d.recorder,
      },
      {
        urnOf: (type, name, parent) => makeUrn(ctx.stack, ctx.project, type, name, parent || undefined),
        register: (reg) => {
          const p = register(reg);
          pending.push(p.catch(() => undefined));
          return p;
        },
        registerOutputs: (urn, outputs) => {
          const s = results.get(urn);
          if (s?.type === STACK_TYPE) stackOutputs = outputs;
          if (s) s.outputs = outputs;
        },
        getResource: (urn) => {
          const s = results.get(urn) ?? old.get(urn);
          return s ? { urn: s.urn, id: s.id, state: s.outputs } : undefined;
        },
        shutdown: () => (shutdown ??= finish()),
        log: (severity, message, urn) => {
          d.diagnostics.push({ severity, message, urn: urn || undefined });
          if (severity !== "debug") dctx.onOutput({ source: "program", stream: "stderr", line: message });
        },
        output: (stream, line) => dctx.onOutput({ source: "program", stream, line }),
      },
    );
    if (run.exitCode !== 0) {
      programFailed = true;
      // Exit code 32: the SDK already reported the error through Engine.Log.
      if (!run.bailed) d.error(`an unhandled error occurred: Program exited with non-zero exit code: ${run.exitCode}`);
    }
    await (shutdown ?? finish());

    // Display order: program registration order, then deletes.
    const pos = new Map(order.map((u, i) => [u, i]));
    d.steps.sort((a, b) => (pos.get(a.urn) ?? Infinity) - (pos.get(b.urn) ?? Infinity));

    let next = state;
    if (!preview) {
      const kept: ResourceState[] = [];
      for (const urn of order) {
        const s = results.get(urn);
        if (s) kept.push(s);
      }
      for (const r of base.resources) if (!results.has(r.urn) && !deleted.has(r.urn)) kept.push(r);
      next = {
        resources: withProvider(kept, d, providerRegistered ? providerState(d, ctx) : findProvider(state)),
        outputs: stackOutputs ?? (programFailed ? base.outputs : {}),
      };
    }
    const result = await finishResult(d, ctx, preview ? "preview" : "update", opts, started, stackOutputs ?? {});
    result.output = outputLines;
    result.registrations = registrations;
    return { result, state: next };
  } finally {
    await d.close();
  }
}

/** `pulumi refresh`: no program run; Read + inverted Diff per resource (notes §7.1). */
export async function runRefresh(
  ctx: EngineContext,
  state: StackState,
  opts: RunOptions,
): Promise<{ result: OperationResult; state: StackState }> {
  const started = Date.now();
  const outputLines: OutputLine[] = [];
  const dctx = { ...ctx, onOutput: (l: OutputLine) => (outputLines.push(l), ctx.onOutput(l)) };
  const d = new Deployment(dctx, false, findProvider(state));
  try {
    if (state.resources.some((r) => r.custom && r.type !== DEFAULT_PROVIDER_TYPE)) d.warmUp();
    const refreshed = await refreshAll(d, cloneState(state).resources, false);
    // The state is rewritten even when the op is `same` (notes §7.1 step 5).
    const next: StackState = { resources: withProvider(refreshed, d, providerState(d, ctx)), outputs: state.outputs };
    const result = await finishResult(d, ctx, "refresh", opts, started, state.outputs);
    result.output = outputLines;
    return { result, state: next };
  } finally {
    await d.close();
  }
}

/** `pulumi destroy`: Delete in reverse dependency order; `retainOnDelete` resources are dropped without Delete. */
export async function runDestroy(
  ctx: EngineContext,
  state: StackState,
): Promise<{ result: OperationResult; state: StackState }> {
  const started = Date.now();
  const outputLines: OutputLine[] = [];
  const dctx = { ...ctx, onOutput: (l: OutputLine) => (outputLines.push(l), ctx.onOutput(l)) };
  const d = new Deployment(dctx, false, findProvider(state));
  try {
    const resources = topoSort(cloneState(state).resources).filter((r) => r.type !== DEFAULT_PROVIDER_TYPE);
    if (resources.some((r) => r.custom && !r.external && !r.options.retainOnDelete)) d.warmUp();
    const survivors: ResourceState[] = [];
    for (const r of [...resources].reverse()) if (!(await deleteStep(d, r))) survivors.push(r);
    const next: StackState = {
      resources: withProvider(survivors, d, providerState(d, ctx)),
      outputs: survivors.some((r) => r.type === STACK_TYPE) ? state.outputs : {},
    };
    const result = await finishResult(d, ctx, "destroy", {}, started, {});
    result.output = outputLines;
    return { result, state: next };
  } finally {
    await d.close();
  }
}

async function finishResult(
  d: Deployment,
  ctx: EngineContext,
  operation: OperationKind,
  opts: RunOptions,
  started: number,
  stackOutputs: PropertyMap,
): Promise<OperationResult> {
  // `engine.HasChanges` counts every op but same/read; in-memory refresh steps of a preview are not counted.
  const changes = d.steps.some((s) => s.op !== "same" && s.op !== "read" && s.op !== "refresh");
  const errors = d.errors.map((e) => formatError(d, e));
  let exitCode = errors.length > 0 ? 255 : 0;
  if (exitCode === 0 && opts.expectNoChanges && changes) {
    errors.push(
      operation === "preview"
        ? "no changes were expected but changes were proposed"
        : "no changes were expected but changes occurred",
    );
    exitCode = 7;
  }
  const outputs: OperationResult["outputs"] = {};
  for (const [k, v] of Object.entries(stackOutputs)) {
    const secret = containsSecrets(v);
    outputs[k] = { value: secret ? "[secret]" : maskSecrets(v), secret };
  }
  const durationMs = Date.now() - started;
  const result: OperationResult = {
    operation,
    steps: d.steps,
    changes,
    exitCode,
    errors,
    diagnostics: d.diagnostics,
    outputs,
    display: "",
    durationMs,
    rpcCounts: d.recorder.providerCounts(),
    timings: d.recorder.stats(),
    calls: [...d.recorder.calls].sort((a, b) => a.startMs - b.startMs),
    output: [],
    registrations: [],
  };
  result.display = renderOperation(result, { stack: ctx.stack, color: ctx.color });
  return result;
}

function formatError(d: Deployment, e: Diagnostic): string {
  const step = e.urn ? d.steps.find((s) => s.urn === e.urn) : undefined;
  return step ? `${step.type} (${step.name}): ${e.message}` : e.message;
}
