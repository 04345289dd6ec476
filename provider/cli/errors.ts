/**
 * Exit codes and how a failure is shown. Every failure leaves the CLI as one message on stderr (text, or a JSON
 * object with `--json`) and an exit code; stdout stays empty.
 *
 * Messages are built from safe parts only, which is what keeps the password out of them: `OntapError` and
 * `OntapConfigError` never hold a credential (the client withholds any text from the network that contains one), and
 * a word of the command line is shown through {@link shownWord}, which never shows a word given as a password. Nothing
 * is replaced in a finished message: a password cut out of a text shows itself by the hole it leaves. Every message
 * is escaped for the terminal (no control, escape or bidirectional character reaches it) and bounded.
 */
import { clip, escapeUnsafe, escapeUnsafeJson, OntapCodes, OntapConfigError, OntapError } from "../ontap";

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

/**
 * A word of the command line (a positional argument, a `--filter`, an option name) as a message shows it: in single
 * quotes, bounded and escaped, or not at all when it is one of `secrets` (the password given by flag or
 * `ONTAP_PASSWORD`: someone typed it in the wrong place).
 */
export function shownWord(word: string, secrets: ReadonlySet<string>): string {
  if (secrets.has(word)) return "(a password, not shown)";
  return `'${clip(word, 60)}'`;
}

/** The exit code of any thrown value. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof OntapConfigError) return ExitCode.connection;
  if (error instanceof OntapError) {
    // Something that is not ONTAP answered: the host setting is wrong, as for a host that does not answer at all.
    if (error.foreign) return ExitCode.connection;
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
  // The client's hint for an answer that is not ONTAP's (or a port without TLS) already says what to check.
  if (error.foreign) return error.hint;
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
  return { message: `unexpected error: ${escapeUnsafe(message)}`, exit_code: exitCode, kind: "internal" };
}

/** Most characters of a failure's message shown (the client bounds ONTAP's texts already; this bounds the rest). */
const MAX_MESSAGE = 2000;

/** The failure as stderr text: `ontap-ndmp: <message>` then `  hint: <hint>`, escaped for the terminal. */
export function formatError(error: unknown): string {
  const info = describeError(error);
  const hint = info.hint ? `\n  hint: ${clip(info.hint, MAX_MESSAGE)}` : "";
  return `ontap-ndmp: ${clip(info.message, MAX_MESSAGE)}${hint}\n`;
}

/** The failure as one JSON line: `{"error": {...}}`. */
export function formatErrorJson(error: unknown): string {
  const info = describeError(error);
  const clean = Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined));
  return `${escapeUnsafeJson(JSON.stringify({ error: clean }))}\n`;
}
