/**
 * Validation of resource arguments in `check()`: runs before any API call, so a preview fails on bad input with a
 * message naming the field, the value and what is allowed. The schemas reference the ONTAP model definitions, so the
 * allowed values are the API's own.
 */
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import {
  authenticationTypesViolation,
  compileValidator,
  definitionRef,
  NdmpModeValue,
  ValidationProblem,
} from "../ontap/schema";
import { clip, describeProblem, quote } from "../ontap/echo";
import { objectReferenceProblem, userNameProblem } from "../ontap/names";
import { mayBeSecret } from "../ontap/validation";
import { containsUnknown, normalizeBoolean } from "./values";

export const ON_DELETE_VALUES = ["retain", "restore"] as const;
export type OnDelete = (typeof ON_DELETE_VALUES)[number];

// Bounds on text: no value a user means can be longer; longer ones are refused before they reach a message or a
// request. SVM, node and user names have their own rules (provider/ontap/names.ts); a CA certificate is bounded by
// its reader (provider/ontap/pem.ts), and the host by its parser.
const text = { type: "string", minLength: 1, maxLength: 1024 };
const connection = {
  type: "object",
  additionalProperties: false,
  properties: {
    host: text,
    username: { ...text, maxLength: 256 },
    password: text,
    insecure: { type: "boolean" },
    caCert: { type: "string", minLength: 1 },
    clientCert: { type: "string", minLength: 1 },
    clientKey: { type: "string", minLength: 1 },
  },
};
const common = {
  __provider: { type: "string" },
  connection,
  onDelete: { type: "string", enum: ON_DELETE_VALUES },
};
const authenticationTypes = { type: "array", items: definitionRef("ndmp_auth_type") };

// Compiled on first use (validatorOf), not at load: the plugin loads the runtime on the first call of every
// operation, and a refresh never validates arguments.
const schemas = {
  mode: {
    type: "object",
    additionalProperties: false,
    required: ["mode"],
    properties: { ...common, mode: definitionRef("cluster_ndmp_properties/properties/mode") },
  },
  node: {
    type: "object",
    additionalProperties: false,
    required: ["node"],
    properties: {
      ...common,
      node: text,
      enabled: definitionRef("ndmp_node/properties/enabled"),
      authenticationTypes,
      user: text,
      password: text,
      passwordVersion: { type: ["string", "number"], minLength: 1, maxLength: 256 },
    },
  },
  svm: {
    type: "object",
    additionalProperties: false,
    required: ["svm"],
    properties: { ...common, svm: text, enabled: definitionRef("ndmp_svm/properties/enabled"), authenticationTypes },
  },
};

export type ResourceKind = keyof typeof schemas;

const validators: Partial<Record<ResourceKind, (data: unknown) => ValidationProblem[]>> = {};

function validatorOf(kind: ResourceKind): (data: unknown) => ValidationProblem[] {
  return (validators[kind] ??= compileValidator(schemas[kind]));
}

/** Arguments whose values are secrets even though their names may not say so. */
const SECRET_ROOTS: ReadonlySet<string> = new Set(["password", "connection"]);

/**
 * The failure of a problem, without showing a secret: the value of the password, of anything inside `connection` and
 * of any secret-looking field is described by its type and size, objects and arrays anywhere by their shape, and an
 * unknown field is named without its value (echo.ts `describeProblem`), since a misspelt `pasword` (or a field in the
 * wrong place) usually holds a password and arrives here in clear even when the program marked it secret.
 */
function failure(problem: ValidationProblem): CheckFailure {
  const root = problem.field.split(/[.[]/)[0];
  return {
    property: clip(root),
    reason: describeProblem(problem, { secret: mayBeSecret(problem.field, SECRET_ROOTS) }),
  };
}

/**
 * The inputs with booleans normalised and unknown values (preview) set aside, so validation sees only known values.
 * Built from entries, so a key named `__proto__` stays an own (and refused) key instead of setting the prototype.
 */
function knownPart(inputs: Record<string, unknown>): Record<string, unknown> {
  const known: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || containsUnknown(value)) continue;
    if (key === "enabled") known.push([key, normalizeBoolean(value)]);
    else if (key === "connection" && value !== null && typeof value === "object" && !Array.isArray(value)) {
      const conn = { ...(value as Record<string, unknown>) };
      if (Object.hasOwn(conn, "insecure")) conn.insecure = normalizeBoolean(conn.insecure);
      known.push([key, conn]);
    } else known.push([key, value]);
  }
  return Object.fromEntries(known);
}

/**
 * Checks the arguments of a resource of `kind`. Returns the normalised inputs (known booleans as booleans) and the
 * failures; unknown values pass through untouched.
 */
export function checkArguments(
  kind: ResourceKind,
  inputs: Record<string, unknown>,
): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
  const known = knownPart(inputs);
  // A value not known yet (preview) is present, just not validated: it is not "missing".
  const failures = validatorOf(kind)(known)
    .filter((problem) => problem.value !== undefined || inputs[problem.field] === undefined)
    .map(failure);
  const normalized = { ...inputs, ...known };

  const types = known.authenticationTypes;
  if (Array.isArray(types) && !failures.some((f) => f.property === "authenticationTypes")) {
    const scope: NdmpModeValue = kind === "node" ? "node" : "svm";
    const violation = authenticationTypesViolation(types as string[], scope);
    if (violation) {
      failures.push({
        property: "authenticationTypes",
        reason: `authenticationTypes: ${clip(JSON.stringify(types))} is refused: ${violation.message}`,
      });
    }
  }

  // The node or SVM is looked up by name in an ONTAP query: a name ONTAP never accepts is refused here, naming the
  // rule, rather than sent (where query operators in it would match other objects).
  const target = kind === "mode" ? undefined : (known[kind] as unknown);
  if (kind !== "mode" && typeof target === "string" && target !== "" && !failures.some((f) => f.property === kind)) {
    const problem = objectReferenceProblem(kind, target);
    if (problem) {
      const label = kind === "node" ? "a node name or UUID" : "an SVM name or UUID";
      failures.push({ property: kind, reason: `${kind}: ${quote(target)} is not ${label}: ${problem}.` });
    }
  }
  const user = known.user;
  if (kind === "node" && typeof user === "string" && user !== "" && !failures.some((f) => f.property === "user")) {
    const problem = userNameProblem(user);
    if (problem) failures.push({ property: "user", reason: `user: ${quote(user)} is refused: ${problem}.` });
  }

  if (kind === "node" && inputs.passwordVersion !== undefined && inputs.password === undefined) {
    failures.push({
      property: "passwordVersion",
      reason: "passwordVersion: re-sends the password when it changes, so it needs password to be set as well.",
    });
  }
  return { inputs: normalized, failures };
}
