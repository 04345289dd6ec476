// Certificate logins: the listener asks for a client certificate, authenticates one issued by its client CA whose
// common name is a certificate login, answers 401 for anything else, and keeps basic auth working beside it. Also
// the options, the control API and the ontap-ndmp-simulator flags that set them up.
import * as assert from "assert";
import { createPrivateKey, X509Certificate } from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { CLIENT_CA_FILE, clientCertificateFiles, SimulatorHandle, startSimulator } from "../../simulator";
import { parseCommandLine, USAGE } from "../../simulator/bin";
import { ClientCa } from "../../simulator/tls/certificate";
import { NDMP, runSimulatorBin, useSimulator } from "./helpers";

const DAY = 86_400_000;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, unknown>;
}

/** One GET with its own connection (no agent): the client certificate, if any, is this request's alone. */
function get(sim: SimulatorHandle, route: string, options: https.RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    https
      .get(`${sim.url}${route}`, { ca: sim.caCert, rejectUnauthorized: true, agent: false, ...options }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      })
      .on("error", reject);
  });
}

function lastLogEntry(sim: SimulatorHandle) {
  return sim.control.requestLog().at(-1)!;
}

describe("simulator certificate logins", () => {
  const { sim } = useSimulator({ certUsers: ["ci", "automation.bot"] });

  it("issues a certificate and key per login, signed by the client CA, with the login as common name", () => {
    const ca = new X509Certificate(sim().clientCa!);
    assert.strictEqual(ca.ca, true);
    assert.deepStrictEqual([...sim().clientCertificates.keys()], ["ci", "automation.bot"]);
    const ci = sim().clientCertificates.get("ci")!;
    const cert = new X509Certificate(ci.cert);
    assert.strictEqual(cert.ca, false);
    assert.ok(cert.verify(ca.publicKey), "issued by the client CA");
    assert.strictEqual(
      cert.subject.split("\n").find((l) => l.startsWith("CN=")),
      "CN=ci",
    );
    assert.ok(cert.checkPrivateKey(createPrivateKey(ci.key)));
    assert.match(ci.key, /-----BEGIN PRIVATE KEY-----/);
    assert.deepStrictEqual(sim().control.certificateLogins(), ["ci", "automation.bot"]);
  });

  it("authenticates a certificate login without an Authorization header", async () => {
    const ci = sim().clientCertificates.get("ci")!;
    const res = await get(sim(), NDMP, { cert: ci.cert, key: ci.key });
    assert.strictEqual(res.status, 200, res.body);
    assert.strictEqual(JSON.parse(res.body).mode, "svm");
    const entry = lastLogEntry(sim());
    assert.deepStrictEqual([entry.user, entry.authentication], ["ci", "certificate"]);
    assert.ok(!JSON.stringify(sim().control.requestLog()).includes("PRIVATE KEY"));
  });

  it("lets a certificate login write, as the admin role does", async () => {
    const bot = sim().clientCertificates.get("automation.bot")!;
    const res = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        `${sim().url}${NDMP}`,
        {
          method: "PATCH",
          ca: sim().caCert,
          cert: bot.cert,
          key: bot.key,
          agent: false,
          headers: { "Content-Type": "application/json" },
        },
        (r) => (r.resume(), r.on("end", () => resolve(r.statusCode ?? 0))),
      );
      req.on("error", reject);
      req.end(JSON.stringify({ mode: "node" }));
    });
    assert.strictEqual(res, 200);
    assert.strictEqual(sim().control.state().mode, "node");
  });

  it("keeps basic auth working beside certificates", async () => {
    const res = await get(sim(), NDMP, { auth: "admin:secret-admin-pw" });
    assert.strictEqual(res.status, 200);
    const entry = lastLogEntry(sim());
    assert.deepStrictEqual([entry.user, entry.authentication], ["admin", "password"]);
    assert.strictEqual((await get(sim(), NDMP)).status, 401, "no certificate and no password");
  });

  function assertChallenge(res: Answer, why: string): void {
    assert.strictEqual(res.status, 401, `${why}: ${res.body}`);
    assert.strictEqual(res.headers["www-authenticate"], 'Basic realm="ONTAP"');
  }

  it("answers 401 for a certificate of another CA, even with the right common name", async () => {
    const other = new ClientCa().issue("ci");
    assertChallenge(await get(sim(), NDMP, { cert: other.cert, key: other.key }), "another CA");
  });

  it("answers 401 for an unknown common name and for a login that is not a certificate login", async () => {
    const unknown = sim().control.issueClientCertificate("nobody");
    assertChallenge(await get(sim(), NDMP, { cert: unknown.cert, key: unknown.key }), "unknown name");
    const admin = sim().control.issueClientCertificate("admin");
    assertChallenge(await get(sim(), NDMP, { cert: admin.cert, key: admin.key }), "password login");
  });

  it("answers 401 for an expired or not yet valid certificate of a certificate login", async () => {
    const now = Date.now();
    const expired = sim().control.issueClientCertificate("ci", {
      notBefore: new Date(now - 10 * DAY),
      notAfter: new Date(now - DAY),
    });
    assertChallenge(await get(sim(), NDMP, { cert: expired.cert, key: expired.key }), "expired");
    const future = sim().control.issueClientCertificate("ci", { notBefore: new Date(now + DAY) });
    assertChallenge(await get(sim(), NDMP, { cert: future.cert, key: future.key }), "not yet valid");
  });

  it("decides by the certificate when one is presented: a refused certificate is not saved by a good password", async () => {
    const unknown = sim().control.issueClientCertificate("nobody");
    const res = await get(sim(), NDMP, { cert: unknown.cert, key: unknown.key, auth: "admin:secret-admin-pw" });
    assertChallenge(res, "refused certificate with a valid password");
  });

  it("protects the control API the same way", async () => {
    const ci = sim().clientCertificates.get("ci")!;
    assert.strictEqual((await get(sim(), "/__simulator/state", { cert: ci.cert, key: ci.key })).status, 200);
    const unknown = sim().control.issueClientCertificate("nobody");
    assertChallenge(await get(sim(), "/__simulator/state", { cert: unknown.cert, key: unknown.key }), "control");
  });

  it("adds certificate logins and issues certificates through the control API", async () => {
    const admin = { auth: "admin:secret-admin-pw" };
    const post = (route: string, body: unknown) =>
      new Promise<Answer>((resolve, reject) => {
        const req = https.request(
          `${sim().url}${route}`,
          { method: "POST", ca: sim().caCert, agent: false, headers: { "Content-Type": "application/json" }, ...admin },
          (r) => {
            let text = "";
            r.on("data", (c) => (text += c));
            r.on("end", () => resolve({ status: r.statusCode ?? 0, body: text, headers: r.headers }));
          },
        );
        req.on("error", reject);
        req.end(JSON.stringify(body));
      });
    const added = await post("/__simulator/certificate-logins", { name: "ansible" });
    assert.strictEqual(added.status, 201, added.body);
    const login = JSON.parse(added.body) as { user: string; cert: string; key: string };
    assert.strictEqual(login.user, "ansible");
    assert.strictEqual((await get(sim(), NDMP, { cert: login.cert, key: login.key })).status, 200);
    const list = JSON.parse((await get(sim(), "/__simulator/certificate-logins", admin)).body);
    assert.deepStrictEqual(
      list.records.map((r: { name: string }) => r.name),
      ["ci", "automation.bot", "ansible"],
    );
    assert.strictEqual(JSON.parse((await get(sim(), "/__simulator/client-ca", admin)).body).cert, sim().clientCa);

    const bad = await post("/__simulator/certificate-logins", { name: "../etc/passwd" });
    assert.strictEqual(bad.status, 400, bad.body);
    const issued = await post("/__simulator/client-certificates", {
      common_name: "ansible",
      not_after: new Date(Date.now() - DAY).toISOString(),
    });
    assert.strictEqual(issued.status, 201, issued.body);
    const expired = JSON.parse(issued.body) as { cert: string; key: string };
    assert.strictEqual((await get(sim(), NDMP, { cert: expired.cert, key: expired.key })).status, 401);
    const badDate = await post("/__simulator/client-certificates", { common_name: "x", not_after: "soon" });
    assert.strictEqual(badDate.status, 400, badDate.body);
  });
});

