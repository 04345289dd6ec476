/**
 * JSON Schemas of the ONTAP NDMP REST models.
 *
 * Each entry mirrors the definition of the same name in NetApp's ONTAP 9.8 OpenAPI (Swagger 2.0) spec, with the same
 * `$ref`s, types, enums and `readOnly` flags; `x-ntap-writeOnly` is expressed as the standard `writeOnly`. Two 9.9
 * additions come from the 9.9.1 reference: `ndmp_session.uuid` and the `ndmp_password` model. `cluster` and `job`
 * carry only the fields this package reads. `test/schema/openapi-conformance.test.ts` checks these definitions
 * against the spec excerpt, so the spec stays the single source of truth.
 *
 * These schemas describe what ONTAP sends and accepts, nothing more. The client validates its request bodies against
 * them with its own validator (provider/ontap/schema/validate.ts), the simulator decodes bodies with its own
 * (simulator/translation/schema.ts), and tests validate every simulator response against them.
 */
import {
  ADDRESS_TYPES,
  AUTHENTICATION_TYPES,
  BACKUP_ENGINES,
  DATA_OPERATIONS,
  JOB_STATES,
  MOVER_MODES,
  NDMP_MODES,
  SESSION_REASONS,
  SESSION_STATES,
} from "./enums";

/** A JSON Schema object (draft-07 subset used here). */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: readonly string[];
  $ref?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
  description?: string;
  format?: string;
  additionalProperties?: boolean;
  required?: string[];
  minimum?: number;
  maximum?: number;
  uniqueItems?: boolean;
  minItems?: number;
}

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const selfLinks: JsonSchema = { type: "object", readOnly: true, properties: { self: ref("href") } };
const collectionLinks: JsonSchema = {
  type: "object",
  readOnly: true,
  properties: { next: ref("href"), self: ref("href") },
};

/** `{_links, name, uuid}` as embedded in sessions and SVM records; `readOnly` where the model says so. */
function identity(readOnly: boolean): JsonSchema {
  return {
    type: "object",
    ...(readOnly ? { readOnly: true } : {}),
    properties: { _links: selfLinks, name: { type: "string" }, uuid: { type: "string" } },
  };
}

function collection(recordModel: string): JsonSchema {
  return {
    type: "object",
    properties: {
      _links: collectionLinks,
      num_records: { type: "integer", description: "Number of Records" },
      records: { type: "array", items: ref(recordModel) },
    },
  };
}

