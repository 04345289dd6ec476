/**
 * The fields of each ONTAP model, derived from the shared schema definitions (provider/ontap/schema/definitions.ts):
 * which dotted paths exist (for `fields=`), which leaves can be filtered and sorted on and with which type, and which
 * are write-only. Deriving them keeps every documented filter (the ~30 session filters included) in step with the
 * schema instead of listing them by hand.
 */
import { definitions, JsonSchema, resolveRef } from "../../provider/ontap/schema/definitions";

export type LeafType = "string" | "integer" | "boolean";

export interface FieldInfo {
  path: string;
  type: LeafType;
  /** Allowed values when the leaf is an enum (compared alphabetically, as ONTAP does). */
  enum?: readonly string[];
  /** True for arrays of scalars such as `authentication_types`: a filter matches when any element matches. */
  array: boolean;
}

export interface ModelCatalog {
  /** Every readable path, objects included (`svm`, `data.connection`, `_links`). */
  readable: Set<string>;
  /** Leaves usable in filters and `order_by` (not under `_links`). */
  leaves: Map<string, FieldInfo>;
  /** Write-only paths (`password` of a node): accepted in a PATCH, never readable. */
  writeOnly: Set<string>;
}

const cache = new Map<string, ModelCatalog>();

function walk(schema: JsonSchema, path: string, catalog: ModelCatalog, underLinks: boolean): void {
  const resolved = resolveRef(schema);
  if (schema.writeOnly || resolved.writeOnly) {
    catalog.writeOnly.add(path);
    return;
  }
  if (path) catalog.readable.add(path);
  if (resolved.properties) {
    for (const [name, child] of Object.entries(resolved.properties)) {
      walk(child, path ? `${path}.${name}` : name, catalog, underLinks || name === "_links");
    }
    return;
  }
  if (underLinks || !path) return;
  const array = resolved.type === "array";
  const item = array && resolved.items ? resolveRef(resolved.items) : resolved;
  const type: LeafType = item.type === "integer" ? "integer" : item.type === "boolean" ? "boolean" : "string";
  catalog.leaves.set(path, { path, type, array, ...(item.enum ? { enum: item.enum } : {}) });
}

export function catalogOf(model: string): ModelCatalog {
  let catalog = cache.get(model);
  if (!catalog) {
    const schema = definitions[model];
    if (!schema) throw new Error(`Unknown ONTAP model "${model}"`);
    catalog = { readable: new Set(), leaves: new Map(), writeOnly: new Set() };
    walk(schema, "", catalog, false);
    cache.set(model, catalog);
  }
  return catalog;
}

/** The value at a dotted path of a wire record (undefined when any step is missing). */
export function valueAt(record: unknown, path: string): unknown {
  let current = record;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
