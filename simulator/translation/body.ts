/**
 * Request bodies: JSON syntax, where a body is allowed, and PATCH bodies read against the shared model definitions
 * with the simulator's own walker (schema.ts). The checks run in ONTAP's order and the first failure is answered:
 *
 * 1. malformed JSON → 262199;
 * 2. a body on GET/DELETE → 262198, except an empty object `{}` (choice: NetApp's Python library `netapp-ontap` sends
 *    `{}` with every DELETE and works against real clusters, so ONTAP accepts it);
 * 3. an unknown field → 262179 `Unexpected argument "x".` (message: the top-level key; target: the full dotted path,
 *    as in ONTAP's answer to `{"ndmp":{"allowed":true}}`: `"ndmp"` / `ndmp.allowed`), keys named like JavaScript
 *    built-ins (`constructor`, `__proto__`) included;
 * 4. a read-only field (`node`, `svm`, `_links`, or any sub-field) → 262196 `Field "svm.name" cannot be set in this
 *    operation`;
 * 5. a wrong type or enum value → 262197 `"kerberos" is an invalid value for field "authentication_types"`.
 *
 * `"true"`/`"false"` strings are accepted for booleans (NetApp's own examples send them) and decoded to booleans.
 * A write-only value (`password`) is never echoed in a message.
 */
import { definitions, JsonSchema, PatchableModel, patchableModels } from "../../spec/definitions";
import { errors } from "../errors";
import { hasOwn, isJsonObject, schemaProblem } from "./schema";

const METHODS_WITHOUT_BODY = new Set(["GET", "HEAD", "DELETE"]);

/** Parses a request body; `undefined` when there is none (or, on GET/DELETE, when it is an empty object). */
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
  if (METHODS_WITHOUT_BODY.has(method)) {
    if (isJsonObject(body) && Object.keys(body).length === 0) return undefined;
    throw errors.bodyNotAllowed(method);
  }
  return body;
}

/** The first leaf path under `key` (`ndmp` + `{allowed: true}` → `ndmp.allowed`). */
function firstLeafPath(key: string, value: unknown): string {
  if (isJsonObject(value)) {
    const [first] = Object.keys(value);
    if (first !== undefined) return firstLeafPath(`${key}.${first}`, value[first]);
  }
  return key;
}

/** Decodes and validates a PATCH body for `model`; returns the accepted changes (only declared, writable keys). */
export function decodePatchBody<T>(model: PatchableModel, body: unknown): T {
  if (body === undefined) return {} as T;
  if (Array.isArray(body)) throw errors.arrayNotExpected();
  if (!isJsonObject(body)) throw errors.invalidJson("the body must be a JSON object.");

  const properties: Record<string, JsonSchema> = definitions[patchableModels[model]].properties ?? {};
  const keys = Object.keys(body);
  const unknown = keys.find((key) => !hasOwn(properties, key));
  if (unknown !== undefined) throw errors.unexpectedArgument(unknown, firstLeafPath(unknown, body[unknown]));
  const fixed = keys.find((key) => properties[key].readOnly);
  if (fixed !== undefined) throw errors.fieldCannotBeSet(firstLeafPath(fixed, body[fixed]));

  const decoded: Record<string, unknown> = {};
  for (const key of keys) {
    const schema = properties[key];
    const value = body[key];
    decoded[key] = schema.type === "boolean" && (value === "true" || value === "false") ? value === "true" : value;
    const problem = schemaProblem(schema, decoded[key], key);
    if (problem) {
      if (schema.writeOnly) throw errors.invalidSecretValue(key, "a string");
      throw errors.invalidValue(problem.path, problem.kind === "invalid" ? problem.value : undefined);
    }
  }
  return decoded as T;
}
