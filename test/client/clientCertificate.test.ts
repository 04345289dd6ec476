// Certificate authentication in the client: the connection settings (layers, refusals before any request), the pair
// checks (provider/ontap/clientCertificate.ts), and the transport against the simulator and a bare HTTPS server: the
// certificate is presented, no Authorization header is sent, and a certificate is never lent to another connection.
import * as assert from "assert";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import { TLSSocket } from "tls";
import * as util from "util";
import {
  argumentLayer,
  environmentLayer,
  resolveConnection,
  stackConfigLayer,
  type ConnectionLayer,
} from "../../provider/connection";
import { OntapClient, OntapConfigError, OntapError } from "../../provider/ontap";
import { loadClientCertificate } from "../../provider/ontap/clientCertificate";
import { clusterFor, closeAllClusters } from "../../provider/clusters";
import { SimulatorHandle, startSimulator } from "../../simulator";
import { ClientCa } from "../../simulator/tls/certificate";
import { ClientCertificateFiles, writeClientCertificates } from "../fixtures/clientCertificates";

const NO_ENV = environmentLayer({});
const config = (values: Record<string, string>): ConnectionLayer => stackConfigLayer((key) => values[key]);

function refusal(fn: () => unknown, field: string, message: RegExp, files: ClientCertificateFiles): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof OntapConfigError, String(err));
    assert.strictEqual(err.field, field, err.message);
    assert.match(err.message, message);
    assert.ok(!err.message.includes(files.keyLine) && !/END [A-Z ]*PRIVATE KEY/.test(err.message), err.message);
    return true;
  });
}

