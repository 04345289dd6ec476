// In SVM scope, ONTAP generates the NDMP password of a user from that user's login password. This program enables NDMP
// on an SVM and hands the generated password to a (mock) backup application's configuration, as a secret: it is
// encrypted in state and shown as [secret].
import * as pulumi from "@pulumi/pulumi";
import { getNdmpPasswordOutput, NdmpMode, NdmpSvmConfig } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const svm = config.get("svm") ?? "svm1";
const user = config.get("backupUser") ?? "backup_user";

const mode = new NdmpMode("ndmp-mode", { mode: "svm" });
const ndmp = new NdmpSvmConfig(
  "ndmp-svm",
  { svm, enabled: true, authenticationTypes: ["challenge"] },
  { dependsOn: [mode] },
);

// Generated once NDMP is configured (svmUuid is known only then).
const password = getNdmpPasswordOutput({ svm: ndmp.svmUuid, user });

/** What a backup application (NetBackup, Commvault, …) needs to reach this SVM over NDMP. */
export const backupApplicationConfig = pulumi.secret(
  pulumi.all([ndmp.svmName, ndmp.host, password]).apply(([svmName, host, pw]) =>
    JSON.stringify({
      ndmpHost: new URL(host).hostname,
      vserver: svmName,
      user,
      password: pw,
      authentication: "challenge",
    }),
  ),
);
