/**
 * ONTAP error codes this package meets, with ONTAP's exact messages where NetApp documents them (the ONTAP 9.9.1 REST
 * API reference's error tables and later NetApp REST reference pages). The client keys on these codes (never on the
 * HTTP status alone) and the simulator answers with them; when each code applies is for each side to state.
 */
export const OntapCodes = {
  /** 400: unexpected argument (unknown field in a body). Message: `Unexpected argument "x".` */
  unexpectedArgument: "262179",
  /** 400: field cannot be set in this operation (read-only field in a PATCH). */
  fieldCannotBeSet: "262196",
  /** 400: invalid value provided for a field. */
  invalidValue: "262197",
  /** 400: a field was specified twice. */
  specifiedTwice: "262188",
  /** 400: a request body is not allowed on GET, HEAD and DELETE. */
  bodyNotAllowed: "262198",
  /** 400: invalid JSON. */
  invalidJson: "262199",
  /** 400: invalid value with reason (used for query parameters such as `return_timeout`). */
  invalidValueWithReason: "262245",
  /** 429: too many requests. */
  tooManyRequests: "262160",
  /** 404: an entry with the specified identifiers was not found. */
  notFound: "4",
  /** 403: permission denied (RBAC). */
  permissionDenied: "6",
  /** 405: the operation is not supported. */
  notSupported: "3",
  /** 500: generic RPC failure. */
  rpcFailure: "65552",
  /** 409: an entry with the same identifiers already exists. */
  alreadyExists: "1",
  /** 409: resource in use (the simulator's "temporarily locked" fault uses it). */
  resourceInUse: "8",
  /** 400: a query parameter was given without `=value`. */
  missingAssignment: "262248",
  /** 400: a field that cannot be read (write-only, e.g. a node `password`) was named in `fields`. */
  fieldNotReadable: "262249",
  /** 400: a field that cannot be read was used as a query filter. */
  queryFieldNotReadable: "262250",
  /** 400: an array was found in the JSON when it was not expected. */
  arrayNotExpected: "262255",

  /** The user is required to enable NDMP on a node. */
  nodeUserRequired: "68812800",
  /** Node-scoped operations are not allowed in an SVM-scope. */
  nodeScopeRequired: "68812801",
  /** The UUID is not valid. */
  invalidUuid: "68812802",
  /** Failed to get the SVM name from the specified SVM UUID. */
  unknownSvmOwner: "68812803",
  /** Failed to get the node name from the specified node UUID. */
  unknownNodeOwner: "68812804",
  /** Failed to obtain the NDMP mode of the operation. */
  modeUnavailable: "68812805",
  /** UUID and Session ID are required. */
  sessionIdRequired: "68812806",
  /** The operation is not supported because NDMP SVM-aware mode is disabled. */
  svmScopeRequired: "65601536",
  /** Authentication type "plaintext_sso" cannot be combined with other authentication types. */
  plaintextSsoCombined: "65601551",
  /** An NDMP-specific password is not supported for authentication type "plaintext_sso". */
  plaintextSsoNoPassword: "65601560",
} as const;

/** ONTAP's own texts for the NDMP-specific codes (from the 9.9.1 reference and later NetApp docs). */
export const OntapMessages: Record<string, string> = {
  [OntapCodes.nodeUserRequired]: "The user is required to enable NDMP on a node.",
  [OntapCodes.nodeScopeRequired]: "Node-scoped operations are not allowed in an SVM-scope.",
  [OntapCodes.invalidUuid]: "The UUID is not valid.",
  [OntapCodes.unknownSvmOwner]: "Failed to get the SVM name from the specified SVM UUID.",
  [OntapCodes.unknownNodeOwner]: "Failed to get the node name from the specified node UUID.",
  [OntapCodes.modeUnavailable]: "Failed to obtain the NDMP mode of the operation.",
  [OntapCodes.sessionIdRequired]: "UUID and Session ID are required.",
  [OntapCodes.svmScopeRequired]: "The operation is not supported because NDMP SVM-aware mode is disabled.",
  [OntapCodes.plaintextSsoCombined]:
    'Authentication type "plaintext_sso" cannot be combined with other authentication types.',
  [OntapCodes.plaintextSsoNoPassword]:
    'An NDMP-specific password is not supported for authentication type "plaintext_sso".',
  [OntapCodes.notFound]: "entry doesn't exist",
  [OntapCodes.permissionDenied]: "not authorized for that command",
  [OntapCodes.tooManyRequests]: "Too many requests are being processed. Retry the request later.",
};

/** The substring ONTAP puts in the message of a transient lock error (NetApp's Ansible transport retries on it). */
export const TEMPORARILY_LOCKED = "temporarily locked";
