// How the engine-level tests get their Pulumi CLI (tools/pulumi-cli/cli.js): the pin follows the SDK in the lockfile,
// the pinned build answers with its version, and a CLI named by PULUMI_CLI or found on PATH is used only when
// supported.
import * as assert from "assert";
import * as cp from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliPin, ensurePulumiCli, isSupported, parseVersion, PulumiCliError } from "../../tools/pulumi-cli/cli";

const ROOT = path.join(__dirname, "..", "..");

describe("tools/pulumi-cli: the Pulumi CLI of the engine-level tests", function () {
  this.timeout(60_000);
  let scratch: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-cli-test-"));
  });
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));

  /** An executable script that prints `version` output like a CLI of that version. */
  function fakeCli(name: string, version: string): string {
    const dir = fs.mkdtempSync(path.join(scratch, "bin-"));
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/sh\n[ "$1" = version ] && echo ${version}\n`, { mode: 0o755 });
    return file;
  }

  it("pins the CLI in go.mod to the @pulumi/pulumi version of package-lock.json", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    assert.strictEqual(cliPin(), `v${lock.packages["node_modules/@pulumi/pulumi"].version}`);
  });

  it("the CLI it provides answers `pulumi version` with the pinned version (or a supported one on PATH)", () => {
    const cli = ensurePulumiCli();
    const version = cp.execFileSync(cli.path, ["version"], { encoding: "utf8" }).trim();
    assert.strictEqual(version, cli.version);
    if (cli.source === "cache" || cli.source === "built") assert.strictEqual(version, cliPin());
    assert.ok(fs.existsSync(path.join(cli.pluginDir, "pulumi-resource-pulumi-nodejs")));
  });

  it("reads versions and accepts v3.181.0 and later v3 releases only", () => {
    assert.deepStrictEqual(parseVersion("v3.248.0\n"), [3, 248, 0]);
    assert.strictEqual(parseVersion("not a version"), undefined);
    for (const ok of [
      [3, 181, 0],
      [3, 248, 0],
      [3, 300, 1],
    ])
      assert.ok(isSupported(ok), ok.join("."));
    for (const no of [
      [3, 180, 9],
      [2, 300, 0],
      [4, 0, 0],
    ])
      assert.ok(!isSupported(no), no.join("."));
  });

  it("PULUMI_CLI naming an old CLI or something else is an error that says why", () => {
    const old = fakeCli("pulumi", "v3.100.0");
    assert.throws(
      () => ensurePulumiCli({ env: { ...process.env, PULUMI_CLI: old } }),
      (e: Error) => e instanceof PulumiCliError && /is v3\.100\.0; this harness needs v3\.181\.0/.test(e.message),
    );
    assert.throws(
      () => ensurePulumiCli({ env: { ...process.env, PULUMI_CLI: "/bin/true" } }),
      /PULUMI_CLI=\/bin\/true is not a Pulumi CLI that answers `version`/,
    );
  });

  it("a supported pulumi on PATH is used; an unsupported one is passed over, saying so", () => {
    const ambient = fakeCli("pulumi", "v3.250.0");
    const found = ensurePulumiCli({ env: { ...process.env, PULUMI_CLI: "", PATH: path.dirname(ambient) } });
    assert.deepStrictEqual([found.path, found.version, found.source], [ambient, "v3.250.0", "PATH"]);

    const tooOld = fakeCli("pulumi", "v3.150.0");
    const lines: string[] = [];
    const pinned = ensurePulumiCli({
      env: { ...process.env, PULUMI_CLI: "", PATH: `${path.dirname(tooOld)}${path.delimiter}${process.env.PATH}` },
      log: (line) => lines.push(line),
    });
    assert.strictEqual(pinned.version, cliPin());
    assert.match(lines.join("\n"), /pulumi on PATH \(.*, v3\.150\.0\) is not supported/);
  });
});
