/**
 * Errors of the ONTAP client.
 *
 * `OntapError` is built only from safe primitives (status, ONTAP code and message, method, path, hint): never from an
 * axios error, request, config or header. Credentials therefore cannot reach its `message`, `stack`, JSON or
 * `util.inspect` output. It has no `cause`.
 */
import { OntapCodes, TEMPORARILY_LOCKED } from "../../spec/codes";

/**
 * What went wrong:
 * - `http`: ONTAP answered with a non-2xx status;
 * - `connection`: no answer (refused, reset, DNS, …); `tls`: the TLS handshake or certificate check failed;
 * - `timeout`: no complete answer within `timeoutMs`;
 * - `job`: an asynchronous job failed or did not finish in time;
 * - `validation`: the request body was refused before sending (nothing was sent);
 * - `response`: ONTAP answered 2xx with something the client cannot use (not JSON, wrong types, bad `next` link);
 * - `closed`: the client was closed.
 */
export type OntapErrorKind = "http" | "connection" | "tls" | "timeout" | "job" | "validation" | "response" | "closed";

export interface OntapErrorFields {
  kind: OntapErrorKind;
  method: string;
  /** Path of the request, without its query string. */
  path: string;
  /** HTTP status; undefined when no HTTP answer was received. */
  status?: number;
  /** ONTAP error code as a string (ONTAP sends it as a string or a number), e.g. "68812801". */
  code?: string;
  /** ONTAP's own message, or a description of the failure. */
  ontapMessage?: string;
  /** The input field ONTAP blames, when it names one. */
  target?: string;
  /** What the user can do about it. */
  hint?: string;
  /** Node/OS error code of a connection or TLS failure, e.g. ECONNREFUSED or DEPTH_ZERO_SELF_SIGNED_CERT. */
  errorCode?: string;
  /** How many HTTP attempts were made (retries included). */
  attempts?: number;
  /** The ONTAP job that failed, for `kind: "job"`. */
  jobUuid?: string;
  /**
   * True when whatever answered is not an ONTAP REST API: an HTML page, another web server's 404 or error page, a
   * 2xx that is not ONTAP JSON, a port that does not speak TLS. Such an error is never "not found".
   */
  foreign?: boolean;
}

/** Codes that mean "the object is gone": generic not-found, unknown node, unknown SVM. */
const NOT_FOUND_CODES: ReadonlySet<string> = new Set([
  OntapCodes.notFound,
  OntapCodes.unknownNodeOwner,
  OntapCodes.unknownSvmOwner,
]);

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** An ONTAP request that failed. Safe to log, print, serialise and inspect: it never holds a credential. */
export class OntapError extends Error {
  readonly kind: OntapErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly ontapMessage: string | undefined;
  readonly target: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly hint: string | undefined;
  readonly errorCode: string | undefined;
  readonly attempts: number | undefined;
  readonly jobUuid: string | undefined;
  readonly foreign: boolean;

  constructor(fields: OntapErrorFields) {
    super(OntapError.describe(fields));
    this.name = "OntapError";
    this.kind = fields.kind;
    this.status = fields.status;
    this.code = fields.code;
    this.ontapMessage = fields.ontapMessage;
    this.target = fields.target;
    this.method = fields.method;
    this.path = fields.path;
    this.hint = fields.hint;
    this.errorCode = fields.errorCode;
    this.attempts = fields.attempts;
    this.jobUuid = fields.jobUuid;
    this.foreign = fields.foreign === true;
  }

