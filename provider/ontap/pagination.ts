/**
 * Query strings of collection and instance GETs, and the walk over a collection's pages (`_links.next`).
 *
 * - `fields` is always explicit; `filters` are `<field>=<ONTAP query value>` with the operators (`*`, `|`, `!`, `<`,
 *   `>`, `..`, quotes, braces, `null`) passed through and percent-encoded; `maxRecords`, `orderBy` and
 *   `returnTimeout` become `max_records`, `order_by` and `return_timeout`.
 * - A `next` href is opaque: it is resolved against the base URL and followed as is until a page has none. A page
 *   with zero records and a `next` is followed too. A link to another origin is refused (credentials would follow
 *   it), and a repeated link or an absurd number of pages stops the walk with an error rather than looping forever.
 */
import { OntapConfigError, OntapError } from "./errors";
import type { CollectionPage } from "../../spec/types";

/**
 * Query of a collection GET. `filters` map a field (dotted, e.g. `svm.name`) to an ONTAP query value, which may use
 * the query operators (`*`, `|`, `!`, `<`, `>`, `<=`, `>=`, `..`, `null`).
 */
export interface CollectionQuery {
  /** Fields to return; the client always sends an explicit `fields=`. */
  fields?: string[];
  filters?: Record<string, string | number | boolean>;
  /** Records per page; the client follows `_links.next` until the collection is exhausted. */
  maxRecords?: number;
  /** e.g. `["svm.name", "enabled desc"]`. */
  orderBy?: string[];
  /** Seconds ONTAP may spend before returning a page (0..120). */
  returnTimeout?: number;
}

/** Query parameters that have their own option and must not appear among `filters`. */
export const RESERVED_PARAMETERS: ReadonlySet<string> = new Set([
  "fields",
  "max_records",
  "return_records",
  "return_timeout",
  "order_by",
]);

/** Most pages the client follows in one walk (10,000 records per page is ONTAP's default cap). */
export const MAX_PAGES = 10_000;

const FILTER_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Percent-encodes a query name or value (RFC 3986); commas stay literal because ONTAP lists use them. */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(/%2C/gi, ",");
}

/** Percent-encodes one path segment; refuses empty, `.` and `..` segments, which would change the path. */
export function encodePathSegment(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new OntapConfigError(field, `Invalid ${field} ${JSON.stringify(value)}: must be a non-empty string.`);
  }
  if (value === "." || value === "..") {
    throw new OntapConfigError(field, `Invalid ${field} "${value}": "." and ".." are not identifiers.`);
  }
  // ONTAP session ids in SVM scope look like 2000:4000; the colon is legal in a path segment and sent as is.
  return encodeURIComponent(value).replace(/%3A/gi, ":");
}

/** `?a=1&b=2` from ordered pairs (already validated); empty string for no pairs. */
export function buildQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return "";
  return `?${pairs.map(([k, v]) => `${encodeQueryComponent(k)}=${encodeQueryComponent(v)}`).join("&")}`;
}

function checkFields(fields: readonly string[]): string {
  if (!Array.isArray(fields) || fields.length === 0) {
    throw new OntapConfigError("fields", "Invalid fields: must be a non-empty list of field names.");
  }
  for (const f of fields) {
    if (typeof f !== "string" || f.trim() === "" || /[\s&=#]/.test(f)) {
      throw new OntapConfigError(
        "fields",
        `Invalid field ${JSON.stringify(f)}: must be a field name such as "svm.name".`,
      );
    }
  }
  return fields.join(",");
}

/** `fields=` for an instance GET. */
export function fieldsPairs(fields: readonly string[]): Array<[string, string]> {
  return [["fields", checkFields(fields)]];
}

/** Query pairs of a collection GET: `fields`, filters, then `max_records`, `order_by`, `return_timeout`. */
export function collectionPairs(
  defaultFields: readonly string[],
  query: CollectionQuery = {},
  extra: ReadonlyArray<[string, string]> = [],
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [["fields", checkFields(query.fields ?? defaultFields)]];
  for (const [name, value] of Object.entries(query.filters ?? {})) {
    if (!FILTER_NAME.test(name)) {
      throw new OntapConfigError(
        "filters",
        `Invalid filter name "${name}": must be a (dotted) field name such as "svm.name".`,
      );
    }
    if (RESERVED_PARAMETERS.has(name)) {
      throw new OntapConfigError(
        "filters",
        `Invalid filter name "${name}": use the query option for "${name}" instead.`,
      );
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new OntapConfigError(
        "filters",
        `Invalid value for filter "${name}": must be a string, number or boolean, got ${value === null ? "null" : typeof value}.`,
      );
    }
    pairs.push([name, String(value)]);
  }
  if (query.maxRecords !== undefined) {
    if (!Number.isInteger(query.maxRecords) || query.maxRecords < 1) {
      throw new OntapConfigError(
        "maxRecords",
        `Invalid maxRecords ${String(query.maxRecords)}: must be an integer >= 1.`,
      );
    }
    pairs.push(["max_records", String(query.maxRecords)]);
  }
  if (query.orderBy !== undefined) {
    if (
      !Array.isArray(query.orderBy) ||
      query.orderBy.some((o) => typeof o !== "string" || !/^[\w.]+( (asc|desc))?$/.test(o))
    ) {
      throw new OntapConfigError(
        "orderBy",
        `Invalid orderBy ${JSON.stringify(query.orderBy)}: must be a list like ["svm.name", "enabled desc"].`,
      );
    }
    if (query.orderBy.length > 0) pairs.push(["order_by", query.orderBy.join(",")]);
  }
  if (query.returnTimeout !== undefined) {
    const t = query.returnTimeout;
    if (!Number.isInteger(t) || t < 0 || t > 120) {
      throw new OntapConfigError(
        "returnTimeout",
        `Invalid returnTimeout ${String(t)}: must be an integer from 0 to 120.`,
      );
    }
    pairs.push(["return_timeout", String(t)]);
  }
  return [...pairs, ...extra];
}

/** The path and query of a `next` href, resolved against the base URL; refuses another origin. */
export function resolveNext(href: string, baseUrl: string, method: string, path: string): string {
  let url: URL;
  try {
    url = new URL(href, `${baseUrl}/`);
  } catch {
    url = new URL("invalid:");
  }
  if (url.origin !== new URL(baseUrl).origin) {
    throw new OntapError({
      kind: "response",
      method,
      path,
      ontapMessage: `refusing to follow _links.next to another origin or an invalid link (${url.origin})`,
    });
  }
  return `${url.pathname}${url.search}`;
}

/**
 * Walks a collection from `first` (path and query) through every `next` link and calls `onPage` for each page.
 * `fetchPage` performs one GET (with retries).
 */
export async function walkPages<T>(
  first: string,
  baseUrl: string,
  fetchPage: (pathAndQuery: string) => Promise<CollectionPage<T>>,
  onPage: (page: CollectionPage<T>) => void,
  maxPages = MAX_PAGES,
): Promise<void> {
  const path = first.split("?")[0];
  const seen = new Set<string>([first]);
  let current: string | undefined = first;
  for (let pages = 0; current !== undefined; pages++) {
    if (pages >= maxPages) {
      throw new OntapError({
        kind: "response",
        method: "GET",
        path,
        ontapMessage: `more than ${maxPages} pages; stopped following _links.next`,
      });
    }
    const page = await fetchPage(current);
    onPage(page);
    const href = page?._links?.next?.href;
    if (href === undefined || href === null || href === "") {
      current = undefined;
    } else {
      if (typeof href !== "string") {
        throw new OntapError({
          kind: "response",
          method: "GET",
          path,
          ontapMessage: "_links.next.href is not a string",
        });
      }
      const next = resolveNext(href, baseUrl, "GET", path);
      if (seen.has(next)) {
        throw new OntapError({
          kind: "response",
          method: "GET",
          path,
          ontapMessage: `_links.next points back to a page already read (${next.split("?")[0]}); stopped to avoid a loop`,
        });
      }
      seen.add(next);
      current = next;
    }
  }
}
