// TLS is per connection: against a real local HTTPS server with a self-signed certificate (test/fixtures/tls),
// default verification refuses it, `insecure: true` accepts it for that client only, and `caCert` accepts it.
import * as assert from "assert";
import * as fs from "fs";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import { OntapClient, OntapError, type RequestEvent } from "../../provider/ontap";
import { SECRET, USER, assertNoSecret, rejection, useRealNetwork } from "./helpers";

const fixtures = path.join(__dirname, "..", "fixtures", "tls");
const cert = fs.readFileSync(path.join(fixtures, "server-cert.pem"), "utf8");
const key = fs.readFileSync(path.join(fixtures, "server-key.pem"), "utf8");
const otherCert = fs.readFileSync(path.join(fixtures, "other-cert.pem"), "utf8");

describe("TLS per connection (real HTTPS server)", () => {
  useRealNetwork();

  let server: https.Server;
  let host: string;
  let handled = 0;
  const clients: OntapClient[] = [];

  before(async () => {
    server = https.createServer({ key, cert }, (req, res) => {
      handled++;
      res.setHeader("Content-Type", "application/hal+json");
      res.end(JSON.stringify({ name: "tls-cluster", uuid: "c-1" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    clients.forEach((c) => c.close());
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function client(extra: { insecure?: boolean; caCert?: string } = {}, events: RequestEvent[] = []): OntapClient {
    const c = new OntapClient({
      host,
      username: USER,
      password: SECRET,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      onRequest: (e) => events.push(e),
      ...extra,
    });
    clients.push(c);
    return c;
  }

  it("refuses the self-signed certificate by default, once (no retry), with a hint and no secret", async () => {
    const before = handled;
    const events: RequestEvent[] = [];
    const error = await rejection(() => client({}, events).getCluster());
    assert.ok(error instanceof OntapError);
    assert.strictEqual(error.kind, "tls");
    assert.strictEqual(error.status, undefined);
    assert.strictEqual(error.errorCode, "DEPTH_ZERO_SELF_SIGNED_CERT");
    assert.match(
      error.message,
      /^ONTAP GET \/api\/cluster failed: DEPTH_ZERO_SELF_SIGNED_CERT TLS failure: self-signed certificate/,
    );
    assert.match(String(error.hint), /pass caCert .* or insecure: true for this connection only/);
    assert.strictEqual(events.length, 1, "TLS failures are not retried");
    assert.strictEqual(handled, before, "no request reached the server");
    assertNoSecret(error, "TLS error");
    assertNoSecret(events, "TLS events");
  });

  it("accepts it with insecure: true for that client only; other clients in the process still refuse", async () => {
    const strictBefore = client();
    const lax = client({ insecure: true });
    const strictAfter = client();
    const [a, b, c] = await Promise.allSettled([strictBefore.getCluster(), lax.getCluster(), strictAfter.getCluster()]);
    assert.strictEqual(a.status, "rejected");
    assert.strictEqual(b.status, "fulfilled");
    assert.deepStrictEqual((b as PromiseFulfilledResult<unknown>).value, { name: "tls-cluster", uuid: "c-1" });
    assert.strictEqual(c.status, "rejected");
    assert.strictEqual(((c as PromiseRejectedResult).reason as OntapError).kind, "tls");
    // And a brand-new default client made after the insecure one has been used still refuses.
    await assert.rejects(client().getCluster(), (e: OntapError) => e.kind === "tls");
  });

  it("touches no process-wide TLS setting", async () => {
    const env = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    const globalOptions = JSON.stringify(https.globalAgent.options);
    await client({ insecure: true }).getCluster();
    assert.strictEqual(process.env.NODE_TLS_REJECT_UNAUTHORIZED, env);
    assert.strictEqual(JSON.stringify(https.globalAgent.options), globalOptions);
    // A plain https request through the global agent still verifies.
    await assert.rejects(
      new Promise((resolve, reject) => https.get(`https://${host}/`, resolve).on("error", reject)),
      /self-signed certificate/,
    );
  });

  it("accepts it with caCert (PEM of the certificate), verifying the host name", async () => {
    assert.deepStrictEqual(await client({ caCert: cert }).getCluster(), { name: "tls-cluster", uuid: "c-1" });
  });

  it("refuses it with a caCert of another CA", async () => {
    const error = await rejection(() => client({ caCert: otherCert }).getCluster());
    assert.strictEqual(error.kind, "tls");
    assertNoSecret(error, "TLS error");
  });

  it("refuses a caCert that is not PEM at construction", () => {
    assert.throws(
      () => client({ caCert: "not a certificate" }),
      /caCert: the PEM text does not contain a PEM CA certificate/,
    );
    assert.throws(
      () => client({ caCert: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }),
      /caCert: the PEM text is not a readable CA certificate/,
    );
  });
});