/** The model definitions, keyed by their OpenAPI names. */
export const definitions: Record<string, JsonSchema> = {
  href: { type: "object", readOnly: true, properties: { href: { type: "string", readOnly: true } } },

  cluster_ndmp_properties: {
    type: "object",
    properties: {
      _links: selfLinks,
      mode: {
        type: "string",
        enum: NDMP_MODES,
        description: "Indicates whether NDMP is in node-scoped or SVM-scoped mode.",
      },
    },
  },

  ndmp_auth_type: { type: "string", enum: AUTHENTICATION_TYPES },
  ndmp_addr_type: { type: "string", enum: ADDRESS_TYPES },
  ndmp_mover_mode: { type: "string", enum: MOVER_MODES },
  ndmp_reason: { type: "string", enum: SESSION_REASONS },
  ndmp_state: { type: "string", enum: SESSION_STATES },

  ndmp_connect: {
    type: "object",
    properties: { address: { type: "string" }, port: { type: "integer" }, type: ref("ndmp_addr_type") },
  },
  ndmp_data: {
    type: "object",
    properties: {
      bytes_processed: { type: "integer" },
      connection: ref("ndmp_connect"),
      operation: { type: "string", enum: DATA_OPERATIONS },
      reason: ref("ndmp_reason"),
      state: ref("ndmp_state"),
    },
  },
  ndmp_mover: {
    type: "object",
    properties: {
      bytes_moved: { type: "integer" },
      connection: ref("ndmp_connect"),
      mode: ref("ndmp_mover_mode"),
      reason: ref("ndmp_reason"),
      state: ref("ndmp_state"),
    },
  },
  ndmp_scsi: {
    type: "object",
    properties: {
      device_id: { type: "string" },
      host_adapter: { type: "integer" },
      lun_id: { type: "integer" },
      target_id: { type: "integer" },
    },
  },

  ndmp_node: {
    type: "object",
    properties: {
      _links: selfLinks,
      authentication_types: { type: "array", items: ref("ndmp_auth_type"), description: "NDMP authentication types." },
      enabled: { type: "boolean", description: "Is the NDMP service enabled?" },
      node: { ...identity(true), description: "Storage system node" },
      password: {
        type: "string",
        writeOnly: true,
        description: "NDMP password. This can only be set and cannot be read back.",
      },
      user: { type: "string", description: "NDMP user ID" },
    },
  },
  ndmp_node_response: collection("ndmp_node"),

  ndmp_svm: {
    type: "object",
    properties: {
      _links: selfLinks,
      authentication_types: { type: "array", items: ref("ndmp_auth_type"), description: "NDMP authentication types." },
      enabled: { type: "boolean", description: "Is the NDMP service enabled on the SVM?" },
      svm: identity(true),
    },
  },
  ndmp_svm_response: collection("ndmp_svm"),

  ndmp_session: {
    type: "object",
    properties: {
      _links: selfLinks,
      backup_engine: { type: "string", enum: BACKUP_ENGINES },
      client_address: { type: "string" },
      client_port: { type: "integer" },
      data: ref("ndmp_data"),
      data_path: { type: "string" },
      id: { type: "string", description: "NDMP session identifier." },
      mover: ref("ndmp_mover"),
      node: identity(false),
      scsi: ref("ndmp_scsi"),
      source_address: { type: "string" },
      svm: identity(false),
      tape_device: { type: "string" },
      tape_mode: ref("ndmp_mover_mode"),
      // 9.9: "The NDMP node or SVM UUID based on whether NDMP is operating in node-scope or SVM-scope mode."
      uuid: { type: "string" },
    },
  },
  ndmp_session_response: collection("ndmp_session"),

  // 9.9: GET /protocols/ndmp/svms/{svm.uuid}/passwords/{user}
  ndmp_password: {
    type: "object",
    properties: {
      _links: selfLinks,
      password: { type: "string", description: "NDMP Password" },
      svm: identity(false),
      user: { type: "string", description: "NDMP user" },
    },
  },

  error_arguments: {
    type: "object",
    readOnly: true,
    properties: { code: { type: "string", readOnly: true }, message: { type: "string", readOnly: true } },
  },
  error: {
    type: "object",
    readOnly: true,
    properties: {
      arguments: { type: "array", readOnly: true, items: ref("error_arguments") },
      code: { type: "string", readOnly: true },
      message: { type: "string", readOnly: true },
      target: { type: "string", readOnly: true },
    },
  },
  error_response: { type: "object", readOnly: true, properties: { error: ref("error") } },

  job_link: {
    type: "object",
    properties: { _links: selfLinks, uuid: { type: "string", format: "uuid", readOnly: true } },
  },
  job_link_response: { type: "object", readOnly: true, properties: { job: ref("job_link") } },
  job: {
    type: "object",
    properties: {
      _links: selfLinks,
      code: { type: "integer", readOnly: true },
      description: { type: "string", readOnly: true },
      end_time: { type: "string", format: "date-time", readOnly: true },
      message: { type: "string", readOnly: true },
      start_time: { type: "string", format: "date-time", readOnly: true },
      state: { type: "string", enum: JOB_STATES, readOnly: true },
      uuid: { type: "string", format: "uuid", readOnly: true },
    },
  },

  // GET /api/cluster?fields=name,uuid,version: only what generic ONTAP clients read first.
  cluster: {
    type: "object",
    properties: {
      _links: selfLinks,
      name: { type: "string" },
      uuid: { type: "string" },
      version: {
        type: "object",
        readOnly: true,
        properties: {
          full: { type: "string" },
          generation: { type: "integer" },
          major: { type: "integer" },
          minor: { type: "integer" },
        },
      },
    },
  },
};

/** The models that can be PATCHed, keyed by the name used in the client and the simulator. */
export const patchableModels = {
  mode: "cluster_ndmp_properties",
  node: "ndmp_node",
  svm: "ndmp_svm",
} as const;
export type PatchableModel = keyof typeof patchableModels;

/** Resolves a local `$ref` to its definition. */
export function resolveRef(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/definitions/", "");
  const target = definitions[name];
  if (!target) throw new Error(`Unknown schema reference ${schema.$ref}`);
  return resolveRef(target);
}

/**
 * The properties a PATCH may carry: every property of the model that is not `readOnly`. Read-only properties
 * (`node`, `svm`, `_links`) are rejected by ONTAP with 262196, unknown ones with 262179.
 */
export function writableProperties(model: PatchableModel): Record<string, JsonSchema> {
  const properties = definitions[patchableModels[model]].properties ?? {};
  return Object.fromEntries(Object.entries(properties).filter(([, schema]) => !schema.readOnly));
}

/** The names of the read-only properties of a PATCHable model. */
export function readOnlyProperties(model: PatchableModel): string[] {
  const properties = definitions[patchableModels[model]].properties ?? {};
  return Object.entries(properties)
    .filter(([, schema]) => schema.readOnly)
    .map(([name]) => name);
}
