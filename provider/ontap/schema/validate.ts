/**
 * Validation against the NDMP model schemas, with problems described the way a user needs them: the field, the value
 * that was given and what is allowed.
 *
 * The validators are Ajv's, precompiled: `npm run validators` (tools/validators.ts) writes Ajv's standalone code for
 * every schema the package compiles into ./precompiled/, each under a name derived from the schema and the model
 * definitions it may `$ref` ({@link precompiledName}). Loading Ajv and compiling at run time cost each plugin process
 * 55-65 ms before its first read (Ajv 8.20.0: 30-38 ms to load, 22-28 ms to compile what a refresh needs); the
 * precompiled code loads in about 2 ms. A schema without precompiled code (one changed since the code was generated)
 * is compiled by Ajv, loaded then: the same result, only slower. test/schema/precompiled.test.ts keeps the generated
 * code in step with the schemas.
 */
import { createHash } from "crypto";
import type Ajv from "ajv";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
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

/** Ajv's options, at run time and for the precompiled code alike. */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  validateFormats: false,
  // No check of the schemas against JSON Schema's meta-schema: they are this package's own constants, and compiling
  // the meta-schema took 60-120 ms. test/schema/schemas.test.ts checks each schema the package compiles instead.
  validateSchema: false,
};

/** An Ajv holding the model definitions (each object closed when `closedModels`), with `options` added. */
export function modelsAjv(closedModels: boolean, options: Options = {}): Ajv {
  // Loaded here, not at import: only a schema without precompiled code needs Ajv's compiler (see the module comment).
  const { default: AjvClass } = require("ajv") as typeof import("ajv");
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...options });
  ajv.addSchema(modelsSchema(closedModels));
  return ajv;
}

const modelsTexts = new Map<boolean, string>();

/**
 * The export name of the precompiled validator of `schema` against the open or closed model definitions: a hash of
 * both, so that a change to the schema or to any definition it may `$ref` finds no stale code.
 */
export function precompiledName(closedModels: boolean, schema: object): string {
  let models = modelsTexts.get(closedModels);
  if (models === undefined) {
    models = JSON.stringify(modelsSchema(closedModels));
    modelsTexts.set(closedModels, models);
  }
  const hash = createHash("sha256").update(models).update("\n").update(JSON.stringify(schema));
  return `v${hash.digest("hex").slice(0, 32)}`;
}

type PrecompiledModule = Record<string, ValidateFunction | undefined>;

// Open: what ONTAP may send (future releases add fields). Closed: what our simulator and request bodies must match.
// Each module and each Ajv is loaded on first use only, if ever: a refresh needs only the open code.
let openCode: PrecompiledModule | undefined;
let closedCode: PrecompiledModule | undefined;
let openInstance: Ajv | undefined;
let closedInstance: Ajv | undefined;

/** The validator of `schema` against the open or closed models: precompiled, else compiled by `compile`. */
function validatorOf(closedModels: boolean, schema: object, compile: (ajv: Ajv) => ValidateFunction): ValidateFunction {
  const precompiled = closedModels
    ? (closedCode ??= require("./precompiled/closed") as PrecompiledModule)
    : (openCode ??= require("./precompiled/open") as PrecompiledModule);
  const found = precompiled[precompiledName(closedModels, schema)];
  if (found) return found;
  return compile(closedModels ? (closedInstance ??= modelsAjv(true)) : (openInstance ??= modelsAjv(false)));
}

const modelValidators = new Map<string, ValidateFunction>();
const patchValidators = new Map<PatchableModel, ValidateFunction>();

function modelValidator(closedModels: boolean, model: string): ValidateFunction {
  if (!definitions[model]) throw new Error(`Unknown ONTAP model "${model}"`);
  const key = `${closedModels ? "closed" : "open"} ${model}`;
  let validate = modelValidators.get(key);
  if (!validate) {
    const ref = definitionRef(model);
    validate = validatorOf(closedModels, ref, (ajv) => {
      const compiled = ajv.getSchema(ref.$ref);
      if (!compiled) throw new Error(`Schema for "${model}" did not compile`);
      return compiled;
    });
    modelValidators.set(key, validate);
  }
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
    const schema = patchSchema(model);
    validate = validatorOf(true, schema, (ajv) => ajv.compile(schema));
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
  return problemsOf(modelValidator(options.closed === true, model), data);
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
  const validate = validatorOf(false, schema, (ajv) => ajv.compile(schema));
  return (data) => problemsOf(validate, data);
}

/** The `$ref` of a model definition, for schemas given to {@link compileValidator}. */
export function definitionRef(path: string): { $ref: string } {
  return { $ref: `${ROOT_ID}#/definitions/${path}` };
}