  /** `ONTAP PATCH /api/… failed: 400 68812801 Node-scoped operations are not allowed in an SVM-scope. Hint: …` */
  static describe(fields: OntapErrorFields): string {
    const after = fields.attempts && fields.attempts > 1 ? ` after ${fields.attempts} attempts` : "";
    const parts: string[] = [];
    if (fields.kind === "job" && fields.jobUuid) parts.push(`job ${fields.jobUuid}`);
    if (fields.status !== undefined && fields.kind !== "job") parts.push(String(fields.status));
    if (fields.code !== undefined && fields.code !== "") parts.push(fields.code);
    if (fields.errorCode !== undefined && fields.code === undefined) parts.push(fields.errorCode);
    let detail = parts.join(" ");
    const message = fields.ontapMessage ? sentence(fields.ontapMessage) : "";
    detail = [detail, message].filter(Boolean).join(" ");
    if (fields.target) detail = `${detail.replace(/\.$/, "")} (target "${fields.target}").`;
    const hint = fields.hint ? ` Hint: ${fields.hint}` : "";
    return `ONTAP ${fields.method} ${fields.path} failed${after}: ${detail || "unknown error."}${hint}`;
  }

  /**
   * True when the object is gone: HTTP 404, ONTAP code 4, 68812804 (unknown node) or 68812803 (unknown SVM), from
   * ONTAP. A 404 from something that is not ONTAP (another web server, a proxy) says nothing about the object.
   */
  isNotFound(): boolean {
    if (this.foreign) return false;
    return this.status === 404 || (this.code !== undefined && NOT_FOUND_CODES.has(this.code));
  }

  /** The same error with another attempt count (the message is rebuilt). */
  withAttempts(attempts: number): OntapError {
    return new OntapError({ ...this.fields(), attempts });
  }

  /** The safe fields this error was built from. */
  fields(): OntapErrorFields {
    return {
      kind: this.kind,
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      ontapMessage: this.ontapMessage,
      target: this.target,
      hint: this.hint,
      errorCode: this.errorCode,
      attempts: this.attempts,
      jobUuid: this.jobUuid,
      ...(this.foreign ? { foreign: true } : {}),
    };
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...this.fields() };
  }
}

