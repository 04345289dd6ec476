/** The base of the NDMP resource classes: registration from the kind's descriptor, without the SDK's debug stacks. */
import * as pulumi from "@pulumi/pulumi";
import type { KindDescriptor } from "../model";
import type { CommonNdmpArgs } from "./common";
import { dynamicResourceArgs } from "./props";
import { suspendSdkDebugStacks } from "./sdkDebugStacks";

/**
 * A dynamic resource of one NDMP kind, registered with the props, options and type token its descriptor gives
 * (provider/resources/props.ts), with the SDK's promise-debugging stack traces left out while it registers
 * (provider/resources/sdkDebugStacks.ts).
 */
export abstract class NdmpResource extends pulumi.dynamic.Resource {
  protected constructor(
    descriptor: KindDescriptor,
    name: string,
    args: CommonNdmpArgs,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const stacks = suspendSdkDebugStacks(opts);
    try {
      super(...dynamicResourceArgs(descriptor, name, args, opts));
    } catch (error) {
      throw stacks.failed(error, new.target);
    } finally {
      stacks.resume();
    }
  }
}
