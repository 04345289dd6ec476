/**
 * The fields of each ONTAP model as the query translation needs them: which dotted paths `fields=` may name, which
 * leaves can be filtered and sorted on and with which type, and which are write-only. Derived from the shared schema
 * (`schemaFields` / `filterableFields` in spec/fields.ts), so every documented filter (the ~30
 * session filters included) follows the schema instead of a hand-written list.
 */
import { filterableFields, schemaFields } from "../../spec/fields";

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

export function catalogOf(model: string): ModelCatalog {
  let catalog = cache.get(model);
  if (!catalog) {
    const fields = schemaFields(model);
    const filterable = new Set(filterableFields(model));
    catalog = {
      readable: new Set(fields.filter((f) => !f.writeOnly).map((f) => f.path)),
      writeOnly: new Set(fields.filter((f) => f.writeOnly).map((f) => f.path)),
      leaves: new Map(
        fields
          .filter((f) => filterable.has(f.path) && f.kind !== "object")
          .map((f) => [
            f.path,
            { path: f.path, type: f.kind as LeafType, array: f.array, ...(f.enum ? { enum: f.enum } : {}) },
          ]),
      ),
    };
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
