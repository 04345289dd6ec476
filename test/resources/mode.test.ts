import * as assert from "assert";
import { methods, Props, providerOf, stackConfigOf, useSimulator } from "./harness";

describe("NdmpMode provider", () => {
  const env = useSimulator();
  const mode = () => methods(providerOf("mode", stackConfigOf(env.sim)));

  async function created(news: Props) {
    const p = mode();
    const { inputs, failures } = await p.check({}, news);
    assert.deepStrictEqual(failures, []);
    const result = await p.create(inputs!);
    return { p, id: result.id, outs: result.outs as Props };
  }

  it("refuses a mode ONTAP does not have, naming the allowed ones", async () => {
    const { failures } = await mode().check({}, { mode: "cluster" });
    assert.deepStrictEqual(failures, [{ property: "mode", reason: 'mode: "cluster" must be one of "svm", "node"' }]);
  });

  it("adopts the current mode without a PATCH; its id is the cluster uuid, which the outputs do not repeat", async () => {
    const { id, outs } = await created({ mode: "svm" });
    const state = env.sim.control.state();
    assert.strictEqual(id, state.uuid);
    assert.deepStrictEqual(outs, {
      mode: "svm",
      clusterName: state.name,
      host: env.sim.url,
      onDelete: "retain",
      originalValues: { mode: "svm" },
    });
    assert.strictEqual(env.sim.control.counters().byMethod.PATCH, undefined);
  });

  it("switches the mode, reads it back, and restores it on delete when asked", async () => {
    const { p, id, outs } = await created({ mode: "node", onDelete: "restore" });
    assert.strictEqual(env.sim.control.state().mode, "node");
    const read = await p.read(id, outs);
    assert.deepStrictEqual(read.props, outs);
    await p.delete(id, outs);
    assert.strictEqual(env.sim.control.state().mode, "svm");
  });

  it("updates in place and replaces only for another cluster", async () => {
    const { p, id, outs } = await created({ mode: "svm" });
    const diff = await p.diff(id, outs, { mode: "node", host: env.sim.url });
    assert.deepStrictEqual([diff.changes, diff.replaces], [true, []]);
    assert.deepStrictEqual((await p.diff(id, outs, { mode: "svm", host: "https://cluster2" })).replaces, ["host"]);
    const { outs: after } = await p.update(id, outs, { mode: "node", host: env.sim.url });
    assert.strictEqual((after as Props).mode, "node");
    assert.strictEqual(env.sim.control.state().mode, "node");
  });
});
