/**
 * The connection of a data function, which runs in the Pulumi program's process (not in the provider plugin): the
 * `connection` argument, then stack configuration read with `pulumi.Config("ontap")`, then `ONTAP_*` variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { argumentLayer, ConnectionArgs, environmentLayer, resolveConnection, stackConfigLayer } from "../connection";
import { OntapClient } from "../ontap";
import { clusterFor } from "../clusters";

export function clientForProgram(connection: ConnectionArgs | undefined): OntapClient {
  const config = new pulumi.Config("ontap");
  const layers = [
    argumentLayer(connection),
    stackConfigLayer((key) => config.get(key.replace(/^ontap:/, ""))),
    environmentLayer(),
  ];
  return clusterFor(resolveConnection(layers)).client;
}
