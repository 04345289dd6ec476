import * as pulumi from "@pulumi/pulumi";
import type { AuthenticationType } from "../../spec/enums";
import { svmConfigDescriptor } from "../model";
import type { CommonNdmpArgs, OnDelete } from "./common";
import { NdmpResource } from "./ndmpResource";

export interface NdmpSvmConfigArgs extends CommonNdmpArgs {
  /** The SVM, by name or uuid. Changing it replaces the resource. */
  svm: pulumi.Input<string>;
  /** Whether NDMP is enabled on the SVM. Unset: not managed. */
  enabled?: pulumi.Input<boolean>;
  /**
   * `challenge`, `plaintext` and/or `plaintext_sso` (which cannot be combined with another type). Compared as a set.
   * Unset: not managed.
   */
  authenticationTypes?: pulumi.Input<pulumi.Input<AuthenticationType>[]>;
}

/**
 * The NDMP configuration of one SVM (`/api/protocols/ndmp/svms/{uuid}`), in SVM scope. Only the settings given are
 * managed. Creating it adopts the SVM's current settings and changes only what differs. Type token
 * `pulumi-nodejs:dynamic/ontap:NdmpSvmConfig`; id: the SVM uuid.
 */
export class NdmpSvmConfig extends NdmpResource {
  /** The SVM as given in the arguments. */
  declare public readonly svm: pulumi.Output<string>;
  declare public readonly svmName: pulumi.Output<string>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly authenticationTypes: pulumi.Output<AuthenticationType[]>;
  declare public readonly host: pulumi.Output<string>;
  declare public readonly onDelete: pulumi.Output<OnDelete>;
  /** The managed settings as found before this resource first changed them. */
  declare public readonly originalValues: pulumi.Output<{
    enabled?: boolean;
    authenticationTypes?: AuthenticationType[];
  }>;

  constructor(name: string, args: NdmpSvmConfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(svmConfigDescriptor, name, args, opts);
  }

  /** The SVM uuid: the resource's id (state holds it once, as the id; see `KindDescriptor.idOutput`). */
  public get svmUuid(): pulumi.Output<string> {
    return this.id;
  }
}
