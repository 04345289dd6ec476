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
  formatProblem,
  isUuid,
  NdmpModeValue,
  ValidationProblem,
} from "../ontap/schema";
import { SECRET_PLACEHOLDER } from "../ontap";
import { containsUnknown, normalizeBoolean } from "./values";

export const ON_DELETE_VALUES = ["retain", "restore"] as const;
export type OnDelete = (typeof ON_DELETE_VALUES)[number];

const text = { type: "string", minLength: 1 };
const connection = {
  type: "object",
  additionalProperties: false,
  properties: { host: text, username: text, password: text, insecure: { type: "boolean" }, caCert: text },
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
      passwordVersion: { type: ["string", "number"], minLength: 1 },
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

/** Fields whose value must never be shown, not even in a validation message. */
const SECRET_FIELDS = new Set(["password", "connection.password"]);

/**
 * The failure of a problem, without showing a secret: the value of a password field is masked, and an unknown field
 * is named without its value, since a misspelt `pasword` (or a field in the wrong place) usually holds a password and
 * arrives here in clear even when the program marked it secret.
 */
function failure(problem: ValidationProblem): CheckFailure {
  let shown = problem;
  if (problem.allowed.startsWith("is not a known field")) shown = { ...problem, value: undefined };
  else if (SECRET_FIELDS.has(problem.field) && problem.value !== undefined)
    shown = { ...problem, value: SECRET_PLACEHOLDER };
  return { property: problem.field.split(/[.[]/)[0], reason: formatProblem(shown) };
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
    else if (key === "connection" && value !== null && typeof value === "object") {
      const conn = { ...(value as Record<string, unknown>) };
      if (Object.prototype.hasOwnProperty.call(conn, "insecure")) conn.insecure = normalizeBoolean(conn.insecure);
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
        reason: `authenticationTypes: ${JSON.stringify(types)} is refused: ${violation.message}`,
      });
    }
  }

  const target = kind === "mode" ? undefined : (known[kind] as unknown);
  if (typeof target === "string" && /^[0-9a-f]{8}-/i.test(target) && !isUuid(target)) {
    failures.push({
      property: kind,
      reason: `${kind}: ${JSON.stringify(target)} looks like a UUID but is malformed; give the ${kind === "node" ? "node" : "SVM"} name or its full UUID (8-4-4-4-12 hexadecimal digits).`,
    });
  }

  if (kind === "node" && inputs.passwordVersion !== undefined && inputs.password === undefined) {
    failures.push({
      property: "passwordVersion",
      reason: "passwordVersion: re-sends the password when it changes, so it needs password to be set as well.",
    });
  }
  return { inputs: normalized, failures };
}
