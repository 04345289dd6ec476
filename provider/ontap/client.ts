/**
 * Typed client of the ONTAP NDMP REST API (9.9.1) plus cluster identity. It knows HTTP and ONTAP, nothing about
 * Pulumi. Every call: explicit `fields=`, retries with backoff (retry.ts), in-flight limit (transport.ts), request
 * bodies checked before sending and answers checked after (validation.ts), jobs followed (jobs.ts), pages followed
 * (pagination.ts), failures as OntapError with a hint (errors.ts).
 *
 * Nothing here logs. The `onRequest` hook receives one event per HTTP attempt with method, path (query keys that
 * look secret are redacted; none of ours are), status, attempt, duration and ONTAP code: never a body, a header or a
 * credential.
 */
import { performance } from "perf_hooks";
import * as util from "util";
import { OntapEndpoint, parseEndpoint } from "./endpoint";
import { clip, quote } from "./echo";
import { NOT_ONTAP_HINT, OntapConfigError, OntapError, hintFor } from "./errors";
import { DEFAULT_FIELDS, IDENTITY_FIELDS } from "./fields";
import { JobOptions, JOB_FIELDS, ResolvedJobOptions, jobUuidOf, resolveJobOptions, waitForJob } from "./jobs";
import { buildQuery, collectionPairs, encodePathSegment, fieldsPairs, walkPages } from "./pagination";
import {
  Clock,
  RandomSource,
  ResolvedRetryOptions,
  RetryOptions,
  parseRetryAfter,
  resolveRetryOptions,
  retryVerdict,
  systemClock,
  withRetries,
} from "./retry";
import type { CollectionQuery } from "./pagination";
import { literalQueryValue } from "./queryLiteral";
import { isUuid, NdmpModeValue } from "./schema";
import { HttpAnswer, Transport } from "./transport";
import type {
  ClusterRecord,
  CollectionPage,
  JobRecord,
  NdmpModeRecord,
  NdmpNodePatch,
  NdmpNodeRecord,
  NdmpPasswordRecord,
  NdmpSessionRecord,
  NdmpSvmPatch,
  NdmpSvmRecord,
} from "../../spec/types";
import { SECRET_PLACEHOLDER, checkPatchBody, checkResponse } from "./validation";

/** One HTTP attempt, for debugging. Carries no body, header or credential. */
export interface RequestEvent {
  method: string;
  /** Path and query of the request. */
  path: string;
  /** HTTP status; undefined when no answer came (connection, TLS, timeout). */
  status?: number;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  durationMs: number;
  /** ONTAP error code of a failed answer. */
  ontapCode?: string;
  /** Connection or TLS error code (e.g. ECONNRESET) when no answer came. */
  errorCode?: string;
}

export interface OntapClientOptions {
  /** Any form `parseEndpoint` accepts: `name`, `name:port`, `[v6]:port`, `https://name:port[/api]`. */
  host: string;
  /** Basic auth: the ONTAP login and its password. Not used with a client certificate. */
  username?: string;
  password?: string;
  /**
   * Certificate authentication: PEM text of the client certificate (its common name is the ONTAP login, created with
   * `-authentication-method cert`) and of its unencrypted private key. No Authorization header is then sent.
   */
  clientCert?: string;
  clientKey?: string;
  /** Skip certificate verification for THIS connection only. */
  insecure?: boolean;
  /** PEM text of the CA (or self-signed certificate) to trust for this connection; replaces the default CAs. */
  caCert?: string;
  /** Per HTTP attempt. Default 30000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  jobs?: JobOptions;
  /** At most this many requests in flight for this client, the rest wait in FIFO order. Default 8. */
  maxInFlight?: number;
  /** Debug hook called after every HTTP attempt. Exceptions it throws are ignored. */
  onRequest?: (event: RequestEvent) => void;
  /**
   * Called once each write (PATCH, DELETE) has ended, its job included, whether it succeeded or not (a failed write
   * may still have been applied), with the path written (no query, no body). The provider's coalescing readers use it
   * so that no read is answered from records fetched before the write. Exceptions it throws are ignored.
   */
  onWriteSettled?: (method: string, path: string) => void;
  /** Time source and sleep for backoff and job polling (tests inject a virtual clock). Default: real time. */
  clock?: Clock;
  /** Random source of the backoff jitter, in [0, 1). Default: Math.random. */
  random?: RandomSource;
}

export type CountableCollection = "nodes" | "svms" | "sessions";

const NDMP = "/api/protocols/ndmp";
/** Most characters of an ONTAP message kept in an error. */
const MAX_ONTAP_TEXT = 500;

