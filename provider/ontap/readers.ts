/**
 * Coalescing readers of NDMP node and SVM configurations on one cluster, by uuid (read, refresh) and by name (the
 * lookup of a create), built on the client's collection GETs and ONTAP's query syntax (`|`, quoted literals).
 */
import type { OntapClient } from "./client";
import { CoalescingOptions, CoalescingReader } from "./coalescing";
import { isNotFound } from "./errors";
import { literalQueryValue } from "./queryLiteral";
import type { CollectionQuery } from "./pagination";
import type { NdmpNodeRecord, NdmpSvmRecord, ObjectReference } from "../../spec/types";

/** Reads of one kind of NDMP record that coalesce across callers: by uuid and by name. */
export interface Readers<R> {
  byUuid: CoalescingReader<R>;
  byName: CoalescingReader<R>;
}

export interface NdmpReaders {
  nodes: Readers<NdmpNodeRecord>;
  svms: Readers<NdmpSvmRecord>;
}

/** The value of a `|` filter matching exactly these names (each quoted when it contains a query operator). */
function namesFilter(names: string[]): string {
  return names.map(literalQueryValue).join("|");
}

/**
 * The readers of one collection. `identity` is the record's `node` or `svm`, named by `kind` in filters. A lone
 * lookup by name is the filtered list it always was, and takes ONTAP's first match.
 */
function readersOf<R>(
  kind: "node" | "svm",
  list: (query?: CollectionQuery) => Promise<R[]>,
  getOne: (uuid: string) => Promise<R>,
  identity: (record: R) => ObjectReference | undefined,
  options: CoalescingOptions,
): Readers<R> {
  const filtered = (field: string, value: string | undefined) =>
    list(value === undefined ? undefined : { filters: { [`${kind}.${field}`]: value } });
  return {
    byUuid: new CoalescingReader<R>(
      {
        getOne,
        getMany: (uuids) => filtered("uuid", uuids?.join("|")),
        keyOf: (record) => identity(record)?.uuid,
        isNotFound,
      },
      options,
    ),
    byName: new CoalescingReader<R>(
      {
        getOne: async (name) => (await filtered("name", namesFilter([name])))[0],
        getMany: (names) => filtered("name", names && namesFilter(names)),
        keyOf: (record) => identity(record)?.name,
        isNotFound,
      },
      options,
    ),
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
