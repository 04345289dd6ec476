/**
 * HAL links. Every record and collection carries `_links.self`; embedded node and SVM references link to their
 * cluster-level resources (`/api/cluster/nodes/{uuid}`, `/api/svm/svms/{uuid}`), as ONTAP's HAL convention does.
 */
import type { ObjectReference } from "../../spec/types";

export const paths = {
  cluster: "/api/cluster",
  job: (uuid: string) => `/api/cluster/jobs/${uuid}`,
  clusterNode: (uuid: string) => `/api/cluster/nodes/${uuid}`,
  clusterSvm: (uuid: string) => `/api/svm/svms/${uuid}`,
  mode: "/api/protocols/ndmp",
  node: (uuid: string) => `/api/protocols/ndmp/nodes/${uuid}`,
  svm: (uuid: string) => `/api/protocols/ndmp/svms/${uuid}`,
  password: (svmUuid: string, user: string) =>
    `/api/protocols/ndmp/svms/${svmUuid}/passwords/${encodeURIComponent(user)}`,
  // The SVM-scope id keeps its colon unescaped, as in NetApp's examples (`…/sessions/<uuid>/2000:4000`).
  session: (owner: string, id: string) => `/api/protocols/ndmp/sessions/${owner}/${id}`,
};

export function self(href: string): { self: { href: string } } {
  return { self: { href } };
}

export function nodeReference(node: { uuid: string; name: string }): ObjectReference {
  return { uuid: node.uuid, name: node.name, _links: self(paths.clusterNode(node.uuid)) };
}

export function svmReference(svm: { uuid: string; name: string }): ObjectReference {
  return { uuid: svm.uuid, name: svm.name, _links: self(paths.clusterSvm(svm.uuid)) };
}

/**
 * With `Accept: application/json` ONTAP returns no HAL links "except a link needed to retrieve the next batch of
 * records": drops every `_links` below the top level (the caller keeps a collection's `next`).
 */
export function withoutLinks<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLinks) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== "_links")
      .map(([key, inner]) => [key, withoutLinks(inner)]),
  ) as T;
}
