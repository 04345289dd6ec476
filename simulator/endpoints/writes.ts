/**
 * How a PATCH is carried out: synchronously (ONTAP's real NDMP behaviour: 200 `{}`), or, in async mode, as a job
 * (202 `{"job":{uuid,_links}}`) that applies the change when it succeeds. In async mode every rule is checked before
 * answering 202 (a dry run), so invalid requests still fail synchronously; the job re-applies the change at its end
 * and fails if the state changed meanwhile. A non-zero `return_timeout` waits for the job, as ONTAP does, and then
 * answers as a synchronous PATCH would.
 */
import { OntapError } from "../errors";
import type { ApplyOptions } from "../model/cluster";
import { paths, self } from "../translation/links";
import type { EndpointContext, Reply } from "./context";

export async function performWrite(
  ctx: EndpointContext,
  apply: (options: ApplyOptions) => void,
  /** The record to return with `return_records=true`. */
  record: () => unknown,
): Promise<Reply> {
  const done = (): Reply => ({ status: 200, body: ctx.query.returnRecords ? record() : {} });
  if (!ctx.async.enabled) {
    apply({});
    return done();
  }
  apply({ dryRun: true });
  const job = ctx.jobs.start(`${ctx.method} ${ctx.path}`, ctx.async.durationMs, () => apply({}), ctx.async.failure);
  if (ctx.query.returnTimeout) {
    await ctx.jobs.wait(job.uuid, ctx.query.returnTimeout * 1000);
    if (job.state === "success") return done();
    if (job.state === "failure") throw new OntapError(400, String(job.code), job.message);
  }
  return {
    status: 202,
    body: { job: { uuid: job.uuid, ...(ctx.hal ? { _links: self(paths.job(job.uuid)) } : {}) } },
  };
}
