// Bad input: each row is an invalid program (a resource of `kind` with `args`, and possibly broken connection
// settings). Every one must fail in `check`, which is what `pulumi preview` runs, with a reason that names the field
// and says what is allowed, and without a single HTTP request. All rows run through the runtime's check directly;
// a representative subset also runs as real previews through the engine, to show the reason reaches the user.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { methods, providerOf, stackConfigOf } from "../resources/harness";
import { StackConfig } from "../../tools/engine";
import { fixtureStack, ontapConfig } from "./helpers";

type Kind = "mode" | "node" | "svm";

interface Row {
  name: string;
  kind: Kind;
  args: Record<string, unknown>;
  /** The failure's property (its first segment is what all of the row's failures must concern). */
  property: string;
  message: RegExp;
  /** Stack config replacing the simulator's (`{}`: nothing configured). */
  config?: Record<string, string>;
  /** Also run as an engine preview. */
  engine?: boolean;
}

const AUTH = /must be one of "plaintext", "challenge", "plaintext_sso"/;
const HOSTS = /Allowed: "name", "name:port", "\[v6\]:port" or "https:\/\/name:port"/;
const UUID_NODE = "1cd8a442-86d1-11e0-ae1c-123478563412";
const SECRET = "hunter2-typo-secret";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-bad-input-"));
const NOT_PEM = path.join(tmp, "not-a-cert.txt");
const BROKEN_PEM = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
fs.writeFileSync(NOT_PEM, "just text\n");

/** Connection settings filled in per simulator: host `$url`, valid credentials. */
const conn = (extra: Record<string, unknown>) => ({ connection: { host: "$url", ...extra } });

