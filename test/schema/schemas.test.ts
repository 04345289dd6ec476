// Every schema the package compiles is valid JSON Schema. The validators skip the meta-schema check at run time (it
// cost every plugin process 50-100 ms: provider/ontap/schema/validate.ts), so it is made here, once per schema.
import * as assert from "assert";
import Ajv from "ajv";
import { DESCRIPTORS } from "../../provider/model";
import { modelsSchema, patchableModels, patchSchema, PatchableModel } from "../../provider/ontap/schema";
import { argumentsSchema } from "../../provider/runtime/validation";

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

  it("fails for a schema that is not valid (the check can fail)", () => {
    assert.throws(() => assertValidSchema({ type: "objekt" }, "broken"), /broken: data\/type must be/);
  });
});
