/** `/api/protocols/ndmp`: the NDMP mode (`cluster_ndmp_properties`). */
import type { NdmpModeValue } from "../../spec/enums";
import { errors } from "../errors";
import { matchesFilter } from "../translation/filters";
import { COLLECTION_PARAMETERS } from "../translation/query";
import { renderInstance } from "../translation/render";
import { modeView } from "../translation/views";
import { Endpoint, ok } from "./context";
import { performWrite } from "./writes";

const TEMPLATE = "/api/protocols/ndmp";

export const modeEndpoints: Endpoint[] = [
  {
    method: "GET",
    template: TEMPLATE,
    // The spec declares the collection parameters (and a `mode` filter) on this singleton.
    query: { parameters: COLLECTION_PARAMETERS, fieldsModel: modeView.model, filterModel: modeView.model },
    handle: (ctx) => {
      const record = modeView.wire(ctx.cluster.mode, ctx.cluster);
      // A singleton that does not match the query does not exist for that query.
      if (!ctx.query.filters.every((f) => matchesFilter(record, f))) throw errors.notFound("mode");
      return ok(renderInstance(ctx, record, modeView.identity(ctx.mode)).body);
    },
  },
  {
    method: "PATCH",
    template: TEMPLATE,
    query: { parameters: ["return_records", "return_timeout", "pretty"] },
    body: "mode",
    handle: (ctx) => {
      const { mode } = ctx.changes as { mode?: NdmpModeValue };
      return performWrite(
        ctx,
        (options) => {
          if (mode) ctx.cluster.setMode(mode, options);
        },
        () => renderInstance(ctx, modeView.wire(ctx.cluster.mode, ctx.cluster), []).body,
      );
    },
  },
];
