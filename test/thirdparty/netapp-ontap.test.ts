// NetApp's official Python library, netapp-ontap (pinned in requirements.txt), runs unmodified against the simulator:
// the virtual environment is created on first use (pythonVenv.ts), the simulator is started here on an ephemeral
// loopback port, and netapp_ontap_suite.py makes one library call per step and prints its outcome; every step is
// asserted below. A failure here is fixed in the simulator, unless the library departs from ONTAP: then the step
// pins the library's behaviour and simulator/README.md ("netapp-ontap") says why.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clientCertificateFiles, SimulatorHandle, startSimulator } from "../../simulator";
import { ensureVenv, CREATE_TIMEOUT_MS } from "./pythonVenv";

interface StepError {
  kind: string;
  status: number | null;
  code: string | null;
  target: string | null;
  message: string;
}

type Step = { step: string; ok: true; value: any } | { step: string; ok: false; error: StepError }; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCRIPT = path.join(__dirname, "netapp_ontap_suite.py");
/** The simulator's certificate login the library authenticates as. */
const CERT_USER = "python-ci";

/**
 * The child's environment. requests lets REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE override a session's `verify` (its
 * documented precedence), which would replace the simulator's CA with the machine's bundle; loopback must not go
 * through a proxy; no bytecode is written next to the script.
 */
function childEnvironment(sim: SimulatorHandle, caFile: string, certificates: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.REQUESTS_CA_BUNDLE;
  delete env.CURL_CA_BUNDLE;
  return {
    ...env,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONNOUSERSITE: "1",
    SIM_HOST: sim.host,
    SIM_PORT: String(sim.port),
    SIM_USERNAME: sim.username,
    SIM_PASSWORD: sim.password,
    SIM_CA: caFile,
    SIM_CLIENT_CERT: clientCertificateFiles(certificates, CERT_USER).cert,
    SIM_CLIENT_KEY: clientCertificateFiles(certificates, CERT_USER).key,
    SIM_STRANGER_CERT: path.join(certificates, "stranger.crt.pem"),
    SIM_STRANGER_KEY: path.join(certificates, "stranger.key.pem"),
  };
}

