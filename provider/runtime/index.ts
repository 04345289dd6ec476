/**
 * `pulumi-ontap-ndmp/runtime`: the implementation behind the provider objects Pulumi serializes into state.
 *
 * Each serialized provider is a thin shim (see `provider/resources/providerShim.ts`): its `configure` calls
 * `configure` here, which installs on the provider object the other methods, each calling the function of the same
 * name here with the provider object and the call's arguments. (Texts written by earlier versions of this package
 * carry all seven methods, each calling its function here directly.) This module is resolved when the plugin
 * runs, from the project directory, so state written by any earlier version runs today's code: these entry points
 * and the `kind` property they dispatch on must stay compatible.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ResourceKind } from "../model/kinds";
import { packageInfo } from "../packageInfo";
import { ConfigureRequest, configureProvider, contextOf } from "./context";
import { KindHandlers } from "./kinds/common";
import { modeHandlers } from "./kinds/mode";
import { nodeConfigHandlers } from "./kinds/nodeConfig";
import { svmConfigHandlers } from "./kinds/svmConfig";
import { ownCopy } from "./values";
import { echo } from "../ontap/echo";

/** The serialized provider object: `kind` names the resource kind. */
export interface ShimProvider {
  kind?: string;
}

/** The arguments the plugin passed to the shim's method, forwarded as they came (`arguments`). */
type CallArguments = ArrayLike<unknown>;
type Props = Record<string, unknown>;

const KINDS: Record<ResourceKind, KindHandlers> = {
  mode: modeHandlers,
  node: nodeConfigHandlers,
  svm: svmConfigHandlers,
};

/** The engine's properties as an object of own fields only (prototype keys are fields like any other). */
function props(value: unknown): Props {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (ownCopy(value) as Props) : {};
}

function handlersOf(provider: ShimProvider): KindHandlers {
  const kind = provider.kind;
  const handlers = typeof kind === "string" && Object.hasOwn(KINDS, kind) ? KINDS[kind as ResourceKind] : undefined;
  if (!handlers) {
    throw new Error(
      `Unknown NDMP resource kind ${echo(provider.kind)}: this state was written by a newer pulumi-ontap-ndmp ` +
        `than the installed ${packageInfo.version}. Upgrade the package in this project.`,
    );
  }
  return handlers;
}

/**
 * The plugin's first call on a provider object: installs the methods the shim's text leaves out (see
 * provider/resources/providerShim.ts), then records the stack configuration. Both happen before this returns, and
 * the methods first: a `configure` that throws is never retried by the plugin, so nothing may keep them from being
 * installed (configuration errors are recorded and reported by each method instead).
 */
export function configure(provider: ShimProvider, args: CallArguments): Promise<void> {
  installMethods(provider);
  configureProvider(provider, args[0] as ConfigureRequest | undefined);
  return Promise.resolve();
}

/** The methods the plugin calls beside `configure`: the entry points below, by the names the plugin calls. */
const PLUGIN_METHODS: Record<string, (provider: ShimProvider, args: CallArguments) => unknown> = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteResource,
};

/** Installs each of {@link PLUGIN_METHODS} on the provider object, forwarding the call's arguments. */
function installMethods(provider: ShimProvider): void {
  const target = provider as Record<string, unknown>;
  for (const [name, method] of Object.entries(PLUGIN_METHODS)) {
    target[name] = (...args: unknown[]) => method(provider, args);
  }
}

export function check(provider: ShimProvider, args: CallArguments): Promise<dynamic.CheckResult> {
  return handlersOf(provider).check(contextOf(provider), props(args[0]), props(args[1]));
}

export function diff(provider: ShimProvider, args: CallArguments): Promise<dynamic.DiffResult> {
  return handlersOf(provider).diff(contextOf(provider), String(args[0]), props(args[1]), props(args[2]));
}

export function create(provider: ShimProvider, args: CallArguments): Promise<dynamic.CreateResult> {
  return handlersOf(provider).create(contextOf(provider), props(args[0]));
}

export function read(provider: ShimProvider, args: CallArguments): Promise<dynamic.ReadResult> {
  return handlersOf(provider).read(contextOf(provider), String(args[0]), props(args[1]));
}

export function update(provider: ShimProvider, args: CallArguments): Promise<dynamic.UpdateResult> {
  return handlersOf(provider).update(contextOf(provider), String(args[0]), props(args[1]), props(args[2]));
}

export function deleteResource(provider: ShimProvider, args: CallArguments): Promise<void> {
  return handlersOf(provider).delete(contextOf(provider), String(args[0]), props(args[1]));
}

// `delete` is a reserved word for a declaration but a fine export name, which is what the shim calls.
export { deleteResource as delete };
