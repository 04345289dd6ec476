/**
 * Exit codes and how a failure is shown. Every failure leaves the CLI as one message on stderr (text, or a JSON
 * object with `--json`) and an exit code; stdout stays empty. Messages come from `OntapError` and `OntapConfigError`,
 * which never hold a credential; as a second line of defence the connection password (and its Basic-auth form) is
 * replaced in anything written to stderr.
 */
import { OntapCodes, OntapConfigError, OntapError } from "../ontap";

export const ExitCode = {
  /** Success. */
  ok: 0,
  /** ONTAP answered with an error, or an object the command needs does not exist. */
  ontap: 1,
  /** Bad command line: unknown command or option, missing or extra argument, bad filter. */
  usage: 2,
  /** Connection or configuration: missing or invalid setting, unreachable host, TLS failure, credentials refused. */
  connection: 3,
  /** Refused: confirmation declined or impossible, or a secret would be printed where it should not be. */
  refused: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit codes as the help and the README list them. */
export const EXIT_CODES_TEXT = `Exit codes:
  0  success
  1  ONTAP error (the ONTAP code and a hint are printed), or the object does not exist
  2  usage error (unknown command or option, missing argument, bad filter)
  3  connection or configuration error (missing or bad setting, TLS, unreachable, HTTP 401)
  4  refused (confirmation declined or impossible, or a secret would go to a non-terminal)`;

/** A failure the CLI itself reports, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
    /** For `--json` error output: `usage`, `refused`, `config`, `not_found`. */
    readonly kind: string = "cli",
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, ExitCode.usage, hint, "usage");
}

export function refused(message: string, hint?: string): CliError {
  return new CliError(message, ExitCode.refused, hint, "refused");
}

/** The exit code of any thrown value. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof OntapConfigError) return ExitCode.connection;
  if (error instanceof OntapError) {
    if (error.kind === "connection" || error.kind === "tls" || error.kind === "timeout") return ExitCode.connection;
    if (error.status === 401) return ExitCode.connection;
    return ExitCode.ontap;
  }
  return ExitCode.ontap;
}

/** The JSON shape of a failure (`{"error": …}` on stderr with `--json`); absent fields are omitted. */
export interface ErrorJson {
  message: string;
  exit_code: number;
  kind: string;
  status?: number;
  code?: string;
  target?: string;
  hint?: string;
  error_code?: string;
}

const SESSIONS_PATH = "/api/protocols/ndmp/sessions/";

/**
 * The hint for an operator at this CLI. The client's hints speak of resources and options (`caCert`, `NdmpMode`,
 * "refresh the stack"); where a CLI action is the better advice it replaces them. The ONTAP code stays as is.
 */
export function cliHint(error: OntapError): string | undefined {
  const session = error.path.startsWith(SESSIONS_PATH);
  if (
    error.kind === "tls" &&
    error.errorCode !== "ERR_TLS_CERT_ALTNAME_INVALID" &&
    error.errorCode !== "CERT_HAS_EXPIRED"
  ) {
    return "The cluster's certificate is not trusted: pass --ca-cert <PEM file> (or ONTAP_CA_CERT) with the CA that signed it, or --insecure for this connection only.";
  }
  if (error.kind === "tls") return error.hint?.replace("insecure: true", "--insecure");
  if (session && error.code === OntapCodes.notFound) {
    return "No such session (it may have ended): 'ontap-ndmp sessions list' shows the current ones.";
  }
  if (error.code === OntapCodes.invalidUuid) {
    return session
      ? "The owner UUID is not valid: copy <owner-uuid>/<id> from the SESSION column of 'ontap-ndmp sessions list'."
      : "The UUID is not valid: 'ontap-ndmp status' shows the node or SVM UUIDs.";
  }
  if (error.code === OntapCodes.svmScopeRequired) {
    return "NDMP is in node scope ('ontap-ndmp status' shows it); SVMs and password generation need SVM scope (ONTAP CLI: system services ndmp node-scope-mode off; or the NdmpMode resource).";
  }
  if (error.code === OntapCodes.nodeScopeRequired) {
    return "NDMP is in SVM scope ('ontap-ndmp status' shows it); nodes need node scope (ONTAP CLI: system services ndmp node-scope-mode on; or the NdmpMode resource).";
  }
  if (error.code === OntapCodes.notFound || (error.status === 404 && error.code === undefined)) {
    return "The object does not exist: check the name or UUID ('ontap-ndmp status' lists nodes or SVMs).";
  }
  return error.hint;
}

/** Message (without hint) and the rest of what is known about a failure. */
export function describeError(error: unknown): ErrorJson {
  const exitCode = exitCodeOf(error);
  if (error instanceof OntapError) {
    return {
      message: OntapError.describe({ ...error.fields(), hint: undefined }),
      exit_code: exitCode,
      kind: error.kind,
      status: error.status,
      code: error.code,
      target: error.target,
      hint: cliHint(error),
      error_code: error.errorCode,
    };
  }
  if (error instanceof OntapConfigError) return { message: error.message, exit_code: exitCode, kind: "config" };
  if (error instanceof CliError) {
    return { message: error.message, exit_code: exitCode, kind: error.kind, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected error: ${message}`, exit_code: exitCode, kind: "internal" };
}

/** Removes every occurrence of each secret (and of its Basic-auth encodings) from `text`. */
export function redact(text: string, secrets: readonly string[], usernames: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const forms = [...usernames.map((user) => Buffer.from(`${user}:${secret}`).toString("base64")), secret];
    for (const form of forms) out = out.split(form).join("[redacted]");
  }
  return out;
}

/** The failure as stderr text: `ontap-ndmp: <message>` then `  hint: <hint>`. */
export function formatError(error: unknown): string {
  const info = describeError(error);
  const hint = info.hint ? `\n  hint: ${info.hint}` : "";
  return `ontap-ndmp: ${info.message}${hint}\n`;
}

/** The failure as one JSON line: `{"error": {...}}`. */
export function formatErrorJson(error: unknown): string {
  const info = describeError(error);
  const clean = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
  return `${JSON.stringify({ error: clean })}\n`;
}
