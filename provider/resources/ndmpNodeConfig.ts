import * as pulumi from "@pulumi/pulumi";
import type { AuthenticationType } from "../../spec/enums";
import { nodeConfigDescriptor } from "../model";
import type { CommonNdmpArgs, OnDelete } from "./common";
import { NdmpResource } from "./ndmpResource";

export interface NdmpNodeConfigArgs extends CommonNdmpArgs {
  /** The node, by name or uuid. Changing it replaces the resource. */
  node: pulumi.Input<string>;
  /** Whether NDMP is enabled on the node (ONTAP needs a `user` to enable it). Unset: not managed. */
  enabled?: pulumi.Input<boolean>;
  /** Must include `challenge`, which cannot be disabled in node scope. Compared as a set. Unset: not managed. */
  authenticationTypes?: pulumi.Input<pulumi.Input<AuthenticationType>[]>;
  /** The NDMP user. Unset: not managed. */
  user?: pulumi.Input<string>;
  /**
   * The NDMP password: write-only. It is stored only as a secret, sent when it changes, and never read back, so a
   * change made outside Pulumi cannot be seen: bump `passwordVersion` to send it again.
   */
  password?: pulumi.Input<string>;
  /** Any change of this value re-sends `password`. */
  passwordVersion?: pulumi.Input<number | string>;
}

/**
 * The NDMP configuration of one node (`/api/protocols/ndmp/nodes/{uuid}`), in node scope: make it `dependsOn` an
 * `NdmpMode` with mode `"node"`. Only the settings given are managed. Creating it adopts the node's current settings
 * and changes only what differs (a given password is always sent once). Type token
 * `pulumi-nodejs:dynamic/ontap:NdmpNodeConfig`; id: the node uuid.
 */
export class NdmpNodeConfig extends NdmpResource {
  /** The node as given in the arguments. */
  declare public readonly node: pulumi.Output<string>;
  declare public readonly nodeName: pulumi.Output<string>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly authenticationTypes: pulumi.Output<AuthenticationType[]>;
  declare public readonly user: pulumi.Output<string>;
  /** The password last sent (secret). ONTAP never returns it. */
  declare public readonly password: pulumi.Output<string | undefined>;
  declare public readonly passwordVersion: pulumi.Output<number | string | undefined>;
  declare public readonly host: pulumi.Output<string>;
  declare public readonly onDelete: pulumi.Output<OnDelete>;
  /** The managed settings as found before this resource first changed them (the password cannot be read). */
  declare public readonly originalValues: pulumi.Output<{
    enabled?: boolean;
    authenticationTypes?: AuthenticationType[];
    user?: string;
  }>;

  constructor(name: string, args: NdmpNodeConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(nodeConfigDescriptor, name, args, opts);
  }

  /** The node uuid: the resource's id (state holds it once, as the id; see `KindDescriptor.idOutput`). */
  public get nodeUuid(): pulumi.Output<string> {
    return this.id;
  }
}
