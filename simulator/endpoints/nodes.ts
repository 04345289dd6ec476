/** `/api/protocols/ndmp/nodes[/{node.uuid}]`: node-scope settings (`ndmp_node`). Node scope only (68812801). */
import type { NodeChanges } from "../model/cluster";
import { COLLECTION_PARAMETERS } from "../translation/query";
import { renderCollection, renderInstance } from "../translation/render";
import { nodeView } from "../translation/views";
import { Endpoint, ok } from "./context";
import { performWrite } from "./writes";

const INSTANCE = "/api/protocols/ndmp/nodes/{node.uuid}";

export const nodeEndpoints: Endpoint[] = [
  {
    method: "GET",
    template: "/api/protocols/ndmp/nodes",
    query: { parameters: COLLECTION_PARAMETERS, fieldsModel: nodeView.model, filterModel: nodeView.model, paged: true },
    handle: (ctx) => {
      const records = ctx.cluster.nodes().map((node) => nodeView.wire(node, ctx.cluster));
      const page = renderCollection(ctx, records, { identity: nodeView.identity(ctx.mode), order: nodeView.order });
      return ok(page.body, page.headers);
    },
  },
  {
    method: "GET",
    template: INSTANCE,
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: nodeView.model },
    handle: (ctx) => {
      const node = ctx.cluster.node(ctx.params["node.uuid"]);
      return ok(renderInstance(ctx, nodeView.wire(node, ctx.cluster), nodeView.identity(ctx.mode)).body);
    },
  },
  {
    method: "PATCH",
    template: INSTANCE,
    query: { parameters: ["return_records", "return_timeout", "pretty"] },
    body: "node",
    handle: (ctx) => {
      const uuid = ctx.params["node.uuid"];
      return performWrite(
        ctx,
        (options) => ctx.cluster.patchNode(uuid, ctx.changes as NodeChanges, options),
        () => renderInstance(ctx, nodeView.wire(ctx.cluster.node(uuid), ctx.cluster), nodeView.identity(ctx.mode)).body,
      );
    },
  },
];
