// Step generation and execution for one resource: the engine rules of notes §4.3, §6, §7 and §9.3.
import type { Deployment, StepResult } from "./deployment";
import { diffProperties } from "./diff";
import type { DynamicProviderPlugin } from "./plugin";
import { DiffChanges, ProviderError } from "./plugin";
import type { Registration } from "./program";
import {
  RESOURCE_SIG,
  SIG_KEY,
  annotateSecrets,
  deepEqual,
  isObject,
  isSecret,
  markAdditionalSecrets,
  maskSecrets,
  reveal,
} from "./secrets";
import type { PropertyMap } from "./secrets";
import type { ResourceState } from "./state";
import { WireStruct } from "./wire";

export interface StepOutcome {
  /** The resource's new state; undefined when it no longer exists (failed create, delete-before-replace failure). */
  state?: ResourceState;
  /** What the program receives as outputs. */
  outputs: PropertyMap;
  id?: string;
  failed?: boolean;
  /** A create-before-delete replacement leaves the old object to delete at the end of the deployment. */
  pendingDelete?: ResourceState;
}

/**
 * The wire form of the property maps one step sends (secrets revealed: the plugin does not accept them), each map
 * encoded once although it may go out in several requests (old inputs: Check and Diff; Read, then twice in the
 * refresh's Diff). Per step, so nothing outlives the maps it encoded.
 */
function wireCache(): (map: PropertyMap) => WireStruct {
  const cache = new Map<PropertyMap, WireStruct>();
  return (map) => {
    let w = cache.get(map);
    if (!w) cache.set(map, (w = WireStruct.revealed(map)));
    return w;
  };
}

type Wire = (map: PropertyMap) => WireStruct;

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * `ignoreChanges`: the engine replaces the listed (dotted) paths of the new inputs by their old values before Check.
 */
export function applyIgnoreChanges(news: PropertyMap, olds: PropertyMap | undefined, paths: string[]): PropertyMap {
  if (!olds || paths.length === 0) return news;
  const out = clone(news);
  for (const p of paths) {
    const keys = p.split(".");
    let src: unknown = olds;
    let dst: Record<string, unknown> = out;
    for (let i = 0; i < keys.length - 1; i++) {
      src = isObject(src) ? src[keys[i]] : undefined;
      if (isSecret(src)) src = src.value;
      const next = dst[keys[i]];
      if (!isObject(next)) break;
      dst = next;
    }
    const last = keys[keys.length - 1];
    if (isObject(src) && last in src) dst[last] = clone(src[last]);
    else delete dst[last];
  }
  return out;
}

/**
 * The plugin answers `acceptResources=false`, so the engine downgrades resource references in inputs to the
 * referenced resource's id (custom resources) or URN (components) before calling it.
 */
export function downgradeResourceRefs(v: unknown): unknown {
  if (isObject(v) && v[SIG_KEY] === RESOURCE_SIG) return typeof v.id === "string" && v.id !== "" ? v.id : v.urn;
  if (Array.isArray(v)) return v.map(downgradeResourceRefs);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = downgradeResourceRefs(x);
    return out;
  }
  return v;
}

/** The engine's check-failure diagnostics (`GetResourcePropertyInvalidValueError` / `GetResourceInvalidError`). */
function checkFailureMessage(reg: Registration, inputs: PropertyMap, f: { property: string; reason: string }): string {
  if (!f.property) return `${reg.type} resource '${reg.name}' has a problem: ${f.reason}`;
  const v = maskSecrets(inputs[f.property]);
  const shown = typeof v === "string" ? v : JSON.stringify(v);
  return `${reg.type} resource '${reg.name}': property ${f.property} value {${shown}} has a problem: ${f.reason}`;
}

function newState(reg: Registration, urn: string, d: Deployment, inputs: PropertyMap): ResourceState {
  return {
    urn,
    type: reg.type,
    name: reg.name,
    custom: reg.custom,
    parent: reg.parent || undefined,
    inputs,
    outputs: {},
    dependencies: reg.dependencies,
    propertyDependencies: reg.propertyDependencies,
    provider: reg.custom ? reg.provider || d.providerRef : undefined,
    options: reg.options,
  };
}

/** A component resource (the stack included): no provider calls; outputs come from `registerResourceOutputs`. */
export function componentStep(d: Deployment, reg: Registration, urn: string, old?: ResourceState): StepOutcome {
  const state = newState(reg, urn, d, reg.inputs);
  state.outputs = old ? old.outputs : {};
  d.addStep({ urn, type: reg.type, name: reg.name, op: old ? "same" : "create", diffs: [] });
  return { state, outputs: {} };
}

