/**
 * The provider objects that `pulumi.dynamic.Resource` serializes into every resource's `__provider`.
 *
 * Pulumi stores the serialized text twice per resource in state (in its inputs and its outputs), sends it with every
 * Check, Diff and Read, and runs it in the dynamic-provider plugin. The text is therefore as small as the serializer
 * allows: the resource kind and one method, `configure`, which `require`s `pulumi-ontap-ndmp/runtime` and lets it
 * install `check`, `diff`, `create`, `read`, `update` and `delete` on the object (provider/runtime/index.ts). The
 * serializer wraps each method in about 190 bytes, so seven methods made 2,220 B of text; this one makes under 600 B.
 *
 * That `configure` runs first is the plugin's own order: it deserializes a provider text once per process and awaits
 * `configure` before the provider is used (`getProvider`, @pulumi/pulumi 3.248.0 cmd/dynamic-provider/index.js); a
 * call racing with that first one finds the provider cached already, but the runtime installs the methods
 * synchronously, before `configure` first yields, so no call can find them missing.
 *
 * The text captures no client, credential or configuration, is identical for every resource of a kind, and makes the
 * same call in every version of this package: state written by any version runs the installed runtime, so fixes
 * reach existing stacks without an update. The module is resolved from the Pulumi project directory, exactly as a
 * consumer installed it; a relative or deep `dist/` require would fail there.
 *
 * `configure` is a plain function (not an arrow) so that `this` is the deserialized provider object: the runtime
 * keys its per-provider configuration on it and installs the methods on it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../model/kinds";

/* eslint-disable prefer-rest-params -- `arguments` keeps the serialized method short (see above). */
export function providerShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One line: the TypeScript output, and so the serialized text, keeps a one-line body on one line.
  // prettier-ignore
  const shim = {
    kind,
    configure() { return require("pulumi-ontap-ndmp/runtime").configure(this, arguments); },
  };
  // The type requires `create`, which `configure` installs (see above).
  return shim as unknown as pulumi.dynamic.ResourceProvider;
}
/* eslint-enable prefer-rest-params */

/** One provider object per kind for the whole program: serialization is cached per object. */
export const providers: Record<ResourceKind, pulumi.dynamic.ResourceProvider> = {
  mode: providerShim("mode"),
  node: providerShim("node"),
  svm: providerShim("svm"),
};
