// The quickstart stack through its whole life cycle with certificate authentication only: the simulator has a
// certificate login, and the stack config holds the host, the CA, the client certificate and its key (secret), no
// username or password. Then the refusals `check` decides through real previews (a key without a certificate, an
// encrypted key, a key of another certificate, an expired certificate, a password beside the certificate), each
// with its message and without a request. The key never appears outside secrets.
import * as assert from "assert";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { ClientCertificateFiles, writeClientCertificates } from "../fixtures/clientCertificates";
import { adminPatch } from "../resources/harness";
import {
  changed,
  drift,
  exampleStack,
  isSecret,
  OperationResult,
  ops,
  PulumiStack,
  StackConfig,
  succeeded,
} from "./stacks";

describe("engine (pulumi CLI): quickstart stack with a client certificate (no password)", function () {
  this.timeout(180_000);
  let sim: SimulatorHandle;
  let files: ClientCertificateFiles;
  let stack: PulumiStack;
  const results: OperationResult[] = [];
  const svm1 = () => sim.control.state().svms.find((s) => s.name === "svm1")!;

  function certificateConfig(overrides: StackConfig = {}): StackConfig {
    return {
      "ontap:host": { value: sim.url },
      "ontap:caCert": { value: sim.caCert! },
      "ontap:clientCert": { value: files.certPem },
      "ontap:clientKey": { value: files.keyPem, secret: true },
      ...overrides,
    };
  }

  async function run(op: Promise<OperationResult>): Promise<OperationResult> {
    const result = await op;
    results.push(result);
    return result;
  }

  function assertNoKey(text: string, where: string): void {
    assert.ok(!text.includes(files.keyLine), `${where} shows the client key`);
    assert.ok(!/BEGIN [A-Z ]*PRIVATE KEY-----\s+\S/.test(text), `${where} shows a PEM private key`);
  }

  before(async () => {
    sim = await startSimulator({ svms: 2, certUsers: ["ci"] });
    files = writeClientCertificates("ci", sim);
    stack = await exampleStack("quickstart", certificateConfig());
  });
  after(async () => {
    stack?.dispose();
    files?.remove();
    await sim?.stop();
  });

  it("up creates the mode and both SVM configurations, every request by the certificate login", async () => {
    const up = succeeded(await run(stack.up()));
    assert.deepStrictEqual(ops(up), { "ndmp-mode": "create", "ndmp-svm1": "create", "ndmp-svm2": "create" });
    assert.deepStrictEqual(
      sim.control.state().svms.map((s) => [s.name, s.enabled]),
      [
        ["svm1", true],
        ["svm2", true],
      ],
    );
    assert.match(String((await stack.outputs(true)).backupPassword), /^[A-Za-z0-9]{16}$/);
    const logins = new Set(sim.control.requestLog().map((e) => `${e.user}/${e.authentication}`));
    assert.deepStrictEqual([...logins], ["ci/certificate"]);
  });

  it("up --expect-no-changes changes nothing", async () => {
    sim.control.resetCounters();
    const up = succeeded(await run(stack.up("--expect-no-changes")));
    assert.strictEqual(changed(up), false);
    assert.strictEqual(sim.control.counters().byMethod.PATCH, undefined);
  });

  it("refresh finds drift made outside Pulumi, and up repairs it", async () => {
    await adminPatch(sim, `/api/protocols/ndmp/svms/${svm1().uuid}`, { enabled: false });
    const refresh = await run(stack.refresh("--expect-no-changes"));
    assert.strictEqual(refresh.exitCode, 7, refresh.stdout + refresh.stderr);
    assert.deepStrictEqual(drift(refresh, "ndmp-svm1"), [["enabled", true, false]]);
    const up = succeeded(await run(stack.up()));
    assert.strictEqual(ops(up)["ndmp-svm1"], "update");
    assert.strictEqual(svm1().enabled, true);
    assert.strictEqual(changed(succeeded(await run(stack.preview("--refresh", "--expect-no-changes")))), false);
  });

  it("keeps the key a secret: encrypted in state, never in __provider, outputs, CLI output or the request log", async () => {
    const exported = await stack.exportState();
    assertNoKey(exported, "stack export");
    const deployment = JSON.parse(exported).deployment;
    const provider = deployment.resources.find((r: { type: string }) => r.type === "pulumi:providers:pulumi-nodejs");
    if (provider?.inputs?.["ontap:clientKey"] !== undefined) assert.ok(isSecret(provider.inputs["ontap:clientKey"]));
    for (const r of deployment.resources)
      assertNoKey(JSON.stringify(r.inputs?.__provider ?? ""), `${r.urn} __provider`);
    for (const result of results) {
      for (const text of [result.stdout, result.stderr, result.programOutput, JSON.stringify(result.events)]) {
        assertNoKey(text, result.command);
      }
    }
    assertNoKey(JSON.stringify(sim.control.requestLog()), "the request log");
  });

  it("destroy removes every resource with the certificate alone", async () => {
    const destroy = succeeded(await run(stack.destroy()));
    assert.deepStrictEqual(ops(destroy), { "ndmp-mode": "delete", "ndmp-svm1": "delete", "ndmp-svm2": "delete" });
    assert.deepStrictEqual(
      (await stack.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
      [],
    );
  });

  describe("refusals through pulumi preview (no request)", () => {
    const cases: Array<[string, () => StackConfig, RegExp]> = [
      [
        "a key without a certificate",
        () => certificateConfig({ "ontap:clientCert": { value: "" } }),
        /stack config ontap:clientKey is set but no client certificate: set connection\.clientCert, stack config ontap:clientCert, environment variable ONTAP_CLIENT_CERT/,
      ],
      [
        "an encrypted key",
        () => certificateConfig({ "ontap:clientKey": { value: files.encryptedKey, secret: true } }),
        /stack config ontap:clientKey: the private key in the PEM in ".*" is encrypted with a passphrase, .*openssl pkey -in key\.pem -out key-decrypted\.pem/,
      ],
      [
        "a key of another certificate",
        () => certificateConfig({ "ontap:clientKey": { value: files.otherKey, secret: true } }),
        /stack config ontap:clientKey: this private key does not belong to the client certificate of "ci" \(stack config ontap:clientCert\)/,
      ],
      [
        "an expired certificate",
        () =>
          certificateConfig({
            "ontap:clientCert": { value: files.expiredCert },
            "ontap:clientKey": { value: files.expiredKey, secret: true },
          }),
        /stack config ontap:clientCert: the client certificate of "ci" expired on/,
      ],
      [
        "a password beside the certificate",
        () =>
          certificateConfig({ "ontap:username": { value: "admin" }, "ontap:password": { value: "pw", secret: true } }),
        /Both a password \(stack config ontap:password\) and a client certificate \(stack config ontap:clientCert and stack config ontap:clientKey\) are set/,
      ],
    ];
    for (const [name, config, message] of cases) {
      it(`refuses ${name}`, async () => {
        const values = config();
        if (values["ontap:clientCert"]?.value === "") delete values["ontap:clientCert"];
        const bad = await exampleStack("quickstart", values);
        try {
          sim.control.resetCounters();
          const preview = await bad.preview();
          const printed = `${preview.stdout}\n${preview.stderr}`;
          assert.notStrictEqual(preview.exitCode, 0, printed);
          assert.match(printed, message);
          assertNoKey(printed + JSON.stringify(preview.events), name);
          assert.strictEqual(sim.control.counters().total, 0, "the preview sent a request");
        } finally {
          bad.dispose();
        }
      });
    }
  });
});
