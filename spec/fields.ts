/**
 * The dotted field paths of each model, derived from the definitions: what `fields=` may name, which leaves ONTAP
 * accepts as query filters (and `order_by` keys) and with which type. The spec documents one filter parameter per
 * readable leaf (e.g. the ~30 session filters), so deriving them keeps the client's checks and the simulator's query
 * handling in step with the schema.
 */
import { definitions, JsonSchema, resolveRef } from "./definitions";

export interface SchemaField {
  /** Dotted path, e.g. `data.connection.port`. */
  path: string;
  /** `object` for nested objects (`svm`, `data.connection`, `_links`), otherwise the leaf's (item) type. */
  kind: "object" | "string" | "integer" | "boolean";
  /** True for arrays of scalars such as `authentication_types`. */
  array: boolean;
  enum?: readonly string[];
  /** Write-only (a node's `password`): accepted in a PATCH, never returned, not a filter. */
  writeOnly: boolean;
  /** Inside a HAL `_links` object. */
  link: boolean;
}

const cache = new Map<string, SchemaField[]>();

function walk(schema: JsonSchema, path: string, link: boolean, out: SchemaField[]): void {
  const resolved = resolveRef(schema);
  const writeOnly = Boolean(schema.writeOnly || resolved.writeOnly);
  if (resolved.properties) {
    if (path) out.push({ path, kind: "object", array: false, writeOnly, link });
    for (const [name, child] of Object.entries(resolved.properties)) {
      walk(child, path ? `${path}.${name}` : name, link || name === "_links", out);
    }
    return;
  }
  const array = resolved.type === "array";
  const item = array && resolved.items ? resolveRef(resolved.items) : resolved;
  const kind = item.type === "integer" || item.type === "boolean" ? item.type : "string";
  out.push({ path, kind, array, writeOnly, link, ...(item.enum ? { enum: item.enum } : {}) });
}

/** Every field path of a model (objects and leaves), in schema order. */
export function schemaFields(model: string): SchemaField[] {
  let fields = cache.get(model);
  if (!fields) {
    const schema = definitions[model];
    if (!schema) throw new Error(`Unknown ONTAP model "${model}"`);
    fields = [];
    walk(schema, "", false, fields);
    cache.set(model, fields);
  }
  return fields;
}

/** The fields ONTAP accepts as query filters on a collection of `model`: readable leaves outside `_links`. */
export function filterableFields(model: string): string[] {
  return schemaFields(model)
    .filter((f) => f.kind !== "object" && !f.writeOnly && !f.link)
    .map((f) => f.path);
}
