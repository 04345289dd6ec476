/**
 * `/api/protocols/ndmp/svms[/{svm.uuid}]` (`ndmp_svm`) and `…/svms/{svm.uuid}/passwords/{user}` (`ndmp_password`).
 * Listing and reading work in both modes; PATCH and password generation need SVM scope (65601536).
 */
import type { SvmChanges } from "../model/cluster";
import { COLLECTION_PARAMETERS } from "../translation/query";
import { renderCollection, renderInstance } from "../translation/render";
import { passwordView, svmView } from "../translation/views";
import { Endpoint, ok } from "./context";
import { performWrite } from "./writes";

const INSTANCE = "/api/protocols/ndmp/svms/{svm.uuid}";

export const svmEndpoints: Endpoint[] = [
  {
    method: "GET",
    template: "/api/protocols/ndmp/svms",
    query: { parameters: COLLECTION_PARAMETERS, fieldsModel: svmView.model, filterModel: svmView.model, paged: true },
    handle: (ctx) => {
      const records = ctx.cluster.svms().map((svm) => svmView.wire(svm, ctx.cluster));
      const page = renderCollection(ctx, records, { identity: svmView.identity(ctx.mode), order: svmView.order });
      return ok(page.body, page.headers);
    },
  },
  {
    method: "GET",
    template: INSTANCE,
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: svmView.model },
    handle: (ctx) => {
      const svm = ctx.cluster.svm(ctx.params["svm.uuid"]);
      return ok(renderInstance(ctx, svmView.wire(svm, ctx.cluster), svmView.identity(ctx.mode)).body);
    },
  },
  {
    method: "PATCH",
    template: INSTANCE,
    query: { parameters: ["return_records", "return_timeout", "pretty"] },
    body: "svm",
    handle: (ctx) => {
      const uuid = ctx.params["svm.uuid"];
      return performWrite(
        ctx,
        (options) => ctx.cluster.patchSvm(uuid, ctx.changes as SvmChanges, options),
        () => renderInstance(ctx, svmView.wire(ctx.cluster.svm(uuid), ctx.cluster), svmView.identity(ctx.mode)).body,
      );
    },
  },
  {
    method: "GET",
    template: `${INSTANCE}/passwords/{user}`,
    query: { parameters: ["fields", "return_timeout", "pretty"], fieldsModel: passwordView.model },
    handle: (ctx) => {
      const generated = ctx.cluster.generatePassword(ctx.params["svm.uuid"], ctx.params.user);
      return ok(renderInstance(ctx, passwordView.wire(generated, ctx.cluster), passwordView.identity(ctx.mode)).body);
    },
  },
];
