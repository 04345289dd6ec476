/**
 * HTTP transport of one ONTAP connection: an axios instance on its own keep-alive agent, TLS settings, basic auth or
 * a client certificate, the client-app header, a per-request timeout and the in-flight limit.
 *
 * - One timeout mechanism: a deadline per exchange, an `AbortSignal` passed to axios (`signal`), which bounds the whole
 *   exchange from the moment it leaves the in-flight queue to the last byte of the answer, a trickling one included.
 *   axios's own `timeout` option (a socket idle timer in its http adapter) is not used.
 * - One place maps what axios throws (no answer at all: connection, TLS, timeout, closed client) to an OntapError:
 *   {@link Transport.networkError}. Every HTTP answer, whatever its status, is returned as an {@link HttpAnswer}
 *   (`validateStatus` accepts all) and judged by the client (provider/ontap/client.ts, provider/ontap/errors.ts).
 *
 * - Every client has its own `https.Agent` (or `http.Agent` for a loopback `http://` endpoint). `insecure` and
 *   `caCert` are options of THAT agent only: nothing process-wide is touched (no NODE_TLS_REJECT_UNAUTHORIZED, no
 *   global agent), so other connections in the same process keep verifying certificates. A client certificate and
 *   its key (certificate authentication) are options of that agent too: no other connection ever presents them, and
 *   such a connection sends no Authorization header.
 * - Redirects are not followed (credentials must never reach another host), environment proxies are not used (the
 *   agent and its TLS settings must carry the request), and requests can only go to the endpoint's base URL.
 * - The Authorization header is built per request from a private field: it is never stored in axios defaults, and
 *   axios errors (which carry the request config and headers) are dropped here and replaced by an OntapError made of
 *   safe fields only. A text from outside (a status text, a library's error message, the start of a non-JSON body)
 *   that holds a credential is withheld whole, never cut.
 */
import axios, { AxiosInstance } from "axios";
import * as http from "http";
import * as https from "https";
import * as util from "util";
import { packageInfo } from "../packageInfo";
import { OntapEndpoint } from "./endpoint";
import { escapeUnsafe } from "./echo";
import { Authentication, NOT_TLS_HINT, OntapConfigError, OntapError, OntapErrorKind, networkHintFor } from "./errors";
import { InFlightLimiter } from "./limiter";
import { checkClientCertificateText } from "./clientCertificate";
import { checkPemText, PEM_KINDS } from "./pem";

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_IN_FLIGHT = 8;
/** `X-Dot-Client-App` value: `pulumi-ontap-ndmp/<version>`. */
export const CLIENT_APP = `${packageInfo.name}/${packageInfo.version}`;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface TransportOptions {
  endpoint: OntapEndpoint;
  /** Basic auth; not used (and `password` refused) with a client certificate. */
  username?: string;
  password?: string;
  insecure?: boolean;
  caCert?: string;
  /** Certificate authentication: the client certificate and its unencrypted key, PEM text. */
  clientCert?: string;
  clientKey?: string;
  timeoutMs?: number;
  maxInFlight?: number;
}

/** One HTTP answer, whatever its status. */
export interface HttpAnswer {
  status: number;
  statusText: string;
  /** Parsed JSON body; undefined when the body is empty or is not JSON. */
  body: unknown;
  /** True when a non-empty body was not JSON. */
  notJson: boolean;
  /** The `Retry-After` header, if any. */
  retryAfter: string | undefined;
  /** The media type of the `Content-Type` header (lower case, without parameters), if any. */
  contentType: string | undefined;
  /** Size of the body in bytes. */
  bytes: number;
  /**
   * The start of a body that is not JSON, for messages about what answered (at most 200 characters; withheld when it
   * holds this connection's credentials). Undefined for JSON and empty bodies.
   */
  excerpt: string | undefined;
}

/** Node and OpenSSL codes of certificate and TLS failures: never retried. */
const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "CERT_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_CHAIN_TOO_LONG",
  "INVALID_CA",
  "INVALID_PURPOSE",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ECONNABORTED", "ESOCKETTIMEDOUT"]);
/** OpenSSL's words when the peer's first bytes are not TLS at all (a plain HTTP server on the port, say). */
const NOT_TLS = /wrong version number|http request|packet length too long|unknown protocol/i;
const NOT_TLS_CODES = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_HTTP_REQUEST",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
]);
/** Characters of a non-JSON body kept for messages. */
const EXCERPT_CHARS = 200;
const WITHHELD = "(withheld: the text contained this connection's credentials)";

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset (socket hang up)",
  EPIPE: "connection closed while sending (broken pipe)",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed temporarily",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
};

function errorCodeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown } | undefined;
  const cause = typeof e?.cause?.code === "string" ? e.cause.code : undefined;
  const own = typeof e?.code === "string" ? e.code : undefined;
  // axios wraps some failures in its own ERR_* codes; the cause then has the socket's code.
  if (cause && (!own || (own.startsWith("ERR_") && own !== "ERR_TLS_CERT_ALTNAME_INVALID"))) return cause;
  if (own) return own;
  if (typeof e?.message === "string" && /socket hang up/i.test(e.message)) return "ECONNRESET";
  return undefined;
}

export class Transport {
  readonly baseUrl: string;
  readonly #limiter: InFlightLimiter;
  readonly timeoutMs: number;
  readonly insecure: boolean;
  /** How this connection logs in: basic auth, or a client certificate. */
  readonly authentication: Authentication;
  #authorization: string | undefined;
  #credentials: string[];
  #agent: http.Agent;
  #http: AxiosInstance;
  #closed = false;

  constructor(options: TransportOptions) {
    const { endpoint } = options;
    const certificate =
      options.clientCert !== undefined || options.clientKey !== undefined
        ? checkClientCertificateText(options.clientCert, options.clientKey)
        : undefined;
    if (certificate && options.password !== undefined) {
      throw new OntapConfigError(
        "password",
        "Both password and clientCert are set: give either a password (basic auth) or a client certificate and key, not both.",
      );
    }
    if (!certificate && (typeof options.username !== "string" || options.username === "")) {
      throw new OntapConfigError("username", "Invalid username: must be a non-empty string.");
    }
    if (!certificate && (typeof options.password !== "string" || options.password === "")) {
      throw new OntapConfigError("password", "Invalid password: must be a non-empty string.");
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new OntapConfigError("timeoutMs", `Invalid timeoutMs ${String(timeoutMs)}: must be a number > 0.`);
    }
    const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new OntapConfigError("maxInFlight", `Invalid maxInFlight ${String(maxInFlight)}: must be an integer >= 1.`);
    }
    if (options.caCert !== undefined) checkPemText(options.caCert, "caCert", PEM_KINDS.caCertificate);

    this.baseUrl = endpoint.baseUrl;
    this.timeoutMs = timeoutMs;
    this.insecure = options.insecure === true;
    this.#limiter = new InFlightLimiter(maxInFlight);
    this.authentication = certificate ? "certificate" : "password";
    if (certificate) {
      this.#authorization = undefined;
      // The key whole, and each of its base64 lines: no text that holds a piece of it is ever shown.
      const lines = certificate.clientKey
        .split(/\r?\n/)
        .filter((line) => line.length >= 16 && !line.startsWith("-----"));
      this.#credentials = [certificate.clientKey, ...lines];
    } else {
      const token = Buffer.from(`${options.username}:${options.password}`, "utf8").toString("base64");
      this.#authorization = `Basic ${token}`;
      this.#credentials = [options.password as string, token];
    }

    const agentOptions = { keepAlive: true, maxSockets: maxInFlight, maxFreeSockets: maxInFlight };
    this.#agent =
      endpoint.protocol === "https"
        ? new https.Agent({
            ...agentOptions,
            rejectUnauthorized: !this.insecure,
            ...(options.caCert !== undefined ? { ca: options.caCert } : {}),
            ...(certificate ? { cert: certificate.clientCert, key: certificate.clientKey } : {}),
          })
        : new http.Agent(agentOptions);

    this.#http = axios.create({
      baseURL: this.baseUrl,
      allowAbsoluteUrls: false,
      adapter: "http",
      httpAgent: endpoint.protocol === "http" ? this.#agent : undefined,
      httpsAgent: endpoint.protocol === "https" ? this.#agent : undefined,
      proxy: false,
      maxRedirects: 0,
      transitional: { silentJSONParsing: true, forcedJSONParsing: false },
      responseType: "text",
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxContentLength: MAX_RESPONSE_BYTES,
      maxBodyLength: MAX_RESPONSE_BYTES,
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * `text` (from the network, or the message of a library error) as it may appear in an error: whole, or wholly
   * withheld when it holds this connection's password, its Basic-auth token, a line of its private key or anything
   * that looks like an Authorization header or a private key. Nothing is ever cut out of a text: a password removed
   * from a message shows itself by the hole it leaves (the shorter or more common the password, the clearer).
   */
  withholdCredentials(text: string): string {
    if (/Basic\s+[A-Za-z0-9+/=]{4,}|PRIVATE KEY-----/.test(text)) return WITHHELD;
    return this.#credentials.some((credential) => text.includes(credential)) ? WITHHELD : text;
  }

