// TLS is decided per connection, never process-wide: against the simulator's self-signed certificate, a resource whose
// connection says `insecure: true` works while another resource in the same process, without it, still fails
// verification; a matching `caCert` (PEM text or file) is trusted and another CA's is not. Plain http:// is refused
// for a non-loopback host in check, and works for a loopback host against a simulator serving plain HTTP.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { closeAllClusters } from "../../provider/clusters";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { methods, providerOf } from "../resources/harness";
import { failed, fixtureStack, ndmpResources, resourceNamed } from "./helpers";

const OTHER_CA = path.join(__dirname, "..", "fixtures", "tls", "other-cert.pem");
const CERT_FAILURE =
  /ONTAP GET .* failed: DEPTH_ZERO_SELF_SIGNED_CERT TLS failure: .*Hint: The server's certificate is not trusted: pass caCert/;

describe("reliability: TLS per connection", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let plain: SimulatorHandle;
  let caFile: string;

  before(async () => {
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    sim = await startSimulator({ svms: 4 });
    plain = await startSimulator({ svms: 1, http: true });
    caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-tls-")), "ca.pem");
    fs.writeFileSync(caFile, sim.caCert!);
  });
  after(async () => {
    closeAllClusters();
    await sim?.stop();
    await plain?.stop();
    fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  });

  /** Create of an NdmpSvmConfig with only an explicit connection (no stack config, no environment). */
  async function createWith(svm: string, connection: Record<string, unknown>, target = sim) {
    const p = methods(providerOf("svm", {}));
    const args = {
      svm,
      enabled: true,
      connection: { username: target.username, password: target.password, ...connection },
    };
    const { inputs, failures } = await p.check({}, args);
    assert.deepStrictEqual(failures, []);
    return p.create(inputs!);
  }
  const enabledOnOntap = (name: string) => sim.control.state().svms.find((s) => s.name === name)!.enabled;

  it("self-signed: refused by default, accepted with insecure: true for that connection only (same process)", async () => {
    const [trusting, verifying] = await Promise.allSettled([
      createWith("svm1", { host: sim.url, insecure: true }),
      createWith("svm2", { host: sim.url }),
    ]);
    assert.strictEqual(trusting.status, "fulfilled", String((trusting as PromiseRejectedResult).reason));
    assert.strictEqual(verifying.status, "rejected");
    assert.match(String(verifying.reason), CERT_FAILURE);
    assert.strictEqual(enabledOnOntap("svm1"), true);
    assert.strictEqual(enabledOnOntap("svm2"), false);
    // And afterwards, in either order: the insecure client did not relax anything for the other one.
    await assert.rejects(createWith("svm2", { host: sim.url, insecure: false }), CERT_FAILURE);
    await createWith("svm1", { host: sim.url, insecure: "true" });
    assert.strictEqual(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined);
  });

  it("caCert: the simulator's certificate as PEM text or as a file is trusted, another CA is not", async () => {
    await createWith("svm3", { host: sim.url, caCert: sim.caCert });
    await createWith("svm4", { host: sim.url, caCert: caFile });
    assert.strictEqual(enabledOnOntap("svm3"), true);
    assert.strictEqual(enabledOnOntap("svm4"), true);
    await assert.rejects(
      createWith("svm2", { host: sim.url, caCert: OTHER_CA }),
      /failed: DEPTH_ZERO_SELF_SIGNED_CERT TLS failure/,
    );
    assert.strictEqual(enabledOnOntap("svm2"), false);
  });

  it("plain http://: refused in check for a non-loopback host, works for loopback against an HTTP simulator", async () => {
    const p = methods(providerOf("svm", {}));
    const refused = await p.check(
      {},
      {
        svm: "svm1",
        connection: { host: "http://cluster1.example.com:8080", username: "admin", password: "pw" },
      },
    );
    assert.deepStrictEqual(
      refused.failures!.map((f) => f.property),
      ["connection.host"],
    );
    assert.match(refused.failures![0].reason, /plain http:\/\/ is refused for a non-loopback host .*use https:\/\//);

    for (const host of [plain.url, plain.url.replace("127.0.0.1", "localhost")]) {
      const created = await createWith("svm1", { host }, plain);
      assert.strictEqual((created.outs as Record<string, unknown>).host, host);
    }
    assert.strictEqual(plain.control.state().svms[0].enabled, true);
  });

  it("through the pulumi CLI: one resource with insecure: true, one without, in one plugin process", async () => {
    const connection = (extra: Record<string, unknown>) => ({
      host: sim.url,
      username: sim.username,
      password: "secret:adminPassword",
      ...extra,
    });
    sim.control.reset();
    const stack = await fixtureStack(
      [
        {
          kind: "svm",
          name: "trusting",
          args: { svm: "svm1", enabled: true, connection: connection({ insecure: true }) },
        },
        { kind: "svm", name: "verifying", args: { svm: "svm2", enabled: true, connection: connection({}) } },
      ],
      { "ndmp-reliability:adminPassword": { value: sim.password, secret: true } },
    );
    try {
      const up = await stack.up();
      assert.match(
        failed(up),
        /verifying[^]*DEPTH_ZERO_SELF_SIGNED_CERT TLS failure.*Hint: The server's certificate is not trusted/,
      );
      assert.deepStrictEqual(
        (await ndmpResources(stack)).map((r) => r.urn.slice(r.urn.lastIndexOf("::") + 2)),
        ["trusting"],
      );
      assert.strictEqual((await resourceNamed(stack, "trusting"))!.id, sim.control.state().svms[0].uuid);
      assert.deepStrictEqual(
        sim.control.state().svms.map((s) => s.enabled),
        [true, false, false, false],
      );
    } finally {
      stack.dispose();
    }
  });
});