/** ONTAP's error body `{"error": {"code", "message", "target"}}`, or undefined when the body is not one. */
function ontapErrorOf(body: unknown): { code?: unknown; message?: unknown; target?: unknown } | undefined {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (error === null || typeof error !== "object" || Array.isArray(error)) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  const hasCode = (typeof code === "string" && code !== "") || typeof code === "number";
  return hasCode || typeof message === "string"
    ? (error as { code?: unknown; message?: unknown; target?: unknown })
    : undefined;
}
const COLLECTIONS: Record<CountableCollection, { path: string; model: string }> = {
  nodes: { path: `${NDMP}/nodes`, model: "ndmp_node_response" },
  svms: { path: `${NDMP}/svms`, model: "ndmp_svm_response" },
  sessions: { path: `${NDMP}/sessions`, model: "ndmp_session_response" },
};

/** Path and query for events: values of secret-looking query keys are replaced. */
function safePath(pathAndQuery: string): string {
  return pathAndQuery.replace(/([?&])([^=&]*(?:pass|secret|token)[^=&]*)=[^&]*/gi, `$1$2=${SECRET_PLACEHOLDER}`);
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

export class OntapClient {
  /** The parsed endpoint; `endpoint.baseUrl` is the canonical base URL. */
  readonly endpoint: OntapEndpoint;
  #transport: Transport;
  #retry: ResolvedRetryOptions;
  #jobs: ResolvedJobOptions;
  #clock: Clock;
  #random: RandomSource;
  #onRequest: ((event: RequestEvent) => void) | undefined;
  #onWriteSettled: ((method: string, path: string) => void) | undefined;

  constructor(options: OntapClientOptions) {
    if (options === null || typeof options !== "object") {
      throw new OntapConfigError(
        "options",
        "OntapClient needs an options object with host, and username and password or clientCert and clientKey.",
      );
    }
    this.endpoint = parseEndpoint(options.host, "host");
    this.#retry = resolveRetryOptions(options.retry);
    this.#jobs = resolveJobOptions(options.jobs);
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#onRequest = options.onRequest;
    this.#onWriteSettled = options.onWriteSettled;
    this.#transport = new Transport({
      endpoint: this.endpoint,
      username: options.username,
      password: options.password,
      insecure: options.insecure,
      caCert: options.caCert,
      clientCert: options.clientCert,
      clientKey: options.clientKey,
      timeoutMs: options.timeoutMs,
      maxInFlight: options.maxInFlight,
    });
  }

  get baseUrl(): string {
    return this.endpoint.baseUrl;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Cluster

  /** `GET /api/cluster?fields=name,uuid,version`. */
  async getCluster(): Promise<ClusterRecord> {
    return this.getObject<ClusterRecord>("/api/cluster", DEFAULT_FIELDS.cluster, "cluster");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // NDMP mode

  /** `GET /api/protocols/ndmp?fields=mode`. */
  async getNdmpMode(): Promise<NdmpModeRecord> {
    return this.getObject<NdmpModeRecord>(NDMP, DEFAULT_FIELDS.mode, "cluster_ndmp_properties");
  }

  /** `PATCH /api/protocols/ndmp {"mode": mode}`. */
  async patchNdmpMode(mode: NdmpModeValue): Promise<void> {
    await this.write("PATCH", NDMP, checkPatchBody("mode", { mode }, "PATCH", NDMP));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Nodes (node scope)

  /** `GET /api/protocols/ndmp/nodes`, every page. */
  async listNodes(query?: CollectionQuery): Promise<NdmpNodeRecord[]> {
    return this.list<NdmpNodeRecord>("nodes", DEFAULT_FIELDS.node, query);
  }

  /** `GET /api/protocols/ndmp/nodes/{uuid}`. */
  async getNode(uuid: string, fields?: string[]): Promise<NdmpNodeRecord> {
    const path = `${NDMP}/nodes/${encodePathSegment("uuid", uuid)}`;
    return this.getObject<NdmpNodeRecord>(path, fields ?? DEFAULT_FIELDS.node, "ndmp_node");
  }

  /** `PATCH /api/protocols/ndmp/nodes/{uuid}`. The body may carry the write-only password; it is never echoed. */
  async patchNode(uuid: string, body: NdmpNodePatch): Promise<void> {
    const path = `${NDMP}/nodes/${encodePathSegment("uuid", uuid)}`;
    await this.write("PATCH", path, checkPatchBody("node", body, "PATCH", path));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // SVMs (SVM scope)

  /** `GET /api/protocols/ndmp/svms`, every page. */
  async listSvms(query?: CollectionQuery): Promise<NdmpSvmRecord[]> {
    return this.list<NdmpSvmRecord>("svms", DEFAULT_FIELDS.svm, query);
  }

  /** `GET /api/protocols/ndmp/svms/{uuid}`. */
  async getSvm(uuid: string, fields?: string[]): Promise<NdmpSvmRecord> {
    const path = `${NDMP}/svms/${encodePathSegment("uuid", uuid)}`;
    return this.getObject<NdmpSvmRecord>(path, fields ?? DEFAULT_FIELDS.svm, "ndmp_svm");
  }

  /** `PATCH /api/protocols/ndmp/svms/{uuid}`. */
  async patchSvm(uuid: string, body: NdmpSvmPatch): Promise<void> {
    const path = `${NDMP}/svms/${encodePathSegment("uuid", uuid)}`;
    await this.write("PATCH", path, checkPatchBody("svm", body, "PATCH", path));
  }

  /**
   * The SVM named `nameOrUuid` (an SVM name, or a uuid taken as is without a request): `{name, uuid}`, or undefined
   * when ONTAP has no SVM of exactly that name. The name is sent literally (query operators in it are quoted, see
   * queryLiteral.ts) and compared with the name in each record of the answer, so no answer, however the server reads
   * the query, can make it return another SVM.
   */
  async findSvm(nameOrUuid: string): Promise<{ name?: string; uuid: string } | undefined> {
    if (isUuid(nameOrUuid)) return { uuid: nameOrUuid };
    const records = await this.listSvms({
      filters: { "svm.name": literalQueryValue(nameOrUuid, "svm.name") },
      fields: ["svm.name", "svm.uuid"],
    });
    const record = records.find((r) => r.svm?.name === nameOrUuid && typeof r.svm.uuid === "string");
    return record?.svm?.uuid ? { name: record.svm.name, uuid: record.svm.uuid } : undefined;
  }

  /**
   * `GET /api/protocols/ndmp/svms/{svmUuid}/passwords/{user}?fields=password,user,svm` (ONTAP 9.9+): generates the
   * NDMP password of an SVM user. The password is returned to the caller only: never logged or put in an error.
   */
  async generatePassword(svmUuid: string, user: string): Promise<NdmpPasswordRecord> {
    const path = `${NDMP}/svms/${encodePathSegment("svmUuid", svmUuid)}/passwords/${encodePathSegment("user", user)}`;
    const record = await this.getObject<NdmpPasswordRecord>(path, DEFAULT_FIELDS.password, "ndmp_password");
    // A password for another SVM or user must never be taken for this one's.
    const svm = record.svm?.uuid;
    if (
      (svm !== undefined && svm.toLowerCase() !== svmUuid.toLowerCase()) ||
      (record.user !== undefined && record.user !== user)
    ) {
      throw new OntapError({
        kind: "response",
        method: "GET",
        path,
        ontapMessage: "the answer is the password of another SVM or user than the one asked for",
      });
    }
    return record;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sessions

  /** `GET /api/protocols/ndmp/sessions`, every page. */
  async listSessions(query?: CollectionQuery): Promise<NdmpSessionRecord[]> {
    return this.list<NdmpSessionRecord>("sessions", DEFAULT_FIELDS.session, query);
  }

  /** `GET /api/protocols/ndmp/sessions/{ownerUuid}/{sessionId}`. */
  async getSession(ownerUuid: string, sessionId: string, fields?: string[]): Promise<NdmpSessionRecord> {
    const path = this.sessionPath(ownerUuid, sessionId);
    return this.getObject<NdmpSessionRecord>(path, fields ?? DEFAULT_FIELDS.session, "ndmp_session");
  }

  /**
   * `DELETE /api/protocols/ndmp/sessions/{ownerUuid}/{sessionId}` (kills the session).
   *
   * When an attempt fails without an answer (connection dropped, timeout), ONTAP may still have received it and
   * killed the session. The retry then finds no session and answers 404 / code 4 ("entry doesn't exist"). That is
   * the state the caller asked for, so such a not-found on a retry that followed a connection failure counts as
   * success. A not-found on the first attempt (or after an HTTP error answer) is still thrown: the session was gone
   * before we asked, which the caller may want to know (`isNotFound()`).
   */
  async deleteSession(ownerUuid: string, sessionId: string): Promise<void> {
    await this.write("DELETE", this.sessionPath(ownerUuid, sessionId), undefined, {
      notFoundAfterConnectionLoss: true,
    });
  }

  private sessionPath(ownerUuid: string, sessionId: string): string {
    return `${NDMP}/sessions/${encodePathSegment("ownerUuid", ownerUuid)}/${encodePathSegment("sessionId", sessionId)}`;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Counting

  /**
   * Number of records of a collection matching `query` (`return_records=false`), summing `num_records` over every
   * `next` page as ONTAP requires.
   */
  async count(collection: CountableCollection, query?: CollectionQuery): Promise<number> {
    const target = Object.hasOwn(COLLECTIONS, collection) ? COLLECTIONS[collection] : undefined;
    if (!target) {
      throw new OntapConfigError(
        "collection",
        `Invalid collection "${String(collection)}": must be "nodes", "svms" or "sessions".`,
      );
    }
    const first =
      target.path + buildQuery(collectionPairs(IDENTITY_FIELDS[collection], query, [["return_records", "false"]]));
    let total = 0;
    await walkPages<unknown>(
      first,
      this.baseUrl,
      (pathAndQuery) => this.getPage(pathAndQuery, target.model),
      (page) => {
        const n = page.num_records;
        if (typeof n === "number" && Number.isFinite(n)) total += n;
        else if (Array.isArray(page.records)) total += page.records.length;
      },
    );
    return total;
  }

  /** Destroys the agent and its keep-alive sockets. Later calls fail with an OntapError of kind `closed`. */
  close(): void {
    this.#transport.close();
  }

  [util.inspect.custom](): string {
    return `OntapClient { baseUrl: '${this.baseUrl}' }`;
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Plumbing

  private async list<T>(
    collection: CountableCollection,
    fields: readonly string[],
    query?: CollectionQuery,
  ): Promise<T[]> {
    const target = COLLECTIONS[collection];
    const first = target.path + buildQuery(collectionPairs(fields, query));
    const records: T[] = [];
    await walkPages<T>(
      first,
      this.baseUrl,
      (pathAndQuery) => this.getPage<T>(pathAndQuery, target.model),
      (page) => records.push(...(page.records ?? [])),
    );
    return records;
  }

  private async getPage<T>(pathAndQuery: string, model: string): Promise<CollectionPage<T>> {
    const answer = await this.request("GET", pathAndQuery);
    checkResponse(model, answer.body, "GET", pathAndQuery.split("?")[0]);
    return answer.body as CollectionPage<T>;
  }

  private async getObject<T>(path: string, fields: readonly string[], model: string): Promise<T> {
    const answer = await this.request("GET", path + buildQuery(fieldsPairs(fields)));
    checkResponse(model, answer.body, "GET", path);
    return answer.body as T;
  }

  /** A PATCH or DELETE: retried like any call, then its job (if the answer carries one) is followed. */
  private async write(
    method: "PATCH" | "DELETE",
    path: string,
    body: unknown,
    options: { notFoundAfterConnectionLoss?: boolean } = {},
  ): Promise<void> {
    try {
      await this.writeAndFollow(method, path, body, options);
    } finally {
      try {
        this.#onWriteSettled?.(method, path);
      } catch {
        // A hook must never change the outcome of a write.
      }
    }
  }

  private async writeAndFollow(
    method: "PATCH" | "DELETE",
    path: string,
    body: unknown,
    options: { notFoundAfterConnectionLoss?: boolean },
  ): Promise<void> {
    const answer = await this.request(method, path, body, options);
    const jobUuid = jobUuidOf(answer.body);
    if (answer.status === 202 && jobUuid === undefined) {
      throw new OntapError({
        kind: "response",
        method,
        path,
        status: 202,
        ontapMessage: "ONTAP accepted the request as a job but sent no job uuid",
      });
    }
    if (jobUuid !== undefined) {
      await waitForJob(
        jobUuid,
        { method, path, status: answer.status },
        (uuid) => this.getJob(uuid),
        this.#jobs,
        this.#clock,
      );
    }
  }

  private async getJob(uuid: string): Promise<JobRecord> {
    const answer = await this.request(
      "GET",
      `/api/cluster/jobs/${encodePathSegment("job uuid", uuid)}${buildQuery(fieldsPairs(JOB_FIELDS))}`,
    );
    if (answer.body === null || typeof answer.body !== "object") {
      throw new OntapError({
        kind: "response",
        method: "GET",
        path: `/api/cluster/jobs/${uuid}`,
        ontapMessage: "the job answer is not a JSON object",
      });
    }
    return answer.body as JobRecord;
  }

  /** An answer's text (ONTAP message, target) as an error may carry it: credentials withheld, escaped, bounded. */
  private answerText(text: string, max = MAX_ONTAP_TEXT): string {
    return clip(this.#transport.withholdCredentials(text), max);
  }

  /** What answered, for an answer that is not ONTAP's: `HTTP 404 Not Found, text/html, 162 bytes: "<html>…"`. */
  private whatAnswered(answer: HttpAnswer): string {
    const status = `HTTP ${answer.status}${answer.statusText ? ` ${this.answerText(answer.statusText, 60)}` : ""}`;
    const type = answer.contentType ?? (answer.notJson ? "not JSON" : "JSON");
    const excerpt = answer.excerpt ? `: ${quote(answer.excerpt, 80)}` : "";
    return `${status}, ${type}, ${answer.bytes} bytes${excerpt}`;
  }

  /**
   * The error for a non-2xx answer, from ONTAP's `{"error": {code, message, target}}`. An answer without that body is
   * not ONTAP's (another web server's 404, a proxy's error page): it is said so, with what did answer, and it never
   * counts as "not found". A 401 keeps the credentials hint whatever its body (a 401 may carry none).
   */
  private answerError(method: string, path: string, answer: HttpAnswer): OntapError {
    const error = ontapErrorOf(answer.body);
    if (error === undefined && answer.status !== 401) {
      const redirect = answer.status >= 300 && answer.status < 400;
      return new OntapError({
        kind: "http",
        method,
        path,
        status: answer.status,
        ontapMessage: `the host does not answer as an ONTAP REST API (${this.whatAnswered(answer)})`,
        hint: redirect
          ? "The host redirected the request; redirects are not followed (credentials stay with host): use the final address as host."
          : NOT_ONTAP_HINT,
        foreign: true,
      });
    }
    const rawCode = error?.code;
    const code =
      (typeof rawCode === "string" && rawCode !== "") || typeof rawCode === "number"
        ? this.answerText(String(rawCode), 20)
        : undefined;
    const rawMessage = typeof error?.message === "string" && error.message !== "" ? error.message : undefined;
    const message = this.answerText(rawMessage ?? (answer.statusText || "no error details"));
    const target =
      typeof error?.target === "string" && error.target !== "" ? this.answerText(error.target, 100) : undefined;
    return new OntapError({
      kind: "http",
      method,
      path,
      status: answer.status,
      code,
      ontapMessage: message,
      target,
      hint: hintFor(answer.status, code, message, this.#transport.authentication),
    });
  }

  private emit(event: RequestEvent): void {
    if (!this.#onRequest) return;
    try {
      this.#onRequest(event);
    } catch {
      // A debug hook must never break a request.
    }
  }

  /** One call with retries; resolves with a 2xx answer (or the not-found that counts as a successful DELETE). */
  private async request(
    method: string,
    pathAndQuery: string,
    body?: unknown,
    options: { notFoundAfterConnectionLoss?: boolean } = {},
  ): Promise<HttpAnswer> {
    const path = pathAndQuery.split("?")[0];
    const eventPath = safePath(pathAndQuery);
    let retryAfterMs: number | undefined;
    let lostConnection = false;
    return withRetries(
      async (attempt) => {
        retryAfterMs = undefined;
        const started = performance.now();
        let answer: HttpAnswer;
        try {
          answer = await this.#transport.send(method, pathAndQuery, body);
        } catch (error) {
          const e = error as OntapError;
          if (e.kind === "connection" || e.kind === "timeout") lostConnection = true;
          this.emit({
            method,
            path: eventPath,
            attempt,
            durationMs: performance.now() - started,
            errorCode: e.errorCode,
          });
          throw error;
        }
        const failure = isSuccess(answer.status) ? undefined : this.answerError(method, path, answer);
        this.emit({
          method,
          path: eventPath,
          status: answer.status,
          attempt,
          durationMs: performance.now() - started,
          ontapCode: failure?.code,
        });
        if (failure === undefined) {
          // ONTAP answers JSON (or nothing); a 2xx HTML page is some other web server, for a PATCH as for a GET.
          if (answer.notJson) {
            throw new OntapError({
              kind: "response",
              method,
              path,
              status: answer.status,
              ontapMessage: `the host does not answer as an ONTAP REST API (${this.whatAnswered(answer)})`,
              hint: NOT_ONTAP_HINT,
              foreign: true,
            });
          }
          return answer;
        }
        if (options.notFoundAfterConnectionLoss && lostConnection && (answer.status === 404 || failure.code === "4")) {
          return { ...answer, status: 200, body: {} };
        }
        // An HTTP-date Retry-After is wall-clock time, whatever clock drives the backoff.
        retryAfterMs = parseRetryAfter(answer.retryAfter, Date.now());
        throw failure;
      },
      { options: this.#retry, clock: this.#clock, random: this.#random },
      (error) => retryVerdict(error, retryAfterMs),
    );
  }
}
