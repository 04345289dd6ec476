/**
 * `NdmpNodeConfig`: NDMP on one node, in node scope. Adds the user and the write-only password to the settings of an
 * object configuration (provider/model/nodeConfig.ts); ONTAP refuses to enable NDMP on a node without a user
 * (68812800).
 */
import { nodeConfigDescriptor } from "../../model";
import { objectConfigHandlers } from "./objectConfig";

export const nodeConfigHandlers = objectConfigHandlers({
  descriptor: nodeConfigDescriptor,
  endpoints: (cluster) => ({
    readers: cluster.nodes,
    list: (query) => cluster.client.listNodes(query),
    patch: (uuid, body) => cluster.client.patchNode(uuid, body),
  }),
});
