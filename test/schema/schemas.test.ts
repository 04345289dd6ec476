// Every schema the package compiles is valid JSON Schema. The validators skip the meta-schema check (it cost every
// plugin process 50-100 ms: provider/ontap/schema/validate.ts), so it is made here, once per schema.
import * as assert from "assert";
import Ajv from "ajv";
import { DESCRIPTORS } from "../../provider/model";
import { modelsSchema, patchableModels, patchSchema, PatchableModel } from "../../provider/ontap/schema";
import { argumentsSchema } from "../../provider/runtime/validation";
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

  it("the PATCH body of each patchable model", () => {
    for (const model of Object.keys(patchableModels) as PatchableModel[]) {
      assertValidSchema(patchSchema(model), `PATCH ${model}`);
    }
  });

  it("the arguments of each resource kind, as check() validates them", () => {
    for (const [kind, descriptor] of Object.entries(DESCRIPTORS)) {
      assertValidSchema(argumentsSchema(descriptor), `${kind} arguments`);
    }
  });

  it("every schema precompiled for the validators (tools/validators/precompile.ts) is one of those above", () => {
    const checked = [
      ...Object.keys(patchableModels).map((model) => patchSchema(model as PatchableModel)),
      ...Object.values(DESCRIPTORS).map((descriptor) => argumentsSchema(descriptor)),
    ].map((schema) => JSON.stringify(schema));
    const { open, closed } = compiledSchemas();
    for (const schema of [...open, ...closed]) {
      const ref = (schema as { $ref?: string }).$ref;
      if (ref?.startsWith("ontap-ndmp#/definitions/")) continue; // a definition of the models checked above
      assert.ok(checked.includes(JSON.stringify(schema)), `not checked: ${JSON.stringify(schema).slice(0, 200)}`);
    }
  });

  it("fails for a schema that is not valid (the check can fail)", () => {
    assert.throws(() => assertValidSchema({ type: "objekt" }, "broken"), /broken: data\/type must be/);
  });
});
