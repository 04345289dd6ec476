// The resources as a program sees them, under pulumi.runtime.setMocks (Pulumi's unit tests with mocks,
// https://www.pulumi.com/docs/iac/concepts/testing/unit/): type tokens, the password wrapped as a secret even when given in clear, output-only properties
// declared, and one serialized provider per kind. Mocks run no provider method; the engine tests cover those.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpNodeConfig, NdmpSvmConfig } from "../../provider";

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

function isSecretValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

describe("resources in a program (mocks)", () => {
  const registered: Registered[] = [];
  let mode: NdmpMode;
  let node: NdmpNodeConfig;
  let withConnection: NdmpSvmConfig;
  let withoutConnection: NdmpSvmConfig;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, host: "https://cluster1" } };
        },
        call: () => ({}),
      },
      "mocks",
      "dev",
    );
    mode = new NdmpMode("mode", { mode: "node" });
    node = new NdmpNodeConfig(
      "node",
      { node: "cluster1-01", user: "ndmp", password: "plain-text-pw" },
      { dependsOn: [mode] },
    );
    new NdmpNodeConfig("node2", { node: "cluster1-02", password: pulumi.secret("other") });
    withConnection = new NdmpSvmConfig("svm", {
      svm: "svm1",
      enabled: true,
      connection: { host: "cluster1", password: "admin-pw" },
    });
    withoutConnection = new NdmpSvmConfig("svm2", { svm: "svm2", connection: undefined });
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  it("registers the documented type tokens", () => {
    assert.deepStrictEqual(
      registered.map((r) => [r.name, r.type]).sort(([a], [b]) => a.localeCompare(b)),
      [
        ["mode", "pulumi-nodejs:dynamic/ontap:NdmpMode"],
        ["node", "pulumi-nodejs:dynamic/ontap:NdmpNodeConfig"],
        ["node2", "pulumi-nodejs:dynamic/ontap:NdmpNodeConfig"],
        ["svm", "pulumi-nodejs:dynamic/ontap:NdmpSvmConfig"],
        ["svm2", "pulumi-nodejs:dynamic/ontap:NdmpSvmConfig"],
      ],
    );
  });

  it("wraps the node password as a secret even when it is given as a plain string", () => {
    const inputs = registered.find((r) => r.name === "node")!.inputs;
    assert.ok(isSecretValue(inputs.password), JSON.stringify(inputs.password));
    assert.strictEqual((inputs.password as Record<string, unknown>).value, "plain-text-pw");
  });

  it("wraps an explicit connection (it may hold the admin password) as a secret", () => {
    const inputs = registered.find((r) => r.name === "svm")!.inputs;
    assert.ok(isSecretValue(inputs.connection));
    assert.strictEqual(registered.find((r) => r.name === "svm2")!.inputs.connection, undefined);
  });

  it("gives the SDK no connection property to track when none is given (each costs four promises per resource)", () => {
    const own = (resource: object) => Object.prototype.hasOwnProperty.call(resource, "connection");
    assert.strictEqual(own(withConnection), true);
    assert.strictEqual(own(withoutConnection), false);
  });

  it("serializes one identical provider per kind, without the password in it", () => {
    const byType = new Map<string, Set<unknown>>();
    for (const r of registered) {
      const texts = byType.get(r.type) ?? new Set();
      texts.add(r.inputs.__provider);
      byType.set(r.type, texts);
    }
    for (const [type, texts] of byType) assert.strictEqual(texts.size, 1, type);
    const all = registered.map((r) => String(r.inputs.__provider)).join("\n");
    assert.ok(!all.includes("plain-text-pw") && !all.includes("admin-pw"));
  });

  it("declares the output-only properties so their values reach the program", async () => {
    const host = await new Promise((resolve) => node.host.apply(resolve));
    assert.strictEqual(host, "https://cluster1");
    assert.ok(Object.prototype.hasOwnProperty.call(registered.find((r) => r.name === "node")!.inputs, "user"));
  });

  it("gives each uuid output as the resource's id, without declaring it to the engine", async () => {
    const valueOf = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
    for (const [resource, name] of [
      [mode, "clusterUuid"],
      [node, "nodeUuid"],
      [withConnection, "svmUuid"],
    ] as const) {
      const uuid = (resource as unknown as Record<string, pulumi.Output<string>>)[name];
      assert.strictEqual(await valueOf(uuid), await valueOf(resource.id), name);
      assert.strictEqual(Object.prototype.hasOwnProperty.call(resource, name), false, `${name} is not an SDK property`);
    }
    for (const r of registered) {
      for (const name of ["clusterUuid", "nodeUuid", "svmUuid"]) assert.ok(!(name in r.inputs), `${r.name}: ${name}`);
    }
  });
});
