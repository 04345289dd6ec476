// The schemas in provider/ontap/schema are derived from NetApp's OpenAPI excerpt (test/fixtures). This test keeps
// them honest: every definition the spec has must match ours in properties, types, enums and read-only flags.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import {
  definitions,
  JsonSchema,
  patchBodyProblems,
  modelProblems,
  authenticationTypesViolation,
} from "../../provider/ontap/schema";

interface SpecSchema {
  type?: string;
  enum?: string[];
  $ref?: string;
  readOnly?: boolean;
  "x-ntap-writeOnly"?: boolean;
  properties?: Record<string, SpecSchema>;
  items?: SpecSchema;
}

const spec = yaml.load(
  fs.readFileSync(path.join(__dirname, "..", "fixtures", "ontap-9.8-ndmp-openapi.yaml"), "utf8"),
) as { definitions: Record<string, SpecSchema> };

function resolveSpec(schema: SpecSchema): SpecSchema {
  return schema.$ref ? resolveSpec(spec.definitions[schema.$ref.replace("#/definitions/", "")]) : schema;
}
function resolveOurs(schema: JsonSchema): JsonSchema {
  return schema.$ref ? resolveOurs(definitions[schema.$ref.replace("#/definitions/", "")]) : schema;
}

function compare(where: string, theirs: SpecSchema, ours: JsonSchema): void {
  const t = resolveSpec(theirs);
  const o = resolveOurs(ours);
  assert.strictEqual(o.type ?? "object", t.type ?? "object", `${where}: type`);
  assert.deepStrictEqual(o.enum ? [...o.enum] : undefined, t.enum, `${where}: enum`);
  assert.strictEqual(Boolean(ours.readOnly), Boolean(theirs.readOnly), `${where}: readOnly`);
  assert.strictEqual(Boolean(ours.writeOnly), Boolean(theirs["x-ntap-writeOnly"]), `${where}: writeOnly`);
  if (t.items) compare(`${where}[]`, t.items, o.items ?? {});
  for (const [name, prop] of Object.entries(t.properties ?? {})) {
    const mine = o.properties?.[name];
    assert.ok(mine, `${where}.${name} is missing from our schema`);
    compare(`${where}.${name}`, prop, mine);
  }
}

describe("NDMP schemas against the ONTAP 9.8 OpenAPI excerpt", () => {
  const shared = Object.keys(spec.definitions).filter((name) => definitions[name]);

  it("covers every NDMP, error and job definition of the spec", () => {
    const missing = Object.keys(spec.definitions).filter((name) => !definitions[name] && name !== "self_link");
    assert.deepStrictEqual(missing, []);
  });

  for (const name of Object.keys(spec.definitions).filter((n) => definitions[n])) {
    it(`matches definitions.${name}`, () => {
      compare(name, spec.definitions[name], definitions[name]);
    });
  }

  it("adds only the documented 9.9 fields to the 9.8 session model", () => {
    const ours = Object.keys(definitions.ndmp_session.properties ?? {});
    const theirs = Object.keys(spec.definitions.ndmp_session.properties ?? {});
    assert.deepStrictEqual(
      ours.filter((p) => !theirs.includes(p)),
      ["uuid"],
    );
    assert.ok(shared.length > 20);
  });
});

describe("request body validation", () => {
  it("accepts every writable field of a node", () => {
    assert.deepStrictEqual(
      patchBodyProblems("node", { enabled: true, authentication_types: ["challenge"], user: "u", password: "p" }),
      [],
    );
  });

  it("names the field, the value and what is allowed", () => {
    const problems = patchBodyProblems("svm", {
      enabled: "yes",
      authentication_types: ["kerberos"],
      svm: { name: "x" },
    });
    assert.deepStrictEqual(
      problems.map((p) => [p.field, p.value]).sort(),
      [
        ["authentication_types[0]", "kerberos"],
        ["enabled", "yes"],
        ["svm", { name: "x" }],
      ].sort(),
    );
    const enumProblem = problems.find((p) => p.field === "authentication_types[0]");
    assert.match(enumProblem!.allowed, /"plaintext", "challenge", "plaintext_sso"/);
  });

  it("refuses an unknown mode", () => {
    const [problem] = patchBodyProblems("mode", { mode: "cluster" });
    assert.strictEqual(problem.field, "mode");
    assert.match(problem.allowed, /"svm", "node"/);
  });

  it("reads responses open but validates the simulator closed", () => {
    const record = { enabled: true, future_field: 1 };
    assert.deepStrictEqual(modelProblems("ndmp_svm", record), []);
    assert.strictEqual(modelProblems("ndmp_svm", record, { closed: true })[0].field, "future_field");
  });
});

describe("authentication type rules", () => {
  it("refuses plaintext_sso combined with another type with 65601551", () => {
    assert.strictEqual(authenticationTypesViolation(["plaintext_sso", "challenge"], "svm")?.code, "65601551");
  });
  it("refuses an empty or repeating list", () => {
    assert.ok(authenticationTypesViolation([], "svm"));
    assert.strictEqual(authenticationTypesViolation(["challenge", "challenge"], "svm")?.code, "262188");
  });
  it("requires challenge in node scope only", () => {
    assert.ok(authenticationTypesViolation(["plaintext"], "node"));
    assert.strictEqual(authenticationTypesViolation(["plaintext"], "svm"), undefined);
    assert.strictEqual(authenticationTypesViolation(["plaintext_sso"], "svm"), undefined);
  });
});
