import * as assert from "assert";
import type { PasswordJson } from "../../provider/cli/commands/password";
import { asAdmin, parseJson, runCli, stripAnsi, useSimulator } from "./helpers";

describe("cli: password", () => {
  const sim = useSimulator();

  const svm1 = (): { name: string; uuid: string } => sim().control.state().svms[0];
  const generated = (uuid: string, user: string): Promise<string> =>
    asAdmin(sim(), async (client) => (await client.generatePassword(uuid, user)).password!);

  it("refuses when stdout is not a terminal, explaining why, before any request (exit 4)", async () => {
    sim().control.clearRequestLog();
    const { code, stdout, stderr } = await runCli(sim(), ["password", "svm1", "backup_user"], { stdinTTY: true });
    assert.strictEqual(code, 4);
    assert.strictEqual(stdout, "");
    assert.match(
      stderr,
      /not printing the NDMP password: stdout is not a terminal, so it would land in a log file or a pipe/,
    );
    assert.match(stderr, /--reveal/);
    assert.deepStrictEqual(sim().control.requestLog(), []);
  });

  it("refuses with --json too when stdout is not a terminal", async () => {
    const { code, stdout, stderr } = await runCli(sim(), ["password", "svm1", "backup_user", "--json"]);
    assert.strictEqual(code, 4);
    assert.strictEqual(stdout, "");
    assert.deepStrictEqual(Object.keys(parseJson(stderr).error), ["message", "exit_code", "kind", "hint"]);
    assert.strictEqual(parseJson(stderr).error.kind, "refused");
  });

  it("prints the password on a terminal", async () => {
    const expected = await generated(svm1().uuid, "backup_user");
    const { code, stdout, stderr } = await runCli(sim(), ["password", "svm1", "backup_user"], { stdoutTTY: true });
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(
      stripAnsi(stdout),
      `svm:       svm1 (${svm1().uuid})\nuser:      backup_user\npassword:  ${expected}\n`,
    );
    assert.ok(stdout.includes(`\u001b[1m${expected}\u001b[0m`), "the password is bold on a terminal");
  });

  it("prints the password to a pipe with --reveal (table and JSON), the same one as on a terminal", async () => {
    const expected = await generated(svm1().uuid, "vsadmin");
    const table = await runCli(sim(), ["password", "svm1", "vsadmin", "--reveal"]);
    assert.strictEqual(table.code, 0, table.stderr);
    assert.strictEqual(table.stdout, `svm:       svm1 (${svm1().uuid})\nuser:      vsadmin\npassword:  ${expected}\n`);
    const tty = await runCli(sim(), ["password", "svm1", "vsadmin"], { stdoutTTY: true, env: { NO_COLOR: "1" } });
    assert.strictEqual(tty.stdout, table.stdout);

    const json = await runCli(sim(), ["password", "--reveal", "--json", "svm1", "vsadmin"]);
    assert.deepStrictEqual(parseJson<PasswordJson>(json.stdout), {
      svm: { name: "svm1", uuid: svm1().uuid },
      user: "vsadmin",
      password: expected,
    });
  });

  it("takes the SVM by uuid", async () => {
    const { uuid } = svm1();
    const { code, stdout } = await runCli(sim(), ["password", uuid, "backup_user", "--reveal", "--json"]);
    assert.strictEqual(code, 0);
    const result = parseJson<PasswordJson>(stdout);
    assert.strictEqual(result.svm.uuid, uuid);
    assert.strictEqual(result.password, await generated(uuid, "backup_user"));
  });

  it("reports an SVM name that does not exist (exit 1)", async () => {
    const { code, stdout, stderr } = await runCli(sim(), ["password", "nosuchsvm", "backup_user", "--reveal"]);
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, "");
    assert.match(stderr, /no SVM named 'nosuchsvm' /);
  });

  it("reports an unknown user with ONTAP's code (exit 1)", async () => {
    const { code, stdout, stderr } = await runCli(sim(), ["password", "svm1", "nobody", "--reveal"]);
    assert.strictEqual(code, 1);
    assert.strictEqual(stdout, "");
    assert.match(
      stderr,
      /^ontap-ndmp: ONTAP GET \/api\/protocols\/ndmp\/svms\/.*\/passwords\/nobody failed: \d{3} \d+ /,
    );
  });

  it("explains that node scope has no SVM passwords (65601536, exit 1)", async () => {
    await asAdmin(sim(), (client) => client.patchNdmpMode("node"));
    const { code, stderr } = await runCli(sim(), ["password", svm1().uuid, "backup_user", "--reveal"]);
    assert.strictEqual(code, 1);
    assert.match(stderr, /65601536/);
    assert.match(stderr, /hint: NDMP is in node scope .*node-scope-mode off/);
  });
});
