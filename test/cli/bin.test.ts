// The installed entry point: package.json's bin runs dist/provider/cli/main.js with node (shebang).
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { BIN, ROOT, bin, ensureBuilt } from "./binary";
import { parseJson, SENTINEL_PASSWORD, simulatorEnv, useSimulator, assertNoSecret } from "./helpers";

describe("cli: the built bin", function () {
  this.timeout(60_000);
  const sim = useSimulator();

  before(ensureBuilt);

  it("starts with the node shebang and is what package.json's bin names", () => {
    assert.ok(fs.readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n"));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.strictEqual(path.resolve(ROOT, pkg.bin["ontap-ndmp"]), BIN);
  });

  it("runs 'status --json' with ONTAP_* variables and exits 0", async () => {
    const { code, stdout, stderr } = await bin(["status", "--json"], simulatorEnv(sim()));
    assert.strictEqual(code, 0, stderr);
    const result = parseJson(stdout);
    assert.strictEqual(result.mode, "svm");
    assert.deepStrictEqual(
      result.svms.map((s: { name: string }) => s.name),
      sim()
        .control.state()
        .svms.map((s) => s.name),
    );
    assertNoSecret(stdout + stderr, [SENTINEL_PASSWORD], "output");
  });

  it("refuses to kill without --yes from a pipe, and to print a password into one (exit 4)", async () => {
    const [session] = sim()
      .control.sessions()
      .filter((s) => s.scope === "svm");
    const [kill, password] = await Promise.all([
      bin(["sessions", "kill", `${session.record.uuid}/${session.record.id}`], simulatorEnv(sim())),
      bin(["password", "svm1", "backup_user"], simulatorEnv(sim())),
    ]);
    assert.strictEqual(kill.code, 4, kill.stderr);
    assert.match(kill.stderr, /stdin is not a terminal/);
    assert.strictEqual(password.code, 4, password.stderr);
    assert.match(password.stderr, /stdout is not a terminal/);
    assert.strictEqual(kill.stdout + password.stdout, "");
  });

  it("exits 3 with the flag and variable named when the host is missing", async () => {
    const { code, stderr } = await bin(["status"], {});
    assert.strictEqual(code, 3);
    assert.strictEqual(stderr, "ontap-ndmp: No ONTAP host: set --host, environment variable ONTAP_HOST.\n");
  });
});
