/**
 * Query-string parsing and validation. Each endpoint declares which global parameters it accepts and which model its
 * filters and `fields` refer to; anything else is refused the way ONTAP refuses an unexpected argument:
 *
 * - unknown parameter: 400, 262179 `Unexpected argument "x".`, target `x`;
 * - a filter or `fields` entry naming a write-only field (`password`): 262250 / 262249;
 * - a parameter given twice (or both `order_by` and `$orderBy`): 262188;
 * - a parameter without `=`: 262248;
 * - `return_timeout` outside 0..120 or not an integer: 262245, target `return_timeout`;
 * - `max_records` not a positive integer, booleans other than true/false, a bad `order_by` direction or an unreadable
 *   paging token: 262197 naming the parameter.
 */
import { errors } from "../errors";
import { catalogOf, FieldInfo } from "./catalog";
import { FieldSelection, parseFields } from "./fields";
import { Filter, parseFilter } from "./filters";

export type GlobalParameter = "fields" | "max_records" | "return_records" | "return_timeout" | "order_by" | "pretty";

export interface QueryRules {
  /** The global parameters this endpoint accepts. */
  parameters: readonly GlobalParameter[];
  /** The model whose fields `fields` may name. */
  fieldsModel?: string;
  /** The model whose leaves may be filtered on (collections, and the singleton `mode`). */
  filterModel?: string;
  /** Whether the endpoint pages (accepts the `start` token of its own `next` links). */
  paged?: boolean;
}

export interface OrderKey {
  field: FieldInfo;
  descending: boolean;
}

export interface Query {
  filters: Filter[];
  fields?: FieldSelection;
  maxRecords?: number;
  returnRecords?: boolean;
  returnTimeout?: number;
  orderBy: OrderKey[];
  pretty: boolean;
  /** The paging token of a `next` link. */
  start?: string;
}

/** `collection GET` parameters, as the spec lists them for every NDMP collection (and the singleton mode GET). */
export const COLLECTION_PARAMETERS: readonly GlobalParameter[] = [
  "fields",
  "max_records",
  "return_records",
  "return_timeout",
  "order_by",
  "pretty",
];

export const PAGING_TOKEN = "start";

/** Splits a raw query string into decoded pairs, in order. */
export function queryPairs(raw: string): Array<[string, string | undefined]> {
  if (!raw) return [];
  return raw
    .split("&")
    .filter((part) => part !== "")
    .map((part) => {
      const eq = part.indexOf("=");
      const decode = (s: string): string => {
        try {
          return decodeURIComponent(s.replace(/\+/g, " "));
        } catch {
          throw errors.invalidValue("query", s);
        }
      };
      return eq < 0 ? [decode(part), undefined] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))];
    });
}

function parseBoolean(name: string, value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw errors.invalidValue(name, value);
}

function parseOrderBy(value: string, model: string): OrderKey[] {
  const leaves = catalogOf(model).leaves;
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "")
    .map((entry) => {
      const [path, direction, ...extra] = entry.split(/\s+/);
      const field = leaves.get(path);
      if (!field) throw errors.unexpectedArgument(path, "order_by");
      if (extra.length > 0 || (direction !== undefined && direction !== "asc" && direction !== "desc")) {
        throw errors.invalidValue("order_by", entry);
      }
      return { field, descending: direction === "desc" };
    });
}

export function interpretQuery(raw: string, rules: QueryRules): Query {
  const query: Query = { filters: [], orderBy: [], pretty: true };
  const seen = new Set<string>();
  const accepts = (p: GlobalParameter): boolean => rules.parameters.includes(p);
  const filterCatalog = rules.filterModel ? catalogOf(rules.filterModel) : undefined;

  for (const [rawName, value] of queryPairs(raw)) {
    const name = rawName === "$orderBy" ? "order_by" : rawName;
    if (seen.has(name)) throw errors.specifiedTwice(name);
    seen.add(name);
    if (value === undefined) throw errors.missingAssignment(name);

    if (name === "fields" && accepts("fields") && rules.fieldsModel) {
      query.fields = parseFields(value, catalogOf(rules.fieldsModel));
    } else if (name === "max_records" && accepts("max_records")) {
      if (!/^\d+$/.test(value) || Number(value) < 1) throw errors.invalidValue("max_records", value);
      query.maxRecords = Number(value);
    } else if (name === "return_records" && accepts("return_records")) {
      query.returnRecords = parseBoolean("return_records", value);
    } else if (name === "return_timeout" && accepts("return_timeout")) {
      if (!/^\d+$/.test(value) || Number(value) > 120) {
        throw errors.invalidValueWithReason("return_timeout", value, "it must be an integer from 0 to 120.");
      }
      query.returnTimeout = Number(value);
    } else if (name === "order_by" && accepts("order_by") && rules.filterModel) {
      query.orderBy = parseOrderBy(value, rules.filterModel);
    } else if (name === "pretty" && accepts("pretty")) {
      query.pretty = parseBoolean("pretty", value);
    } else if (name === PAGING_TOKEN && rules.paged) {
      query.start = value;
    } else if (filterCatalog?.writeOnly.has(name)) {
      throw errors.fieldNotReadable(name, true);
    } else if (filterCatalog?.leaves.has(name)) {
      query.filters.push(parseFilter(filterCatalog.leaves.get(name)!, value));
    } else {
      throw errors.unexpectedArgument(name);
    }
  }
  return query;
}
