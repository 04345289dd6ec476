/**
 * `/api/protocols/ndmp/sessions[/{owner.uuid}/{session.id}]` (`ndmp_session`): the sessions of the active scope.
 * `{owner.uuid}` is a node UUID in node scope and an SVM UUID in SVM scope; ids look like `2000` and `2000:4000`.
 * A path with only the owner (or an empty id) reaches the `{owner.uuid}` route, which answers 68812806.
 *
 * `DELETE /api/protocols/ndmp/sessions?<filters>` is ONTAP's query-based DELETE (ONTAP REST API documentation,
 * "Query based PATCH and DELETE"): every session of the active scope that matches is deleted, and the answer is
 * `{"num_records": <deleted>}`, as ONTAP answers a query-based write that completes at once. Without a filter it is
 * refused as before (405): a DELETE of the whole collection is not an operation of the API. NetApp's Python library
 * deletes a session this way, since it cannot build the instance path (see simulator/README.md).
 */
import { errors } from "../errors";
import { matchesFilter } from "../translation/filters";
import { COLLECTION_PARAMETERS } from "../translation/query";
import { renderCollection, renderInstance } from "../translation/render";
import { sessionView } from "../translation/views";
import { Endpoint, ok } from "./context";

const INSTANCE = "/api/protocols/ndmp/sessions/{owner.uuid}/{session.id}";
const OWNER_ONLY = "/api/protocols/ndmp/sessions/{owner.uuid}";

// No session id in the path: the model answers 68812806 ("UUID and Session ID are required.").
const missingId: Endpoint["handle"] = (ctx) => {
  ctx.cluster.session(ctx.params["owner.uuid"], "");
  return ok({});
};

export const sessionEndpoints: Endpoint[] = [
  {
    method: "GET",
    template: "/api/protocols/ndmp/sessions",
    query: {
      parameters: COLLECTION_PARAMETERS,
      fieldsModel: sessionView.model,
      filterModel: sessionView.model,
      paged: true,
    },
    handle: (ctx) => {
      const records = ctx.cluster.sessions().map((session) => sessionView.wire(session, ctx.cluster));
      const page = renderCollection(ctx, records, {
        identity: sessionView.identity(ctx.mode),
        order: sessionView.order,
      });
      return ok(page.body, page.headers);
    },
  },
  {
    method: "DELETE",
    template: "/api/protocols/ndmp/sessions",
    query: { parameters: ["return_records", "return_timeout", "pretty"], filterModel: sessionView.model },
    handle: (ctx) => {
      if (ctx.query.filters.length === 0) throw errors.methodNotAllowed("DELETE", ["GET"]);
      const doomed = ctx.cluster
        .sessions()
        .filter((session) => ctx.query.filters.every((f) => matchesFilter(sessionView.wire(session, ctx.cluster), f)));
      for (const session of doomed) ctx.cluster.deleteSession(session.owner, session.id);
      return ok({ num_records: doomed.length });
    },
  },
  {
    method: "GET",
    template: INSTANCE,
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: sessionView.model },
    handle: (ctx) => {
      const session = ctx.cluster.session(ctx.params["owner.uuid"], ctx.params["session.id"]);
      return ok(renderInstance(ctx, sessionView.wire(session, ctx.cluster), sessionView.identity(ctx.mode)).body);
    },
  },
  {
    method: "DELETE",
    template: INSTANCE,
    query: { parameters: ["return_records", "return_timeout", "pretty"] },
    handle: (ctx) => {
      ctx.cluster.deleteSession(ctx.params["owner.uuid"], ctx.params["session.id"]);
      return ok({});
    },
  },
  { method: "GET", template: OWNER_ONLY, query: { parameters: [] }, handle: missingId },
  { method: "DELETE", template: OWNER_ONLY, query: { parameters: [] }, handle: missingId },
];
