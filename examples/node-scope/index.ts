// NDMP in node scope (deprecated by NetApp, still used by some backup applications): switch the cluster to node scope,
// then configure NDMP on two nodes with a user and a password kept encrypted in stack config.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpNodeConfig } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const nodes = config.getObject<string[]>("nodes") ?? ["cluster1-01", "cluster1-02"];
const user = config.get("ndmpUser") ?? "ndmpadmin";
const password = config.requireSecret("ndmpPassword");
// Bump to re-send the same password, e.g. after someone changed it on the cluster.
const passwordVersion = config.getNumber("ndmpPasswordVersion") ?? 1;

const mode = new NdmpMode("ndmp-mode", { mode: "node", onDelete: "restore" });

const nodeConfigs = nodes.map(
  (node) =>
    new NdmpNodeConfig(
      `ndmp-${node}`,
      { node, enabled: true, authenticationTypes: ["challenge"], user, password, passwordVersion },
      // Node configuration needs node scope: dependsOn makes Pulumi switch the mode first.
      { dependsOn: [mode] },
    ),
);

export const nodeUuids = pulumi.all(nodeConfigs.map((c) => c.nodeUuid));
