// Every example program type-checks against the built package, as a consumer's `tsc` would see it.
import * as assert from "assert";
import * as cp from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

const EXAMPLES = path.join(__dirname, "..", "..", "examples");

describe("examples", function () {
  this.timeout(60_000);

  it("each has a README, a Pulumi.yaml whose main is its program, and an index.ts", () => {
    const dirs = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "ci");
    assert.deepStrictEqual(dirs.map((d) => d.name).sort(), [
      "generated-password",
      "multi-cluster",
      "node-scope",
      "quickstart",
      "sessions-report",
    ]);
    for (const dir of dirs) {
      for (const file of ["README.md", "Pulumi.yaml", "index.ts"]) {
        assert.ok(fs.existsSync(path.join(EXAMPLES, dir.name, file)), `${dir.name}/${file}`);
      }
      assert.match(fs.readFileSync(path.join(EXAMPLES, dir.name, "Pulumi.yaml"), "utf8"), /^main: index\.ts$/m);
    }
  });

  it("type-check with tsc", async () => {
    const tsc = require.resolve("typescript/bin/tsc");
    try {
      await promisify(cp.execFile)(process.execPath, [tsc, "-p", path.join(EXAMPLES, "tsconfig.json")]);
    } catch (err) {
      const { stdout, stderr } = err as { stdout: string; stderr: string };
      assert.fail(`tsc found errors in the examples:\n${stdout}${stderr}`);
    }
  });
});
