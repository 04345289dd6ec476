/**
 * The provider objects that `pulumi.dynamic.Resource` serializes into every resource's `__provider`.
 *
 * Pulumi stores the serialized text in state and runs it in the dynamic-provider plugin. Each method therefore only
 * `require`s `pulumi-ontap-ndmp/runtime` at call time and forwards to it: the text captures no client, credential or
 * configuration, is identical for every resource of a kind, stays under 3 KB (the serializer wraps each method in
 * about 190 bytes, so the methods stay one-liners and pass `arguments` on), and makes the same calls in every version
 * of this package: state written by any version runs the installed runtime, so fixes reach existing stacks without an
 * update. The module is resolved from the Pulumi project directory, exactly as a consumer installed it; a relative or
 * deep `dist/` require would fail there.
 *
 * The methods are plain functions (not arrows) so that `this` is the deserialized provider object: the runtime keys
 * its per-provider configuration on it.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceKind } from "../model/kinds";

/* eslint-disable prefer-rest-params -- `arguments` keeps each serialized method short (see above). */
export function providerShim(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // One line per method: the TypeScript output, and so the serialized text, keeps a one-line body on one line.
  // prettier-ignore
  return {
    kind,
    configure() { return require("pulumi-ontap-ndmp/runtime").configure(this, arguments); },
    check() { return require("pulumi-ontap-ndmp/runtime").check(this, arguments); },
    diff() { return require("pulumi-ontap-ndmp/runtime").diff(this, arguments); },
    create() { return require("pulumi-ontap-ndmp/runtime").create(this, arguments); },
    read() { return require("pulumi-ontap-ndmp/runtime").read(this, arguments); },
    update() { return require("pulumi-ontap-ndmp/runtime").update(this, arguments); },
    delete() { return require("pulumi-ontap-ndmp/runtime").delete(this, arguments); },
  } as pulumi.dynamic.ResourceProvider;
}
/* eslint-enable prefer-rest-params */

/** One provider object per kind for the whole program: serialization is cached per object. */
export const providers: Record<ResourceKind, pulumi.dynamic.ResourceProvider> = {
  mode: providerShim("mode"),
  node: providerShim("node"),
  svm: providerShim("svm"),
};
