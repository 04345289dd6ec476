/**
 * ONTAP's NDMP rules as the simulator applies them, stated here and nowhere else in the simulator, each with where it
 * comes from:
 *
 * - [9.9.1]: NetApp, "ONTAP 9.9.1 REST API reference: NDMP" (the error table of the endpoint named);
 * - [NetApp docs]: a later NetApp page, named;
 * - [choice]: undocumented by NetApp; the reason for the choice is given.
 *
 * The client keeps its own copy of the rules it checks before sending (provider/ontap/schema/rules.ts);
 * test/spec/disagreement.test.ts runs both on one table of inputs, so a difference is seen and decided.
 * A rule returns a violation (code, message, target) or undefined; model/cluster.ts turns violations into errors.
 */
import { AUTHENTICATION_TYPES, NdmpModeValue, OntapCodes, OntapMessages } from "../../spec";

export interface Violation {
  code: string;
  message: string;
  target?: string;
}

const documented = (code: string, target?: string): Violation => ({
  code,
  message: OntapMessages[code],
  ...(target ? { target } : {}),
});

// ---- scope -----------------------------------------------------------------------------------------------------

/** What an operation needs from the cluster's NDMP mode. */
export type ScopeNeed = "node" | "svm" | "any";

/**
 * - Node configurations (list, read, modify) need node scope: 68812801 "Node-scoped operations are not allowed in an
 *   SVM-scope." [9.9.1: GET /protocols/ndmp/nodes, GET and PATCH /protocols/ndmp/nodes/{node.uuid}].
 * - Modifying an SVM's configuration and generating an NDMP password need SVM scope: 65601536 "The operation is not
 *   supported because NDMP SVM-aware mode is disabled." [NetApp docs: ONTAP REST API reference 9.13.1 and later,
 *   PATCH /protocols/ndmp/svms/{svm.uuid} and GET …/passwords/{user}; 9.9.1 lists no code there, and a 9.9.1
 *   simulator uses the only one NetApp documents for the condition].
 * - Listing and reading SVM configurations works in both modes [choice: the SVM settings are kept while the cluster
 *   is in node scope, and NetApp documents no error for reading them].
 */
export function scopeViolation(need: ScopeNeed, mode: NdmpModeValue): Violation | undefined {
  if (need === "node" && mode !== "node") return documented(OntapCodes.nodeScopeRequired);
  if (need === "svm" && mode !== "svm") return documented(OntapCodes.svmScopeRequired);
  return undefined;
}

// ---- identifiers -----------------------------------------------------------------------------------------------

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A node, SVM or session-owner UUID must have the 8-4-4-4-12 hexadecimal shape: 68812802 "The UUID is not valid."
 * [9.9.1: GET/PATCH nodes/{node.uuid}, GET/DELETE sessions/{owner.uuid}/{session.id}; for svms/{svm.uuid} the
 * reference lists no code, and the simulator uses the same one: choice, one rule for every NDMP UUID].
 */
export function uuidViolation(text: string, target: string): Violation | undefined {
  return UUID_SHAPE.test(text) ? undefined : documented(OntapCodes.invalidUuid, target);
}

/** A session needs both its owner and its id in the path: 68812806 [9.9.1: DELETE sessions/{owner.uuid}/{session.id}]. */
export function sessionPathViolation(owner: string, id: string): Violation | undefined {
  return owner && id ? undefined : documented(OntapCodes.sessionIdRequired);
}

// ---- existence --------------------------------------------------------------------------------------------------

/**
 * - An unknown node: 68812804 "Failed to get the node name from the specified node UUID." [9.9.1: GET nodes and
 *   nodes/{node.uuid}, DELETE sessions/{owner.uuid}/{session.id}].
 * - An unknown session owner: 68812803 (an SVM, in SVM scope) or 68812804 (a node, in node scope) [9.9.1: DELETE
 *   sessions/{owner.uuid}/{session.id}; GET of the same path answers alike: choice, one lookup for both methods].
 * - An unknown SVM or session id, or an unknown user of a password request: code 4 "entry doesn't exist" [9.9.1: the
 *   example error of every endpoint, `{"code": "4", "message": "entry doesn't exist", "target": "uuid"}`].
 */
export function unknownNode(target: string): Violation {
  return documented(OntapCodes.unknownNodeOwner, target);
}

export function unknownOwner(mode: NdmpModeValue): Violation {
  return documented(mode === "svm" ? OntapCodes.unknownSvmOwner : OntapCodes.unknownNodeOwner, "owner.uuid");
}

export function unknownEntry(target: string): Violation {
  return documented(OntapCodes.notFound, target);
}

