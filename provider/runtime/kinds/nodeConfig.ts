/**
 * `NdmpNodeConfig`: NDMP on one node, in node scope. Adds the user and the write-only password to the settings of an
 * object configuration; ONTAP refuses to enable NDMP on a node without a user (68812800).
 */
import { objectConfigHandlers } from "./objectConfig";

export const nodeConfigHandlers = objectConfigHandlers({
  kind: "node",
  label: "node",
  fields: [
    { input: "enabled", api: "enabled" },
    { input: "authenticationTypes", api: "authentication_types" },
    { input: "user", api: "user" },
  ],
  hasPassword: true,
  endpoints: (cluster) => ({
    readers: cluster.nodes,
    list: (query) => cluster.client.listNodes(query),
    patch: (uuid, body) => cluster.client.patchNode(uuid, body),
  }),
});
