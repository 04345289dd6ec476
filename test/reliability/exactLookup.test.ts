// Issue 10, class 2: a lookup by name only ever returns the object of exactly that name. The simulator holds SVMs
// whose names differ only by ONTAP's query operators (`*`, `|`, `,`, `!`, `<`, `>`, `..`, quotes, braces, `null`);
// ONTAP itself would refuse most of these names (and `check` does, see badInput.test.ts), so they stand for any
// server that answers a query more loosely than the name asks. Every lookup (the client's findSvm, the runtime's
// coalesced readers, lone and batched), every create (adoption) and PATCH, and every password call, in the library
// and in the built CLI, must touch exactly the SVM named, as the simulator's state and request log show.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OntapClient } from "../../provider/ontap";
import { closeAllClusters } from "../../provider/clusters";
import { SimulatorHandle, startSimulator } from "../../simulator";
import { seedCluster } from "../../simulator/model/seed";
import { bin, ensureBuilt } from "../cli/binary";
import { runCli } from "../cli/helpers";
import { methods, providerOf, stackConfigOf } from "../resources/harness";

/** SVM names that differ only by query operators; the first ones are also names ONTAP accepts. */
const VALID = ["vs1", "vs2", "vs10", "a..b", "aa", "ab", "null", "NULL", "vs1.b"];
const OPERATOR_NAMES = [
  "vs1*",
  "vs*",
  "*",
  "vs1|vs2",
  "vs1,vs2",
  "!vs1",
  "!null",
  "<vs2",
  ">vs1",
  "<=vs10",
  '"vs1"',
  "{vs1}",
  "vs1 ",
];
const NAMES = [...VALID, ...OPERATOR_NAMES];
/** Names no SVM has, built from the names above: each would match some of them as an ONTAP query. */
const ABSENT = ["vs1**", "v*", "vs1|nosuch", "!nosuch", "<zzz", ">a", "a..z", "{vs}", '"vs"', "vs1,nosuch"];
/** A name no ONTAP query can match literally (it holds both a double quote and a brace). */
const UNQUOTABLE = 'x"}';

