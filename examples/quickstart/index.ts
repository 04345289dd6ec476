// NDMP in SVM scope (the default of ONTAP), enabled with challenge authentication on two SVMs, and the generated
// NDMP password of a backup user exported as a secret for the backup application.
import * as pulumi from "@pulumi/pulumi";
import { getNdmpPasswordOutput, NdmpMode, NdmpSvmConfig } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const svms = config.getObject<string[]>("svms") ?? ["svm1", "svm2"];
const backupUser = config.get("backupUser") ?? "backup_user";

// The connection comes from stack config: ontap:host, ontap:username, ontap:password (secret), ontap:caCert.
const mode = new NdmpMode("ndmp-mode", { mode: "svm" });

const svmConfigs = svms.map(
  (svm) =>
    new NdmpSvmConfig(`ndmp-${svm}`, { svm, enabled: true, authenticationTypes: ["challenge"] }, { dependsOn: [mode] }),
);

export const ndmpMode = mode.mode;
export const enabledSvms = pulumi.all(svmConfigs.map((c) => c.svmName));
// ONTAP generates NDMP passwords in SVM scope only: generate it once the mode and the SVMs are applied.
export const backupPassword = getNdmpPasswordOutput({ svm: svms[0], user: backupUser }, { dependsOn: svmConfigs });
