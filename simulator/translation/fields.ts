/**
 * The `fields` query parameter and the projection of a wire record onto it (spec "Requesting specific fields"):
 * `fields=a,b.c` picks fields (a whole object with its sub-fields, or a dotted sub-field), `*` and `**` select every
 * standard field (NDMP has no "expensive" fields, so both are the same), and `!b.c` excludes a field, as in
 * `fields=b,!b.c`. A selection made only of exclusions starts from `*`.
 *
 * The record's identity (e.g. `svm {uuid, name, _links}`) and its `_links` are always returned, as ONTAP does: a
 * client asking for `fields=enabled` still learns which SVM each record describes.
 */
import { errors } from "../errors";
import { ModelCatalog } from "./catalog";

export interface FieldSelection {
  all: boolean;
  include: string[];
  exclude: string[];
}

export const ALL_FIELDS: FieldSelection = { all: true, include: [], exclude: [] };

export function parseFields(value: string, catalog: ModelCatalog): FieldSelection {
  const selection: FieldSelection = { all: false, include: [], exclude: [] };
  for (const entry of value.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    if (entry === "*" || entry === "**") {
      selection.all = true;
      continue;
    }
    const negated = entry.startsWith("!");
    const path = negated ? entry.slice(1) : entry;
    if (catalog.writeOnly.has(path)) throw errors.fieldNotReadable(path, false);
    if (!catalog.readable.has(path)) throw errors.unexpectedArgument(path, "fields");
    (negated ? selection.exclude : selection.include).push(path);
  }
  if (!selection.all && selection.include.length === 0) selection.all = true;
  return selection;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Keeps the selected parts of `record`, in the record's own key order. `identity` names the top-level fields that
 * are always kept (besides `_links`).
 */
export function project(record: Json, selection: FieldSelection, identity: readonly string[]): Json {
  const include = selection.all ? [] : [...selection.include, ...identity, "_links"];
  const selected = (path: string): boolean =>
    selection.all || include.some((p) => path === p || path.startsWith(`${p}.`));
  const leadsTo = (path: string): boolean => include.some((p) => p.startsWith(`${path}.`));
  const excluded = (path: string): boolean => selection.exclude.includes(path);

  const walk = (node: Json, prefix: string): Json => {
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (excluded(path)) continue;
      if (selected(path)) {
        out[key] = isObject(value) ? walk(value, path) : value;
      } else if (isObject(value) && leadsTo(path)) {
        const inner = walk(value, path);
        if (Object.keys(inner).length > 0) out[key] = inner;
      }
    }
    return out;
  };
  return walk(record, "");
}
