// The precompiled validators (provider/ontap/schema/precompiled, written by `npm run validators`) are current, give
// exactly the answers Ajv gives when it compiles the same schemas, and spare a process that validates Ajv's compiler.
import * as assert from "assert";
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { ValidateFunction } from "ajv";
import { definitions, JsonSchema, modelsAjv, precompiledName } from "../../provider/ontap/schema";
import { compiledSchemas, precompiledFiles } from "../../tools/validators/precompile";

const ROOT = path.join(__dirname, "..", "..");

/** A value of the wrong JSON type for a schema (a number for a string, a string for anything else). */
function wrongValue(schema: JsonSchema): unknown {
  return schema.type === "string" ? 5 : "x";
}

/** Valid and invalid values for a schema: its examples, wrong types, unknown fields, one bad value per property. */
function samples(schema: object): unknown[] {
  const target = resolve(schema);
  const out: unknown[] = [null, "x", 7, [], {}, { unknown_field: 1 }];
  for (const [name, property] of Object.entries(target.properties ?? {})) {
    const resolved = resolve(property);
    out.push({ [name]: wrongValue(resolved) });
    if (resolved.enum) out.push({ [name]: resolved.enum[0] }, { [name]: `not-${resolved.enum[0]}` });
    if (resolved.type === "array") out.push({ [name]: [wrongValue(resolve(resolved.items ?? {}))] }, { [name]: [] });
    if (resolved.type === "object") out.push({ [name]: { unknown_field: true } });
  }
  return out;
}

function resolve(schema: object): JsonSchema {
  const ref = (schema as { $ref?: string }).$ref;
  if (!ref) return schema as JsonSchema;
  const parts = ref.replace(/^[^#]*#\/definitions\//, "").split("/");
  let current: unknown = definitions;
  for (const part of parts) current = (current as Record<string, unknown>)[part];
  return resolve(current as object);
}

function precompiledModule(closedModels: boolean): Record<string, ValidateFunction | undefined> {
  return require(`../../provider/ontap/schema/precompiled/${closedModels ? "closed" : "open"}`);
}

describe("precompiled validators", () => {
  it("are what `npm run validators` writes for today's schemas", () => {
    for (const [file, text] of Object.entries(precompiledFiles())) {
      const current = fs.readFileSync(file, "utf8");
      assert.ok(current === text, `${path.relative(ROOT, file)} is stale: run \`npm run validators\``);
    }
  });

  it("answer every value as Ajv does when it compiles the schema, errors included", () => {
    const sets = compiledSchemas();
    let compared = 0;
    for (const closedModels of [false, true]) {
      const ajv = modelsAjv(closedModels);
      const code = precompiledModule(closedModels);
      for (const schema of closedModels ? sets.closed : sets.open) {
        const precompiled = code[precompiledName(closedModels, schema)];
        assert.ok(precompiled, `no precompiled code for ${JSON.stringify(schema).slice(0, 120)}`);
        const ref = (schema as { $ref?: string }).$ref;
        const compiled = ref ? ajv.getSchema(ref)! : ajv.compile(schema);
        for (const value of samples(schema)) {
          const expected = compiled(value);
          assert.strictEqual(precompiled(value), expected, `${JSON.stringify(value)} against ${ref ?? "a schema"}`);
          assert.deepStrictEqual(precompiled.errors ?? null, compiled.errors ?? null);
          compared++;
        }
      }
    }
    assert.ok(compared > 500, `only ${compared} comparisons`);
  });

  it("are found by the name of schema and models: a changed schema finds none", () => {
    const { open } = compiledSchemas();
    const code = precompiledModule(false);
    const args = open.find((schema) => !("$ref" in schema))!;
    assert.ok(code[precompiledName(false, args)]);
    const changed = { ...args, required: [] };
    assert.strictEqual(code[precompiledName(false, changed)], undefined);
    assert.notStrictEqual(precompiledName(true, args), precompiledName(false, args));
  });

  it("leave Ajv's compiler unloaded in a process that validates; a schema without code still gets Ajv's answer", () => {
    const script = `
      const schema = require("./provider/ontap/schema");
      const { argumentsSchema } = require("./provider/runtime/validation");
      const { DESCRIPTORS } = require("./provider/model");
      const ajvLoaded = () => Object.keys(require.cache).some((f) => /node_modules\\/ajv\\/dist\\/(ajv|core)\\.js$/.test(f));
      const out = {};
      out.response = schema.modelProblems("ndmp_svm_response", { records: [{ enabled: "yes" }] }).length;
      out.closed = schema.modelProblems("ndmp_svm", { svm: { name: "a" }, extra: 1 }, { closed: true }).length;
      out.patch = schema.patchBodyProblems("svm", { enabled: 1 }).length;
      out.args = schema.compileValidator(argumentsSchema(DESCRIPTORS.svm))({ svm: 3 }).length;
      out.ajvBefore = ajvLoaded();
      out.uncompiled = schema.compileValidator({ type: "object", properties: { a: { type: "string" } } })({ a: 1 });
      out.ajvAfter = ajvLoaded();
      process.stdout.write(JSON.stringify(out));
    `;
    const run = cp.spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.test.json") },
    });
    assert.strictEqual(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.deepStrictEqual(
      { response: out.response, closed: out.closed, patch: out.patch, args: out.args, ajvBefore: out.ajvBefore },
      { response: 1, closed: 1, patch: 1, args: 1, ajvBefore: false },
    );
    assert.deepStrictEqual(out.uncompiled, [{ field: "a", value: 1, allowed: "must be of type string" }]);
    assert.strictEqual(out.ajvAfter, true);
  });
});
