/**
 * ONTAP's rules on NDMP authentication types that go beyond the schema, as the client reads them: the resources check
 * them before any request, so a preview fails with the reason ONTAP would give. This is the client's own copy; the
 * simulator states ONTAP's rules in simulator/model/rules.ts, and test/spec/disagreement.test.ts compares the two.
 */
import { OntapCodes, OntapMessages } from "../../../spec/codes";
import { AUTHENTICATION_TYPES, NdmpModeValue } from "../../../spec/enums";

/** Why a list of authentication types is refused, with the ONTAP error code that refuses it (when ONTAP has one). */
export interface AuthenticationTypeViolation {
  /** ONTAP's code for the violation: 65601551 for `plaintext_sso` combined, 262188 for a repeat, 262197 otherwise. */
  code: string;
  message: string;
}

export const CHALLENGE_REQUIRED_MESSAGE =
  'In node scope the authentication type "challenge" cannot be disabled: "authentication_types" must include "challenge".';

/**
 * Checks a list of authentication types for the given scope. Returns the first violation, or undefined.
 *
 * - The list must not be empty and must not repeat a type.
 * - `plaintext_sso` cannot be combined with another type (65601551).
 * - In node scope `challenge` cannot be disabled ("you cannot disable challenge"). ONTAP's documentation contradicts
 *   itself here; this project rejects a node list without `challenge` rather than silently adding it back.
 */
export function authenticationTypesViolation(
  types: readonly string[],
  scope: NdmpModeValue,
): AuthenticationTypeViolation | undefined {
  const allowed = AUTHENTICATION_TYPES.map((t) => `"${t}"`).join(", ");
  if (types.length === 0) {
    return { code: OntapCodes.invalidValue, message: `"authentication_types" must name at least one of ${allowed}.` };
  }
  const duplicate = types.find((t, i) => types.indexOf(t) !== i);
  if (duplicate !== undefined) {
    return { code: OntapCodes.specifiedTwice, message: `Authentication type "${duplicate}" is listed more than once.` };
  }
  if (types.includes("plaintext_sso") && types.length > 1) {
    return { code: OntapCodes.plaintextSsoCombined, message: OntapMessages[OntapCodes.plaintextSsoCombined] };
  }
  if (scope === "node" && !types.includes("challenge")) {
    return { code: OntapCodes.invalidValue, message: CHALLENGE_REQUIRED_MESSAGE };
  }
  return undefined;
}

/** Authentication types compared as a set: ONTAP does not keep their order. */
export function sameAuthenticationTypes(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((t) => right.has(t));
}
