// The engine floor of `npm run bench`: the shape of the bench stacks (one mode resource and `count` configuration
// resources that depend on it, with the same inputs as NdmpMode and NdmpSvmConfig / NdmpNodeConfig) under a dynamic
// provider that does nothing: no HTTP, create returns an id and the inputs, read returns what it was given, diff
// reports no change. Whatever time a phase of this stack takes is the engine's, the program's and the dynamic-provider
// plugin's own: no dynamic-provider stack of that size can go faster on this engine.
//
// With `declaredOutputs` (`npm run bench -- --floor-outputs`: the output names of each kind, from the provider's
// descriptors in provider/model/), each resource declares every output that the provider's class of its kind
// declares, and its provider's create returns a value of each. The SDK's cost per registered property and the
// larger state are then the floor's too, so what remains above it is the provider's own work. That measures how much
// of the over-floor ratio the documented outputs explain; the targets are checked against the floor without them.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const scope = config.require("scope");
const count = config.requireNumber("count");
const declaredOutputs = config.getObject<Record<string, string[]>>("declaredOutputs");

/* eslint-disable @typescript-eslint/no-explicit-any -- the provider sees untyped property bags. */
const nothing: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    return { id: String(inputs.svm ?? inputs.node ?? "cluster"), outs: inputs };
  },
  async read(id: string, props: any) {
    return { id, props };
  },
  async diff() {
    return { changes: false };
  },
  async delete() {
    return;
  },
};

/**
 * The floor's provider with the outputs: create adds a value of each output beyond the inputs, of the same shape and
 * about the size ONTAP's have. Self-contained (no helper it would capture), so that its serialized text grows only by
 * this method's body; read, diff and delete are the same functions as the plain floor's.
 */
const nothingWithOutputs: pulumi.dynamic.ResourceProvider = {
  ...nothing,
  async create(inputs: any) {
    // The uuid is the id alone, as in the provider's state (KindDescriptor.idOutput in provider/model/descriptor.ts).
    const identity =
      inputs.svm !== undefined
        ? { svmName: inputs.svm, originalValues: { enabled: !inputs.enabled } }
        : inputs.node !== undefined
          ? { nodeName: inputs.node, originalValues: { authenticationTypes: ["plaintext"] } }
          : { clusterName: "cluster1", originalValues: { mode: inputs.mode } };
    const version = inputs.password === undefined ? {} : { passwordVersion: 1 };
    const outs = { ...inputs, ...identity, ...version, host: "https://127.0.0.1:44321", onDelete: "retain" };
    return { id: String(inputs.svm ?? inputs.node ?? "cluster"), outs };
  },
};
/* eslint-enable @typescript-eslint/no-explicit-any */

class FloorResource extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    // As the provider's classes do: every output key present, undefined until the engine fills it.
    const declared = declaredOutputs && Object.fromEntries(declaredOutputs[type].map((key) => [key, undefined]));
    // As the provider's classes do too (provider/resources/sdkDebugStacks.ts): the SDK's promise-debugging stack
    // traces left out while the resource registers, which is most of a constructor's time. Without it this would
    // be a floor for programs that keep them, not the fastest a dynamic-provider stack can go.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(declared ? nothingWithOutputs : nothing, name, { ...declared, ...props }, opts, "floor", type);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

const mode = new FloorResource("Mode", "ndmp-mode", { mode: scope });
const password = scope === "node" ? config.requireSecret("ndmpPassword") : undefined;
for (let i = 1; i <= count; i++) {
  if (scope === "svm") {
    new FloorResource(
      "SvmConfig",
      `ndmp-svm${i}`,
      { svm: `svm${i}`, enabled: i % 2 === 1, authenticationTypes: ["challenge"] },
      { dependsOn: [mode] },
    );
  } else {
    const node = `cluster1-${String(i).padStart(2, "0")}`;
    new FloorResource(
      "NodeConfig",
      `ndmp-${node}`,
      i % 2 === 1
        ? { node, enabled: true, authenticationTypes: ["challenge"], user: "root", password }
        : { node, enabled: true, authenticationTypes: ["plaintext", "challenge"], user: "root" },
      { dependsOn: [mode] },
    );
  }
}

export const configs = count;