// ---- authentication types --------------------------------------------------------------------------------------

export const CHALLENGE_REQUIRED =
  'In node scope the authentication type "challenge" cannot be disabled: "authentication_types" must include "challenge".';

/**
 * Checked in this order, the first failure wins (target `authentication_types`):
 *
 * 1. an empty list: 262197 [choice: a service that accepts no authentication cannot be used; ONTAP documents none];
 * 2. a type listed twice: 262188 [choice: ONTAP's generic "a field was specified twice" code];
 * 3. `plaintext_sso` with another type: 65601551 [NetApp docs: ONTAP REST API reference 9.16.1 and later, PATCH
 *    /protocols/ndmp/svms/{svm.uuid}; applied in node scope too: choice, the 9.9.1 reference says the plaintext
 *    types "contain no differences for NDMP node scope"];
 * 4. node scope without `challenge`: 262197 [NetApp docs, "Configure node-scoped NDMP": "you cannot disable
 *    challenge"; the same docs' PATCH example sends `["plaintext"]` alone, so rejecting is a choice: it makes a
 *    client that relies on ONTAP silently keeping `challenge` fail visibly].
 *
 * Values outside the enum never reach this rule: the body translation refuses them first (262197).
 */
export function authenticationTypesViolation(types: readonly string[], scope: NdmpModeValue): Violation | undefined {
  const target = "authentication_types";
  if (types.length === 0) {
    const allowed = AUTHENTICATION_TYPES.map((t) => `"${t}"`).join(", ");
    return { code: OntapCodes.invalidValue, message: `"${target}" must name at least one of ${allowed}.`, target };
  }
  const repeated = types.find((t, i) => types.indexOf(t) !== i);
  if (repeated !== undefined) {
    return {
      code: OntapCodes.specifiedTwice,
      message: `Authentication type "${repeated}" is listed more than once.`,
      target,
    };
  }
  if (types.includes("plaintext_sso") && types.length > 1) return documented(OntapCodes.plaintextSsoCombined, target);
  if (scope === "node" && !types.includes("challenge")) {
    return { code: OntapCodes.invalidValue, message: CHALLENGE_REQUIRED, target };
  }
  return undefined;
}

// ---- node user and password ------------------------------------------------------------------------------------

/**
 * NDMP can be enabled on a node only with a user: 68812800 "The user is required to enable NDMP on a node."
 * [9.9.1: PATCH /protocols/ndmp/nodes/{node.uuid}; the trigger is undocumented, choice: a PATCH whose result would be
 * `enabled: true` with an empty user. A user can be cleared while NDMP is disabled on the node.]
 */
export function nodeUserViolation(enabled: boolean, user: string): Violation | undefined {
  return enabled && user === "" ? documented(OntapCodes.nodeUserRequired, "user") : undefined;
}

/** A node password, when given, is not empty: 262197 [choice: an empty NDMP password cannot authenticate]. */
export function nodePasswordViolation(password: string | undefined): Violation | undefined {
  if (password === undefined || password !== "") return undefined;
  return {
    code: OntapCodes.invalidValue,
    message: 'The value of field "password" must be a non-empty string.',
    target: "password",
  };
}

/** Generated passwords do not exist for `plaintext_sso`: 65601560 [NetApp docs: ONTAP REST API reference 9.14.1+]. */
export function passwordGenerationViolation(types: readonly string[]): Violation | undefined {
  return types.includes("plaintext_sso") ? documented(OntapCodes.plaintextSsoNoPassword) : undefined;
}

// ---- HTTP statuses ---------------------------------------------------------------------------------------------

/**
 * The HTTP status of each NDMP-specific code. NetApp documents none of them [choice, following the status classes of
 * ONTAP's generic error table in the ONTAP REST API documentation ("HTTP status codes"): input that could not be
 * accepted 400, an owner that does not exist 404 (like code 4), an internal failure 500].
 */
export const NDMP_CODE_STATUS: Readonly<Record<string, number>> = {
  [OntapCodes.nodeUserRequired]: 400,
  [OntapCodes.nodeScopeRequired]: 400,
  [OntapCodes.invalidUuid]: 400,
  [OntapCodes.unknownSvmOwner]: 404,
  [OntapCodes.unknownNodeOwner]: 404,
  [OntapCodes.modeUnavailable]: 500,
  [OntapCodes.sessionIdRequired]: 400,
  [OntapCodes.svmScopeRequired]: 400,
  [OntapCodes.plaintextSsoCombined]: 400,
  [OntapCodes.plaintextSsoNoPassword]: 400,
  [OntapCodes.notFound]: 404,
};
