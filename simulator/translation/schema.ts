/**
 * The simulator's own reading of a JSON value against a model of the shared description (spec/definitions.ts): the
 * first key the model does not declare, or the first value of the wrong type or outside its enum. The client has its
 * own validator; this one exists so the simulator does not accept or refuse a body because the client would.
 *
 * Keys are looked up as own properties only, so a key named like a JavaScript built-in (`constructor`, `toString`,
 * `__proto__`) is an unknown field like any other. Integers must be safe, non-negative integers: every integer of the
 * NDMP models is a count, a port or an id (choice: ONTAP documents no range, and a negative count is never valid).
 */
import { JsonSchema, resolveRef } from "../../spec/definitions";

export type SchemaProblem =
  /** A key the model does not declare (dotted path). */
  | { kind: "unknown"; path: string }
  /** A value of the wrong type, or outside the enum. For arrays, `value` is the offending element. */
  | { kind: "invalid"; path: string; value: unknown };

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Whether `object` itself (not its prototype) has `key`. */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function scalarFits(schema: JsonSchema, value: unknown): boolean {
  switch (schema.type) {
    case "string":
      return typeof value === "string" && (!schema.enum || schema.enum.includes(value));
    case "boolean":
      return typeof value === "boolean";
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
    default:
      return false;
  }
}

/** The first problem of `value` against `schema`, or undefined. `path` names the value in the problem. */
export function schemaProblem(schema: JsonSchema, value: unknown, path: string): SchemaProblem | undefined {
  const resolved = resolveRef(schema);
  if (resolved.properties) {
    if (!isJsonObject(value)) return { kind: "invalid", path, value };
    for (const key of Object.keys(value)) {
      const inner = path ? `${path}.${key}` : key;
      if (!hasOwn(resolved.properties, key)) return { kind: "unknown", path: inner };
      const problem = schemaProblem(resolved.properties[key], value[key], inner);
      if (problem) return problem;
    }
    return undefined;
  }
  if (resolved.type === "array") {
    if (!Array.isArray(value)) return { kind: "invalid", path, value };
    const item = resolveRef(resolved.items ?? {});
    for (const element of value) {
      if (item.properties) {
        const problem = schemaProblem(item, element, path);
        if (problem) return problem;
      } else if (!scalarFits(item, element)) {
        return { kind: "invalid", path, value: element };
      }
    }
    return undefined;
  }
  return scalarFits(resolved, value) ? undefined : { kind: "invalid", path, value };
}
