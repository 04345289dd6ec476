/**
 * The request path as ONTAP's web server reads it before routing: runs of slashes count as one
 * (`/api//protocols/ndmp/svms` is `/api/protocols/ndmp/svms`, as on a real cluster, where the clients that join a
 * base ending in `/api/` with a path starting with `/` are served), and each segment is percent-decoded once, so
 * `/api/protocols/ndmp/%73vms` names the same collection. A segment that is not valid percent-encoding
 * (`%zz`, a lone `%`) matches nothing: 404 "API not found" (choice: ONTAP documents nothing for it).
 */

/** At most this long a path is considered (choice: NDMP paths are under 200 characters). */
export const MAX_PATH_LENGTH = 2048;

/** The path with duplicate slashes collapsed (and cut at {@link MAX_PATH_LENGTH}); still percent-encoded. */
export function collapseSlashes(path: string): string {
  return path.slice(0, MAX_PATH_LENGTH).replace(/\/{2,}/g, "/");
}

/** The decoded segments of a collapsed path (`/api/x` → `["", "api", "x"]`), or undefined when one is malformed. */
export function decodedSegments(path: string): string[] | undefined {
  try {
    return path.split("/").map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}