/** Thrown for invalid client options or arguments (endpoint, certificate, query, ids). Never echoes a password. */
export class OntapConfigError extends Error {
  /** The option or argument at fault, e.g. `host`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = "OntapConfigError";
    this.field = field;
  }
}

/** `isNotFound` for any thrown value: false for anything that is not an OntapError. */
export function isNotFound(error: unknown): boolean {
  return error instanceof OntapError && error.isNotFound();
}

/** True when an ONTAP message says the object is temporarily locked (a transient condition ONTAP asks to retry). */
export function isTemporarilyLocked(message: string | undefined): boolean {
  return message !== undefined && message.toLowerCase().includes(TEMPORARILY_LOCKED);
}

// ---------------------------------------------------------------------------------------------------------------
// Hints

// The client knows ONTAP, not Pulumi: its hints name ONTAP's own remedies. The resources and the CLI add their own.
const SCOPE_NODE_HINT =
  'NDMP is in SVM scope; node configuration needs node scope: switch the NDMP mode to node first (PATCH /api/protocols/ndmp {"mode":"node"}).';
const SCOPE_SVM_HINT =
  'NDMP is in node scope; SVM configuration and password generation need SVM scope: switch the NDMP mode to svm first (PATCH /api/protocols/ndmp {"mode":"svm"}).';
const PRIVILEGE_HINT =
  "The account's role lacks the privilege for this call: use an account whose role grants the NDMP REST endpoints (e.g. admin, or a custom role with access to /api/protocols/ndmp).";
const NOT_FOUND_HINT = "The object does not exist (it may have been deleted): check the name or UUID.";
const THROTTLED_HINT = "ONTAP is throttling requests: lower maxInFlight or retry later.";
const CREDENTIALS_HINT =
  "Wrong credentials: check the username and password of this ONTAP connection, and that the account may use the http application with password authentication.";
/** A 401 for a connection that presented a client certificate. */
const CERTIFICATE_CREDENTIALS_HINT =
  "The cluster did not accept the client certificate: its common name must be a login created with -authentication-method cert for the http application (security login show -authentication-method cert), the cluster must trust its issuer (security certificate install -type client-ca) and have client authentication on (security ssl modify -client-enabled true).";
/** With a client certificate: a TLS alert from the server during the handshake. */
const CLIENT_CERTIFICATE_TLS_HINT =
  "The cluster refused the client certificate in the TLS handshake: install the CA that issued it on the cluster (security certificate install -type client-ca), and check that the certificate is valid and for client authentication.";
/** With a client certificate: a reset (TLS 1.3 often reports a refused client certificate this way). */
const CLIENT_CERTIFICATE_RESET_HINT =
  "The connection was dropped, which is also how a cluster refuses a client certificate in the TLS handshake: check that the cluster trusts the CA that issued it (security certificate install -type client-ca), then proxies, load balancers and firewalls between here and ONTAP.";
const TLS_HINT =
  "The server's certificate is not trusted: pass caCert (PEM of the CA that signed it) for this connection, or insecure: true for this connection only.";
/** For answers that did not come from an ONTAP REST API (`foreign`). */
export const NOT_ONTAP_HINT =
  "The host does not answer as an ONTAP REST API: check host and port (the cluster management interface, HTTPS on port 443 by default), and any proxy or load balancer in between.";
/** For a port that does not speak TLS (a plain HTTP server on the port given for HTTPS). */
export const NOT_TLS_HINT =
  "The host does not answer as an ONTAP REST API over HTTPS on this port (it did not speak TLS, e.g. plain HTTP): check the port; ONTAP serves its REST API on HTTPS, port 443 by default.";

/** Hints keyed by ONTAP error code. */
export const CODE_HINTS: Readonly<Record<string, string>> = {
  [OntapCodes.nodeScopeRequired]: SCOPE_NODE_HINT,
  [OntapCodes.svmScopeRequired]: SCOPE_SVM_HINT,
  [OntapCodes.nodeUserRequired]:
    "Set a user (and password) on the node before enabling NDMP on it, in the same update or an earlier one.",
  [OntapCodes.invalidUuid]:
    "The UUID in the path is not valid: check the node, SVM or session owner UUID (listNodes/listSvms/listSessions show them).",
  [OntapCodes.unknownSvmOwner]:
    "No SVM has this UUID: the SVM may have been deleted, or NDMP is in node scope and the owner must be a node UUID.",
  [OntapCodes.unknownNodeOwner]:
    "No node has this UUID: the node may have been removed, or NDMP is in SVM scope and the owner must be an SVM UUID.",
  [OntapCodes.modeUnavailable]:
    "ONTAP could not read its NDMP mode (internal error): retry, then check cluster health.",
  [OntapCodes.sessionIdRequired]: "Both the owner UUID and the session id are required to delete a session.",
  [OntapCodes.plaintextSsoCombined]:
    'Authentication type "plaintext_sso" cannot be combined with other types: use it alone, or drop it.',
  [OntapCodes.plaintextSsoNoPassword]:
    'An SVM that uses "plaintext_sso" has no NDMP-specific password: use "challenge" or "plaintext" to generate one.',
  [OntapCodes.unexpectedArgument]:
    "The body has a field this ONTAP release does not know: check the field name and the ONTAP version.",
  [OntapCodes.fieldCannotBeSet]:
    "Read-only fields (node, svm, _links) cannot be set in a PATCH: remove them from the body.",
  [OntapCodes.invalidValue]: "A value is not allowed for the field ONTAP names: check it against the allowed values.",
  [OntapCodes.specifiedTwice]: "A field or value appears twice: remove the duplicate.",
  [OntapCodes.notFound]: NOT_FOUND_HINT,
  [OntapCodes.permissionDenied]: PRIVILEGE_HINT,
  [OntapCodes.tooManyRequests]: THROTTLED_HINT,
  [OntapCodes.notSupported]: "This ONTAP release does not support the operation: check the ONTAP version (9.9+).",
};

/** Hints for HTTP statuses that carry no (known) ONTAP code. */
export const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: CREDENTIALS_HINT,
  403: PRIVILEGE_HINT,
  404: NOT_FOUND_HINT,
  429: THROTTLED_HINT,
};

