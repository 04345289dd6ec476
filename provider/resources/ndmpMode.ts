import * as pulumi from "@pulumi/pulumi";
import type { NdmpModeValue } from "../../spec/enums";
import { modeDescriptor } from "../model";
import type { CommonNdmpArgs, OnDelete } from "./common";
import { NdmpResource } from "./ndmpResource";

export interface NdmpModeArgs extends CommonNdmpArgs {
  /** `"svm"`: NDMP per SVM (the default of a new cluster); `"node"`: per node (deprecated by NetApp). */
  mode: pulumi.Input<NdmpModeValue>;
}

/**
 * The NDMP mode of a cluster (`/api/protocols/ndmp`). Node configuration needs mode `"node"` and SVM configuration
 * mode `"svm"`: make those resources `dependsOn` this one. Creating it adopts the cluster's current mode and changes
 * it only when it differs. Type token `pulumi-nodejs:dynamic/ontap:NdmpMode`; id: the cluster uuid.
 */
export class NdmpMode extends NdmpResource {
  /** The mode as ONTAP reports it. */
  declare public readonly mode: pulumi.Output<NdmpModeValue>;
  declare public readonly clusterName: pulumi.Output<string>;
  /** The cluster's canonical address, e.g. `https://cluster1.example.com`. */
  declare public readonly host: pulumi.Output<string>;
  declare public readonly onDelete: pulumi.Output<OnDelete>;
  /** The mode found before this resource first managed it (put back on delete with `onDelete: "restore"`). */
  declare public readonly originalValues: pulumi.Output<{ mode?: NdmpModeValue }>;

  constructor(name: string, args: NdmpModeArgs, opts?: pulumi.CustomResourceOptions) {
    super(modeDescriptor, name, args, opts);
  }

  /** The cluster uuid: the resource's id (state holds it once, as the id; see `KindDescriptor.idOutput`). */
  public get clusterUuid(): pulumi.Output<string> {
    return this.id;
  }
}
