// Two clusters in one program, each reached through an explicit connection: the primary site keeps the legacy node
// scope for its tape library, the DR site uses SVM scope. Uses all three resources.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpNodeConfig, NdmpSvmConfig, OntapConnectionArgs } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();

function connection(prefix: string): OntapConnectionArgs {
  return {
    host: config.require(`${prefix}Host`),
    username: config.get(`${prefix}Username`) ?? "admin",
    password: config.requireSecret(`${prefix}Password`),
    caCert: config.get(`${prefix}CaCert`),
  };
}

const primary = connection("primary");
const dr = connection("dr");

const primaryMode = new NdmpMode("primary-mode", { mode: "node", connection: primary });
const primaryNodes = (config.getObject<string[]>("primaryNodes") ?? ["primary-01", "primary-02"]).map(
  (node) =>
    new NdmpNodeConfig(
      `primary-${node}`,
      {
        node,
        enabled: true,
        authenticationTypes: ["challenge"],
        user: "ndmpadmin",
        password: config.requireSecret("primaryNdmpPassword"),
        connection: primary,
      },
      { dependsOn: [primaryMode] },
    ),
);

const drMode = new NdmpMode("dr-mode", { mode: "svm", connection: dr });
const drSvms = (config.getObject<string[]>("drSvms") ?? ["svm1", "svm2"]).map(
  (svm) =>
    new NdmpSvmConfig(
      `dr-${svm}`,
      { svm, enabled: true, authenticationTypes: ["challenge"], connection: dr },
      { dependsOn: [drMode] },
    ),
);

export const clusters = { primary: primaryMode.clusterName, dr: drMode.clusterName };
export const managed = pulumi.all([...primaryNodes.map((n) => n.nodeName), ...drSvms.map((s) => s.svmName)]);