  /**
   * One HTTP exchange, holding an in-flight slot while it runs. Returns any HTTP answer (2xx or not); throws an
   * OntapError of kind `connection`, `tls`, `timeout` or `closed` when there is no answer.
   */
  async send(method: string, pathAndQuery: string, body?: unknown): Promise<HttpAnswer> {
    const path = pathAndQuery.split("?")[0];
    if (this.#closed) throw this.closedError(method, path);
    const release = await this.#limiter.acquire();
    try {
      if (this.#closed) throw this.closedError(method, path);
      return await this.exchange(method, pathAndQuery, path, body);
    } finally {
      release();
    }
  }

  private async exchange(method: string, pathAndQuery: string, path: string, body: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      Accept: "application/hal+json",
      "X-Dot-Client-App": CLIENT_APP,
      "User-Agent": CLIENT_APP,
      ...(this.#authorization !== undefined ? { Authorization: this.#authorization } : {}),
    };
    let data: string | undefined;
    if (body !== undefined) {
      data = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    // The one timeout: aborts the exchange, wherever it is, when the deadline passes (see the module comment).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      const response = await this.#http.request<string>({
        method,
        url: pathAndQuery,
        headers,
        data,
        signal: deadline.signal,
      });
      const text = typeof response.data === "string" ? response.data : "";
      let parsed: unknown;
      let notJson = false;
      if (text.trim() !== "") {
        try {
          parsed = JSON.parse(text);
        } catch {
          notJson = true;
        }
      }
      const retryAfter = response.headers["retry-after"];
      const contentType = response.headers["content-type"];
      return {
        status: response.status,
        statusText: typeof response.statusText === "string" ? this.withholdCredentials(response.statusText) : "",
        body: parsed,
        notJson,
        retryAfter: typeof retryAfter === "string" ? retryAfter : undefined,
        contentType:
          typeof contentType === "string" ? contentType.split(";")[0].trim().toLowerCase().slice(0, 100) : undefined,
        bytes: Buffer.byteLength(text, "utf8"),
        excerpt: notJson ? this.withholdCredentials(text.trim().slice(0, EXCERPT_CHARS)) : undefined,
      };
    } catch (error) {
      // Never let the axios error (config, headers, request) escape: keep only its code and its message (withheld if it
      // holds a credential).
      throw this.networkError(method, path, error, deadline.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What axios threw when there was no answer, as an OntapError made of safe fields only. */
  private networkError(method: string, path: string, error: unknown, timedOut: boolean): OntapError {
    if (this.#closed) return this.closedError(method, path);
    let errorCode = errorCodeOf(error);
    let kind: OntapErrorKind = "connection";
    if (timedOut || (errorCode !== undefined && TIMEOUT_CODES.has(errorCode))) {
      kind = "timeout";
      errorCode = "ETIMEDOUT";
    } else if (errorCode !== undefined && (TLS_CODES.has(errorCode) || /^ERR_(SSL|TLS)_/.test(errorCode))) {
      kind = "tls";
    }
    const raw = (error as { message?: unknown } | undefined)?.message;
    const rawText = typeof raw === "string" ? raw : "";
    if (kind === "tls" && ((errorCode !== undefined && NOT_TLS_CODES.has(errorCode)) || NOT_TLS.test(rawText))) {
      // Not a certificate problem: whatever listens there does not speak TLS, so it is not ONTAP's HTTPS API.
      return new OntapError({
        kind,
        method,
        path,
        errorCode,
        ontapMessage: `the host does not answer as an ONTAP REST API over HTTPS: its first bytes were not TLS (${this.baseUrl})`,
        hint: NOT_TLS_HINT,
        foreign: true,
      });
    }
    let description: string;
    if (kind === "timeout") description = `no complete answer within ${this.timeoutMs} ms`;
    else if (errorCode && Object.hasOwn(DESCRIPTIONS, errorCode)) description = DESCRIPTIONS[errorCode];
    else {
      description = rawText ? escapeUnsafe(this.withholdCredentials(rawText).slice(0, 200)) : "no answer";
      if (kind === "tls") description = `TLS failure: ${description}`;
    }
    return new OntapError({
      kind,
      method,
      path,
      errorCode,
      ontapMessage: `${description} (${this.baseUrl})`,
      hint: networkHintFor(kind, errorCode, this.authentication, rawText),
    });
  }

  private closedError(method: string, path: string): OntapError {
    return new OntapError({ kind: "closed", method, path, ontapMessage: "the ONTAP client was closed" });
  }

  /** Destroys the agent and its sockets; later requests fail with an OntapError of kind `closed`. */
  close(): void {
    this.#closed = true;
    this.#agent.destroy();
  }

  [util.inspect.custom](): string {
    return `Transport { baseUrl: '${this.baseUrl}', insecure: ${this.insecure}, authentication: '${this.authentication}', closed: ${this.#closed} }`;
  }

  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      insecure: this.insecure,
      authentication: this.authentication,
      closed: this.#closed,
    };
  }
}