describe("client certificate: settings and checks", () => {
  let files: ClientCertificateFiles;
  before(() => (files = writeClientCertificates("ci")));
  after(() => files.remove());

  const host = "cluster1.example.com";

  it("resolves a connection with only a certificate and a key, files or PEM text, without username or password", () => {
    const fromFiles = resolveConnection([
      argumentLayer({ host, clientCert: files.cert, clientKey: files.key }),
      NO_ENV,
    ]);
    assert.strictEqual(fromFiles.clientCert, files.certPem);
    assert.strictEqual(fromFiles.clientKey, files.keyPem);
    assert.strictEqual(fromFiles.username, undefined);
    assert.strictEqual(fromFiles.password, undefined);
    const fromText = resolveConnection([argumentLayer({ host, clientCert: files.certPem, clientKey: files.keyPem })]);
    assert.strictEqual(fromText.clientKey, files.keyPem);
  });

  it("takes the certificate and the key from different places: stack config and the environment", () => {
    const resolved = resolveConnection([
      argumentLayer({ host }),
      config({ "ontap:clientCert": files.cert }),
      environmentLayer({ ONTAP_CLIENT_KEY: files.key }),
    ]);
    assert.strictEqual(resolved.clientKey, files.keyPem);
  });

  it("lets the first place holding credentials decide: a certificate argument over a password in stack config", () => {
    const layers = [
      argumentLayer({ host, clientCert: files.cert, clientKey: files.key }),
      config({ "ontap:username": "admin", "ontap:password": "pw" }),
    ];
    assert.strictEqual(resolveConnection(layers).password, undefined);
    const passwordFirst = [
      argumentLayer({ host, username: "admin", password: "pw" }),
      environmentLayer({ ONTAP_CLIENT_CERT: files.cert, ONTAP_CLIENT_KEY: files.key }),
    ];
    const resolved = resolveConnection(passwordFirst);
    assert.deepStrictEqual([resolved.password, resolved.clientCert], ["pw", undefined]);
  });

  it("refuses a password and a certificate in the same place, naming what to drop and no value", () => {
    refusal(
      () =>
        resolveConnection([
          argumentLayer({ host, password: "pw-sentinel", clientCert: files.cert, clientKey: files.key }),
        ]),
      "connection.password",
      /^Both a password \(connection\.password\) and a client certificate \(connection\.clientCert and connection\.clientKey\) are set: .*Drop connection\.password to log in with the certificate, or drop connection\.clientCert and connection\.clientKey to log in with the password\.$/,
      files,
    );
    refusal(
      () =>
        resolveConnection([environmentLayer({ ONTAP_HOST: host, ONTAP_PASSWORD: "pw", ONTAP_CLIENT_KEY: files.key })]),
      "environment variable ONTAP_PASSWORD",
      /Both a password \(environment variable ONTAP_PASSWORD\) and a client certificate \(environment variable ONTAP_CLIENT_KEY\)/,
      files,
    );
  });

  it("refuses a certificate without a key and a key without a certificate, saying where to set the other", () => {
    refusal(
      () => resolveConnection([argumentLayer({ host, clientCert: files.cert }), config({}), NO_ENV]),
      "connection.clientCert",
      /connection\.clientCert is set but no private key: set connection\.clientKey, stack config ontap:clientKey, environment variable ONTAP_CLIENT_KEY/,
      files,
    );
    refusal(
      () => resolveConnection([argumentLayer({ host }), config({ "ontap:clientKey": files.keyPem }), NO_ENV]),
      "stack config ontap:clientKey",
      /stack config ontap:clientKey is set but no client certificate: set connection\.clientCert, stack config ontap:clientCert, environment variable ONTAP_CLIENT_CERT/,
      files,
    );
  });

  const cases: Array<[string, () => [string, string], string, RegExp]> = [
    [
      "a key of another certificate",
      () => [files.cert, files.otherKey],
      "k",
      /k: this private key does not belong to the client certificate of "ci" \(c\); give the key the certificate was issued for/,
    ],
    [
      "an expired certificate",
      () => [files.expiredCert, files.expiredKey],
      "c",
      /c: the client certificate of "ci" expired on \d{4}-\d\d-\d\dT/,
    ],
    [
      "a certificate not yet valid",
      () => [files.futureCert, files.futureKey],
      "c",
      /c: the client certificate of "ci" is not valid before \d{4}-/,
    ],
    [
      "a server certificate",
      () => [files.serverCert, files.serverKey],
      "c",
      /c: the certificate of "ONTAP NDMP simulator" is not for client authentication \(its extended key usage lacks clientAuth/,
    ],
    [
      "an encrypted PKCS#8 key",
      () => [files.cert, files.encryptedKey],
      "k",
      /k: the private key in the PEM in ".*encrypted\.key\.pem" is encrypted with a passphrase, which this package does not take: decrypt it once \(`openssl pkey -in key\.pem -out key-decrypted\.pem`\)/,
    ],
    [
      "an encrypted traditional key",
      () => [files.cert, files.encryptedSec1Key],
      "k",
      /k: the private key in .* is encrypted with a passphrase/,
    ],
    [
      "a key file that is not PEM",
      () => [files.cert, `${files.dir}/nothing`],
      "k",
      /k: cannot read private key file ".*nothing" \(ENOENT\)/,
    ],
    [
      "a certificate given as the key",
      () => [files.cert, files.cert],
      "k",
      /k: the PEM in ".*ci\.crt\.pem" does not contain a PEM private key/,
    ],
    [
      "a key given as the certificate",
      () => [files.key, files.key],
      "c",
      /c: the PEM in ".*ci\.key\.pem" does not contain a PEM client certificate/,
    ],
    [
      "a certificate file of plain text",
      () => [plainText(files), files.key],
      "c",
      /c: the PEM in ".*plain\.txt" does not contain a PEM client certificate/,
    ],
    [
      "broken key PEM text",
      () => [files.cert, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"],
      "k",
      /k: the PEM text is not a readable private key/,
    ],
    [
      "/dev/zero as the key",
      () => [files.cert, "/dev/zero"],
      "k",
      /k: cannot read private key file "\/dev\/zero" \(a character device, not a regular file\)/,
    ],
  ];
  for (const [name, pair, field, message] of cases) {
    it(`refuses ${name}`, () => {
      const [cert, key] = pair();
      refusal(
        () =>
          loadClientCertificate(
            { value: cert, name: "c" },
            { value: key, name: "k" },
            { clientCert: "c", clientKey: "k" },
          ),
        field,
        message,
        files,
      );
    });
  }

  it("refuses the same in OntapClient options, before any request", () => {
    assert.throws(
      () => new OntapClient({ host, clientCert: files.certPem, clientKey: fs.readFileSync(files.otherKey, "utf8") }),
      /clientKey: this private key does not belong/,
    );
    assert.throws(() => new OntapClient({ host, clientCert: files.certPem }), /needs both clientCert and clientKey/);
    assert.throws(
      () => new OntapClient({ host, password: "pw", clientCert: files.certPem, clientKey: files.keyPem }),
      /Both password and clientCert are set/,
    );
    const client = new OntapClient({ host, clientCert: files.certPem, clientKey: files.keyPem });
    const shown = `${JSON.stringify(client)} ${util.inspect(client, { depth: 5 })}`;
    assert.ok(!shown.includes(files.keyLine) && !shown.includes("PRIVATE KEY"), shown);
    client.close();
  });
});

/** The test server's certificate and key (test/fixtures/tls). */
function fixtureServerTls(): { cert: string; key: string } {
  return {
    cert: fs.readFileSync(`${__dirname}/../fixtures/tls/server-cert.pem`, "utf8"),
    key: fs.readFileSync(`${__dirname}/../fixtures/tls/server-key.pem`, "utf8"),
  };
}

function plainText(files: ClientCertificateFiles): string {
  const file = `${files.dir}/plain.txt`;
  fs.writeFileSync(file, "just text\n");
  return file;
}

describe("client certificate: requests", () => {
  let sim: SimulatorHandle;
  let files: ClientCertificateFiles;
  before(async () => {
    sim = await startSimulator({ password: "admin-pw", certUsers: ["ci"] });
    files = writeClientCertificates("ci", sim);
  });
  after(async () => {
    closeAllClusters();
    files.remove();
    await sim.stop();
  });
  beforeEach(() => sim.control.reset());

  /** A client of the simulator that logs in with the certificate and key of `pair`. */
  const clientWith = (pair: ClientCertificateFiles) =>
    new OntapClient({ host: sim.url, caCert: sim.caCert, clientCert: pair.certPem, clientKey: pair.keyPem });

  it("logs in with the certificate alone (the simulator sees a certificate login)", async () => {
    const client = clientWith(files);
    try {
      assert.strictEqual((await client.getNdmpMode()).mode, "svm");
      const entry = sim.control.requestLog().at(-1)!;
      assert.deepStrictEqual([entry.user, entry.authentication], ["ci", "certificate"]);
    } finally {
      client.close();
    }
  });

  it("explains a 401 for a certificate the cluster does not accept, with the ONTAP commands to check", async () => {
    const stranger = writeClientCertificates("stranger", sim);
    const client = clientWith(stranger);
    try {
      await assert.rejects(client.getNdmpMode(), (err: unknown) => {
        assert.ok(err instanceof OntapError);
        assert.strictEqual(err.status, 401);
        assert.match(
          err.message,
          /did not accept the client certificate: its common name must be a login created with -authentication-method cert/,
        );
        assert.match(err.message, /security certificate install -type client-ca/);
        assert.ok(!err.message.includes(stranger.keyLine));
        return true;
      });
    } finally {
      client.close();
      stranger.remove();
    }
  });

  it("never lends a certificate to another connection: one client (and agent) per connection", async () => {
    const base = { host: sim.url, insecure: false, caCert: sim.caCert };
    const withCertificate = clusterFor({ ...base, clientCert: files.certPem, clientKey: files.keyPem }).client;
    const withPassword = clusterFor({ ...base, username: "admin", password: "admin-pw" }).client;
    assert.notStrictEqual(withCertificate, withPassword);
    assert.strictEqual(
      clusterFor({ ...base, clientCert: files.certPem, clientKey: files.keyPem }).client,
      withCertificate,
    );
    await Promise.all([
      withCertificate.getCluster(),
      withPassword.getCluster(),
      withCertificate.getNdmpMode(),
      withPassword.getNdmpMode(),
    ]);
    const users = sim.control
      .requestLog()
      .map((e) => `${e.user}/${e.authentication} ${e.path}`)
      .sort();
    assert.deepStrictEqual(users, [
      "admin/password /api/cluster",
      "admin/password /api/protocols/ndmp",
      "ci/certificate /api/cluster",
      "ci/certificate /api/protocols/ndmp",
    ]);
  });

  it("says the cluster refused the certificate when the handshake fails on it (a server that trusts another CA)", async () => {
    const server = https.createServer(
      { ...fixtureServerTls(), requestCert: true, rejectUnauthorized: true, ca: new ClientCa().cert },
      (_req, res) => res.end("{}"),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new OntapClient({
      host: `https://127.0.0.1:${port}`,
      caCert: fixtureServerTls().cert,
      clientCert: files.certPem,
      clientKey: files.keyPem,
      retry: { maxAttempts: 1 },
    });
    try {
      await assert.rejects(client.getNdmpMode(), (err: unknown) => {
        assert.ok(err instanceof OntapError, String(err));
        // An alert (kind tls) or, with TLS 1.3, often a reset: both say the certificate may be why.
        assert.ok(err.kind === "tls" || err.kind === "connection", err.message);
        assert.match(
          err.message,
          /Hint: The (cluster refused the client certificate|connection was dropped, which is also how a cluster refuses a client certificate) in the TLS handshake/,
        );
        assert.ok(!err.message.includes(files.keyLine));
        return true;
      });
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("presents the certificate and sends no Authorization header (a bare HTTPS server sees the request)", async () => {
    const seen: Array<{ authorization?: string; cn?: unknown }> = [];
    const tls = JSON.parse(
      JSON.stringify({
        cert: fs.readFileSync(`${__dirname}/../fixtures/tls/server-cert.pem`, "utf8"),
        key: fs.readFileSync(`${__dirname}/../fixtures/tls/server-key.pem`, "utf8"),
      }),
    );
    const server = https.createServer({ ...tls, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seen.push({ authorization: req.headers.authorization, cn: peer?.subject?.CN });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ mode: "svm" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new OntapClient({
      host: `https://127.0.0.1:${port}`,
      caCert: tls.cert,
      clientCert: files.certPem,
      clientKey: files.keyPem,
    });
    try {
      await client.getNdmpMode();
      assert.deepStrictEqual(seen, [{ authorization: undefined, cn: "ci" }]);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
