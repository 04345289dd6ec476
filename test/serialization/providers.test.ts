// The provider objects as Pulumi serializes them into `__provider` (the second of three test layers: runtime,
// serialization, program mocks): small, identical for every resource of a kind, free of credentials, and runnable from a consumer
// project that installed the package from `npm pack`.
import * as assert from "assert";
import * as cp from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import * as pulumi from "@pulumi/pulumi";
import { startSimulator, SimulatorHandle } from "../../simulator";

const ROOT = path.join(__dirname, "..", "..");
const KINDS = ["mode", "node", "svm"] as const;
const SENTINEL_ADMIN = "Sentinel-admin-pw-0815";

// The built package, as a consumer loads it (the serialized text is what `dist` compiles to).
const { providers } = require(path.join(ROOT, "dist", "provider", "resources", "providerShim.js"));

async function serialized(kind: (typeof KINDS)[number]): Promise<pulumi.runtime.SerializedFunction> {
  // Exactly what pulumi.dynamic.Resource does (its serializeProvider is not exported).
  return pulumi.runtime.serializeFunction(() => providers[kind], { allowSecrets: true });
}

describe("serialized providers (__provider)", () => {
  const texts: Record<string, string> = {};

  before(async () => {
    // Credentials present in the environment and config of the process must not be captured.
    process.env.ONTAP_PASSWORD = SENTINEL_ADMIN;
    for (const kind of KINDS) {
      const sf = await serialized(kind);
      assert.strictEqual(sf.containsSecrets, false, `${kind}: the serialized provider captured a secret`);
      texts[kind] = sf.text;
    }
    delete process.env.ONTAP_PASSWORD;
  });

  for (const kind of KINDS) {
    it(`${kind}: stays under 1 KB (one method, configure) and captures nothing but its kind`, () => {
      const text = texts[kind];
      // Twice in each resource's state and in every Check, Diff and Read: its size is paid per resource and per RPC.
      assert.ok(text.length < 1024, `${text.length} bytes`);
      assert.match(text, /\{kind: "\w+", configure: __f\d+\}/, "the kind and configure only");
      assert.ok(!text.includes(SENTINEL_ADMIN));
      assert.ok(!/\/\*(?!\s*(configure|check|diff|create|read|update|delete)\s*\*\/)/.test(text), "no comments");
      assert.ok(!text.includes('require("pulumi-ontap-ndmp/dist'), "no deep require into dist");
      assert.ok(!/require\("\.{1,2}\//.test(text), "no relative require");
      assert.match(text, new RegExp(`kind: "${kind}"`));
    });
  }

  it("is the same text on every serialization", async () => {
    for (const kind of KINDS) assert.strictEqual((await serialized(kind)).text, texts[kind]);
  });

  describe("in a consumer project that installed the npm pack tarball", function () {
    this.timeout(60_000);
    let sim: SimulatorHandle;
    let consumer: string;

    before(async () => {
      sim = await startSimulator({ password: SENTINEL_ADMIN });
      consumer = fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-consumer-"));
      const packed = cp
        .execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", consumer], { cwd: ROOT })
        .toString()
        .trim()
        .split("\n")
        .pop()!;
      const installed = path.join(consumer, "node_modules", "pulumi-ontap-ndmp");
      fs.mkdirSync(installed, { recursive: true });
      cp.execFileSync("tar", ["-xzf", path.join(consumer, packed), "-C", installed, "--strip-components=1"]);
      fs.writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true }));
      for (const kind of KINDS) fs.writeFileSync(path.join(consumer, `${kind}.provider.js`), texts[kind]);
    });

    after(async () => {
      await sim?.stop();
      if (consumer) fs.rmSync(consumer, { recursive: true, force: true });
    });

    it("loads the tarball's files only (no source, tests or simulator state)", () => {
      const files = cp.execFileSync("find", [".", "-type", "f"], {
        cwd: path.join(consumer, "node_modules", "pulumi-ontap-ndmp"),
      });
      const list = files.toString().split("\n").filter(Boolean);
      assert.ok(list.includes("./dist/provider/runtime/index.js"));
      assert.ok(list.includes("./dist/simulator/index.js"));
      assert.ok(!list.some((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")), "no TypeScript sources");
      assert.ok(!list.some((f) => f.startsWith("./test/")));
    });

    it("runs configure, check, create and read in a fresh process, as the plugin does", async () => {
      const script = `
        const requireFromString = require("require-from-string");
        const { Config } = require("@pulumi/pulumi/cmd/dynamic-provider/config");
        const fs = require("fs");
        (async () => {
          const provider = requireFromString(fs.readFileSync("svm.provider.js", "utf8")).handler();
          const raw = JSON.parse(process.env.STACK_CONFIG);
          await provider.configure({ config: new Config(raw, "consumer") });
          const { inputs, failures } = await provider.check({}, { svm: "svm1", enabled: true });
          if (failures.length) throw new Error(JSON.stringify(failures));
          const created = await provider.create(inputs);
          const read = await provider.read(created.id, created.outs);
          console.log(JSON.stringify({ id: created.id, enabled: read.props.enabled, from: require.resolve("pulumi-ontap-ndmp/runtime") }));
        })().catch((e) => { console.error(e.message); process.exit(1); });`;
      // Asynchronously: the simulator answering the child runs in this process.
      const { stdout: out } = await promisify(cp.execFile)(process.execPath, ["-e", script], {
        cwd: consumer,
        env: {
          PATH: process.env.PATH,
          // The tarball's own dependencies, as `npm install` would have placed them next to it.
          NODE_PATH: path.join(ROOT, "node_modules"),
          STACK_CONFIG: JSON.stringify({
            "ontap:host": sim.url,
            "ontap:username": sim.username,
            "ontap:password": sim.password,
            "ontap:caCert": sim.caCert,
          }),
        },
      });
      const result = JSON.parse(out);
      assert.strictEqual(result.id, sim.control.state().svms[0].uuid);
      assert.strictEqual(result.enabled, true);
      assert.ok(
        fs.realpathSync(result.from).startsWith(fs.realpathSync(consumer)),
        `runtime loaded from ${result.from}`,
      );
      assert.ok(!out.includes(SENTINEL_ADMIN));
    });
  });
});
