// The data functions, called as a program calls them (outside the plugin), against the simulator.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { getNdmpPassword, getNdmpPasswordOutput, getNdmpSession, getNdmpSessions } from "../../provider";
import { ConnectionArgs } from "../../provider/connection";
import { useSimulator, withOntapEnvironment } from "../resources/harness";

/** The value of an output, or its failure (the SDK's own accessor: `apply` never runs for a failed output). */
function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

describe("data functions", () => {
  const env = useSimulator({ svms: 2 });
  const connection = (): ConnectionArgs => ({
    host: env.sim.url,
    username: env.sim.username,
    password: env.sim.password,
    caCert: env.sim.caCert,
  });

  it("getNdmpSessions lists the sessions of the active scope, camelCased, with their owner", async () => {
    const { sessions } = await getNdmpSessions({ connection: connection() });
    const expected = env.sim.control.sessions().filter((s) => s.scope === "svm");
    assert.strictEqual(sessions.length, expected.length);
    const first = sessions[0];
    assert.strictEqual(first.owner, first.svm?.uuid);
    assert.match(first.id!, /^\d+:\d+$/);
    assert.ok("dataPath" in first && !("data_path" in first));
    assert.strictEqual(typeof first.data?.bytesProcessed, "number");
  });

  it("getNdmpSessions passes ONTAP filters through and refuses unknown fields before any request", async () => {
    const svm = env.sim.control.state().svms[0].name;
    const { sessions } = await getNdmpSessions({ filters: { "svm.name": svm }, connection: connection() });
    assert.ok(sessions.length > 0 && sessions.every((s) => s.svm?.name === svm));
    env.sim.control.resetCounters();
    await assert.rejects(getNdmpSessions({ filters: { "svm.nmae": svm }, connection: connection() }), (err: Error) => {
      assert.match(err.message, /"svm\.nmae" is not a session field ONTAP can filter on; use one of: .*svm\.name/);
      return true;
    });
    assert.strictEqual(env.sim.control.counters().total, 0);
  });

  it("getNdmpSession returns one session by owner and id", async () => {
    const [summary] = env.sim.control.sessions().filter((s) => s.scope === "svm");
    const session = await getNdmpSession({
      owner: summary.record.uuid!,
      id: summary.record.id!,
      connection: connection(),
    });
    assert.deepStrictEqual([session.owner, session.id], [summary.record.uuid, summary.record.id]);
  });

  it("getNdmpPassword returns the generated password as a secret, by SVM name or uuid", async () => {
    const svm = env.sim.control.state().svms[0];
    const byName = getNdmpPassword({ svm: svm.name, user: "backup_user", connection: connection() });
    assert.strictEqual(await pulumi.isSecret(byName), true);
    const password = await valueOf(byName);
    assert.match(password, /^[A-Za-z0-9]{16}$/);
    const byUuid = getNdmpPasswordOutput({
      svm: pulumi.output(svm.uuid),
      user: "backup_user",
      connection: connection(),
    });
    assert.strictEqual(await pulumi.isSecret(byUuid), true);
    assert.strictEqual(await valueOf(byUuid), password);
  });

  it("getNdmpPassword names the SVM it cannot find", async () => {
    await assert.rejects(
      valueOf(getNdmpPassword({ svm: "nope", user: "backup_user", connection: connection() })),
      /no SVM "nope"/,
    );
  });

  it("uses ONTAP_* when there is no argument and no stack config", async () => {
    const { sessions } = await withOntapEnvironment(env.sim, () => getNdmpSessions());
    assert.ok(sessions.length > 0);
  });
});
