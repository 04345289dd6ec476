// The self-signed certificate (parsed, verified, and trusted in a real TLS handshake), plain-HTTP restrictions, and
// the ontap-ndmp-simulator CLI run as a child process.
import * as assert from "assert";
import type { ChildProcess } from "child_process";
import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as https from "https";
import * as os from "os";
import * as path from "path";
import { startSimulator } from "../../simulator";
import { parseCommandLine, USAGE } from "../../simulator/bin";
import { generateCertificate } from "../../simulator/tls/certificate";
import { assertModel, NDMP, runSimulatorBin, TestClient } from "./helpers";

function httpsGet(url: string, options: https.RequestOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ...options, agent: false }, (res) => {
        let body = "";
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on("error", reject);
  });
}

describe("simulator TLS", () => {
  it("generates a parseable, self-signed CA certificate with the expected names", () => {
    const { cert, key } = generateCertificate("sim.example.test");
    const x509 = new X509Certificate(cert);
    assert.strictEqual(x509.ca, true);
    assert.ok(x509.verify(x509.publicKey), "self-signed");
    assert.strictEqual(x509.publicKey.asymmetricKeyType, "ec");
    assert.ok(x509.checkIP("127.0.0.1") && x509.checkIP("::1"));
    assert.strictEqual(x509.checkHost("localhost"), "localhost");
    assert.strictEqual(x509.checkHost("sim.example.test"), "sim.example.test");
    assert.strictEqual(x509.checkHost("other.example.test"), undefined);
    assert.ok(new Date(x509.validFrom) < new Date() && new Date(x509.validTo) > new Date());
    assert.match(key, /BEGIN PRIVATE KEY/);
  });

  it("is trusted in a real handshake with ca and rejectUnauthorized, and only then", async () => {
    const sim = await startSimulator({ password: "pw" });
    try {
      assert.ok(sim.url.startsWith("https://127.0.0.1:"));
      const auth = `admin:pw`;
      const trusted = await httpsGet(`${sim.url}/api/cluster`, { ca: sim.caCert, rejectUnauthorized: true, auth });
      assert.strictEqual(trusted.status, 200);
      assertModel("cluster", JSON.parse(trusted.body));
      const viaLocalhost = await httpsGet(`https://localhost:${sim.port}${NDMP}`, {
        ca: sim.caCert,
        rejectUnauthorized: true,
        auth,
      });
      assert.strictEqual(JSON.parse(viaLocalhost.body).mode, "svm");
      await assert.rejects(
        httpsGet(`${sim.url}/api/cluster`, { rejectUnauthorized: true, auth }),
        /self-signed|self signed/,
      );
      const otherCa = generateCertificate("127.0.0.1").cert;
      await assert.rejects(httpsGet(`${sim.url}/api/cluster`, { ca: otherCa, rejectUnauthorized: true, auth }));
    } finally {
      await sim.stop();
    }
  });

  it("serves plain HTTP only on loopback", async () => {
    await assert.rejects(startSimulator({ http: true, host: "0.0.0.0" }), /loopback/);
    const sim = await startSimulator({ http: true });
    try {
      assert.ok(sim.url.startsWith("http://127.0.0.1:"));
      assert.strictEqual(sim.caCert, undefined);
      assert.strictEqual(sim.username, "admin");
      assert.match(sim.password, /^[A-Za-z0-9_-]{12,}$/, "a random password is generated");
      const client = new TestClient(sim);
      await client.get(NDMP, "cluster_ndmp_properties");
      client.close();
    } finally {
      await sim.stop();
    }
  });
});

describe("ontap-ndmp-simulator CLI", function () {
  this.timeout(30000);
  let child: ChildProcess | undefined;
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ontap-sim-bin-"));
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = runSimulatorBin;

  it("prints one line, serves the API with a generated password, and exits cleanly on SIGTERM", async () => {
    const caFile = path.join(dir, "ca.pem");
    const started = run(["--port", "0", "--nodes", "3", "--ca-out", caFile]);
    child = started.proc;
    const url = await started.listening;
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const { stderr } = started.output();
    const lines = stderr.trim().split("\n");
    assert.strictEqual(lines.length, 1, stderr);
    const password = /: (\S+)$/.exec(lines[0])![1];

    const ca = fs.readFileSync(caFile, "utf8");
    const res = await httpsGet(`${url}${NDMP}`, { ca, rejectUnauthorized: true, auth: `admin:${password}` });
    assert.strictEqual(res.status, 200);
    const body = JSON.parse(res.body);
    assertModel("cluster_ndmp_properties", body);
    assert.strictEqual(body.mode, "svm");

    child.kill("SIGTERM");
    assert.strictEqual(await started.exited, 0);
    assert.strictEqual(started.output().stdout, `ONTAP NDMP simulator listening on ${url}\n`);
  });

  it("takes --http, --password, --svms, --state and --latency-ms, and stops on SIGINT", async () => {
    const state = path.join(dir, "state.json");
    const started = run(["--http", "--password", "pw", "--svms", "4", "--state", state, "--latency-ms", "5"]);
    child = started.proc;
    const url = await started.listening;
    assert.match(url, /^http:\/\//);
    assert.strictEqual(started.output().stderr, "", "no password printed when one is given");
    const res = await fetch(`${url}${NDMP}/svms`, {
      headers: { Authorization: `Basic ${Buffer.from("admin:pw").toString("base64")}` },
    });
    const body = (await res.json()) as { num_records: number };
    assertModel("ndmp_svm_response", body);
    assert.strictEqual(body.num_records, 4);
    assert.ok(fs.existsSync(state));
    child.kill("SIGINT");
    assert.strictEqual(await started.exited, 0);
  });

  it("parses its flags, prints usage with --help and refuses bad flags", () => {
    const parsed = parseCommandLine([
      "--http",
      "--port",
      "8443",
      "--nodes",
      "4",
      "--latency-ms",
      "20",
      "--ca-out",
      "x",
    ]);
    assert.deepStrictEqual(
      [parsed.options.http, parsed.options.port, parsed.options.nodes, parsed.options.latencyMs, parsed.caOut],
      [true, 8443, 4, 20, "x"],
    );
    assert.strictEqual(parseCommandLine(["--help"]).help, true);
    for (const flag of ["--host", "--port", "--http", "--nodes", "--svms", "--username", "--password", "--state"]) {
      assert.ok(USAGE.includes(flag), flag);
    }
    assert.throws(() => parseCommandLine(["--port", "nope"]), /--port must be/);
    assert.throws(() => parseCommandLine(["--colour"]), /Unknown option/);
  });
});
