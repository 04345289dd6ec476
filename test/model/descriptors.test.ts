// Issue 12: one descriptor per resource kind (provider/model/). Each agrees with the shared API definitions
// (spec/definitions.ts), manages every field ONTAP lets a PATCH set, and is what the README's argument tables show.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { allowedValues, argumentRows, DESCRIPTORS, fieldDefinition, RESOURCE_KINDS } from "../../provider/model";
import { definitions, patchableModels, writableProperties } from "../../spec/definitions";

const README = fs.readFileSync(path.resolve(__dirname, "..", "..", "README.md"), "utf8");

/** The rows of the first table under the README heading "### `<typeName>`", cells trimmed. */
function readmeRows(typeName: string): string[][] {
  const start = README.indexOf(`### \`${typeName}\``);
  assert.ok(start >= 0, `README has no section for ${typeName}`);
  const lines = README.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const table = lines.slice(
    first,
    lines.findIndex((l, i) => i > first && !l.startsWith("|")),
  );
  return table.slice(2).map((row) =>
    row
      .replace(/^\|\s*|\s*\|$/g, "")
      .split(/\s+\|\s+/)
      .map((cell) => cell.trim()),
  );
}

describe("resource kind descriptors (provider/model/)", () => {
  for (const kind of RESOURCE_KINDS) {
    const descriptor = DESCRIPTORS[kind];
    describe(descriptor.typeName, () => {
      it("names ONTAP fields of its model, with the model's write-only flags and array fields compared as sets", () => {
        assert.ok(Object.hasOwn(definitions, descriptor.model), descriptor.model);
        assert.strictEqual(descriptor.kind, kind);
        for (const setting of descriptor.settings) {
          const definition = fieldDefinition(descriptor, setting);
          const raw = definitions[descriptor.model].properties?.[setting.field];
          assert.strictEqual(Boolean(setting.writeOnly), Boolean(raw?.writeOnly), `${setting.property} write-only`);
          assert.strictEqual(setting.compare === "set", definition.type === "array", `${setting.property} compare`);
          if (setting.writeOnly) assert.ok(setting.secret, `${setting.property}: a write-only value is a secret`);
          if (setting.writeOnly) {
            const control = setting.writeOnly.resendOn;
            assert.ok(
              descriptor.controls.some((c) => c.property === control),
              `${control} is a control of ${descriptor.typeName}`,
            );
          }
          const values = allowedValues(descriptor, setting);
          if (values) assert.ok(values.length > 0);
        }
      });

      it("manages every field a PATCH of its model may set, each once", () => {
        const model = Object.entries(patchableModels).find(([, name]) => name === descriptor.model)?.[0];
        assert.ok(model, `${descriptor.model} is PATCHable`);
        const writable = Object.keys(writableProperties(model as keyof typeof patchableModels)).sort();
        const managed = descriptor.settings.map((s) => s.field).sort();
        assert.deepStrictEqual(managed, writable);
        const properties = descriptor.settings.map((s) => s.property);
        assert.strictEqual(new Set(properties).size, properties.length);
      });

      it("is what the README's argument table shows", () => {
        assert.deepStrictEqual(readmeRows(descriptor.typeName), argumentRows(descriptor));
      });
    });
  }
});
