/** Arguments and options shared by the NDMP resources. */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../connection";
import type { OnDelete } from "../model/kinds";

export type { OnDelete };

/**
 * How to reach an ONTAP cluster. When a resource has no `connection`, the provider uses stack configuration
 * (`ontap:host`, `ontap:username`, `ontap:password` (secret), `ontap:insecure`, `ontap:caCert`, `ontap:clientCert`,
 * `ontap:clientKey` (secret)), then the environment (`ONTAP_HOST`, `ONTAP_USERNAME`, `ONTAP_PASSWORD`,
 * `ONTAP_INSECURE`, `ONTAP_CA_CERT`, `ONTAP_CLIENT_CERT`, `ONTAP_CLIENT_KEY`); a `connection` without some setting
 * takes that setting from those places too.
 *
 * Log in with `username` and `password`, or with a client certificate (`clientCert` and `clientKey`, certificate
 * authentication: the certificate's common name is the ONTAP login), not both.
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
  /**
   * Certificate authentication: PEM text of the client certificate, or the path of a PEM file. Its common name must
   * be an ONTAP login created with `-authentication-method cert`; `username` and `password` are then not needed.
   */
  clientCert?: pulumi.Input<string>;
  /**
   * The unencrypted private key of `clientCert` (PEM text or the path of a PEM file). Stored only as a secret, like
   * the whole connection.
   */
  clientKey?: pulumi.Input<string>;
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

/**
 * The connection as a secret: it may hold the cluster's admin password or a client key, and state keeps it for
 * refresh and destroy.
 */
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