describe("reliability: lookups by name are exact (SVMs whose names differ only by query operators)", function () {
  this.timeout(60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-exact-"));
  let sim: SimulatorHandle;
  let uuidOf: Map<string, string>;
  let client: OntapClient;

  before(async () => {
    const state = seedCluster({
      clusterName: "cluster1",
      seed: "exact-lookup",
      nodes: 1,
      svms: NAMES.length + 1,
      mode: "svm",
    });
    [...NAMES, UNQUOTABLE].forEach((name, i) => (state.svms[i].name = name));
    const stateFile = path.join(tmp, "state.json");
    fs.writeFileSync(stateFile, JSON.stringify(state));
    sim = await startSimulator({ stateFile, seed: "exact-lookup" });
    uuidOf = new Map(sim.control.state().svms.map((s) => [s.name, s.uuid]));
    assert.strictEqual(uuidOf.size, NAMES.length + 1);
    client = new OntapClient({ host: sim.url, username: sim.username, password: sim.password, caCert: sim.caCert });
    await ensureBuilt();
  });
  after(async () => {
    client?.close();
    closeAllClusters();
    await sim?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The SVMs' NDMP settings by name, to see which ones a call changed. */
  const settings = () =>
    new Map(sim.control.state().svms.map((s) => [s.name, { enabled: s.enabled, types: [...s.authentication_types] }]));
  /** Paths of the requests logged since `from` (a sequence number). */
  const requestsSince = (from: number) =>
    sim.control
      .requestLog()
      .filter((e) => e.seq > from)
      .map((e) => `${e.method} ${e.path}`);
  const lastSeq = () => sim.control.requestLog().at(-1)?.seq ?? 0;

  it("client.findSvm returns exactly the SVM named, for each name, and nothing for names no SVM has", async () => {
    for (const name of NAMES) {
      assert.deepStrictEqual(await client.findSvm(name), { name, uuid: uuidOf.get(name) }, name);
    }
    for (const name of ABSENT) assert.strictEqual(await client.findSvm(name), undefined, name);
  });

  it("a name no ONTAP query can match literally is refused with a clear error, and nothing is sent", async () => {
    const from = lastSeq();
    await assert.rejects(
      client.findSvm(UNQUOTABLE),
      /Invalid svm\.name "x\\"}": it holds both a double quote and a brace/,
    );
    assert.deepStrictEqual(requestsSince(from), []);
  });

  it("create adopts and PATCHes exactly the SVM named, update PATCHes it, read reads it (one at a time)", async () => {
    const svm = methods(providerOf("svm", stackConfigOf(sim)));
    for (const name of NAMES) {
      const uuid = uuidOf.get(name)!;
      const before = settings();
      const from = lastSeq();
      const inputs = { svm: name, enabled: true, authenticationTypes: ["plaintext"], host: sim.url };
      const created = await svm.create(inputs);
      assert.strictEqual(created.id, uuid, name);
      assert.strictEqual(created.outs.svmName, name);
      const after = settings();
      for (const [other, was] of before) {
        const expected = other === name ? { enabled: true, types: ["plaintext"] } : was;
        assert.deepStrictEqual(after.get(other), expected, `create of ${JSON.stringify(name)} changed ${other}`);
      }
      const patches = requestsSince(from).filter((r) => r.startsWith("PATCH"));
      assert.deepStrictEqual(patches, [`PATCH /api/protocols/ndmp/svms/${uuid}`], name);

      const updated = await svm.update(uuid, created.outs, {
        ...inputs,
        enabled: false,
        authenticationTypes: ["challenge"],
      });
      assert.strictEqual(updated.outs.svmName, name);
      assert.deepStrictEqual(settings(), before, `update of ${JSON.stringify(name)} did not put back exactly its SVM`);
      const read = await svm.read(uuid, updated.outs);
      assert.strictEqual(read.props?.svmName, name);
      const written = requestsSince(from).filter((r) => !r.startsWith("GET"));
      assert.deepStrictEqual(written, Array(2).fill(`PATCH /api/protocols/ndmp/svms/${uuid}`), name);
    }
  });

  it("creates of every name at once (coalesced into one query with |) each adopt exactly their own SVM", async () => {
    const svm = methods(providerOf("svm", stackConfigOf(sim)));
    const before = settings();
    const from = lastSeq();
    const created = await Promise.all(NAMES.map((name) => svm.create({ svm: name, enabled: true, host: sim.url })));
    created.forEach((c, i) => assert.strictEqual(c.id, uuidOf.get(NAMES[i]), NAMES[i]));
    const after = settings();
    for (const [name, was] of before) {
      assert.deepStrictEqual(after.get(name), NAMES.includes(name) ? { ...was, enabled: true } : was, name);
    }
    const lookups = requestsSince(from).filter((r) => r.startsWith("GET"));
    assert.ok(lookups.length < NAMES.length, `not coalesced: ${lookups.length} GETs`);
    const patched = requestsSince(from).filter((r) => r.startsWith("PATCH"));
    assert.deepStrictEqual(patched.sort(), NAMES.map((n) => `PATCH /api/protocols/ndmp/svms/${uuidOf.get(n)}`).sort());
    // Put them back for the next test.
    await Promise.all(created.map((c) => svm.update(c.id, c.outs, { ...c.outs, enabled: false })));
  });

  it("a create by a name no SVM has fails and changes nothing, even where the name matches others as a query", async () => {
    const svm = methods(providerOf("svm", stackConfigOf(sim)));
    const before = settings();
    for (const name of ABSENT) {
      await assert.rejects(svm.create({ svm: name, enabled: true, host: sim.url }), /has no SVM/, name);
    }
    assert.deepStrictEqual(settings(), before);
  });

  it("check refuses every operator name, naming the rule, before any request", async () => {
    const svm = methods(providerOf("svm", stackConfigOf(sim)));
    const from = lastSeq();
    for (const name of [...OPERATOR_NAMES, ...ABSENT.filter((n) => !/^[A-Za-z0-9._-]+$/.test(n))]) {
      const { failures } = await svm.check({}, { svm: name });
      assert.match(failures?.[0]?.reason ?? "", /is not an SVM name or UUID: .*\(ONTAP vserver create\)/, name);
    }
    for (const name of VALID) assert.deepStrictEqual((await svm.check({}, { svm: name })).failures, [], name);
    assert.deepStrictEqual(requestsSince(from), []);
  });

  it("the password of each name is generated for exactly that SVM (client)", async () => {
    const passwords = new Map<string, string>();
    for (const name of NAMES) {
      const from = lastSeq();
      const found = await client.findSvm(name);
      const record = await client.generatePassword(found!.uuid, "backup_user");
      assert.strictEqual(record.svm?.uuid, uuidOf.get(name), name);
      const calls = requestsSince(from).filter((r) => r.includes("/passwords/"));
      assert.deepStrictEqual(calls, [`GET /api/protocols/ndmp/svms/${uuidOf.get(name)}/passwords/backup_user`]);
      passwords.set(name, record.password!);
    }
    // Each SVM's user has its own login password, so every generated NDMP password differs.
    assert.strictEqual(new Set(passwords.values()).size, NAMES.length);
  });

  /** The CLI's answers for `password <name> backup_user --reveal --json`, for every name. */
  async function cliPasswords(names: string[], viaBinary: boolean) {
    const env = {
      ONTAP_HOST: sim.url,
      ONTAP_USERNAME: sim.username,
      ONTAP_PASSWORD: sim.password,
      ONTAP_CA_CERT: sim.caCert!,
    };
    const args = (name: string) => ["password", name, "backup_user", "--reveal", "--json"];
    if (viaBinary) return Promise.all(names.map((name) => bin(args(name), env)));
    const runs = [];
    for (const name of names) runs.push(await runCli(sim, args(name)));
    return runs;
  }

  for (const viaBinary of [false, true]) {
    // The built binary runs a few names (each run is a process start); the in-process run takes them all.
    const valid = viaBinary ? ["vs1", "a..b", "null"] : VALID;
    const operators = viaBinary ? ["vs1*", "vs1|vs2", '"vs1"'] : OPERATOR_NAMES;
    it(`the CLI${viaBinary ? " (built binary)" : ""}: 'password <name>' reaches exactly the SVM named; an operator name exits 2 before any request`, async () => {
      (await cliPasswords(valid, viaBinary)).forEach((run, i) => {
        assert.strictEqual(run.code, 0, run.stderr);
        assert.deepStrictEqual(JSON.parse(run.stdout).svm, { name: valid[i], uuid: uuidOf.get(valid[i]) });
      });
      const from = lastSeq();
      (await cliPasswords(operators, viaBinary)).forEach((run, i) => {
        assert.strictEqual(run.code, 2, `${operators[i]}: ${run.stderr}`);
        const { error } = JSON.parse(run.stderr);
        assert.strictEqual(error.kind, "usage");
        assert.match(error.message, /^<svm> '.*' is not an SVM name or UUID: .*\(ONTAP vserver create\)\.$/);
        assert.strictEqual(run.stdout, "");
      });
      assert.deepStrictEqual(requestsSince(from), []);
    });
  }
});
