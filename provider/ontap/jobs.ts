/**
 * Following an ONTAP asynchronous job. A write answered with 202, or with any body carrying `job`, is complete only
 * when `GET /api/cluster/jobs/{uuid}?fields=state,message,code` reports `success`; `failure` (and `error`, which a
 * prose section of the spec uses) becomes an OntapError with the job's message and code. NDMP operations never
 * start jobs on the ONTAP releases we know of, but the client handles them as ONTAP's generic contract requires.
 *
 * Polls go through the normal request path (retries, in-flight slot), and the slot is given back between polls.
 */
import { OntapConfigError, OntapError, hintFor } from "./errors";
import type { Clock } from "./retry";
import type { JobRecord } from "../../spec/types";

export interface JobOptions {
  /** Longest wait between two polls; the first polls come sooner (from 1/8 of it, doubling). Default 1 s. */
  pollIntervalMs?: number;
  /** How long to wait for the job to finish. Default 5 minutes. */
  timeoutMs?: number;
}

export type ResolvedJobOptions = Required<JobOptions>;

export const DEFAULT_JOBS: Readonly<ResolvedJobOptions> = { pollIntervalMs: 1_000, timeoutMs: 300_000 };
export const JOB_FIELDS = ["state", "message", "code"] as const;

export function resolveJobOptions(options: JobOptions = {}): ResolvedJobOptions {
  const resolved = {
    ...DEFAULT_JOBS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
  };
  for (const [field, value] of Object.entries(resolved)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
      throw new OntapConfigError(`jobs.${field}`, `Invalid jobs.${field} ${String(value)}: must be a number > 0.`);
    }
  }
  return resolved as ResolvedJobOptions;
}

/** The job uuid of a write's answer (202 or any body with `job.uuid`), or undefined. */
export function jobUuidOf(body: unknown): string | undefined {
  const job = (body as { job?: { uuid?: unknown } } | undefined)?.job;
  return typeof job?.uuid === "string" && job.uuid !== "" ? job.uuid : undefined;
}

/** What the failure of the original request looked like, to name it in the error. */
export interface JobRequest {
  method: string;
  path: string;
  status: number;
}

/**
 * Polls the job until it ends. Resolves on `success`; throws an OntapError (kind `job`) on `failure`/`error` and when
 * `timeoutMs` passes first.
 */
export async function waitForJob(
  uuid: string,
  request: JobRequest,
  getJob: (uuid: string) => Promise<JobRecord>,
  options: ResolvedJobOptions,
  clock: Clock,
): Promise<JobRecord> {
  const started = clock.now();
  let interval = Math.max(1, options.pollIntervalMs / 8);
  let last: JobRecord | undefined;
  for (;;) {
    last = await getJob(uuid);
    const state = last?.state;
    if (state === "success") return last;
    if (state === "failure" || state === "error") {
      const extra = (last as { error?: { code?: unknown; message?: unknown } }).error;
      const rawCode = last.code ?? extra?.code;
      const code = rawCode === undefined || rawCode === null ? undefined : String(rawCode);
      const message = typeof last.message === "string" && last.message ? last.message : String(extra?.message ?? "");
      throw new OntapError({
        kind: "job",
        method: request.method,
        path: request.path,
        status: request.status,
        code,
        ontapMessage: message || `job ended in state ${state}`,
        jobUuid: uuid,
        hint: hintFor(undefined, code, message),
      });
    }
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) {
      throw new OntapError({
        kind: "job",
        method: request.method,
        path: request.path,
        status: request.status,
        ontapMessage: `did not finish within ${options.timeoutMs} ms (last state: ${state ?? "unknown"})`,
        jobUuid: uuid,
        hint: `The job may still be running on ONTAP: check GET /api/cluster/jobs/${uuid}, or raise jobs.timeoutMs.`,
      });
    }
    await clock.sleep(Math.min(interval, options.timeoutMs - elapsed));
    interval = Math.min(interval * 2, options.pollIntervalMs);
  }
}
