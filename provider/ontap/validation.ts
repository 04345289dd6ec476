/**
 * Checks of request and response bodies against the shared schemas (spec/definitions.ts, validated by
 * `provider/ontap/schema`), turned into OntapErrors that name the field, the value and what is allowed, with
 * write-only values (the node password) described by their type and size only.
 *
 * - Request bodies are checked with `patchBodyProblems` BEFORE sending: a problem means nothing is sent.
 * - Responses are checked open (`modelProblems`): unknown fields are fine (newer ONTAP releases add some), and so are
 *   unknown enum values (newer releases add values too); a wrong type (say `"enabled": "false"`) is an error, because
 *   the resources would otherwise act on a wrong value.
 */
import { OntapCodes } from "../../spec/codes";
import { describeProblem } from "./echo";
import { CODE_HINTS, OntapError } from "./errors";
import {
  PatchableModel,
  ValidationProblem,
  definitions,
  modelProblems,
  patchBodyProblems,
  readOnlyProperties,
} from "./schema";

export const SECRET_PLACEHOLDER = "[secret]";

/** Field names whose values are never shown. */
const SECRET_NAME = /pass(word)?|secret|token|credential|authorization/i;

/** Write-only fields of a model (from `writeOnly` in the shared definitions), e.g. `password` of `ndmp_node`. */
function writeOnlyFields(modelName: string): Set<string> {
  const properties = Object.hasOwn(definitions, modelName) ? (definitions[modelName].properties ?? {}) : {};
  return new Set(
    Object.entries(properties)
      .filter(([, p]) => p.writeOnly)
      .map(([n]) => n),
  );
}

/**
 * Whether the value at a field path may be a secret: the whole body (`""`), anything under one of `secretRoots` (a
 * model's write-only fields, a resource's `connection`), or any field whose name looks secret, at any depth.
 */
export function mayBeSecret(field: string, secretRoots: ReadonlySet<string> = new Set()): boolean {
  const parts = field.split(/[.[\]]/).filter(Boolean);
  return parts.length === 0 || secretRoots.has(parts[0]) || parts.some((part) => SECRET_NAME.test(part));
}

/**
 * Problems as one text, without showing a secret: the value of a write-only or secret-looking field (at any depth),
 * or of the body as a whole, is described by its type and size only, and so is any object or array (see echo.ts);
 * other values are bounded and escaped.
 */
export function describeProblems(modelName: string, problems: ValidationProblem[]): string {
  const writeOnly = writeOnlyFields(modelName);
  return problems
    .map((problem) => describeProblem(problem, { secret: mayBeSecret(problem.field, writeOnly) }))
    .join("; ");
}

/** Copy of a body without `undefined` members (JSON drops them; the schema would call them a wrong type). */
export function withoutUndefined<T extends object>(body: T): T {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Checks a PATCH body; returns the body to send (without undefined members) or throws an OntapError of kind
 * `validation`. An empty body is refused too: ONTAP answers it with 262190 and it would change nothing.
 */
export function checkPatchBody(
  model: PatchableModel,
  body: unknown,
  method: string,
  path: string,
): Record<string, unknown> {
  const modelName = { mode: "cluster_ndmp_properties", node: "ndmp_node", svm: "ndmp_svm" }[model];
  const refuse = (problems: ValidationProblem[], hint: string): never => {
    throw new OntapError({
      kind: "validation",
      method,
      path,
      ontapMessage: `invalid request body, nothing was sent: ${describeProblems(modelName, problems)}`,
      target: problems.length === 1 && problems[0].field ? problems[0].field : undefined,
      hint,
    });
  };
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return refuse([{ field: "", value: body, allowed: "must be an object" }], "Pass an object.");
  }
  const cleaned = withoutUndefined(body as Record<string, unknown>);
  if (Object.keys(cleaned).length === 0) {
    return refuse(
      [{ field: "", value: undefined, allowed: "must set at least one field" }],
      "Pass at least one field to change.",
    );
  }
  const problems = patchBodyProblems(model, cleaned);
  if (problems.length > 0) {
    const readOnly = new Set(readOnlyProperties(model));
    const unknown = problems.find((p) => p.allowed.startsWith("is not a known field"));
    let hint = CODE_HINTS[OntapCodes.invalidValue];
    if (unknown && readOnly.has(unknown.field.split(/[.[]/)[0])) hint = CODE_HINTS[OntapCodes.fieldCannotBeSet];
    else if (unknown) hint = "Remove the unknown field; the allowed fields are listed in the message.";
    refuse(problems, hint);
  }
  return cleaned;
}

/** Checks an answer against a model (open, enum values not enforced); throws an OntapError of kind `response`. */
export function checkResponse(modelName: string, body: unknown, method: string, path: string): void {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new OntapError({ kind: "response", method, path, ontapMessage: "the answer is not a JSON object" });
  }
  const problems = modelProblems(modelName, body).filter((p) => !p.allowed.startsWith("must be one of"));
  if (problems.length > 0) {
    throw new OntapError({
      kind: "response",
      method,
      path,
      ontapMessage: `the answer does not match the ${modelName} schema: ${describeProblems(modelName, problems)}`,
      hint: "The ONTAP release may not be supported (this client targets the ONTAP 9.9.1 REST API).",
    });
  }
}
