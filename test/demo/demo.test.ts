// `npm run demo`: the whole demo in a child process (no Pulumi CLI on PATH: the engine-driver path), and the Pulumi
// CLI path against a scripted fake `pulumi` that records its invocations (no real CLI can be installed here).
import * as assert from "assert";
import * as cp from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSimulator, SimulatorHandle } from "../../simulator";
import { findPulumiCli, runCliDemo, STACK } from "../../tools/demo/cli";
import { DemoFailure } from "../../tools/demo/cluster";
import { narrator } from "../../tools/demo/narrator";
import { fakeEnv, fakePulumi, FakeCli, pathWithoutPulumi } from "./fakePulumi";

const ROOT = path.join(__dirname, "..", "..");

interface DemoRun {
  code: number | null;
  output: string;
  ms: number;
  /** What the run left in its private TMPDIR. */
  leftInTmp: string[];
  /** Processes still running that inherited the run's marker. */
  leftProcesses: number[];
}

/** Pids of live processes whose environment holds `marker` (Linux; empty elsewhere). */
function processesWith(marker: string): number[] {
  if (!fs.existsSync("/proc")) return [];
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/environ`, "latin1").includes(marker)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** `node scripts/run-ts.js tools/demo.ts` with this environment, its own TMPDIR and a marker in its environment. */
async function runDemo(env: Record<string, string | undefined>, interruptAt?: RegExp): Promise<DemoRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "demo-test-tmp-"));
  const marker = `DEMO_TEST_MARKER_${crypto.randomBytes(8).toString("hex")}`;
  const started = Date.now();
  try {
    const child = cp.spawn(process.execPath, [path.join("scripts", "run-ts.js"), path.join("tools", "demo.ts")], {
      cwd: ROOT,
      env: { ...process.env, ...env, TMPDIR: tmp, [marker]: "1" } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let interrupted = false;
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString("utf8");
      if (interruptAt && !interrupted && interruptAt.test(output)) {
        interrupted = true;
        child.kill("SIGINT"); // Ctrl-C, by the child's pid
      }
    });
    child.stderr.on("data", (c: Buffer) => (output += c.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    await new Promise((r) => setTimeout(r, 300));
    return {
      code,
      output,
      ms: Date.now() - started,
      // ts-node's compile cache (v8-compile-cache-<uid>) is a shared, persistent cache, not a temporary of the run.
      leftInTmp: fs.readdirSync(tmp).filter((e) => !e.startsWith("v8-compile-cache")),
      leftProcesses: processesWith(marker),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe("npm run demo", function () {
  this.timeout(120_000);

  it("runs the whole life cycle through the engine driver when no Pulumi CLI is on PATH, and leaves nothing behind", async () => {
    const run = await runDemo({ PATH: pathWithoutPulumi(), PULUMI_CLI: undefined });
    const out = run.output;
    assert.strictEqual(run.code, 0, out);
    assert.match(
      out,
      /No Pulumi CLI \(none on PATH, PULUMI_CLI not set\): running the same steps through the engine driver/,
    );
    // 1. creates
    assert.match(out, /\+ {3}├─ pulumi-nodejs:dynamic\/ontap:NdmpSvmConfig {2}ndmp-svm1 +created/);
    assert.match(out, /\+ 4 created/);
    assert.match(out, /backupPassword: \[secret\]/);
    // 2. no changes
    assert.match(out, /4 unchanged/);
    assert.match(out, /no changes, no PATCH sent to ONTAP/);
    // 3. drift made outside Pulumi, 4. detected with the field and both values
    assert.match(
      out,
      /PATCH https:\/\/127\.0\.0\.1:\d+\/api\/protocols\/ndmp\/svms\/[0-9a-f-]+ \{"enabled":false\} → HTTP 200/,
    );
    assert.match(out, /~ {3}├─ pulumi-nodejs:dynamic\/ontap:NdmpSvmConfig {2}ndmp-svm1 +update {6}\[diff: ~enabled\]/);
    assert.match(out, /~ enabled: false => true/);
    assert.match(out, /error: no changes were expected but changes were proposed/);
    assert.match(out, /drift detected, exit code 7: ndmp-svm1 enabled is false on ONTAP, true in the program/);
    // 5. repair, 6. destroy
    assert.match(out, /~ 1 updated/);
    assert.match(out, /ndmp-svm1 updated with one PATCH/);
    assert.match(out, /- 4 deleted/);
    assert.match(out, /Demo passed: every step behaved as expected \(\d+\.\d s\)/);
    // Each step is narrated before its output.
    assert.deepStrictEqual(
      [...out.matchAll(/==> \[(\d)\/7\]/g)].map((m) => Number(m[1])),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.ok(run.ms < 60_000, `the demo took ${run.ms} ms`);
    assert.deepStrictEqual(run.leftInTmp, [], "temporary files left behind");
    assert.deepStrictEqual(run.leftProcesses, [], "processes left running");
  });

  it("cleans up its processes and temporary files on Ctrl-C", async () => {
    const run = await runDemo({ PATH: pathWithoutPulumi(), PULUMI_CLI: undefined }, /==> \[3\/7\]/);
    assert.strictEqual(run.code, 130, run.output);
    assert.match(run.output, /SIGINT: cleaning up…/);
    assert.doesNotMatch(run.output, /Demo (passed|failed)/);
    assert.deepStrictEqual(run.leftInTmp, []);
    assert.deepStrictEqual(run.leftProcesses, []);
  });

  it("uses a Pulumi CLI found on PATH, and fails clearly when the cluster does not follow its exit codes", async () => {
    const fake = fakePulumi();
    try {
      const run = await runDemo({
        PATH: [fake.dir, pathWithoutPulumi()].join(path.delimiter),
        PULUMI_CLI: undefined,
        ...fakeEnv(fake),
      });
      assert.strictEqual(run.code, 1, run.output);
      assert.match(
        run.output,
        new RegExp(`Pulumi CLI: ${fake.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(v3\\.230\\.0\\)`),
      );
      assert.match(run.output, /\$ pulumi up --yes --skip-preview --stack demo --non-interactive --color never/);
      assert.match(
        run.output,
        /✘ Demo failed: up: expected NDMP enabled \(challenge\) on svm1, ONTAP has enabled=false/,
      );
      assert.deepStrictEqual(
        fake.invocations().map((i) => i.argv.slice(0, 2).join(" ")),
        ["stack init", "config set", "config set", "config set", "config set", "up --yes", "stack output"],
      );
      assert.deepStrictEqual(run.leftInTmp, [], "the throwaway workspace was not removed");
      assert.deepStrictEqual(run.leftProcesses, []);
    } finally {
      fake.remove();
    }
  });
});

describe("demo with a Pulumi CLI (a scripted fake)", function () {
  this.timeout(60_000);
  let sim: SimulatorHandle;
  let fake: FakeCli;
  let printed: string;
  const say = () => narrator(7, (s) => void (printed += s), false);

  before(async () => (sim = await startSimulator({ svms: 2 })));
  after(async () => sim?.stop());
  beforeEach(() => {
    fake = fakePulumi();
    printed = "";
    sim.control.reset();
  });
  afterEach(() => fake.remove());

  const cliOf = () => findPulumiCli({ PATH: fake.dir }).cli!;
  const env = (behaviour = {}) => ({ ...process.env, ...fakeEnv(fake, behaviour) });
  /** The demo against the fake CLI, whose commands exit with these codes (the others with 0). */
  const runWithExitCodes = (exitCodes: Record<string, number> = {}) =>
    runCliDemo({ sim, say: say(), cli: cliOf(), color: false, checkCluster: false, env: env({ exitCodes }) });

  it("finds the CLI on PATH or through PULUMI_CLI, and checks its version", () => {
    assert.deepStrictEqual(findPulumiCli({ PATH: fake.dir }).cli, { path: fake.path, version: "v3.230.0" });
    assert.deepStrictEqual(findPulumiCli({ PATH: "", PULUMI_CLI: fake.path }).cli?.path, fake.path);
    assert.deepStrictEqual(findPulumiCli({ PATH: fake.dir, PULUMI_CLI: "none" }), { reason: "PULUMI_CLI=none" });
    assert.deepStrictEqual(findPulumiCli({ PATH: "" }), { reason: "none on PATH, PULUMI_CLI not set" });
    assert.throws(() => findPulumiCli({ PATH: "", PULUMI_CLI: "/nonexistent/pulumi" }), DemoFailure);
    const old = findPulumiCli({ PATH: fake.dir, FAKE_PULUMI_BEHAVIOUR: JSON.stringify({ version: "v3.100.0" }) });
    assert.match(old.reason!, /is 3\.100\.0; the NDMP resources need 3\.139\.0 or later/);
  });

  it("runs exactly these commands, in a throwaway workspace that is removed afterwards", async () => {
    await runWithExitCodes();
    const calls = fake.invocations();
    const common = ["--stack", STACK, "--non-interactive", "--color", "never"];
    const root = path.dirname(calls[0].cwd);
    assert.match(path.basename(root), /^pulumi-ontap-ndmp-demo-/);
    assert.deepStrictEqual(
      calls.map((c) => c.argv),
      [
        ["stack", "init", "demo", "--secrets-provider", "passphrase", "--non-interactive", "--color", "never"],
        ["config", "set", "ontap:host", sim.url, ...common],
        ["config", "set", "ontap:username", "admin", ...common],
        ["config", "set", "--secret", "ontap:password", ...common],
        ["config", "set", "ontap:caCert", path.join(root, "ca.pem"), ...common],
        ["up", "--yes", "--skip-preview", ...common],
        ["stack", "output", "--json", ...common],
        ["up", "--yes", "--skip-preview", "--expect-no-changes", ...common],
        ["preview", "--refresh", "--expect-no-changes", "--diff", ...common],
        ["up", "--refresh", "--yes", "--skip-preview", ...common],
        ["destroy", "--yes", "--skip-preview", ...common],
        ["stack", "rm", "--yes", ...common],
      ],
    );
    for (const c of calls) {
      assert.strictEqual(c.cwd, path.join(root, "project"));
      assert.deepStrictEqual(c.project, { pulumiYaml: true, indexTs: true, nodeModulesResolvesPackage: true });
      assert.strictEqual(c.env.PULUMI_BACKEND_URL, `file://${path.join(root, "state")}`);
      assert.strictEqual(c.env.PULUMI_HOME, path.join(root, "home"));
      assert.strictEqual(c.env.PULUMI_CONFIG_PASSPHRASE, calls[0].env.PULUMI_CONFIG_PASSPHRASE);
      assert.ok(c.env.PULUMI_CONFIG_PASSPHRASE.length >= 20);
      assert.strictEqual(c.env.PULUMI_SKIP_UPDATE_CHECK, "true");
      assert.strictEqual(c.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, "true");
      assert.ok(!c.argv.some((a) => a.includes(sim.password)), "the admin password is on a command line");
    }
    // The password goes through stdin only; the CA certificate through a file that exists while the CLI runs.
    assert.deepStrictEqual(
      calls.map((c) => c.stdin),
      calls.map((c) => (c.argv.includes("ontap:password") ? sim.password : null)),
    );
    assert.strictEqual(calls[4].caFileHadPem, true);
    assert.ok(!fs.existsSync(root), "the throwaway workspace is still there");
    // The administrator's change really reached the cluster (the fake CLI changes nothing else).
    assert.strictEqual(sim.control.state().svms.find((s) => s.name === "svm1")!.enabled, false);
    assert.match(
      printed,
      /\$ pulumi config set --secret ontap:password --stack demo --non-interactive --color never {3}\(value on stdin\)/,
    );
    assert.ok(!printed.includes(sim.password), "the admin password was printed");
  });

  it("fails when preview --refresh --expect-no-changes exits 0 (drift missed), and still cleans up", async () => {
    await assert.rejects(
      runWithExitCodes({ preview: 0 }),
      (e: Error) =>
        e instanceof DemoFailure &&
        /pulumi preview --refresh --expect-no-changes .* exited with 0; expected a non-zero code/.test(e.message),
    );
    assert.ok(!fs.existsSync(path.dirname(fake.invocations()[0].cwd)));
    assert.strictEqual(fake.invocations().at(-1)!.argv[0], "preview", "nothing runs after the failed check");
  });

  it("fails when a command that must succeed does not", async () => {
    await assert.rejects(
      runWithExitCodes({ destroy: 255 }),
      /pulumi destroy --yes --skip-preview .* exited with 255; expected 0/,
    );
    await assert.rejects(
      runWithExitCodes({ "stack init": 255 }),
      /pulumi stack init demo .* exited with 255; expected 0/,
    );
  });

  it("accepts exit code 255 for the drift check (CLIs before 3.227 had no code 7)", async () => {
    await runWithExitCodes({ preview: 255 });
    assert.match(printed, /preview --refresh --expect-no-changes failed as expected \(exit 255\)/);
  });
});
