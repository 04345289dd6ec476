/**
 * What every NDMP resource kind shares: the handler interface the runtime dispatches to, connection resolution for
 * each engine call, and the inputs and outputs common to all kinds.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import {
  argumentLayer,
  ConnectionArgs,
  connectionEnvironment,
  ConnectionLayer,
  environmentLayer,
  resolveConnection,
  ResolvedConnection,
} from "../../connection";
import { OntapCodes, OntapConfigError, OntapError } from "../../ontap";
import { Cluster, clusterFor, isOpen } from "../../clusters";
import { ProviderContext } from "../context";
import type { OnDelete } from "../../model/kinds";
import { containsUnknown } from "../values";

/** Inputs every kind accepts (after `check`, which adds the resolved `host`). */
export interface CommonInputs {
  connection?: ConnectionArgs;
  onDelete?: OnDelete;
  /** The cluster's canonical base URL, resolved by `check` from the connection settings. */
  host?: string;
}

/** Outputs every kind records. */
export interface CommonOutputs {
  /** The cluster this resource manages, so refresh and destroy reach it from any machine. */
  host: string;
  onDelete: OnDelete;
  /** The explicit connection argument, kept (as a secret output) for refresh and destroy. */
  connection?: ConnectionArgs;
}

type Props = Record<string, unknown>;

