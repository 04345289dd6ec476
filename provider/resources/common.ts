/** Arguments and options shared by the NDMP resources. */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../connection";
import type { OnDelete } from "../model/kinds";

export type { OnDelete };

/**
 * How to reach an ONTAP cluster. When a resource has no `connection`, the provider uses stack configuration
 * (`ontap:host`, `ontap:username`, `ontap:password` (secret), `ontap:insecure`, `ontap:caCert`), then the environment
 * (`ONTAP_HOST`, `ONTAP_USERNAME`, `ONTAP_PASSWORD`, `ONTAP_INSECURE`, `ONTAP_CA_CERT`); a `connection` without
 * some setting takes that setting from those places too.
 */
export interface OntapConnectionArgs {
  /** `name`, `name:port` or `https://name:port`. Plain `http://` is accepted only for a loopback host. */
  host: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** Skip TLS certificate verification for this connection only. Default false. */
  insecure?: pulumi.Input<boolean>;
  /** PEM text of the CA certificate of the cluster, or the path of a PEM file. */
  caCert?: pulumi.Input<string>;
}

/** Arguments every NDMP resource accepts. */
export interface CommonNdmpArgs {
  /** The cluster to manage. Changing its host replaces the resource. */
  connection?: pulumi.Input<OntapConnectionArgs>;
  /**
   * What deleting the resource does to ONTAP: `"retain"` (default) leaves the settings as they are, so backups keep
   * working; `"restore"` puts back the values found before this resource first managed them.
   */
  onDelete?: pulumi.Input<OnDelete>;
}

/** The connection as a secret: it may hold the cluster's admin password, and state keeps it for refresh and destroy. */
export function secretConnection(
  connection: pulumi.Input<OntapConnectionArgs> | undefined,
): pulumi.Output<ConnectionArgs> | undefined {
  return connection === undefined ? undefined : (pulumi.secret(connection) as pulumi.Output<ConnectionArgs>);
}

/** The caller's options with extra outputs marked secret, on every step including refresh. */
export function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  secretOutputs: string[],
): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), ...secretOutputs])],
  };
}

/** The module of the type tokens: `pulumi-nodejs:dynamic/ontap:<Type>`. */
export const TYPE_MODULE = "ontap";