/** Registration of a custom resource: Check, then Create or Diff → same/update/replace (notes §4.2, §4.3). */
export async function customStep(
  d: Deployment,
  reg: Registration,
  urn: string,
  old?: ResourceState,
): Promise<StepOutcome> {
  const step: StepResult = { urn, type: reg.type, name: reg.name, op: old ? "same" : "create", diffs: [] };
  const aso = reg.options.additionalSecretOutputs;
  const fail = (message: string, outcome: Omit<StepOutcome, "failed">): StepOutcome => {
    step.error = message;
    d.error(message, urn);
    d.addStep(step);
    return { ...outcome, failed: true };
  };
  const keepOld: Omit<StepOutcome, "failed"> = { state: old, outputs: old?.outputs ?? {}, id: old?.id };
  const wire = wireCache();

  let plugin: DynamicProviderPlugin;
  try {
    plugin = await d.getPlugin();
  } catch (e) {
    return fail(`failed to load the pulumi-nodejs provider: ${errorText(e)}`, keepOld);
  }

  // Check(olds = old inputs or {}, news = program inputs after ignoreChanges, secrets unwrapped).
  const news = downgradeResourceRefs(
    applyIgnoreChanges(reg.inputs, old?.inputs, reg.options.ignoreChanges),
  ) as PropertyMap;
  let checked: PropertyMap;
  try {
    const res = await plugin.check(urn, wire(old?.inputs ?? {}), wire(news));
    if (res.failures.length > 0) {
      return fail(res.failures.map((f) => checkFailureMessage(reg, news, f)).join("\n"), keepOld);
    }
    // Secretness flows from the program's inputs to the checked inputs of the same name.
    checked = annotateSecrets(res.inputs, news);
  } catch (e) {
    return fail(errorText(e), keepOld);
  }

  const state = newState(reg, urn, d, checked);
  if (!old) return create(d, plugin, step, state, aso, fail, wire);

  step.diffs = diffProperties(old.inputs, checked, reg.options.hideDiffs);
  let op: "same" | "update" | "replace";
  let deleteBeforeReplace = false;
  try {
    const res = await plugin.diff(urn, old.id ?? "", wire(old.outputs), wire(checked), wire(old.inputs));
    if (res.changes === DiffChanges.SOME) op = res.replaces.length > 0 ? "replace" : "update";
    else if (res.changes === DiffChanges.NONE) op = "same";
    // DIFF_UNKNOWN: the engine falls back to comparing old and new inputs, `__provider` included (§4.3, #12401).
    else op = deepEqual(reveal(old.inputs), reveal(checked)) ? "same" : "update";
    deleteBeforeReplace = reg.options.deleteBeforeReplace ?? res.deleteBeforeReplace;
  } catch (e) {
    return fail(errorText(e), keepOld);
  }
  if (op === "update" && reg.options.replaceOnChanges.length > 0) {
    const changed = new Set(step.diffs.map((x) => x.path.split(/[.[]/)[0]));
    if (reg.options.replaceOnChanges.some((k) => k === "*" || changed.has(k.split(/[.[]/)[0]))) op = "replace";
  }
  step.op = op;
  if (op !== "same" && step.diffs.length === 0) {
    // Inputs are equal but the provider reports a change: the difference is in the outputs (typically drift that a
    // refresh absorbed). Show the old outputs of the input keys against the new inputs, so the field is visible.
    const olds: PropertyMap = {};
    for (const k of Object.keys(checked)) if (k in old.outputs) olds[k] = old.outputs[k];
    step.diffs = diffProperties(olds, checked, reg.options.hideDiffs);
  }

  if (op === "same") {
    // SameStep: the new inputs are stored but the old outputs are kept, including their `__provider` (#16826).
    step.diffs = [];
    state.id = old.id;
    state.outputs = markAdditionalSecrets(clone(old.outputs), aso);
    d.addStep(step);
    return { state, outputs: state.outputs, id: state.id };
  }
  if (op === "update") return update(d, plugin, step, state, old, aso, fail, wire);
  step.deleteBeforeReplace = deleteBeforeReplace;
  return replace(d, plugin, step, state, old, aso, deleteBeforeReplace, fail, wire);
}

type Fail = (message: string, outcome: Omit<StepOutcome, "failed">) => StepOutcome;

/**
 * Outputs as the engine records them from a provider's answer: secretness carried over from inputs of the same name,
 * plus `additionalSecretOutputs` (notes §6).
 */
function recordedOutputs(properties: Record<string, unknown>, state: ResourceState, aso: string[]) {
  return markAdditionalSecrets(annotateSecrets(properties, state.inputs), aso);
}

/** A create, update or replace in preview: not sent to the plugin (it does not support preview), so the engine hands
 * back the inputs as outputs. */
function previewOutputs(state: ResourceState, aso: string[]) {
  return markAdditionalSecrets(clone(state.inputs), aso);
}

async function create(
  d: Deployment,
  plugin: DynamicProviderPlugin,
  step: StepResult,
  state: ResourceState,
  aso: string[],
  fail: Fail,
  wire: Wire,
): Promise<StepOutcome> {
  step.diffs = diffProperties({}, state.inputs, state.options.hideDiffs);
  if (d.preview) {
    state.outputs = previewOutputs(state, aso);
    d.addStep(step);
    return { state, outputs: state.outputs };
  }
  try {
    const res = await plugin.create(state.urn, wire(state.inputs));
    state.id = res.id;
    state.outputs = recordedOutputs(res.properties, state, aso);
    d.addStep(step);
    return { state, outputs: state.outputs, id: state.id };
  } catch (e) {
    const init = e instanceof ProviderError ? e.initFailure : undefined;
    if (init?.id) {
      // Partial failure: the object exists, so the engine keeps it in state with the id and properties it got.
      state.id = init.id;
      state.outputs = recordedOutputs(init.properties, state, aso);
      state.initErrors = init.reasons.length ? init.reasons : [errorText(e)];
      return fail(errorText(e), { state, outputs: state.outputs, id: state.id });
    }
    // A failed create leaves nothing in state.
    return fail(errorText(e), { state: undefined, outputs: {} });
  }
}

async function update(
  d: Deployment,
  plugin: DynamicProviderPlugin,
  step: StepResult,
  state: ResourceState,
  old: ResourceState,
  aso: string[],
  fail: Fail,
  wire: Wire,
): Promise<StepOutcome> {
  state.id = old.id;
  if (d.preview) {
    state.outputs = previewOutputs(state, aso);
    d.addStep(step);
    return { state, outputs: state.outputs, id: state.id };
  }
  try {
    const res = await plugin.update(state.urn, old.id ?? "", wire(old.outputs), wire(state.inputs), wire(old.inputs));
    state.outputs = recordedOutputs(res.properties, state, aso);
    d.addStep(step);
    return { state, outputs: state.outputs, id: state.id };
  } catch (e) {
    const init = e instanceof ProviderError ? e.initFailure : undefined;
    if (init) {
      // An update that applied but failed to initialize: the new properties are recorded.
      state.outputs = recordedOutputs(init.properties, state, aso);
      state.initErrors = init.reasons.length ? init.reasons : [errorText(e)];
      return fail(errorText(e), { state, outputs: state.outputs, id: state.id });
    }
    // A failed update keeps the old state.
    return fail(errorText(e), { state: old, outputs: old.outputs, id: old.id });
  }
}

async function replace(
  d: Deployment,
  plugin: DynamicProviderPlugin,
  step: StepResult,
  state: ResourceState,
  old: ResourceState,
  aso: string[],
  deleteBeforeReplace: boolean,
  fail: Fail,
  wire: Wire,
): Promise<StepOutcome> {
  if (d.preview) {
    state.outputs = previewOutputs(state, aso);
    d.addStep(step);
    return { state, outputs: state.outputs };
  }
  if (deleteBeforeReplace) {
    try {
      await plugin.delete(old.urn, old.id ?? "", wire(old.outputs), wire(old.inputs));
    } catch (e) {
      return fail(errorText(e), { state: old, outputs: old.outputs, id: old.id });
    }
  }
  try {
    const res = await plugin.create(state.urn, wire(state.inputs));
    state.id = res.id;
    state.outputs = recordedOutputs(res.properties, state, aso);
    d.addStep(step);
    // Create-before-delete: the old object is deleted at the end of the deployment.
    return { state, outputs: state.outputs, id: state.id, pendingDelete: deleteBeforeReplace ? undefined : old };
  } catch (e) {
    if (deleteBeforeReplace) return fail(errorText(e), { state: undefined, outputs: {} });
    return fail(errorText(e), { state: old, outputs: old.outputs, id: old.id });
  }
}

/** `ReadResource` (the `id:` option / `Resource.get`): Read runs even in preview; the result is external. */
export async function readStep(d: Deployment, reg: Registration, urn: string): Promise<StepOutcome> {
  const step: StepResult = { urn, type: reg.type, name: reg.name, op: "read", diffs: [] };
  const state = newState(reg, urn, d, reg.inputs);
  state.external = true;
  state.id = reg.id;
  try {
    const plugin = await d.getPlugin();
    const res = await plugin.read(urn, reg.id ?? "", WireStruct.revealed(reg.inputs), WireStruct.revealed({}));
    if (!res.id) throw new Error(`resource '${reg.id}' does not exist`);
    state.outputs = markAdditionalSecrets(
      annotateSecrets(res.properties, reg.inputs),
      reg.options.additionalSecretOutputs,
    );
    d.addStep(step);
    return { state, outputs: state.outputs, id: state.id };
  } catch (e) {
    step.error = errorText(e);
    d.error(step.error, urn);
    d.addStep(step);
    return { outputs: {}, failed: true };
  }
}

/**
 * Delete of a resource no longer in the program, or of a replaced object. Returns true when it is gone from state.
 * `retainOnDelete` drops it without Delete; `protect` refuses; external (read) resources are only forgotten.
 */
export async function deleteStep(d: Deployment, r: ResourceState, opts: { replaced?: boolean } = {}): Promise<boolean> {
  const step: StepResult = { urn: r.urn, type: r.type, name: r.name, op: "delete", diffs: [] };
  step.diffs = diffProperties(r.inputs, {}, r.options.hideDiffs);
  if (r.options.protect && !opts.replaced) {
    step.error =
      `unable to delete resource "${r.urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
      `remove the \`protect\` flag from the resource in your Pulumi program and run \`pulumi up\``;
    d.error(step.error, r.urn);
    d.addStep(step);
    return false;
  }
  if (!opts.replaced) d.addStep(step);
  if (d.preview || !r.custom || r.external || r.options.retainOnDelete) return true;
  try {
    const plugin = await d.getPlugin();
    await d.limit(() =>
      plugin.delete(r.urn, r.id ?? "", WireStruct.revealed(r.outputs), WireStruct.revealed(r.inputs)),
    );
    return true;
  } catch (e) {
    step.error = errorText(e);
    d.error(step.error, r.urn);
    if (opts.replaced) d.addStep(step);
    return false;
  }
}

/**
 * Refresh of one custom resource (notes §7.1): Read(id, old outputs, old inputs); an empty id means deleted;
 * then the inverted Diff(olds = refreshed outputs, news = pre-refresh inputs) decides same vs update (drift).
 * Returns the refreshed state, `null` when the resource is gone, or the old state when Read failed.
 */
export async function refreshStep(
  d: Deployment,
  old: ResourceState,
  refreshOnly: boolean,
): Promise<ResourceState | null> {
  const step: StepResult = { urn: old.urn, type: old.type, name: old.name, op: "same", diffs: [] };
  if (!old.custom || !old.id) {
    d.addStep(step, refreshOnly);
    return old;
  }
  try {
    // Encoded before the plugin is ready (the driver is idle while it starts): Read can go out at once, and the old
    // inputs go out again in the Diff below.
    const wire = wireCache();
    const oldOutputs = wire(old.outputs);
    const oldInputs = wire(old.inputs);
    const plugin = await d.getPlugin();
    const res = await d.limit(() => plugin.read(old.urn, old.id ?? "", oldOutputs, oldInputs));
    if (!res.id) {
      step.op = "delete";
      step.diffs = diffProperties(old.outputs, {}, old.options.hideDiffs);
      d.addStep(step, refreshOnly);
      return null;
    }
    // Read takes secretness from the old state; additionalSecretOutputs apply on refresh too (notes §6).
    const outputs = markAdditionalSecrets(
      annotateSecrets(res.properties, old.outputs),
      old.options.additionalSecretOutputs,
    );
    const inputs = res.inputs ? annotateSecrets(res.inputs, old.inputs) : old.inputs;
    const refreshed: ResourceState = { ...old, id: res.id, outputs, inputs };
    const diff = await d.limit(() => plugin.diff(old.urn, res.id, wire(outputs), oldInputs, wire(inputs)));
    let drift: boolean;
    if (diff.changes === DiffChanges.SOME) drift = true;
    else if (diff.changes === DiffChanges.NONE) drift = false;
    // DIFF_UNKNOWN: compare the pre-refresh inputs with the refreshed inputs (`__provider` included).
    else drift = !deepEqual(reveal(old.inputs), reveal(inputs));
    if (drift) {
      step.op = "update";
      // After a refresh the CLI shows old outputs against new outputs.
      step.diffs = diffProperties(old.outputs, outputs, old.options.hideDiffs);
    }
    d.addStep(step, refreshOnly);
    return refreshed;
  } catch (e) {
    step.error = errorText(e);
    d.error(step.error, old.urn);
    d.addStep(step, refreshOnly);
    return old;
  }
}
