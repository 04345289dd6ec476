// How the runtime copes with the plugin's configure() (@pulumi/pulumi 3.248.0, cmd/dynamic-provider/index.js: the
// provider is cached before `configure` resolves, and a failed `configure` is not retried): concurrent first calls, a
// configuration error that must surface on every call, and a provider that was never configured.
import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";
import { closeAllClusters } from "../../provider/clusters";
import * as runtime from "../../provider/runtime";
import { methods, providerOf, stackConfigOf, useSimulator, withOntapEnvironment } from "./harness";

describe("provider configuration", () => {
  const env = useSimulator();

  it("is ready for calls that arrive right after configure() starts, through the methods it installs", async () => {
    // What the serialized shim holds: its kind and configure (provider/resources/providerShim.ts).
    const provider: Record<string, unknown> & runtime.ShimProvider = { kind: "svm" };
    const configured = runtime.configure(provider, [{ config: { get: (k: string) => stackConfigOf(env.sim)[k] } }]);
    // Before configure's promise settles, as a call racing with the plugin's first one finds the provider.
    for (const name of ["check", "diff", "create", "read", "update", "delete"]) {
      assert.strictEqual(typeof provider[name], "function", `${name} installed`);
    }
    const installed = provider as unknown as Required<pulumi.dynamic.ResourceProvider>;
    const checks = await Promise.all([1, 2, 3].map(() => installed.check({}, { svm: "svm1" })));
    await configured;
    for (const result of checks) assert.strictEqual(result.inputs!.host, env.sim.url);
    const created = await installed.create(checks[0].inputs!);
    assert.strictEqual(created.id, env.sim.control.state().svms[0].uuid);
    assert.strictEqual((await installed.read(created.id, created.outs!)).props!.svmName, "svm1");
  });

  it("installs the methods even when the stack configuration is invalid, which each call then reports", async () => {
    const provider: Record<string, unknown> & runtime.ShimProvider = { kind: "svm" };
    await runtime.configure(provider, [
      { config: { get: (k: string) => (k === "ontap:insecure" ? "maybe" : undefined) } },
    ]);
    const installed = provider as unknown as Required<pulumi.dynamic.ResourceProvider>;
    await assert.rejects(installed.read("x", { svm: "svm1", host: env.sim.url }), /ontap:insecure/);
  });

  it("resolves a resource's connection again when the ONTAP_* environment or the client registry changed", async () => {
    const config = stackConfigOf(env.sim);
    delete config["ontap:username"];
    const p = methods(providerOf("svm", config));
    const props = { svm: "svm1", host: env.sim.url };
    const uuid = env.sim.control.state().svms[0].uuid;
    try {
      process.env.ONTAP_USERNAME = "not-the-admin";
      await assert.rejects(p.read(uuid, props), /401/);
      process.env.ONTAP_USERNAME = env.sim.username;
      assert.strictEqual((await p.read(uuid, props)).props!.svmName, "svm1", "the new username is used");
      closeAllClusters();
      assert.strictEqual((await p.read(uuid, props)).props!.svmName, "svm1", "a closed client is not reused");
    } finally {
      delete process.env.ONTAP_USERNAME;
    }
  });

  it("checks a resource without a connection against the ONTAP_* environment of each call", async () => {
    const config = stackConfigOf(env.sim);
    delete config["ontap:host"];
    const p = methods(providerOf("svm", config));
    try {
      process.env.ONTAP_HOST = env.sim.url;
      assert.strictEqual((await p.check({}, { svm: "svm1" })).inputs!.host, env.sim.url);
      assert.strictEqual((await p.check({}, { svm: "svm2" })).inputs!.host, env.sim.url, "the same, remembered");
      process.env.ONTAP_HOST = "cluster9.example.com:8443";
      assert.strictEqual((await p.check({}, { svm: "svm1" })).inputs!.host, "https://cluster9.example.com:8443");
      delete process.env.ONTAP_HOST;
      for (let i = 0; i < 2; i++) {
        const { inputs, failures } = await p.check({}, { svm: "svm1" });
        assert.strictEqual(inputs!.host, undefined);
        assert.match(failures![0].reason, /host/, "no host anywhere: reported on every check");
      }
    } finally {
      delete process.env.ONTAP_HOST;
    }
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
