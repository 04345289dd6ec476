/**
 * The connection of a data function, which runs in the Pulumi program's process (not in the provider plugin): the
 * `connection` argument, then stack configuration read with `pulumi.Config("ontap")`, then `ONTAP_*` variables.
 */
import * as pulumi from "@pulumi/pulumi";
import { argumentLayer, ConnectionArgs, environmentLayer, resolveConnection, stackConfigLayer } from "../connection";
import type { OntapClient } from "../ontap/client";

export function clientForProgram(connection: ConnectionArgs | undefined): OntapClient {
  const config = new pulumi.Config("ontap");
  const layers = [
    argumentLayer(connection),
    stackConfigLayer((key) => config.get(key.replace(/^ontap:/, ""))),
    environmentLayer(),
  ];
  // Loaded on the first call: every program imports this package for its resources, and the REST client (axios,
  // Ajv and their dependencies: 153 modules, about 130 ms) is needed only by a program that calls a data function.
  const { clusterFor } = require("../clusters") as typeof import("../clusters");
  return clusterFor(resolveConnection(layers)).client;
}