/** Hints for connection and TLS failures, keyed by Node error code. */
export const NETWORK_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED:
    "Nothing accepts connections at this address: check host and port, and that ONTAP's HTTPS management interface is reachable from here.",
  ETIMEDOUT:
    "No answer in time: check the network path and firewalls to the cluster management interface, or raise timeoutMs.",
  ECONNRESET: "The connection was dropped: check proxies, load balancers and firewalls between here and ONTAP.",
  EPIPE: "The connection was dropped: check proxies, load balancers and firewalls between here and ONTAP.",
  ENOTFOUND: "The host name does not resolve: check host.",
  EAI_AGAIN: "DNS did not answer: check the resolver, or use the cluster management IP address.",
  EHOSTUNREACH: "The host is unreachable: check routing and firewalls to the cluster management interface.",
  ENETUNREACH: "The network is unreachable: check routing to the cluster management interface.",
  EPROTO: "The TLS handshake failed: check that the port serves HTTPS.",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "The certificate does not name this host: connect with a name the certificate was issued for, or pass insecure: true for this connection only.",
  CERT_HAS_EXPIRED:
    "The server's certificate has expired: renew it on ONTAP, or pass insecure: true for this connection only.",
};

/** How a connection logs in; the hints for a refused login or handshake depend on it. */
export type Authentication = "password" | "certificate";

/**
 * The hint for an ONTAP answer: by code first, then by status; "temporarily locked" gets its own. A 401 on a
 * certificate connection is about the certificate login, whatever its code.
 */
export function hintFor(
  status: number | undefined,
  code: string | undefined,
  message?: string,
  authentication: Authentication = "password",
): string | undefined {
  if (status === 401 && authentication === "certificate") return CERTIFICATE_CREDENTIALS_HINT;
  // Own keys only: a code such as "constructor" or "__proto__" from a server is an unknown code like any other.
  if (code !== undefined && Object.hasOwn(CODE_HINTS, code)) return CODE_HINTS[code];
  if (isTemporarilyLocked(message)) return "ONTAP reported the object temporarily locked: retry later.";
  if (status !== undefined && Object.hasOwn(STATUS_HINTS, status)) return STATUS_HINTS[status];
  if (status !== undefined && status >= 500)
    return "ONTAP reported an internal error: retry later, then check cluster health.";
  return undefined;
}

/**
 * A TLS alert from the server (`ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`, `…_SSLV3_ALERT_BAD_CERTIFICATE`,
 * `…_TLSV13_ALERT_CERTIFICATE_REQUIRED`): with a client certificate, the server refused it in the handshake.
 */
function isAlert(errorCode: string | undefined, message: string): boolean {
  return /_ALERT_/.test(errorCode ?? "") || /alert (unknown ca|bad certificate|certificate)/i.test(message);
}

/**
 * The hint for a connection or TLS failure. On a certificate connection, a TLS alert from the server, or a connection
 * reset (TLS 1.3 completes the client's side of the handshake before the server checks its certificate, so a refusal
 * often arrives as a reset), gets a hint about the certificate.
 */
export function networkHintFor(
  kind: OntapErrorKind,
  errorCode: string | undefined,
  authentication: Authentication = "password",
  message = "",
): string | undefined {
  if (authentication === "certificate") {
    if (kind === "tls" && isAlert(errorCode, message)) return CLIENT_CERTIFICATE_TLS_HINT;
    if (errorCode === "ECONNRESET") return CLIENT_CERTIFICATE_RESET_HINT;
  }
  if (errorCode && Object.hasOwn(NETWORK_HINTS, errorCode)) return NETWORK_HINTS[errorCode];
  if (kind === "tls") return TLS_HINT;
  if (kind === "timeout") return NETWORK_HINTS.ETIMEDOUT;
  return undefined;
}

/** Every hint of the client, for documentation and tests. */
export const HINTS = {
  codes: CODE_HINTS,
  statuses: STATUS_HINTS,
  network: NETWORK_HINTS,
  tls: TLS_HINT,
  certificateCredentials: CERTIFICATE_CREDENTIALS_HINT,
  clientCertificateTls: CLIENT_CERTIFICATE_TLS_HINT,
  clientCertificateReset: CLIENT_CERTIFICATE_RESET_HINT,
  notOntap: NOT_ONTAP_HINT,
  notTls: NOT_TLS_HINT,
} as const;
