// The layering issue 9 asks for, checked on the sources: the simulator imports nothing from the client (provider/),
// and spec/, which both share, imports nothing but itself: no validator, no HTTP, no package.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { resolved, ROOT, sources, specifiers } from "../helpers/sources";

describe("independence of the simulator and the shared spec", () => {
  it("no simulator module imports from provider/", () => {
    const offenders = sources("simulator").flatMap((file) =>
      specifiers(file)
        .map((s) => resolved(file, s))
        .filter((target) => target === "provider" || target.startsWith(`provider${path.sep}`))
        .map((target) => `${file} → ${target}`),
    );
    assert.deepStrictEqual(offenders, []);
  });

  it("spec/ imports only spec/ (no package, no client, no simulator)", () => {
    const offenders = sources("spec").flatMap((file) =>
      specifiers(file)
        .map((s) => resolved(file, s))
        .filter((target) => !target.startsWith(`spec${path.sep}`))
        .map((target) => `${file} → ${target}`),
    );
    assert.deepStrictEqual(offenders, []);
  });

  it("the simulator states its rules itself (model/rules.ts cites a source for each)", () => {
    const text = fs.readFileSync(path.join(ROOT, "simulator", "model", "rules.ts"), "utf8");
    const exported = [...text.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
    assert.ok(exported.length >= 8, exported.join(", "));
    for (const name of exported) {
      const before = text.slice(0, text.indexOf(`export function ${name}`));
      const doc = before.slice(before.lastIndexOf("/**"));
      assert.match(doc, /\[(9\.9\.1|NetApp docs|choice)/, `${name} cites no source`);
    }
  });
});
