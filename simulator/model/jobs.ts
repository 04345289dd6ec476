/**
 * ONTAP jobs (`/api/cluster/jobs/{uuid}`). NDMP never needs them on a real cluster (every NDMP operation is
 * synchronous), but clients must support 202 + job polling, so the simulator can run PATCHes as jobs: the change is
 * applied only when the job succeeds; a job set to fail applies nothing and reports `failure` with a message and code.
 * Terminal jobs are forgotten after 300 s, as ONTAP does.
 */
import type { JobState } from "../../spec/enums";
import { OntapCodes } from "../../spec/codes";
import { OntapError } from "../errors";
import { deterministicUuid } from "./ids";

export interface JobFailure {
  message: string;
  /** ONTAP's job `code` is an integer. */
  code: number;
}

export interface Job {
  uuid: string;
  description: string;
  state: JobState;
  message: string;
  code?: number;
  startTime: Date;
  endTime?: Date;
}

const RETENTION_MS = 300_000;

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly pending = new Map<
    string,
    { timer: NodeJS.Timeout; failure?: JobFailure; done: Array<() => void> }
  >();
  private counter = 0;

  constructor(private readonly seed: string) {}

  /** Starts a job that runs `apply` after `durationMs`, or fails with `failure` instead. */
  start(description: string, durationMs: number, apply: () => void, failure?: JobFailure): Job {
    const job: Job = {
      uuid: deterministicUuid(this.seed, "job", String(++this.counter)),
      description,
      state: "running",
      message: "Job is running.",
      startTime: new Date(),
    };
    this.jobs.set(job.uuid, job);
    const entry = { timer: setTimeout(() => this.finish(job, apply), Math.max(0, durationMs)), failure, done: [] };
    this.pending.set(job.uuid, entry);
    return job;
  }

  private finish(job: Job, apply: () => void): void {
    const entry = this.pending.get(job.uuid);
    this.pending.delete(job.uuid);
    job.endTime = new Date();
    const failure = entry?.failure;
    if (failure) {
      Object.assign(job, { state: "failure", message: failure.message, code: failure.code });
    } else {
      try {
        apply();
        Object.assign(job, { state: "success", message: "success", code: 0 });
      } catch (err) {
        // The state changed since the request was accepted (e.g. the node was deleted): the job fails with the error.
        const fallback = Number(OntapCodes.rpcFailure);
        const code = err instanceof OntapError ? Number(err.code) : fallback;
        Object.assign(job, {
          state: "failure",
          message: (err as Error).message,
          code: Number.isFinite(code) ? code : fallback,
        });
      }
    }
    entry?.done.forEach((resolve) => resolve());
  }

  get(uuid: string): Job | undefined {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (job.endTime && now - job.endTime.getTime() > RETENTION_MS) this.jobs.delete(id);
    }
    return this.jobs.get(uuid);
  }

  /** Makes a running job fail when it completes. Returns false if the job is unknown or already finished. */
  fail(uuid: string, failure: JobFailure): boolean {
    const entry = this.pending.get(uuid);
    if (!entry) return false;
    entry.failure = failure;
    return true;
  }

  /** Resolves when the job reaches a terminal state, or after `timeoutMs`, whichever comes first. */
  wait(uuid: string, timeoutMs: number): Promise<void> {
    const entry = this.pending.get(uuid);
    if (!entry || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      entry.done.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  /** Cancels running jobs (nothing is applied) and forgets all jobs. */
  clear(): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.done.forEach((resolve) => resolve());
    }
    this.pending.clear();
    this.jobs.clear();
  }
}