/** The dynamic-provider methods of one resource kind, with the provider's context. */
export interface KindHandlers {
  check(ctx: ProviderContext, olds: Props, news: Props): Promise<dynamic.CheckResult>;
  diff(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(ctx: ProviderContext, inputs: Props): Promise<dynamic.CreateResult>;
  read(ctx: ProviderContext, id: string, props: Props): Promise<dynamic.ReadResult>;
  update(ctx: ProviderContext, id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(ctx: ProviderContext, id: string, props: Props): Promise<void>;
}

/** Connection layers in precedence order: the argument, stack config, the environment. */
function layers(ctx: ProviderContext, explicit: ConnectionArgs | undefined): ConnectionLayer[] {
  if (ctx.configError) throw ctx.configError;
  return [argumentLayer(explicit), ...(ctx.stackConfig ? [ctx.stackConfig] : []), environmentLayer()];
}

/**
 * Resolves the connection in `check`, so that a missing or invalid setting fails the preview before any request.
 * Returns the canonical host, or undefined (with a failure added) when it cannot be resolved, or when part of the
 * connection is not known yet (preview).
 */
export function checkConnection(
  ctx: ProviderContext,
  inputs: Props,
  failures: dynamic.CheckFailure[],
): string | undefined {
  if (containsUnknown(inputs.connection)) return undefined;
  try {
    const explicit = inputs.connection as ConnectionArgs | undefined;
    return (explicit === undefined ? defaultConnection(ctx) : resolveConnection(layers(ctx, explicit))).host;
  } catch (err) {
    if (!(err instanceof OntapConfigError)) throw err;
    const property = err.field.startsWith("connection.") ? err.field : "connection";
    failures.push({ property, reason: err.message });
    return undefined;
  }
}

/** A value worked out from a provider context's connection layers, with the `ONTAP_*` environment of that time. */
interface Remembered<T> {
  environment: (string | undefined)[];
  value: T;
}

/**
 * Per provider context, what was worked out from its connection layers, by key. The stack config of a context never
 * changes (each `configure` makes a new context), so a value stays right while the `ONTAP_*` environment is the same.
 */
type Memory<T> = WeakMap<ProviderContext, Map<string, Remembered<T>>>;

/** The value remembered for `ctx` and `key`; worked out again when the environment changed or `usable` refuses it. */
function remembered<T>(
  memory: Memory<T>,
  ctx: ProviderContext,
  key: string,
  workOut: () => T,
  usable: (value: T) => boolean = () => true,
): T {
  const environment = connectionEnvironment();
  let byKey = memory.get(ctx);
  const known = byKey?.get(key);
  if (known && usable(known.value) && known.environment.every((value, i) => value === environment[i])) {
    return known.value;
  }
  const value = workOut();
  if (!byKey) memory.set(ctx, (byKey = new Map()));
  byKey.set(key, { environment, value });
  return value;
}

/**
 * The connection of resources without a `connection` argument, as `check` resolves it (from stack config and the
 * environment only, so the same for every such resource), or the error resolving it raised, which every check then
 * reports as it would without the memory. A preview checks each of 1,000 SVM configurations, and resolving took
 * about 0.2 s of the plugin's CPU there.
 */
const defaultConnections: Memory<{ connection: ResolvedConnection } | { error: unknown }> = new WeakMap();

function defaultConnection(ctx: ProviderContext): ResolvedConnection {
  const outcome = remembered(defaultConnections, ctx, "", () => {
    try {
      return { connection: resolveConnection(layers(ctx, undefined)) };
    } catch (error) {
      return { error };
    }
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.connection;
}

function resolveCluster(ctx: ProviderContext, values: CommonInputs): Cluster {
  const connection: ResolvedConnection = resolveConnection(layers(ctx, values.connection), values.host);
  return clusterFor(connection);
}

/**
 * Per host, the cluster last resolved for resources without a `connection` argument. A refresh resolves the same
 * connection once per resource, and resolving it (parsing the host, merging the layers, hashing the credentials for
 * the registry) was nearly half of this package's own CPU time in a profiled refresh of 1,000 SVM configurations
 * (about 80 of 174 ms). A cluster whose client was closed is resolved again.
 */
const resolvedClusters: Memory<Cluster> = new WeakMap();

/** The cluster of a resource: `host` from its inputs or state, credentials from the layers. */
export function clusterOf(ctx: ProviderContext, values: CommonInputs): Cluster {
  if (values.connection !== undefined || typeof values.host !== "string") return resolveCluster(ctx, values);
  return remembered(resolvedClusters, ctx, values.host, () => resolveCluster(ctx, values), isOpen);
}

/** The outputs every kind records, from the inputs (or the old outputs) that carry them. */
export function commonOutputs(values: CommonInputs, host: string): CommonOutputs {
  return {
    host,
    onDelete: values.onDelete ?? "retain",
    ...(values.connection ? { connection: values.connection } : {}),
  };
}

/** Whether the settings only Pulumi keeps (onDelete, credentials) changed: an update that sends nothing to ONTAP. */
export function commonSettingsChanged(olds: Props, news: Props): boolean {
  const onDeleteChanged = (news.onDelete ?? "retain") !== (olds.onDelete ?? "retain");
  return onDeleteChanged || JSON.stringify(news.connection ?? null) !== JSON.stringify(olds.connection ?? null);
}

/**
 * Turns ONTAP's refusals that mean "wrong NDMP mode" into what a Pulumi user must do about them; other errors get
 * the resource's subject as context. Messages never include a password: OntapError is built without one.
 */
export function explain(subject: string, error: unknown): Error {
  if (error instanceof OntapError) {
    if (error.code === OntapCodes.nodeScopeRequired) {
      return new Error(
        `${subject}: NDMP is in SVM scope, and node configuration needs node scope. Declare ` +
          `new NdmpMode("…", { mode: "node" }) and add it to this resource's dependsOn so it is applied first. (${error.message})`,
      );
    }
    if (error.code === OntapCodes.svmScopeRequired) {
      return new Error(
        `${subject}: NDMP is in node scope, and SVM configuration and password generation need SVM scope. Declare ` +
          `new NdmpMode("…", { mode: "svm" }) and add it to this resource's dependsOn so it is applied first. (${error.message})`,
      );
    }
    return new Error(`${subject}: ${error.message}`);
  }
  return error instanceof Error ? error : new Error(`${subject}: ${String(error)}`);
}
