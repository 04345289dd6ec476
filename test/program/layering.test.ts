// Issue 12: the program-side entry loads no plugin-side code, and the package publishes the narrowed public API only.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { resolved, ROOT, sources, specifiers } from "../helpers/sources";

/** Every relative module a file imports or re-exports, resolved against the repository root. */
function imports(file: string): string[] {
  return specifiers(file)
    .filter((s) => s.startsWith("."))
    .map((s) => resolved(file, s).split(path.sep).join("/"));
}

/** Every module file that `require(entry)` loads in a fresh node process. */
function modulesLoadedBy(entry: string): string[] {
  const script =
    `require(${JSON.stringify(path.join(ROOT, entry))});` +
    `process.stdout.write(JSON.stringify(Object.keys(require.cache)))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as string[];
}

/** The modules of this package that `require(entry)` loads in a fresh node process, relative to dist/. */
function loadedBy(entry: string): string[] {
  const dist = path.join(ROOT, "dist") + path.sep;
  return modulesLoadedBy(entry)
    .filter((k) => k.startsWith(dist))
    .map((k) => k.slice(dist.length).split(path.sep).join("/"));
}

describe("layering and public API (issue 12)", () => {
  it("loading the main entry (dist/provider/index.js) loads no module of provider/runtime/", () => {
    const loaded = loadedBy("dist/provider/index.js");
    assert.ok(loaded.includes("provider/resources/ndmpMode.js"), loaded.join(", "));
    assert.deepStrictEqual(
      loaded.filter((m) => m.startsWith("provider/runtime/")),
      [],
    );
  });

  it("loading the main entry loads no REST client, axios or Ajv: a program that calls no data function needs none", () => {
    const loaded = modulesLoadedBy("dist/provider/index.js").map((k) => k.split(path.sep).join("/"));
    const client = loaded.filter((k) =>
      /\/dist\/provider\/(clusters|ontap\/(client|transport|coalescing|schema\/validate))\.js$|\/node_modules\/(axios|ajv)\//.test(
        k,
      ),
    );
    assert.deepStrictEqual(client, []);
  });

  it("resources/, functions/ and what both sides share import nothing from runtime/", () => {
    const programSide = [
      "provider/index.ts",
      "provider/client.ts",
      "provider/connection.ts",
      "provider/clusters.ts",
      "provider/booleans.ts",
      ...sources("provider/resources"),
      ...sources("provider/functions"),
      ...sources("provider/model"),
      ...sources("provider/ontap"),
    ];
    const offenders = programSide.flatMap((file) =>
      imports(file)
        .filter((target) => target === "provider/runtime" || target.startsWith("provider/runtime/"))
        .map((target) => `${file} → ${target}`),
    );
    assert.deepStrictEqual(offenders, []);
  });

  it("the main entry exports the resources, data functions and errors, not the REST client", () => {
    const main = require(path.join(ROOT, "dist/provider/index.js")) as Record<string, unknown>;
    for (const name of ["NdmpMode", "NdmpNodeConfig", "NdmpSvmConfig", "getNdmpSessions", "getNdmpPassword"]) {
      assert.strictEqual(typeof main[name], "function", name);
    }
    assert.strictEqual(typeof main.OntapError, "function");
    assert.strictEqual(typeof main.OntapConfigError, "function");
    for (const name of ["OntapClient", "parseEndpoint", "InFlightLimiter", "SESSION_STATES"]) {
      assert.strictEqual(main[name], undefined, name);
    }
    const client = require(path.join(ROOT, "dist/provider/client.js")) as Record<string, unknown>;
    assert.strictEqual(typeof client.OntapClient, "function");
    assert.strictEqual(client.OntapError, main.OntapError, "one error class, whichever entry it comes from");
  });

  it("package.json exports the documented entry points; npm pack lists no source maps", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    assert.deepStrictEqual(Object.keys(pkg.exports), [".", "./client", "./runtime", "./simulator", "./package.json"]);
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(
      execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" }),
    ) as Array<{ files: Array<{ path: string }> }>;
    const files = packed[0].files.map((f) => f.path);
    assert.deepStrictEqual(
      files.filter((f) => f.endsWith(".map")),
      [],
    );
    for (const needed of ["dist/provider/index.js", "dist/provider/client.d.ts", "dist/provider/runtime/index.js"]) {
      assert.ok(files.includes(needed), needed);
    }
  });
});
