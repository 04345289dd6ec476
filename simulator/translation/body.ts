/**
 * Request bodies: JSON syntax, where a body is allowed, and PATCH bodies checked against the shared model schemas
 * (`patchBodyProblems`). The checks run in ONTAP's order and the first failure is answered:
 *
 * 1. malformed JSON → 262199;
 * 2. a body on GET/DELETE → 262198;
 * 3. an unknown field → 262179 `Unexpected argument "x".` (message: the top-level key; target: the full dotted path,
 *    as in the real capture `"ndmp"` / `ndmp.allowed`);
 * 4. a read-only field (`node`, `svm`, `_links`, or any sub-field) → 262196 `Field "svm.name" cannot be set in this
 *    operation`;
 * 5. a wrong type or enum value → 262197 `"kerberos" is an invalid value for field "authentication_types"`.
 *
 * `"true"`/`"false"` strings are accepted for booleans (NetApp's own examples send them) and decoded to booleans.
 * A write-only value (`password`) is never echoed in a message.
 */
import { PatchableModel, readOnlyProperties, writableProperties } from "../../provider/ontap/schema/definitions";
import { patchBodyProblems, ValidationProblem } from "../../provider/ontap/schema/validate";
import { errors } from "../errors";

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "DELETE"]);

/** Parses a request body; `undefined` when there is none. */
export function readJsonBody(method: string, text: string): unknown {
  if (text.trim() === "") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    // Only the position is reported: V8's own message quotes the body, which may hold a password.
    const position = /position (\d+)/.exec((err as Error).message)?.[1];
    throw errors.invalidJson(position ? `syntax error at position ${position}.` : "the body is not valid JSON.");
  }
  if (METHODS_WITHOUT_BODY.has(method)) throw errors.bodyNotAllowed(method);
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The first leaf path under `key` (`ndmp` + `{allowed: true}` → `ndmp.allowed`). */
function firstLeafPath(key: string, value: unknown): string {
  if (isObject(value)) {
    const [first] = Object.keys(value);
    if (first !== undefined) return firstLeafPath(`${key}.${first}`, value[first]);
  }
  return key;
}

function fieldOf(problem: ValidationProblem): string {
  return problem.field.replace(/\[\d+\]$/, "").replace(/\[\d+\]/g, "");
}

/** Decodes and validates a PATCH body for `model`; returns the accepted changes. */
export function decodePatchBody<T>(model: PatchableModel, body: unknown): T {
  if (body === undefined) return {} as T;
  if (Array.isArray(body)) throw errors.arrayNotExpected();
  if (!isObject(body)) throw errors.invalidJson("the body must be a JSON object.");

  const writable = writableProperties(model);
  const readOnly = new Set(readOnlyProperties(model));
  const keys = Object.keys(body);

  const unknown = keys.find((key) => !(key in writable) && !readOnly.has(key));
  if (unknown !== undefined) throw errors.unexpectedArgument(unknown, firstLeafPath(unknown, body[unknown]));
  const fixed = keys.find((key) => readOnly.has(key));
  if (fixed !== undefined) throw errors.fieldCannotBeSet(firstLeafPath(fixed, body[fixed]));

  const decoded: Record<string, unknown> = { ...body };
  for (const [name, schema] of Object.entries(writable)) {
    if (schema.type === "boolean" && (decoded[name] === "true" || decoded[name] === "false")) {
      decoded[name] = decoded[name] === "true";
    }
  }
  const [problem] = patchBodyProblems(model, decoded);
  if (problem) {
    const field = fieldOf(problem);
    if (writable[field]?.writeOnly) throw errors.invalidSecretValue(field, "a string");
    throw errors.invalidValue(field, problem.value);
  }
  return decoded as T;
}
