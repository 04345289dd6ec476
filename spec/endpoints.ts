/**
 * The NDMP endpoints as NetApp's "ONTAP 9.9.1 REST API reference: NDMP" documents them: for each method and path, the
 * query parameters its "Parameters" table lists (filters and the global parameters), the model of its 200 answer
 * and the ONTAP error codes of its "ONTAP Error Response codes" table. Data only: what a client may send and what a
 * server must accept. How a server answers is for the server to decide.
 */

/** The global parameters of a collection GET, in the order the reference lists them. */
export const COLLECTION_GLOBALS = ["fields", "max_records", "return_records", "return_timeout", "order_by"] as const;
export type GlobalParameterName = (typeof COLLECTION_GLOBALS)[number];

export interface DocumentedEndpoint {
  method: "GET" | "PATCH" | "DELETE";
  /** Path under `/api`, with the reference's path parameters (`{node.uuid}`). */
  path: string;
  /** The version the reference gives as "Introduced In". */
  introduced: "9.7" | "9.9";
  /** Filters (`<field>=<query>`) of the parameters table, in its order. */
  filters: readonly string[];
  /** Global parameters of the parameters table. */
  globals: readonly GlobalParameterName[];
  /** The model of the 200 answer (`undefined`: "Status: 200, Ok" without a body schema). */
  model?: string;
  /** The codes of the endpoint's "ONTAP Error Response codes" table. */
  codes: readonly string[];
}

/** `GET /protocols/ndmp/sessions` filters, in the reference's order ("Filter by …"). */
export const SESSION_FILTERS = [
  "data_path",
  "data.bytes_processed",
  "data.operation",
  "data.state",
  "data.connection.address",
  "data.connection.type",
  "data.connection.port",
  "data.reason",
  "uuid",
  "tape_mode",
  "svm.uuid",
  "svm.name",
  "tape_device",
  "node.name",
  "node.uuid",
  "source_address",
  "client_port",
  "mover.bytes_moved",
  "mover.mode",
  "mover.connection.address",
  "mover.connection.type",
  "mover.connection.port",
  "mover.state",
  "mover.reason",
  "scsi.host_adapter",
  "scsi.device_id",
  "scsi.lun_id",
  "scsi.target_id",
  "backup_engine",
  "client_address",
  "id",
] as const;

export const DOCUMENTED_ENDPOINTS: readonly DocumentedEndpoint[] = [
  {
    method: "GET",
    path: "/protocols/ndmp",
    introduced: "9.7",
    filters: ["mode"],
    globals: COLLECTION_GLOBALS,
    model: "cluster_ndmp_properties",
    codes: [],
  },
  {
    method: "PATCH",
    path: "/protocols/ndmp",
    introduced: "9.7",
    filters: [],
    globals: ["return_records"],
    model: "cluster_ndmp_properties",
    codes: [],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/nodes",
    introduced: "9.7",
    filters: ["node.name", "node.uuid", "authentication_types", "user", "enabled"],
    globals: COLLECTION_GLOBALS,
    model: "ndmp_node_response",
    codes: ["68812801", "68812804"],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/nodes/{node.uuid}",
    introduced: "9.7",
    filters: [],
    globals: ["fields"],
    model: "ndmp_node",
    codes: ["68812801", "68812802", "68812804"],
  },
  {
    method: "PATCH",
    path: "/protocols/ndmp/nodes/{node.uuid}",
    introduced: "9.7",
    filters: [],
    globals: [],
    model: "ndmp_node",
    codes: ["68812800", "68812801", "68812802"],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/sessions",
    introduced: "9.7",
    filters: SESSION_FILTERS,
    globals: COLLECTION_GLOBALS,
    model: "ndmp_session_response",
    codes: ["68812805"],
  },
  {
    method: "DELETE",
    path: "/protocols/ndmp/sessions/{owner.uuid}/{session.id}",
    introduced: "9.7",
    filters: [],
    globals: [],
    codes: ["68812802", "68812803", "68812804", "68812805", "68812806"],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/sessions/{owner.uuid}/{session.id}",
    introduced: "9.7",
    filters: [],
    globals: ["fields"],
    model: "ndmp_session",
    codes: ["68812802"],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/svms",
    introduced: "9.7",
    filters: ["svm.uuid", "svm.name", "enabled", "authentication_types"],
    globals: COLLECTION_GLOBALS,
    model: "ndmp_svm_response",
    codes: [],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/svms/{svm.uuid}",
    introduced: "9.7",
    filters: [],
    globals: ["fields"],
    model: "ndmp_svm",
    codes: [],
  },
  {
    method: "PATCH",
    path: "/protocols/ndmp/svms/{svm.uuid}",
    introduced: "9.7",
    filters: [],
    globals: [],
    model: "ndmp_svm",
    codes: [],
  },
  {
    method: "GET",
    path: "/protocols/ndmp/svms/{svm.uuid}/passwords/{user}",
    introduced: "9.9",
    filters: [],
    globals: ["fields"],
    model: "ndmp_password",
    codes: [],
  },
];
