/**
 * The `fields=` the client sends by default: every readable top-level field of the model, taken from the shared
 * schema definitions (write-only fields such as the node password and the HAL `_links` are left out). ONTAP returns
 * only identity fields when `fields` is missing, so every GET names its fields explicitly.
 */
import { schemaFields } from "./schema";

/** Readable top-level fields of a model of `definitions`, in the schema's order. */
export function readableFields(model: string): string[] {
  return schemaFields(model)
    .filter((f) => !f.path.includes(".") && !f.writeOnly && !f.link && f.path !== "_links")
    .map((f) => f.path);
}

export const DEFAULT_FIELDS = {
  /** `GET /api/cluster`: identity and version. */
  cluster: ["name", "uuid", "version"],
  mode: readableFields("cluster_ndmp_properties"),
  node: readableFields("ndmp_node"),
  svm: readableFields("ndmp_svm"),
  session: readableFields("ndmp_session"),
  /** The generated password and who it is for. */
  password: ["password", "user", "svm"],
} as const;

/** The field that identifies a record of each collection (used by `count`, which returns no records). */
export const IDENTITY_FIELDS = { nodes: ["node.uuid"], svms: ["svm.uuid"], sessions: ["id"] } as const;
