// Benchmark stack, node scope: one NdmpMode (node) and an NdmpNodeConfig per simulator node (`cluster1-01` …).
// The simulator seeds nodes enabled with ["plaintext", "challenge"] and user root. The odd-numbered nodes get
// ["challenge"] and a password (both need a PATCH at create); the even-numbered ones keep the seeded settings and are
// adopted as they are: half of the stack needs a change.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpNodeConfig } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const count = config.requireNumber("nodes");
const cluster = config.get("clusterName") ?? "cluster1";
const password = config.requireSecret("ndmpPassword");

const mode = new NdmpMode("ndmp-mode", { mode: "node" });
for (let i = 1; i <= count; i++) {
  const node = `${cluster}-${String(i).padStart(2, "0")}`;
  const change = i % 2 === 1;
  new NdmpNodeConfig(
    `ndmp-${node}`,
    change
      ? { node, enabled: true, authenticationTypes: ["challenge"], user: "root", password }
      : { node, enabled: true, authenticationTypes: ["plaintext", "challenge"], user: "root" },
    { dependsOn: [mode] },
  );
}

export const nodeConfigs = count;
