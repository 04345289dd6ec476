/**
 * Response bodies for instances and collections: filtering, ordering, paging, field projection and links.
 *
 * Paging: `max_records` cuts a page and adds `_links.next` (plus a `Link: <…>; rel="next"` header). As on ONTAP, the
 * `next` link is given whenever a page is full, even if no record remains (the last page is then empty). The link
 * repeats the request's query with an opaque `start` token: the sort key of the page's last record, so a client
 * following it neither skips nor repeats records when records are added or removed in between.
 */
import type { NdmpModeValue } from "../../spec/enums";
import { errors } from "../errors";
import { valueAt } from "./catalog";
import { ALL_FIELDS, FieldSelection, project } from "./fields";
import { compareValues, matchesFilter } from "./filters";
import { withoutLinks } from "./links";
import { PAGING_TOKEN, Query } from "./query";
import { WireRecord } from "./views";

/** What rendering needs to know about the request. */
export interface RenderRequest {
  path: string;
  rawQuery: string;
  query: Query;
  hal: boolean;
  mode: NdmpModeValue;
}

export interface Rendered {
  body: WireRecord;
  headers: Record<string, string>;
}

interface Shape {
  identity: readonly string[];
  order: readonly string[];
}

function selfHref(req: RenderRequest): string {
  return req.rawQuery ? `${req.path}?${req.rawQuery}` : req.path;
}

function shape(record: WireRecord, selection: FieldSelection, identity: readonly string[], hal: boolean): WireRecord {
  const projected = project(record, selection, identity);
  return hal ? projected : withoutLinks(projected);
}

/** One record (instance GET, PATCH with return_records). `self` is the record's canonical path. */
export function renderInstance(req: RenderRequest, record: WireRecord, identity: readonly string[]): Rendered {
  return { body: shape(record, req.query.fields ?? ALL_FIELDS, identity, req.hal), headers: {} };
}

function encodeToken(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeToken(token: string, length: number): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(key) && key.length === length) return key;
  } catch {
    // fall through
  }
  throw errors.invalidValue(PAGING_TOKEN, token);
}

function nextHref(req: RenderRequest, token: string): string {
  const kept = req.rawQuery.split("&").filter((pair) => pair !== "" && pair.split("=")[0] !== PAGING_TOKEN);
  return `${req.path}?${[...kept, `${PAGING_TOKEN}=${token}`].join("&")}`;
}

export function renderCollection(req: RenderRequest, records: WireRecord[], view: Shape): Rendered {
  const { query } = req;
  const keys = [
    ...query.orderBy.map((k) => ({ path: k.field.path, descending: k.descending })),
    ...view.order.map((path) => ({ path, descending: false })),
  ];
  const sortKey = (record: WireRecord): unknown[] => keys.map((k) => valueAt(record, k.path) ?? null);
  const compareKeys = (a: unknown[], b: unknown[]): number => {
    for (let i = 0; i < keys.length; i++) {
      const order = compareValues(a[i], b[i]);
      if (order !== 0) return keys[i].descending ? -order : order;
    }
    return 0;
  };

  let rows = records
    .filter((record) => query.filters.every((filter) => matchesFilter(record, filter)))
    .map((record) => ({ record, key: sortKey(record) }))
    .sort((a, b) => compareKeys(a.key, b.key));
  if (query.start !== undefined) {
    const after = decodeToken(query.start, keys.length);
    rows = rows.filter((row) => compareKeys(row.key, after) > 0);
  }
  const page = query.maxRecords !== undefined ? rows.slice(0, query.maxRecords) : rows;
  const full = query.maxRecords !== undefined && page.length === query.maxRecords && page.length > 0;
  const next = full ? nextHref(req, encodeToken(page[page.length - 1].key)) : undefined;

  const selection = query.fields ?? { all: false, include: [], exclude: [] };
  const links = {
    ...(req.hal ? { self: { href: selfHref(req) } } : {}),
    ...(next ? { next: { href: next } } : {}),
  };
  const body: WireRecord = {
    ...(query.returnRecords === false
      ? {}
      : { records: page.map((row) => shape(row.record, selection, view.identity, req.hal)) }),
    num_records: page.length,
    ...(Object.keys(links).length > 0 ? { _links: links } : {}),
  };
  return { body, headers: next ? { Link: `<${next}>; rel="next"` } : {} };
}
