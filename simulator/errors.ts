/**
 * ONTAP errors as the simulator raises them. Every layer (model rules, request translation, routing, faults) throws an
 * `OntapError`; the server turns it into ONTAP's error body `{"error":{"message","code","target"}}`. Codes and
 * NetApp's documented texts come from the shared description (spec/codes.ts); the HTTP status of each NDMP-specific
 * code is the simulator's own rule (model/rules.ts), since NetApp documents none.
 */
import { OntapCodes, OntapMessages, TEMPORARILY_LOCKED } from "../spec/codes";
import { NDMP_CODE_STATUS, Violation } from "./model/rules";

export class OntapError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    /** Extra response headers (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "OntapError";
  }

  /** The ONTAP error body, with `code` always a string and `target` only when known. */
  toBody(): { error: { message: string; code: string; target?: string } } {
    return { error: { message: this.message, code: this.code, ...(this.target ? { target: this.target } : {}) } };
  }
}

/** Renders a value the way ONTAP quotes it in messages (`"1a" is an invalid value …`). */
function quoted(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return `"${text}"`;
}

/** Constructors for every error the simulator answers with. */
export const errors = {
  /** One of the NDMP-specific codes, with NetApp's text. */
  ndmp(code: string, target?: string): OntapError {
    return new OntapError(NDMP_CODE_STATUS[code] ?? 400, code, OntapMessages[code] ?? `Error ${code}.`, target);
  },

  /** A custom message for a code (e.g. the node-scope challenge rule, which shares 262197). */
  withCode(code: string, message: string, target?: string): OntapError {
    return new OntapError(NDMP_CODE_STATUS[code] ?? 400, code, message, target);
  },

  /** A rule's violation (model/rules.ts) as the error ONTAP answers. */
  violation(violation: Violation): OntapError {
    return errors.withCode(violation.code, violation.message, violation.target);
  },

  notFound(target = "uuid"): OntapError {
    return new OntapError(404, OntapCodes.notFound, OntapMessages[OntapCodes.notFound], target);
  },

  apiNotFound(): OntapError {
    return new OntapError(404, OntapCodes.notFound, "API not found");
  },

  methodNotAllowed(method: string, allowed: string[]): OntapError {
    return new OntapError(
      405,
      OntapCodes.notSupported,
      `The "${method}" operation is not supported on this API.`,
      undefined,
      {
        Allow: allowed.join(", "),
      },
    );
  },

  permissionDenied(): OntapError {
    return new OntapError(403, OntapCodes.permissionDenied, OntapMessages[OntapCodes.permissionDenied]);
  },

  /** 262179. `name` is what the message quotes (the top-level key), `target` the full dotted path. */
  unexpectedArgument(name: string, target = name): OntapError {
    return new OntapError(400, OntapCodes.unexpectedArgument, `Unexpected argument "${name}".`, target);
  },

  /** 262196: a read-only field in a PATCH. ONTAP's text has no trailing period. */
  fieldCannotBeSet(field: string): OntapError {
    return new OntapError(400, OntapCodes.fieldCannotBeSet, `Field "${field}" cannot be set in this operation`, field);
  },

  /** 262197: `"kerberos" is an invalid value for field "authentication_types"`. */
  invalidValue(field: string, value: unknown): OntapError {
    return new OntapError(
      400,
      OntapCodes.invalidValue,
      `${quoted(value)} is an invalid value for field "${field}"`,
      field,
    );
  },

  /** 262197 without echoing the value (write-only fields such as `password`). */
  invalidSecretValue(field: string, expected: string): OntapError {
    return new OntapError(400, OntapCodes.invalidValue, `The value of field "${field}" must be ${expected}.`, field);
  },

  /** 262245: invalid value with a reason (query parameters such as `return_timeout`). */
  invalidValueWithReason(field: string, value: string, reason: string): OntapError {
    return new OntapError(
      400,
      OntapCodes.invalidValueWithReason,
      `Invalid value ${quoted(value)} for field "${field}": ${reason}`,
      field,
    );
  },

  specifiedTwice(field: string): OntapError {
    return new OntapError(400, OntapCodes.specifiedTwice, `Field "${field}" was specified twice`, field);
  },

  missingAssignment(name: string): OntapError {
    return new OntapError(
      400,
      OntapCodes.missingAssignment,
      `The query parameter "${name}" is missing an assignment operator ("=").`,
      name,
    );
  },

  fieldNotReadable(field: string, inQuery: boolean): OntapError {
    return inQuery
      ? new OntapError(400, OntapCodes.queryFieldNotReadable, `Field "${field}" cannot be used in a query.`, field)
      : new OntapError(400, OntapCodes.fieldNotReadable, `Field "${field}" cannot be retrieved.`, "fields");
  },

  alreadyExists(target: string, message: string): OntapError {
    return new OntapError(409, OntapCodes.alreadyExists, message, target);
  },

  bodyTooLarge(limit: number): OntapError {
    return new OntapError(413, OntapCodes.invalidValue, `The request body is larger than ${limit} bytes.`);
  },

  bodyNotAllowed(method: string): OntapError {
    return new OntapError(400, OntapCodes.bodyNotAllowed, `A request body is not allowed on ${method} requests.`);
  },

  invalidJson(detail: string): OntapError {
    return new OntapError(400, OntapCodes.invalidJson, `Invalid JSON: ${detail}`);
  },

  arrayNotExpected(): OntapError {
    return new OntapError(400, OntapCodes.arrayNotExpected, "An array was found in the JSON when it was not expected.");
  },

  /** Fault: the cluster is busy; the message carries the substring clients retry on. */
  temporarilyLocked(): OntapError {
    return new OntapError(
      409,
      OntapCodes.resourceInUse,
      `The NDMP configuration is ${TEMPORARILY_LOCKED} by another operation. Retry the operation later.`,
    );
  },

  tooManyRequests(retryAfterSeconds: number): OntapError {
    return new OntapError(429, OntapCodes.tooManyRequests, OntapMessages[OntapCodes.tooManyRequests], undefined, {
      "Retry-After": String(retryAfterSeconds),
    });
  },

  serviceUnavailable(): OntapError {
    return new OntapError(
      503,
      OntapCodes.rpcFailure,
      "The service is temporarily unavailable. Retry the operation later.",
    );
  },

  internal(detail: string): OntapError {
    return new OntapError(500, OntapCodes.rpcFailure, `Internal error: ${detail}`);
  },
};