describe("netapp-ontap (NetApp's Python library) against the simulator", function () {
  let sim: SimulatorHandle;
  let tmp: string;
  const steps = new Map<string, Step>();
  let initialSessions: ReturnType<SimulatorHandle["control"]["sessions"]>;

  before(async function () {
    this.timeout(CREATE_TIMEOUT_MS + 60_000);
    const venv = ensureVenv();
    console.log(`      (python venv ${venv.created ? "created" : "reused"} in ${venv.seconds.toFixed(1)} s)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "netapp-ontap-"));
    const certificates = path.join(tmp, "client-certs");
    sim = await startSimulator({
      password: "netapp-ontap-pw",
      nodes: 2,
      svms: 2,
      certUsers: [CERT_USER],
      clientCertsOut: certificates,
    });
    initialSessions = sim.control.sessions();
    const caFile = path.join(tmp, "ca.pem");
    fs.writeFileSync(caFile, sim.caCert!);
    const stranger = sim.control.issueClientCertificate("stranger");
    fs.writeFileSync(path.join(certificates, "stranger.crt.pem"), stranger.cert);
    fs.writeFileSync(path.join(certificates, "stranger.key.pem"), stranger.key, { mode: 0o600 });
    // The simulator runs in this process: the child must not block the event loop, so spawn asynchronously.
    const output = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(venv.python, [SCRIPT], { env: childEnvironment(sim, caFile, certificates) });
      let stdout = "";
      let stderr = "";
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });
    assert.strictEqual(output.status, 0, `the suite script failed:\n${output.stderr}`);
    for (const line of output.stdout.split("\n").filter((l) => l.trim() !== "")) {
      const step = JSON.parse(line) as Step;
      steps.set(step.step, step);
    }
  });

  after(async () => {
    await sim?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  function value(name: string) {
    const step = steps.get(name);
    assert.ok(step, `step ${name} did not run`);
    assert.ok(step.ok, `${name} failed: ${JSON.stringify(!step.ok && step.error)}`);
    return step.value;
  }

  function failure(name: string): StepError {
    const step = steps.get(name);
    assert.ok(step, `step ${name} did not run`);
    assert.ok(!step.ok, `${name} succeeded: ${JSON.stringify(step.ok && step.value)}`);
    return step.error;
  }

  function svmRecord(name: string) {
    return sim.control.state().svms.find((s) => s.name === name)!;
  }

  it("verifies the certificate against the simulator's CA, and refuses it with the system's trust store", () => {
    assert.strictEqual(value("mode.get"), "svm");
    const error = failure("tls.untrusted");
    assert.strictEqual(error.kind, "library");
    assert.match(error.message, /CERTIFICATE_VERIFY_FAILED/);
  });

  it("authenticates with HostConnection(cert=..., key=...) as a certificate login, and refuses an unknown one (401)", () => {
    assert.strictEqual(value("cert.mode.get"), "svm");
    const login = sim.control.requestLog().find((e) => e.user === CERT_USER);
    assert.strictEqual(login?.authentication, "certificate");
    const refused = failure("cert.unknown_login");
    assert.strictEqual(refused.kind, "ontap");
    assert.strictEqual(refused.status, 401);
  });

  it("ClusterNdmpProperties: get, patch to node and back to svm; an unknown mode is refused by the library", () => {
    assert.strictEqual(value("mode.patch.node"), "node");
    assert.strictEqual(value("mode.patch.svm"), "svm");
    const invalid = failure("mode.patch.invalid");
    assert.strictEqual(invalid.kind, "library");
    assert.match(invalid.message, /ValidationError.*"cluster" is not one of/);
    assert.strictEqual(sim.control.state().mode, "svm");
  });

  it("NdmpSvm: get_collection, get, patch (read back), and 65601536 in node scope", () => {
    const listed = value("svm.get_collection");
    assert.deepStrictEqual(
      listed.map((s: { svm: { name: string } }) => s.svm.name),
      ["svm1", "svm2"],
    );
    assert.deepStrictEqual(listed[0], {
      svm: { name: "svm1", uuid: svmRecord("svm1").uuid },
      enabled: false,
      authentication_types: ["challenge"],
    });
    assert.deepStrictEqual(value("svm.get"), listed[0]);
    assert.deepStrictEqual(value("svm.patch"), {
      ...listed[0],
      enabled: true,
      authentication_types: ["plaintext", "challenge"],
    });
    const scope = failure("svm.patch.node_scope");
    assert.deepStrictEqual([scope.status, scope.code], [400, "65601536"]);
    assert.strictEqual(svmRecord("svm1").enabled, true, "the refused PATCH changed nothing");
  });

  it("NdmpPassword: get returns a 16-character password for the SVM user, and 65601536 in node scope", () => {
    const generated = value("password.get");
    assert.strictEqual(generated.svm, svmRecord("svm1").uuid);
    assert.strictEqual(generated.user, "vsadmin");
    assert.match(generated.password, /^[A-Za-z0-9]{16}$/);
    const scope = failure("password.get.node_scope");
    assert.deepStrictEqual([scope.status, scope.code], [400, "65601536"]);
  });

  it("NdmpNode: 68812801 in SVM scope; get_collection, get and patch (enabled, types, user, password) in node scope", () => {
    for (const name of ["node.get_collection.svm_scope", "node.get.svm_scope"]) {
      const error = failure(name);
      assert.deepStrictEqual([error.status, error.code], [400, "68812801"], name);
    }
    const nodes = value("node.get_collection");
    assert.deepStrictEqual(
      nodes.map((n: { node: { name: string } }) => n.node.name),
      ["cluster1-01", "cluster1-02"],
    );
    assert.deepStrictEqual(nodes[0], {
      node: { name: "cluster1-01", uuid: sim.control.state().nodes[0].uuid },
      enabled: true,
      authentication_types: ["plaintext", "challenge"],
      user: "root",
      password_returned: false,
    });
    assert.deepStrictEqual(value("node.get"), nodes[0]);
    assert.deepStrictEqual(value("node.patch"), {
      ...nodes[0],
      authentication_types: ["challenge", "plaintext"],
      user: "ndmpbackup",
    });
    assert.deepStrictEqual(value("node.patch.disable"), {
      ...nodes[0],
      enabled: false,
      authentication_types: ["challenge", "plaintext"],
      user: "ndmpbackup",
    });
    const node = sim.control.state().nodes[0];
    assert.strictEqual(node.password_set, true, "the password was sent and kept (never returned)");
  });

  it("NdmpSession: get_collection with a filter, get and delete (through the collection path, with filters)", () => {
    const svm2 = svmRecord("svm2");
    const filtered = value("session.get_collection.filter");
    assert.strictEqual(filtered.length, 1);
    assert.deepStrictEqual(filtered[0].svm, { name: "svm2", uuid: svm2.uuid });
    assert.strictEqual(filtered[0].uuid, svm2.uuid);
    assert.match(filtered[0].id, /^\d+:\d+$/);
    assert.deepStrictEqual(value("session.get"), filtered[0]);
    // Pinned library behaviour: without filters, get() reads the collection and refuses its two records.
    assert.match(failure("session.get.without_filters").message, /Received more than one record/);
    assert.deepStrictEqual(value("session.delete"), [], "the session is gone after the delete");
    const remaining = sim.control.sessions().map((s) => s.record.id);
    const expected = initialSessions.map((s) => s.record.id).filter((id) => id !== filtered[0].id);
    assert.deepStrictEqual(remaining, expected, "only that session was deleted");
  });
});
