/**
 * Validation against the NDMP model schemas, with problems described the way a user needs them: the field, the value
 * that was given and what is allowed.
 */
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import {
  definitions,
  JsonSchema,
  PatchableModel,
  patchableModels,
  writableProperties,
} from "../../../spec/definitions";

/** One reason a value does not fit a schema. */
export interface ValidationProblem {
  /** Dotted path of the offending field, e.g. `authentication_types[1]` or `enabled`. */
  field: string;
  /** The value that was given (never a password: callers redact write-only fields before showing it). */
  value: unknown;
  /** What is allowed, e.g. `must be one of "svm", "node"`. */
  allowed: string;
}

const ROOT_ID = "ontap-ndmp";

/** Deep copy of a schema in which every object refuses properties it does not declare. */
function closed(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = { ...schema };
  if (copy.properties) {
    copy.properties = Object.fromEntries(Object.entries(copy.properties).map(([k, v]) => [k, closed(v)]));
    copy.additionalProperties = false;
  }
  if (copy.items) copy.items = closed(copy.items);
  return copy;
}

/** The schema holding every model definition (each object closed when `closedModels`), the root of every `$ref`. */
export function modelsSchema(closedModels: boolean): { $id: string; definitions: Record<string, JsonSchema> } {
  const defs = closedModels
    ? Object.fromEntries(Object.entries(definitions).map(([k, v]) => [k, closed(v)]))
    : definitions;
  return { $id: ROOT_ID, definitions: defs };
}

function buildAjv(closedModels: boolean): Ajv {
  // No check of the schemas against JSON Schema's meta-schema here: they are this package's own constants, and
  // compiling the meta-schema made the first validation in every plugin process, so in every operation, take
  // 60-120 ms instead of 11-18 ms.
  // test/schema/schemas.test.ts checks each schema this module compiles against the meta-schema instead.
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    validateFormats: false,
    validateSchema: false,
  });
  ajv.addSchema(modelsSchema(closedModels));
  return ajv;
}

// Open: what ONTAP may send (future releases add fields). Closed: what our simulator and request bodies must match.
// Each is built on first use, not at import: a refresh needs only the open one, and the plugin loads this module on
// the first call of every operation.
let openInstance: Ajv | undefined;
let closedInstance: Ajv | undefined;
const openAjv = (): Ajv => (openInstance ??= buildAjv(false));
const closedAjv = (): Ajv => (closedInstance ??= buildAjv(true));
const patchValidators = new Map<PatchableModel, ValidateFunction>();

function modelValidator(ajv: Ajv, model: string): ValidateFunction {
  if (!definitions[model]) throw new Error(`Unknown ONTAP model "${model}"`);
  const validate = ajv.getSchema(`${ROOT_ID}#/definitions/${model}`);
  if (!validate) throw new Error(`Schema for "${model}" did not compile`);
  return validate;
}

/** The schema of a PATCH body for `model`: its writable fields only, each as the model defines it. */
export function patchSchema(model: PatchableModel): JsonSchema & { $id: string } {
  return {
    $id: `${ROOT_ID}-patch-${model}`,
    type: "object",
    properties: Object.fromEntries(
      Object.keys(writableProperties(model)).map((name) => [
        name,
        { $ref: `${ROOT_ID}#/definitions/${patchableModels[model]}/properties/${name}` },
      ]),
    ),
    additionalProperties: false,
  };
}

function patchValidator(model: PatchableModel): ValidateFunction {
  let validate = patchValidators.get(model);
  if (!validate) {
    validate = closedAjv().compile(patchSchema(model));
    patchValidators.set(model, validate);
  }
  return validate;
}

function valueAt(data: unknown, pointer: string): unknown {
  let current: unknown = data;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** `/authentication_types/1` → `authentication_types[1]`. */
export function pointerToField(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

function describe(error: ErrorObject, data: unknown): ValidationProblem {
  const base = pointerToField(error.instancePath);
  switch (error.keyword) {
    case "additionalProperties": {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const field = base ? `${base}.${extra}` : extra;
      const parent = error.parentSchema as JsonSchema;
      const known = Object.keys(parent.properties ?? {});
      return {
        field,
        value: valueAt(data, `${error.instancePath}/${extra}`),
        allowed: `is not a known field; known fields: ${known.join(", ")}`,
      };
    }
    case "enum": {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return {
        field: base,
        value: valueAt(data, error.instancePath),
        allowed: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    }
    case "required": {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return { field: base ? `${base}.${missing}` : missing, value: undefined, allowed: "is required" };
    }
    case "type":
      return {
        field: base,
        value: valueAt(data, error.instancePath),
        allowed: `must be of type ${(error.params as { type: string }).type}`,
      };
    default:
      return { field: base, value: valueAt(data, error.instancePath), allowed: error.message ?? "is invalid" };
  }
}

function problemsOf(validate: ValidateFunction, data: unknown): ValidationProblem[] {
  if (validate(data)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .map((error) => describe(error, data))
    .filter((problem) => {
      const key = `${problem.field}|${problem.allowed}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}

/** Problems of a PATCH body for `mode`, `node` or `svm`: unknown or read-only fields, wrong types, unknown enum values. */
export function patchBodyProblems(model: PatchableModel, body: unknown): ValidationProblem[] {
  return problemsOf(patchValidator(model), body);
}

/**
 * Problems of a body ONTAP sent (or our simulator sends) for a model. `closed` also rejects fields the model does not
 * declare; the client reads responses open, because newer ONTAP releases add fields.
 */
export function modelProblems(model: string, data: unknown, options: { closed?: boolean } = {}): ValidationProblem[] {
  return problemsOf(modelValidator(options.closed ? closedAjv() : openAjv(), model), data);
}

/** One line per problem: `authentication_types[1]: "kerberos" must be one of "plaintext", …`. */
export function formatProblems(problems: ValidationProblem[]): string {
  return problems.map(formatProblem).join("; ");
}

/** `field: value what-is-allowed`, or `field is required` when no value was given. */
export function formatProblem(p: ValidationProblem): string {
  const field = p.field || "(body)";
  return p.value === undefined ? `${field} ${p.allowed}` : `${field}: ${JSON.stringify(p.value)} ${p.allowed}`;
}

/**
 * Compiles a schema that may `$ref` the model definitions (as `ontap-ndmp#/definitions/<name>`), for inputs shaped
 * differently from the wire models (the Pulumi resources' camelCase arguments). Objects of the schema are taken as
 * written: declare `additionalProperties: false` where unknown keys must be refused.
 */
export function compileValidator(schema: object): (data: unknown) => ValidationProblem[] {
  const validate = openAjv().compile(schema);
  return (data) => problemsOf(validate, data);
}

/** The `$ref` of a model definition, for schemas given to {@link compileValidator}. */
export function definitionRef(path: string): { $ref: string } {
  return { $ref: `${ROOT_ID}#/definitions/${path}` };
}
