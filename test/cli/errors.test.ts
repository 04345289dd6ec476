import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { parseJson, runCli, SENTINEL_PASSWORD, simulatorEnv, useSimulator } from "./helpers";

describe("cli: connection settings and errors", () => {
  const sim = useSimulator({ readOnlyUser: { username: "monitor", password: "monitor-pw-31337" } });

  it("reports wrong credentials (HTTP 401) as a connection error with the credentials hint (exit 3)", async () => {
    const wrong = "Wrong-Password-55";
    const { code, stdout, stderr } = await runCli(sim(), ["status"], {
      env: { ONTAP_PASSWORD: wrong },
      secrets: [wrong],
    });
    assert.strictEqual(code, 3);
    assert.strictEqual(stdout, "");
    assert.match(stderr, /^ontap-ndmp: ONTAP GET \/api\/protocols\/ndmp failed: 401/);
    assert.match(stderr, /hint: Wrong credentials/);
  });

  it("never prints a password given with --password, in errors or JSON errors", async () => {
    const flag = "Flag-Password-8812";
    for (const json of [false, true]) {
      const { code, stderr } = await runCli(sim(), ["status", "--password", flag, ...(json ? ["--json"] : [])], {
        secrets: [flag],
      });
      assert.strictEqual(code, 3);
      if (json) assert.strictEqual(parseJson(stderr).error.status, 401);
    }
    const usage = await runCli(sim(), ["status", `--password=${flag}`, "--bogus"], { secrets: [flag] });
    assert.strictEqual(usage.code, 2);
  });

  it("never shows a word of the command line that is the password, even typed as an argument", async () => {
    const { code, stderr } = await runCli(sim(), ["status", SENTINEL_PASSWORD]);
    assert.strictEqual(code, 2);
    assert.match(stderr, /unexpected argument \(a password, not shown\)/);
  });

  for (const [setting, flag, variable] of [
    ["host", "--host", "ONTAP_HOST"],
    ["username", "--username", "ONTAP_USERNAME"],
    ["password", "--password", "ONTAP_PASSWORD"],
  ] as const) {
    it(`names the flag and the variable of a missing ${setting} (exit 3)`, async () => {
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "list"], { env: { [variable]: undefined } });
      assert.strictEqual(code, 3);
      assert.strictEqual(stdout, "");
      const certificate =
        setting === "password"
          ? " (or log in with a client certificate: --client-cert, environment variable ONTAP_CLIENT_CERT, and its key: --client-key, environment variable ONTAP_CLIENT_KEY)"
          : "";
      assert.strictEqual(
        stderr,
        `ontap-ndmp: No ONTAP ${setting}: set ${flag}, environment variable ${variable}${certificate}.\n`,
      );
    });
  }

  it("takes flags before environment variables", async () => {
    const { code, stderr } = await runCli(
      sim(),
      ["status", "--host", sim().url, "--username", sim().username, "--password", SENTINEL_PASSWORD],
      { env: { ONTAP_HOST: "https://127.0.0.1:1", ONTAP_USERNAME: "nobody", ONTAP_PASSWORD: "nothing" } },
    );
    assert.strictEqual(code, 0, stderr);
  });

  it("reports an invalid host with the flag's name and the accepted forms (exit 3)", async () => {
    const { code, stderr } = await runCli(sim(), ["status", "--host", "ftp://cluster1"]);
    assert.strictEqual(code, 3);
    assert.match(stderr, /^ontap-ndmp: Invalid --host "ftp:\/\/cluster1": the scheme must be https/);
  });

  it("reports an untrusted certificate with --ca-cert/--insecure advice (exit 3); both fix it", async () => {
    const untrusted = await runCli(sim(), ["status"], { env: { ONTAP_CA_CERT: undefined } });
    assert.strictEqual(untrusted.code, 3);
    assert.match(untrusted.stderr, /hint: .*--ca-cert .*--insecure/);

    const insecure = await runCli(sim(), ["status", "--insecure"], { env: { ONTAP_CA_CERT: undefined } });
    assert.strictEqual(insecure.code, 0, insecure.stderr);
    const envInsecure = await runCli(sim(), ["status"], { env: { ONTAP_CA_CERT: undefined, ONTAP_INSECURE: "true" } });
    assert.strictEqual(envInsecure.code, 0, envInsecure.stderr);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ontap-ndmp-cli-"));
    try {
      const file = path.join(dir, "ca.pem");
      fs.writeFileSync(file, sim().caCert!);
      const withFile = await runCli(sim(), ["status", "--ca-cert", file], { env: { ONTAP_CA_CERT: undefined } });
      assert.strictEqual(withFile.code, 0, withFile.stderr);
      const missing = await runCli(sim(), ["status", "--ca-cert", path.join(dir, "none.pem")]);
      assert.strictEqual(missing.code, 3);
      assert.match(missing.stderr, /--ca-cert: cannot read CA certificate file .*none\.pem.* \(ENOENT\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reports a refused permission (403, code 6) as an ONTAP error (exit 1)", async () => {
    const [session] = sim()
      .control.sessions()
      .filter((s) => s.scope === "svm");
    const { code, stderr } = await runCli(
      sim(),
      ["sessions", "kill", `${session.record.uuid}/${session.record.id}`, "--yes"],
      { env: { ONTAP_USERNAME: "monitor", ONTAP_PASSWORD: "monitor-pw-31337" }, secrets: ["monitor-pw-31337"] },
    );
    assert.strictEqual(code, 1);
    assert.match(stderr, /failed: 403 6 /);
    assert.match(stderr, /hint: The account's role lacks the privilege/);
  });

  it("reports a cluster that is not listening (ECONNREFUSED) as a connection error (exit 3)", async function () {
    this.timeout(20_000);
    const gone: SimulatorHandle = await startSimulator({ password: SENTINEL_PASSWORD });
    const env = simulatorEnv(gone);
    await gone.stop();
    const { code, stderr } = await runCli(undefined, ["status"], { env });
    assert.strictEqual(code, 3);
    assert.match(stderr, /ECONNREFUSED/);
    assert.match(stderr, /hint: Nothing accepts connections at this address/);
  });
});