describe("simulator certificate logins: options and flags", function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ontap-sim-certs-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes the client CA and each login's certificate and key (0600) with clientCertsOut", async () => {
    const sim = await startSimulator({ certUsers: ["ci"], clientCertsOut: path.join(dir, "certs") });
    try {
      const out = path.join(dir, "certs");
      assert.strictEqual(fs.readFileSync(path.join(out, CLIENT_CA_FILE), "utf8"), sim.clientCa);
      const files = clientCertificateFiles(out, "ci");
      assert.match(path.basename(files.cert), /ci/);
      assert.match(path.basename(files.key), /ci/);
      assert.strictEqual(fs.statSync(files.key).mode & 0o777, 0o600);
      const cert = fs.readFileSync(files.cert, "utf8");
      const key = fs.readFileSync(files.key, "utf8");
      assert.strictEqual((await get(sim, NDMP, { cert, key })).status, 200);
      // A login added later through the control handle is written there too.
      sim.control.addCertificateLogin("late");
      assert.ok(fs.existsSync(clientCertificateFiles(out, "late").key));
    } finally {
      await sim.stop();
    }
  });

  it("refuses certificate logins over plain HTTP and names that cannot be logins", async () => {
    await assert.rejects(startSimulator({ http: true, certUsers: ["ci"] }), /Certificate logins need HTTPS/);
    await assert.rejects(startSimulator({ certUsers: ["a b"] }), /certificate login must be/);
    const plain = await startSimulator({ http: true });
    try {
      assert.strictEqual(plain.clientCa, undefined);
      assert.throws(() => plain.control.addCertificateLogin("ci"), /need HTTPS/);
    } finally {
      await plain.stop();
    }
  });

  it("parses --cert-user (repeatable) and --client-certs-out", () => {
    const parsed = parseCommandLine(["--cert-user", "ci", "--cert-user", "bot", "--client-certs-out", "out"]);
    assert.deepStrictEqual(parsed.options.certUsers, ["ci", "bot"]);
    assert.strictEqual(parsed.options.clientCertsOut, "out");
    assert.ok(USAGE.includes("--cert-user") && USAGE.includes("--client-certs-out"));
  });

  const runBin = runSimulatorBin;

  it("serves certificate logins from the command line, with the files in --client-certs-out", async () => {
    const out = path.join(dir, "out");
    const started = runBin([
      "--password",
      "pw",
      "--cert-user",
      "ci",
      "--client-certs-out",
      out,
      "--ca-out",
      `${out}.ca`,
    ]);
    try {
      const url = await started.listening;
      const files = clientCertificateFiles(out, "ci");
      const res = await new Promise<number>((resolve, reject) => {
        https
          .get(
            `${url}${NDMP}`,
            {
              ca: fs.readFileSync(`${out}.ca`, "utf8"),
              cert: fs.readFileSync(files.cert, "utf8"),
              key: fs.readFileSync(files.key, "utf8"),
              agent: false,
            },
            (r) => (r.resume(), resolve(r.statusCode ?? 0)),
          )
          .on("error", reject);
      });
      assert.strictEqual(res, 200);
      assert.ok(!started.output().stdout.includes("PRIVATE KEY") && !started.output().stderr.includes("PRIVATE KEY"));
    } finally {
      started.proc.kill("SIGTERM");
      await started.exited;
    }
  });

  it("refuses --cert-user without --client-certs-out", async () => {
    const started = runBin(["--cert-user", "ci"]);
    assert.strictEqual(await started.exited, 1);
    assert.match(started.output().stderr, /--cert-user needs --client-certs-out/);
  });
});
