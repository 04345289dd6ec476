// The engine floor of `npm run bench`: the shape of the bench stacks (one mode resource and `count` configuration
// resources that depend on it, with the same inputs as NdmpMode and NdmpSvmConfig / NdmpNodeConfig) under a dynamic
// provider that does nothing: no HTTP, create returns an id and the inputs, read returns what it was given, diff
// reports no change. Whatever time a phase of this stack takes is the engine's, the program's and the dynamic-provider
// plugin's own: no dynamic-provider stack of that size can go faster on this engine.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const scope = config.require("scope");
const count = config.requireNumber("count");

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
/* eslint-enable @typescript-eslint/no-explicit-any */

class FloorResource extends pulumi.dynamic.Resource {
  constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(nothing, name, props, opts, "floor", type);
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
