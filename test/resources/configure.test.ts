// How the runtime copes with the plugin's configure() (@pulumi/pulumi 3.248.0, cmd/dynamic-provider/index.js: the
// provider is cached before `configure` resolves, and a failed `configure` is not retried): concurrent first calls, a
// configuration error that must surface on every call, and a provider that was never configured.
import * as assert from "assert";
import * as runtime from "../../provider/runtime";
import { methods, providerOf, stackConfigOf, useSimulator, withOntapEnvironment } from "./harness";

describe("provider configuration", () => {
  const env = useSimulator();

  it("is ready for calls that arrive right after configure() starts", async () => {
    const provider = { kind: "svm" };
    const configured = runtime.configure(provider, [{ config: { get: (k: string) => stackConfigOf(env.sim)[k] } }]);
    const checks = await Promise.all([1, 2, 3].map(() => runtime.check(provider, [{}, { svm: "svm1" }])));
    await configured;
    for (const result of checks) assert.strictEqual(result.inputs!.host, env.sim.url);
  });

  it("reports a bad setting on every call, not only the first", async () => {
    const p = methods(providerOf("svm", { ...stackConfigOf(env.sim), "ontap:insecure": "maybe" }));
    for (let i = 0; i < 2; i++) {
      const { failures } = await p.check({}, { svm: "svm1" });
      assert.match(
        failures![0].reason,
        /stack config ontap:insecure \(a string of 5 characters, not shown\) is not a boolean/,
      );
    }
    await assert.rejects(p.read("x", { svm: "svm1", host: env.sim.url }), /ontap:insecure/);
    await assert.rejects(p.read("x", { svm: "svm1", host: env.sim.url }), /ontap:insecure/);
  });

  it("reports an unreadable CA file before any request", async () => {
    const p = methods(providerOf("svm", { ...stackConfigOf(env.sim), "ontap:caCert": "/nonexistent/ca.pem" }));
    const { failures } = await p.check({}, { svm: "svm1" });
    assert.match(failures![0].reason, /cannot read CA certificate file "\/nonexistent\/ca\.pem" \(ENOENT\)/);
    assert.strictEqual(env.sim.control.counters().total, 0);
  });

  it("takes the connection from ONTAP_* when never configured", async () => {
    const id = await withOntapEnvironment(env.sim, async () => {
      const p = methods(providerOf("svm"));
      const { inputs } = await p.check({}, { svm: "svm1" });
      return (await p.create(inputs!)).id;
    });
    assert.strictEqual(id, env.sim.control.state().svms[0].uuid);
  });

  it("prefers the connection argument, then stack config, then the environment, setting by setting", async () => {
    process.env.ONTAP_USERNAME = "from-env";
    try {
      const config = stackConfigOf(env.sim);
      delete config["ontap:username"];
      const p = methods(providerOf("svm", config));
      const { inputs } = await p.check({}, { svm: "svm1" });
      await assert.rejects(p.create(inputs!), /401/, "the environment's username is used when config has none");
      const explicit = { host: env.sim.url, username: env.sim.username };
      const { inputs: withArg } = await p.check({}, { svm: "svm1", connection: explicit });
      await p.create(withArg!);
    } finally {
      delete process.env.ONTAP_USERNAME;
    }
  });

  it("verifies TLS: a self-signed cluster is refused without caCert or insecure", async () => {
    const config = stackConfigOf(env.sim);
    delete config["ontap:caCert"];
    const p = methods(providerOf("svm", config));
    const { inputs } = await p.check({}, { svm: "svm1" });
    await assert.rejects(p.create(inputs!), /certificate/i);
    const insecure = methods(providerOf("svm", { ...config, "ontap:insecure": "true" }));
    await insecure.create((await insecure.check({}, { svm: "svm1" })).inputs!);
  });
});
