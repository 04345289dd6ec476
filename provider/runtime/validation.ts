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
import {
  DESCRIPTORS,
  fieldDefinition,
  KindDescriptor,
  ON_DELETE_VALUES,
  RESOURCE_KINDS,
  ResourceKind,
  secretOutputs,
  settingSchema,
  TEXT_SCHEMA,
} from "../model";
import { containsUnknown, normalizeBoolean } from "./values";

// Bounds on text: no value a user means can be longer; longer ones are refused before they reach a message or a
// request. SVM, node and user names have their own rules (provider/ontap/names.ts); a CA certificate is bounded by
// its reader (provider/ontap/pem.ts), and the host by its parser.
const text = TEXT_SCHEMA;
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

/**
 * The schema of a kind's arguments, derived from its descriptor (provider/model/): the common arguments, the target,
 * each setting with the type and allowed values of its ONTAP field (references into the shared definitions), the
 * controls.
 */
export function argumentsSchema(descriptor: KindDescriptor): object {
  const properties: Record<string, object> = { ...common };
  if (descriptor.target) properties[descriptor.target.property] = text;
  for (const setting of descriptor.settings)
    properties[setting.property] = settingSchema(descriptor, setting, definitionRef);
  for (const control of descriptor.controls) properties[control.property] = control.schema;
  const required = [
    ...(descriptor.target ? [descriptor.target.property] : []),
    ...descriptor.settings.filter((s) => s.required).map((s) => s.property),
  ];
  return { type: "object", additionalProperties: false, required, properties };
}

const validators: Partial<Record<ResourceKind, (data: unknown) => ValidationProblem[]>> = {};

// Built and compiled on first use, not at load: the plugin loads the runtime on the first call of every operation,
// and a refresh never validates arguments.
function validatorOf(kind: ResourceKind): (data: unknown) => ValidationProblem[] {
  return (validators[kind] ??= compileValidator(argumentsSchema(DESCRIPTORS[kind])));
}

/**
 * Arguments whose values are secrets even though their names may not say so: the secret settings of every kind (a
 * `password` given to the wrong kind is still a password) and `connection`.
 */
const SECRET_ROOTS: ReadonlySet<string> = new Set(RESOURCE_KINDS.flatMap((kind) => secretOutputs(DESCRIPTORS[kind])));

/** The boolean settings of a kind (ONTAP type `boolean` in the shared definitions), normalised before validation. */
function booleanSettings(descriptor: KindDescriptor): Set<string> {
  return new Set(
    descriptor.settings.filter((s) => fieldDefinition(descriptor, s).type === "boolean").map((s) => s.property),
  );
}

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
function knownPart(descriptor: KindDescriptor, inputs: Record<string, unknown>): Record<string, unknown> {
  const booleans = booleanSettings(descriptor);
  const known: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(inputs)) {
    if (value === undefined || containsUnknown(value)) continue;
    if (booleans.has(key)) known.push([key, normalizeBoolean(value)]);
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
  const descriptor = DESCRIPTORS[kind];
  const known = knownPart(descriptor, inputs);
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
  const targetKey = descriptor.target?.property;
  const target = targetKey === undefined ? undefined : (known[targetKey] as unknown);
  if (targetKey && typeof target === "string" && target !== "" && !failures.some((f) => f.property === targetKey)) {
    const problem = objectReferenceProblem(targetKey, target);
    if (problem) {
      const label = targetKey === "node" ? "a node name or UUID" : "an SVM name or UUID";
      failures.push({ property: targetKey, reason: `${targetKey}: ${quote(target)} is not ${label}: ${problem}.` });
    }
  }
  const user = known.user;
  const hasUser = descriptor.settings.some((s) => s.property === "user");
  if (hasUser && typeof user === "string" && user !== "" && !failures.some((f) => f.property === "user")) {
    const problem = userNameProblem(user);
    if (problem) failures.push({ property: "user", reason: `user: ${quote(user)} is refused: ${problem}.` });
  }

  for (const setting of descriptor.settings) {
    const control = setting.writeOnly?.resendOn;
    if (control && inputs[control] !== undefined && inputs[setting.property] === undefined) {
      failures.push({
        property: control,
        reason: `${control}: re-sends the ${setting.property} when it changes, so it needs ${setting.property} to be set as well.`,
      });
    }
  }
  return { inputs: normalized, failures };
}
