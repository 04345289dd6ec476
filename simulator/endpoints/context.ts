/**
 * What an endpoint handler receives and returns. The dispatcher (server.ts) has already authenticated the request,
 * matched the route, validated the query against the endpoint's rules and decoded the body, so a handler only maps
 * the request onto the model and the model's answer onto a wire record.
 */
import type { PatchableModel } from "../../spec/definitions";
import type { ClusterModel } from "../model/cluster";
import type { JobFailure, JobRunner } from "../model/jobs";
import type { QueryRules } from "../translation/query";
import type { RenderRequest } from "../translation/render";

/** Async mode: PATCHes answer 202 with a job that applies the change after `durationMs`. */
export interface AsyncSettings {
  enabled: boolean;
  durationMs: number;
  /** When set, every job started fails with this message and code, and applies nothing. */
  failure?: JobFailure;
}

export interface EndpointContext extends RenderRequest {
  method: string;
  params: Record<string, string>;
  /** The decoded PATCH body (only for endpoints that declare `body`). */
  changes: unknown;
  cluster: ClusterModel;
  jobs: JobRunner;
  async: AsyncSettings;
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Endpoint {
  method: "GET" | "PATCH" | "DELETE";
  template: string;
  query: QueryRules;
  /** The model a PATCH body is validated against. */
  body?: PatchableModel;
  handle(ctx: EndpointContext): Reply | Promise<Reply>;
}

export const ok = (body: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });
