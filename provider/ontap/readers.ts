/**
 * Coalescing readers of NDMP node and SVM configurations on one cluster, by uuid (read, refresh) and by name (the
 * lookup of a create), built on the client's collection GETs and ONTAP's query syntax (`|`, quoted literals).
 *
 * Every read is exact: a record answers a read only when its uuid (compared without case, as UUIDs are hexadecimal)
 * or its name (compared exactly) is the one asked for. Quoting names for ONTAP's query syntax keeps ONTAP from
 * matching others; comparing keeps any answer that does from being taken for the object named.
 */
import type { OntapClient } from "./client";
import { CoalescingOptions, CoalescingReader } from "./coalescing";
import { isNotFound, OntapError } from "./errors";
import { literalQueryValue } from "./queryLiteral";
import type { CollectionQuery } from "./pagination";
import type { NdmpNodeRecord, NdmpSvmRecord, ObjectReference } from "../../spec/types";

/** Reads of one kind of NDMP record that coalesce across callers: by uuid and by name. */
export interface Readers<R> {
  byUuid: CoalescingReader<R>;
  byName: CoalescingReader<R>;
  /** A write may have changed the record of this uuid (every record when omitted): read it again next time. */
  forget(uuid?: string): void;
}

export interface NdmpReaders {
  nodes: Readers<NdmpNodeRecord>;
  svms: Readers<NdmpSvmRecord>;
}

const WRITTEN_RECORD = /^\/api\/protocols\/ndmp\/(nodes|svms)\/([^/?#]+)/;

/**
 * Tells the readers of a cluster about a request the client made, so that no read is answered from records fetched
 * before a write (provider/ontap/coalescing.ts, "Freshness"): a PATCH of one node or SVM configuration makes that
 * record stale; any other write (the NDMP mode, a session killed) may change anything, so it makes every record
 * stale. GETs change nothing.
 */
export function forgetWritten(readers: NdmpReaders, method: string, path: string): void {
  if (method.toUpperCase() === "GET") return;
  const [, collection, encoded] = WRITTEN_RECORD.exec(path) ?? [];
  let uuid: string | undefined;
  try {
    uuid = encoded === undefined ? undefined : decodeURIComponent(encoded);
  } catch {
    uuid = undefined; // not a uuid this client sent: treat it as a write of anything
  }
  if (uuid === undefined) {
    readers.nodes.forget();
    readers.svms.forget();
  } else {
    readers[collection as "nodes" | "svms"].forget(uuid);
  }
}

/** The value of a `|` filter matching exactly these values (each quoted when it contains a query operator). */
function literalsFilter(values: string[], field: string): string {
  return values.map((value) => literalQueryValue(value, field)).join("|");
}

/**
 * The readers of one collection. `identity` is the record's `node` or `svm`, named by `kind` in filters. A lone
 * lookup by name is a list filtered by that name, and takes the record of exactly that name; a lone read by uuid is
 * an instance GET, refused when the answer is another object's. Keys by uuid are lower case.
 */
function readersOf<R>(
  kind: "node" | "svm",
  list: (query?: CollectionQuery) => Promise<R[]>,
  getOne: (uuid: string) => Promise<R>,
  identity: (record: R) => ObjectReference | undefined,
  options: CoalescingOptions,
): Readers<R> {
  const filtered = (field: string, values: string[] | undefined) =>
    list(
      values === undefined
        ? undefined
        : { filters: { [`${kind}.${field}`]: literalsFilter(values, `${kind}.${field}`) } },
    );
  const uuidOf = (record: R): string | undefined => identity(record)?.uuid?.toLowerCase();
  const readers = {
    byUuid: new CoalescingReader<R>(
      {
        getOne: async (uuid) => {
          const record = await getOne(uuid);
          if (uuidOf(record) !== undefined && uuidOf(record) !== uuid.toLowerCase()) {
            throw new OntapError({
              kind: "response",
              method: "GET",
              path: `/api/protocols/ndmp/${kind}s/${uuid}`,
              ontapMessage: `the answer is the record of another ${kind === "svm" ? "SVM" : kind} than the one asked for`,
            });
          }
          return record;
        },
        getMany: (uuids) => filtered("uuid", uuids),
        keyOf: uuidOf,
        normalize: (uuid) => uuid.toLowerCase(),
        isNotFound,
      },
      options,
    ),
    byName: new CoalescingReader<R>(
      {
        getOne: async (name) => (await filtered("name", [name])).find((record) => identity(record)?.name === name),
        getMany: (names) => filtered("name", names),
        keyOf: (record) => identity(record)?.name,
        identityOf: uuidOf,
        isNotFound,
      },
      options,
    ),
  };
  return {
    ...readers,
    forget(uuid) {
      // Both readers know a record by its lower-case uuid (`keyOf`, `identityOf` above): made so here, once.
      const identity = uuid?.toLowerCase();
      readers.byUuid.forget(identity);
      readers.byName.forget(identity);
    },
  };
}

/** The readers of node and SVM configurations of the cluster `client` talks to. */
export function ndmpReaders(client: OntapClient, options: CoalescingOptions): NdmpReaders {
  return {
    nodes: readersOf(
      "node",
      (q) => client.listNodes(q),
      (uuid) => client.getNode(uuid),
      (r) => r.node,
      options,
    ),
    svms: readersOf(
      "svm",
      (q) => client.listSvms(q),
      (uuid) => client.getSvm(uuid),
      (r) => r.svm,
      options,
    ),
  };
}
