// Benchmark stack, SVM scope: one NdmpMode and an NdmpSvmConfig per simulator SVM (`svm1` … `svm<N>`).
// The simulator seeds data SVMs disabled with ["challenge"], so the odd-numbered SVMs (enabled: true) need a PATCH at
// create and the even-numbered ones (enabled: false) are adopted as they are: half of the stack needs a change.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpSvmConfig } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const count = config.requireNumber("svms");

const mode = new NdmpMode("ndmp-mode", { mode: "svm" });
for (let i = 1; i <= count; i++) {
  new NdmpSvmConfig(
    `ndmp-svm${i}`,
    { svm: `svm${i}`, enabled: i % 2 === 1, authenticationTypes: ["challenge"] },
    { dependsOn: [mode] },
  );
}

export const svmConfigs = count;
