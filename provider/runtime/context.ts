/**
 * Per-provider configuration inside the dynamic-provider plugin.
 *
 * The plugin deserializes one provider object per distinct `__provider` text and calls `configure()` once on it with
 * the whole stack configuration. Two behaviours of Pulumi's Node.js dynamic-provider plugin
 * (`@pulumi/pulumi/cmd/dynamic-provider`) shape this module:
 * - the plugin caches the provider before `configure()` finishes, so concurrent first calls may run while it is
 *   still in progress: `configure` therefore records everything synchronously, before returning;
 * - a `configure()` that throws is never retried in that process: a bad setting is recorded and rethrown by every
 *   method that needs the connection, so each resource reports it instead of only the first.
 *
 * The state lives in a WeakMap keyed by the provider object, not on the object itself, so nothing of it can ever be
 * serialized into `__provider`.
 */
import { ConnectionLayer, stackConfigLayer } from "../connection";
import { OntapConfigError } from "../ontap";

export interface ProviderContext {
  /** Connection settings from stack configuration (`ontap:*`), or the error reading them. */
  stackConfig?: ConnectionLayer;
  configError?: OntapConfigError;
}

const contexts = new WeakMap<object, ProviderContext>();

/** What the plugin passes to `configure()`: `{ config: { get(key) } }`. */
export interface ConfigureRequest {
  config?: { get(key: string): string | undefined };
}

export function configureProvider(provider: object, request: ConfigureRequest | undefined): void {
  const context: ProviderContext = {};
  try {
    if (request?.config) {
      const config = request.config;
      context.stackConfig = stackConfigLayer((key) => config.get(key));
    }
  } catch (err) {
    context.configError =
      err instanceof OntapConfigError
        ? err
        : new OntapConfigError("ontap", `Invalid ontap stack configuration: ${String(err)}`);
  }
  contexts.set(provider, context);
}

/**
 * The provider's context. A provider that was never configured (a CLI older than 3.139, or a direct call in a test)
 * has no stack configuration: the connection then comes from arguments and the environment.
 */
export function contextOf(provider: object): ProviderContext {
  return contexts.get(provider) ?? {};
}
