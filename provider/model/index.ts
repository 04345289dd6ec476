/**
 * The resource kinds, each described once (provider/model/descriptor.ts explains what a descriptor holds and what is
 * derived from it). Below both the program-side resources and the plugin-side runtime; imports only spec/.
 */
import type { KindDescriptor } from "./descriptor";
import type { ResourceKind } from "./kinds";
import { modeDescriptor } from "./mode";
import { nodeConfigDescriptor } from "./nodeConfig";
import { svmConfigDescriptor } from "./svmConfig";

export * from "./descriptor";
export * from "./kinds";
export { modeDescriptor, nodeConfigDescriptor, svmConfigDescriptor };

/** The descriptor of each kind. */
export const DESCRIPTORS: Record<ResourceKind, KindDescriptor> = {
  mode: modeDescriptor,
  node: nodeConfigDescriptor,
  svm: svmConfigDescriptor,
};
