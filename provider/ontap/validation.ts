/**
 * Checks of request and response bodies against the shared schemas (spec/definitions.ts, validated by `provider/ontap/schema`), turned into OntapErrors
 * that name the field, the value and what is allowed, with write-only values (the node password) shown as `[secret]`.
 *
 * - Request bodies are checked with `patchBodyProblems` BEFORE sending: a problem means nothing is sent.
 * - Responses are checked open (`modelProblems`): unknown fields are fine (newer ONTAP releases add some), and so are
 *   unknown enum values (newer releases add values too); a wrong type (say `"enabled": "false"`) is an error, because
 *   the resources would otherwise act on a wrong value.
 */
import { OntapCodes } from "../../spec/codes";
import { CODE_HINTS, OntapError } from "./errors";
import {
  PatchableModel,
  ValidationProblem,
  definitions,
  formatProblems,
  modelProblems,
  patchBodyProblems,
  readOnlyProperties,
} from "./schema";

export const SECRET_PLACEHOLDER = "[secret]";

/** Field names whose values are never shown. */
const SECRET_NAME = /pass(word)?|secret|token|credential|authorization/i;

/** Write-only fields of a model (from `writeOnly` in the shared definitions), e.g. `password` of `ndmp_node`. */
function writeOnlyFields(modelName: string): Set<string> {
  const properties = definitions[modelName]?.properties ?? {};
  return new Set(
    Object.entries(properties)
      .filter(([, p]) => p.writeOnly)
      .map(([n]) => n),
  );
}

/** Deep copy of `value` with every secret-looking key's value replaced. */
export function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_NAME.test(k) ? SECRET_PLACEHOLDER : redactValue(v),
      ]),
    );
  }
  return value;
}

/** Problems with the values of write-only or secret-looking fields replaced by `[secret]`. */
export function redactProblems(modelName: string, problems: ValidationProblem[]): ValidationProblem[] {
  const writeOnly = writeOnlyFields(modelName);
  return problems.map((problem) => {
    const root = problem.field.split(/[.[]/)[0];
    const last = problem.field.split(".").pop() ?? "";
    const secret = writeOnly.has(root) || SECRET_NAME.test(root) || SECRET_NAME.test(last);
    return { ...problem, value: secret ? SECRET_PLACEHOLDER : redactValue(problem.value) };
  });
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
      ontapMessage: `invalid request body, nothing was sent: ${formatProblems(problems)}`,
      target: problems.length === 1 && problems[0].field ? problems[0].field : undefined,
      hint,
    });
  };
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return refuse(
      [{ field: "", value: Array.isArray(body) ? "[array]" : typeof body, allowed: "must be an object" }],
      "Pass an object.",
    );
  }
  const cleaned = withoutUndefined(body as Record<string, unknown>);
  if (Object.keys(cleaned).length === 0) {
    return refuse(
      [{ field: "", value: {}, allowed: "must set at least one field" }],
      "Pass at least one field to change.",
    );
  }
  const problems = redactProblems(modelName, patchBodyProblems(model, cleaned));
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
      ontapMessage: `the answer does not match the ${modelName} schema: ${formatProblems(redactProblems(modelName, problems))}`,
      hint: "The ONTAP release may not be supported (this client targets the ONTAP 9.9.1 REST API).",
    });
  }
}
