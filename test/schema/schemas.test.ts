// Every schema the package compiles is valid JSON Schema. The validators skip the meta-schema check (it cost every
// plugin process 50-100 ms: provider/ontap/schema/validate.ts), so it is made here, once per schema.
import * as assert from "assert";
import Ajv from "ajv";
import { modelsSchema } from "../../provider/ontap/schema";
import { compiledSchemas } from "../../tools/validators/precompile";

function assertValidSchema(schema: object, what: string): void {
  // Ajv's defaults: the draft-07 meta-schema, strict mode.
  const ajv = new Ajv({ strict: true, strictTypes: false });
  const valid = ajv.validateSchema(schema);
  assert.strictEqual(valid, true, `${what}: ${ajv.errorsText(ajv.errors)}`);
}

describe("schemas against the JSON Schema meta-schema", () => {
  it("the model definitions, open (responses) and closed (requests, the simulator)", () => {
    assertValidSchema(modelsSchema(false), "open models");
    assertValidSchema(modelsSchema(true), "closed models");
  });

  it("every schema the validators compile, against the open or the closed models (tools/validators/precompile.ts)", () => {
    const schemas = compiledSchemas();
    for (const [models, list] of Object.entries(schemas)) {
      assert.ok(list.length > 0, `no ${models} schemas`);
      list.forEach((schema, index) => {
        assertValidSchema(schema, `${models} schema ${index} (${JSON.stringify(schema).slice(0, 120)})`);
      });
    }
  });

  it("fails for a schema that is not valid (the check can fail)", () => {
    assert.throws(() => assertValidSchema({ type: "objekt" }, "broken"), /broken: data\/type must be/);
  });
});
