// A single NdmpMode, so that its whole life cycle can be tested without other resources depending on the mode.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpModeValue } from "pulumi-ontap-ndmp";

const config = new pulumi.Config();
const mode = new NdmpMode("ndmp-mode", {
  mode: (config.get("mode") ?? "node") as NdmpModeValue,
  onDelete: "restore",
});

export const clusterName = mode.clusterName;