// prettier-ignore
const ROWS: Row[] = [
  // --- NdmpMode
  { name: "mode: unknown enum value", kind: "mode", args: { mode: "cluster" }, property: "mode", message: /mode: "cluster" must be one of "svm", "node"/ },
  { name: "mode: missing", kind: "mode", args: {}, property: "mode", message: /mode is required/ },
  { name: "mode: wrong type", kind: "mode", args: { mode: 1 }, property: "mode", message: /mode: 1 must be of type string/ },
  { name: "mode: wrong case", kind: "mode", args: { mode: "SVM" }, property: "mode", message: /mode: "SVM" must be one of "svm", "node"/ },
  { name: "mode: unknown argument", kind: "mode", args: { mode: "svm", scope: "cluster" }, property: "scope", message: /scope is not a known field; known fields: __provider, connection, onDelete, mode/ },
  { name: "onDelete: unknown enum value", kind: "mode", args: { mode: "svm", onDelete: "destroy" }, property: "onDelete", message: /onDelete: "destroy" must be one of "retain", "restore"/ },
  { name: "onDelete: wrong type", kind: "svm", args: { svm: "svm1", onDelete: true }, property: "onDelete", message: /onDelete: true must be of type string/ },
  // --- NdmpNodeConfig
  { name: "node: missing", kind: "node", args: { enabled: true }, property: "node", message: /node is required/ },
  { name: "node: empty", kind: "node", args: { node: "" }, property: "node", message: /node: "" must NOT have fewer than 1 characters/ },
  { name: "node: wrong type", kind: "node", args: { node: 42 }, property: "node", message: /node: 42 must be of type string/ },
  { name: "node: truncated uuid", kind: "node", args: { node: UUID_NODE.slice(0, 23) }, property: "node", message: /looks like a UUID but is malformed; give the node name or its full UUID \(8-4-4-4-12 hexadecimal digits\)/, engine: true },
  { name: "node: uuid with a non-hex digit", kind: "node", args: { node: `${UUID_NODE.slice(0, 35)}z` }, property: "node", message: /looks like a UUID but is malformed/ },
  { name: "enabled: a word", kind: "node", args: { node: "cluster1-01", enabled: "yes" }, property: "enabled", message: /enabled: "yes" must be of type boolean/ },
  { name: "enabled: a number other than 0/1", kind: "node", args: { node: "cluster1-01", enabled: 2 }, property: "enabled", message: /enabled: 2 must be of type boolean/ },
  { name: "node authenticationTypes: not a list", kind: "node", args: { node: "cluster1-01", authenticationTypes: "challenge" }, property: "authenticationTypes", message: /authenticationTypes: "challenge" must be of type array/ },
  { name: "node authenticationTypes: empty list", kind: "node", args: { node: "cluster1-01", authenticationTypes: [] }, property: "authenticationTypes", message: /authenticationTypes: \[\] is refused: "authentication_types" must name at least one of "plaintext", "challenge", "plaintext_sso"/ },
  { name: "node authenticationTypes: duplicate", kind: "node", args: { node: "cluster1-01", authenticationTypes: ["challenge", "challenge"] }, property: "authenticationTypes", message: /Authentication type "challenge" is listed more than once/ },
  { name: "node scope without challenge", kind: "node", args: { node: "cluster1-01", authenticationTypes: ["plaintext"] }, property: "authenticationTypes", message: /In node scope the authentication type "challenge" cannot be disabled: "authentication_types" must include "challenge"/, engine: true },
  { name: "node authenticationTypes: unknown enum value", kind: "node", args: { node: "cluster1-01", authenticationTypes: ["challenge", "md5"] }, property: "authenticationTypes", message: /authenticationTypes\[1\]: "md5" must be one of/ },
  { name: "node: plaintext_sso with challenge", kind: "node", args: { node: "cluster1-01", authenticationTypes: ["plaintext_sso", "challenge"] }, property: "authenticationTypes", message: /"plaintext_sso" cannot be combined with other authentication types/ },
  { name: "user: empty", kind: "node", args: { node: "cluster1-01", user: "" }, property: "user", message: /user: "" must NOT have fewer than 1 characters/ },
  { name: "user: wrong type", kind: "node", args: { node: "cluster1-01", user: 5 }, property: "user", message: /user: 5 must be of type string/ },
  { name: "password: empty (value not shown)", kind: "node", args: { node: "cluster1-01", password: "" }, property: "password", message: /password \(an empty string, not shown\) must NOT have fewer than 1 characters/ },
  { name: "password: wrong type (value not shown)", kind: "node", args: { node: "cluster1-01", password: 12345678 }, property: "password", message: /password \(a number, not shown\) must be of type string/ },
  { name: "passwordVersion: boolean", kind: "node", args: { node: "cluster1-01", password: "pw", passwordVersion: true }, property: "passwordVersion", message: /passwordVersion \(a boolean, not shown\) must be of type string,number/ },
  { name: "passwordVersion: object", kind: "node", args: { node: "cluster1-01", password: "pw", passwordVersion: { v: 2 } }, property: "passwordVersion", message: /passwordVersion \(an object with 1 field, not shown\) must be of type string,number/ },
  { name: "passwordVersion: empty string", kind: "node", args: { node: "cluster1-01", password: "pw", passwordVersion: "" }, property: "passwordVersion", message: /passwordVersion \(an empty string, not shown\) must NOT have fewer than 1 characters/ },
  { name: "passwordVersion without password", kind: "node", args: { node: "cluster1-01", passwordVersion: 2 }, property: "passwordVersion", message: /passwordVersion: re-sends the password when it changes, so it needs password to be set as well/ },
  { name: "misspelt password: named, value never echoed", kind: "node", args: { node: "cluster1-01", pasword: SECRET }, property: "pasword", message: /pasword is not a known field; known fields: .*password, passwordVersion/, engine: true },
  // --- NdmpSvmConfig
  { name: "svm: missing", kind: "svm", args: { enabled: true }, property: "svm", message: /svm is required/ },
  { name: "svm: truncated uuid", kind: "svm", args: { svm: "02c9e252-41be-11e9-81d5-00a09861" }, property: "svm", message: /svm: "02c9e252-41be-11e9-81d5-00a09861" is not an SVM name or UUID: it looks like a UUID but is malformed; give the SVM name or its full UUID/ },
  { name: "svm: wrong type", kind: "svm", args: { svm: ["svm1"] }, property: "svm", message: /svm: an array of 1 item must be of type string/ },
  { name: "enabled: null", kind: "svm", args: { svm: "svm1", enabled: null }, property: "enabled", message: /enabled: null must be of type boolean/ },
  { name: "svm: plaintext_sso with plaintext", kind: "svm", args: { svm: "svm1", authenticationTypes: ["plaintext_sso", "plaintext"] }, property: "authenticationTypes", message: /"plaintext_sso" cannot be combined with other authentication types/ },
  { name: "svm: plaintext_sso with challenge", kind: "svm", args: { svm: "svm1", authenticationTypes: ["challenge", "plaintext_sso"] }, property: "authenticationTypes", message: /"plaintext_sso" cannot be combined/ },
  { name: "svm authenticationTypes: empty list", kind: "svm", args: { svm: "svm1", authenticationTypes: [] }, property: "authenticationTypes", message: /must name at least one of "plaintext", "challenge", "plaintext_sso"/ },
  { name: "svm authenticationTypes: duplicate", kind: "svm", args: { svm: "svm1", authenticationTypes: ["plaintext", "plaintext"] }, property: "authenticationTypes", message: /Authentication type "plaintext" is listed more than once/ },
  { name: "svm authenticationTypes: wrong case", kind: "svm", args: { svm: "svm1", authenticationTypes: ["Challenge"] }, property: "authenticationTypes", message: AUTH },
  { name: "svm authenticationTypes: null element", kind: "svm", args: { svm: "svm1", authenticationTypes: [null] }, property: "authenticationTypes", message: /authenticationTypes\[0\]: null must be of type string/ },
  { name: "svm: a node-only argument", kind: "svm", args: { svm: "svm1", user: "backup" }, property: "user", message: /user is not a known field; known fields: __provider, connection, onDelete, svm, enabled, authenticationTypes/ },
  { name: "svm: password is not an SVM argument", kind: "svm", args: { svm: "svm1", password: SECRET }, property: "password", message: /password is not a known field/ },
  // --- connection
  { name: "missing connection: nothing configured anywhere", kind: "svm", args: { svm: "svm1" }, config: {}, property: "connection.host", message: /No ONTAP host: set connection\.host, stack config ontap:host, environment variable ONTAP_HOST/, engine: true },
  { name: "connection without a username", kind: "svm", args: { svm: "svm1", connection: { host: "cluster1.example.com" } }, config: {}, property: "connection.username", message: /No ONTAP username: set connection\.username, stack config ontap:username, environment variable ONTAP_USERNAME/ },
  { name: "connection without a password", kind: "mode", args: { mode: "svm", connection: { host: "cluster1.example.com", username: "admin" } }, config: {}, property: "connection.password", message: /No ONTAP password: set connection\.password, stack config ontap:password, environment variable ONTAP_PASSWORD/ },
  { name: "http:// to a non-loopback host", kind: "svm", args: { svm: "svm1", connection: { host: "http://cluster1.example.com" } }, property: "connection.host", message: /Invalid connection\.host "http:\/\/cluster1\.example\.com": plain http:\/\/ is refused for a non-loopback host .*use https:\/\//, engine: true },
  { name: "http:// to a non-loopback host in stack config", kind: "svm", args: { svm: "svm1" }, config: { "ontap:host": "http://10.0.0.5", "ontap:username": "admin", "ontap:password": "pw" }, property: "connection", message: /Invalid stack config ontap:host "http:\/\/10\.0\.0\.5": plain http:\/\/ is refused/ },
  { name: "host: another scheme", kind: "svm", args: { svm: "svm1", connection: { host: "ftp://cluster1.example.com" } }, property: "connection.host", message: /the scheme must be https, not ftp\. Allowed:/ },
  { name: "host: credentials in the URL (not echoed)", kind: "svm", args: { svm: "svm1", connection: { host: `https://admin:${SECRET}@cluster1.example.com` } }, property: "connection.host", message: /^Invalid connection\.host: must not contain user information \("user:password@"\), and the value is not shown/ },
  { name: "host: a path", kind: "svm", args: { svm: "svm1", connection: { host: "https://cluster1.example.com/admin" } }, property: "connection.host", message: /the only path allowed is "\/api", not "\/admin"/ },
  { name: "host: port 0", kind: "svm", args: { svm: "svm1", connection: { host: "cluster1.example.com:0" } }, property: "connection.host", message: /the port must be between 1 and 65535/ },
  { name: "host: port out of range", kind: "svm", args: { svm: "svm1", connection: { host: "cluster1.example.com:70000" } }, property: "connection.host", message: HOSTS },
  { name: "host: wrong type", kind: "svm", args: { svm: "svm1", connection: { host: 10 } }, property: "connection", message: /connection\.host \(a number, not shown\) must be of type string/ },
  { name: "unreadable CA file (missing)", kind: "svm", args: { svm: "svm1", ...conn({ caCert: "/nonexistent/ca.pem" }) }, property: "connection.caCert", message: /connection\.caCert: cannot read CA certificate file "\/nonexistent\/ca\.pem" \(ENOENT\)/, engine: true },
  { name: "unreadable CA file (a directory)", kind: "svm", args: { svm: "svm1", ...conn({ caCert: tmp }) }, property: "connection.caCert", message: /cannot read CA certificate file .* \(a directory, not a regular file\)/ },
  { name: "CA file without a certificate", kind: "svm", args: { svm: "svm1", ...conn({ caCert: NOT_PEM }) }, property: "connection.caCert", message: /connection\.caCert: the PEM in ".*not-a-cert\.txt" does not contain a PEM CA certificate; give the PEM of the CA certificate/ },
  { name: "CA PEM that is not a certificate", kind: "svm", args: { svm: "svm1", ...conn({ caCert: BROKEN_PEM }) }, property: "connection.caCert", message: /connection\.caCert: the PEM text is not a readable CA certificate/ },
  { name: "unreadable CA file in stack config", kind: "mode", args: { mode: "svm" }, config: { "ontap:host": "cluster1.example.com", "ontap:username": "a", "ontap:password": "p", "ontap:caCert": "/nonexistent/ca.pem" }, property: "connection", message: /stack config ontap:caCert: cannot read CA certificate file/ },
  { name: "caCert: wrong type (a number)", kind: "svm", args: { svm: "svm1", ...conn({ caCert: 5 }) }, property: "connection", message: /connection\.caCert \(a number, not shown\) must be of type string/ },
  { name: "caCert: wrong type (a boolean)", kind: "node", args: { node: "cluster1-01", ...conn({ caCert: true }) }, property: "connection.caCert", message: /connection\.caCert: must be PEM text or the path of a PEM file, not boolean; give the PEM of the CA certificate \(-----BEGIN CERTIFICATE----- …\)/ },
  { name: "insecure: a word", kind: "svm", args: { svm: "svm1", ...conn({ insecure: "maybe" }) }, property: "connection", message: /connection\.insecure \(a string of 5 characters, not shown\) (must be of type boolean|is not a boolean; use true or false)/ },
  { name: "insecure: a number other than 0/1", kind: "svm", args: { svm: "svm1", ...conn({ insecure: 2 }) }, property: "connection", message: /connection\.insecure \(a number, not shown\) must be of type boolean/ },
  { name: "insecure: a word in stack config", kind: "svm", args: { svm: "svm1" }, config: { "ontap:host": "cluster1.example.com", "ontap:username": "a", "ontap:password": "p", "ontap:insecure": "sometimes" }, property: "connection", message: /stack config ontap:insecure \(a string of 9 characters, not shown\) is not a boolean; use true or false/ },
  { name: "connection: a string", kind: "svm", args: { svm: "svm1", connection: "cluster1.example.com" }, property: "connection", message: /connection \(a string of 20 characters, not shown\) must be of type object/ },
  { name: "connection: unknown setting", kind: "svm", args: { svm: "svm1", ...conn({ port: 443 }) }, property: "connection", message: /connection\.port is not a known field; known fields: host, username, password, insecure, caCert/ },
  { name: "connection: misspelt password (not echoed)", kind: "node", args: { node: "cluster1-01", ...conn({ passwd: SECRET }) }, property: "connection", message: /connection\.passwd is not a known field/ },
  { name: "connection: empty username", kind: "svm", args: { svm: "svm1", ...conn({ username: "" }) }, property: "connection", message: /connection\.username \(an empty string, not shown\) must NOT have fewer than 1 characters/ },
  { name: "connection: password of the wrong type (not shown)", kind: "svm", args: { svm: "svm1", ...conn({ password: 1234567 }) }, property: "connection", message: /connection\.password \(a number, not shown\) must be of type string/ },
];

/** The row's arguments with `$url` replaced by the simulator's address. */
function argsFor(row: Row, sim: SimulatorHandle): Record<string, unknown> {
  return JSON.parse(JSON.stringify(row.args).split('"$url"').join(JSON.stringify(sim.url)));
}

function configFor(row: Row, sim: SimulatorHandle): Record<string, string> {
  return row.config ?? stackConfigOf(sim);
}

describe("reliability: bad input fails in check, names the field, sends nothing", function () {
  let sim: SimulatorHandle;
  const ENV = ["ONTAP_HOST", "ONTAP_USERNAME", "ONTAP_PASSWORD", "ONTAP_INSECURE", "ONTAP_CA_CERT"];
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    for (const key of ENV) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    sim = await startSimulator({ svms: 2 });
  });
  after(async () => {
    await sim?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const key of ENV) if (saved[key] !== undefined) process.env[key] = saved[key];
  });

  it(`has at least 40 cases, each with its own name`, () => {
    assert.ok(ROWS.length >= 40, `${ROWS.length} rows`);
    assert.strictEqual(new Set(ROWS.map((r) => r.name)).size, ROWS.length);
    assert.ok(ROWS.filter((r) => r.engine).length >= 5);
  });

  describe("runtime check", () => {
    for (const row of ROWS) {
      it(row.name, async () => {
        const { failures } = await methods(providerOf(row.kind, configFor(row, sim))).check({}, argsFor(row, sim));
        assert.ok(failures && failures.length > 0, "check accepted it");
        const root = row.property.split(".")[0];
        for (const f of failures) {
          assert.strictEqual(f.property.split(".")[0], root, `a failure about another field: ${JSON.stringify(f)}`);
          assert.ok(!f.reason.includes(SECRET), `the reason shows a secret: ${f.reason}`);
        }
        const matching = failures.find((f) => f.property === row.property && row.message.test(f.reason));
        assert.ok(matching, `no failure on ${row.property} matching ${row.message}: ${JSON.stringify(failures)}`);
        assert.strictEqual(sim.control.counters().total, 0, "check sent a request");
      });
    }
  });

  describe("engine preview", function () {
    this.timeout(60_000);
    const subset = ROWS.filter((r) => r.engine);

    it(`${subset.length} invalid programs: each preview fails, the reason reaches the output, nothing is sent`, async () => {
      // Independent stacks, previewed concurrently (each is a program run plus a plugin, like `pulumi preview`).
      const results = await Promise.all(
        subset.map(async (row) => {
          const config: StackConfig = row.config
            ? Object.fromEntries(Object.entries(row.config).map(([k, v]) => [k, { value: v }]))
            : ontapConfig(sim);
          // As a user would write it: the would-be password comes from secret config.
          config["ndmp-reliability:typo"] = { value: SECRET, secret: true };
          const args = JSON.parse(
            JSON.stringify(argsFor(row, sim)).split(JSON.stringify(SECRET)).join('"secret:typo"'),
          );
          const stack = fixtureStack([{ kind: row.kind, name: "bad", args }], config);
          return { row, preview: await stack.preview(), output: () => stack.output.join("\n") };
        }),
      );
      for (const { row, preview, output } of results) {
        assert.strictEqual(preview.exitCode, 255, `${row.name}: the preview did not fail:\n${preview.display}`);
        const step = preview.steps.find((s) => s.name === "bad");
        assert.ok(step?.error, `${row.name}: no error on the resource`);
        assert.match(step.error, row.message, `${row.name}: ${step.error}`);
        assert.ok(step.error.includes(`property ${row.property} `), `${row.name}: property not named: ${step.error}`);
        assert.ok(preview.display.includes(row.message.exec(step.error)![0]), `${row.name}: not in the display`);
        assert.ok(!preview.display.includes(SECRET) && !output().includes(SECRET), `${row.name}: a secret is shown`);
        assert.strictEqual(preview.rpcCounts.Create ?? 0, 0);
      }
      assert.strictEqual(sim.control.counters().total, 0, "a preview of invalid programs sent a request");
    });
  });
});
