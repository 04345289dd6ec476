/** `GET /api/cluster` (name, uuid, version: what generic clients call first) and `GET /api/cluster/jobs/{uuid}`. */
import { errors } from "../errors";
import { renderInstance } from "../translation/render";
import { clusterView, jobView } from "../translation/views";
import { Endpoint, ok } from "./context";

export const clusterEndpoints: Endpoint[] = [
  {
    method: "GET",
    template: "/api/cluster",
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: clusterView.model },
    handle: (ctx) => ok(renderInstance(ctx, clusterView.wire(ctx.cluster, ctx.cluster), []).body),
  },
  {
    method: "GET",
    template: "/api/cluster/jobs/{uuid}",
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: jobView.model },
    handle: (ctx) => {
      const job = ctx.jobs.get(ctx.params.uuid);
      if (!job) throw errors.notFound("uuid");
      return ok(renderInstance(ctx, jobView.wire(job, ctx.cluster), jobView.identity(ctx.mode)).body);
    },
  },
];
