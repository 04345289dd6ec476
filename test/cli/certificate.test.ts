// Certificate authentication in the `ontap-ndmp` CLI, through the built bin: --client-cert/--client-key and
// ONTAP_CLIENT_CERT/ONTAP_CLIENT_KEY against a simulator with a certificate login, no username or password; the
// refusals before any request (exit 3, the flag or variable named); and the key never in any output.
import * as assert from "assert";
import * as fs from "fs";
import { SimulatorHandle, startSimulator } from "../../simulator";
import { ClientCertificateFiles, writeClientCertificates } from "../fixtures/clientCertificates";
import { bin, BinResult, ensureBuilt } from "./binary";
import { parseJson, runCli } from "./helpers";

describe("cli: certificate authentication (built bin)", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let files: ClientCertificateFiles;

  before(async () => {
    await ensureBuilt();
    sim = await startSimulator({ password: "Sentinel-Admin-Pw-cert", certUsers: ["ci"] });
    files = writeClientCertificates("ci", sim);
  });
  after(async () => {
    files?.remove();
    await sim?.stop();
  });
  beforeEach(() => sim.control.reset());

  const base = () => ({ ONTAP_HOST: sim.url, ONTAP_CA_CERT: sim.caCert! });

  function assertNoKey(result: BinResult): void {
    for (const text of [result.stdout, result.stderr]) {
      assert.ok(!text.includes(files.keyLine), `the output shows the key:\n${text}`);
      assert.ok(!/-----END [A-Z ]*PRIVATE KEY/.test(text), `the output shows a PEM key:\n${text}`);
    }
  }

  it("runs 'status --json' with --client-cert and --client-key (files), no username or password", async () => {
    const result = await bin(["status", "--json", "--client-cert", files.cert, "--client-key", files.key], base());
    assert.strictEqual(result.code, 0, result.stderr);
    assert.strictEqual(parseJson(result.stdout).mode, "svm");
    assertNoKey(result);
    const logins = new Set(sim.control.requestLog().map((e) => `${e.user}/${e.authentication}`));
    assert.deepStrictEqual([...logins], ["ci/certificate"]);
  });

  it("runs with ONTAP_CLIENT_CERT and ONTAP_CLIENT_KEY holding PEM text, and writes (sessions kill --yes)", async () => {
    const env = { ...base(), ONTAP_CLIENT_CERT: files.certPem, ONTAP_CLIENT_KEY: files.keyPem };
    const list = await bin(["sessions", "list", "--json"], env);
    assert.strictEqual(list.code, 0, list.stderr);
    const session = parseJson(list.stdout).sessions[0];
    const kill = await bin(["sessions", "kill", `${session.owner}/${session.id}`, "--yes"], env);
    assert.strictEqual(kill.code, 0, kill.stderr);
    assertNoKey(list);
    assertNoKey(kill);
    assert.ok(sim.control.requestLog().some((e) => e.method === "DELETE" && e.user === "ci" && e.status === 200));
  });

  it("lists --client-cert and --client-key with their variables in --help", async () => {
    const help = await bin(["--help"], {});
    assert.match(help.stdout, /--client-cert <file\|pem>\s+ONTAP_CLIENT_CERT/);
    assert.match(help.stdout, /--client-key <file\|pem>\s+ONTAP_CLIENT_KEY/);
  });

  const refusals: Array<[string, () => string[], () => Record<string, string>, RegExp]> = [
    [
      "a certificate without a key",
      () => ["--client-cert", files.cert],
      () => ({}),
      /^ontap-ndmp: --client-cert is set but no private key: set --client-key, environment variable ONTAP_CLIENT_KEY/,
    ],
    [
      "a key without a certificate",
      () => [],
      () => ({ ONTAP_CLIENT_KEY: files.key }),
      /^ontap-ndmp: environment variable ONTAP_CLIENT_KEY is set but no client certificate: set --client-cert, environment variable ONTAP_CLIENT_CERT/,
    ],
    [
      "a key of another certificate",
      () => ["--client-cert", files.cert, "--client-key", files.otherKey],
      () => ({}),
      /^ontap-ndmp: --client-key: this private key does not belong to the client certificate of "ci" \(--client-cert\)/,
    ],
    [
      "an encrypted key",
      () => ["--client-cert", files.cert, "--client-key", files.encryptedKey],
      () => ({}),
      /--client-key: the private key in the PEM in ".*encrypted\.key\.pem" is encrypted with a passphrase, .*openssl pkey -in key\.pem -out key-decrypted\.pem/,
    ],
    [
      "an expired certificate",
      () => ["--client-cert", files.expiredCert, "--client-key", files.expiredKey],
      () => ({}),
      /--client-cert: the client certificate of "ci" expired on/,
    ],
    [
      "a certificate that is not PEM",
      () => ["--client-cert", `${files.dir}/README`, "--client-key", files.key],
      () => ({}),
      /--client-cert: cannot read client certificate file ".*README" \(ENOENT\)/,
    ],
    [
      "a password beside the certificate",
      () => ["--client-cert", files.cert, "--client-key", files.key, "--username", "admin", "--password", "pw"],
      () => ({}),
      /^ontap-ndmp: Both a password \(--password\) and a client certificate \(--client-cert and --client-key\) are set: .*Drop --password to log in with the certificate, or drop --client-cert and --client-key to log in with the password/,
    ],
  ];
  for (const [name, args, env, message] of refusals) {
    it(`refuses ${name} before any request (exit 3)`, async () => {
      const result = await bin(["status", ...args()], { ...base(), ...env() });
      assert.strictEqual(result.code, 3, result.stderr);
      assert.match(result.stderr, message);
      assert.strictEqual(result.stdout, "");
      assertNoKey(result);
      assert.strictEqual(sim.control.counters().total, 0, "a request was sent");
    });
  }

  it("answers a certificate the cluster refuses with exit 3 and the ONTAP commands to check", async () => {
    const stranger = writeClientCertificates("stranger", sim);
    try {
      const result = await bin(["status", "--client-cert", stranger.cert, "--client-key", stranger.key], base());
      assert.strictEqual(result.code, 3, result.stderr);
      assert.match(result.stderr, /401/);
      assert.match(
        result.stderr,
        /did not accept the client certificate: its common name must be a login created with -authentication-method cert/,
      );
      assert.ok(!result.stderr.includes(stranger.keyLine));
    } finally {
      stranger.remove();
    }
  });

  it("never shows a key given as PEM text in a flag, even in a usage error", async () => {
    const result = await runCli(undefined, ["status", "--client-key", files.keyPem, files.keyPem], {
      bareEnv: true,
      secrets: [files.keyLine],
    });
    assert.strictEqual(result.code, 2, result.stderr);
    assert.ok(!result.stderr.includes(files.keyLine), result.stderr);
    assert.ok(fs.existsSync(files.key));
  });
});
