// `npm run demo`: the whole demo in a child process, with the real Pulumi CLI (tools/pulumi-cli: the one on PATH when
// supported, else the pinned build), its cleanup on Ctrl-C, and a clear failure when PULUMI_CLI names no Pulumi CLI.
import * as assert from "assert";
import * as cp from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ensurePulumiCli } from "../../tools/pulumi-cli/cli";

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

describe("npm run demo (pulumi CLI)", function () {
  this.timeout(180_000);
  // The CLI the demo will find, resolved (and built when missing) before the demo runs, so the run is timed alone.
  const cli = ensurePulumiCli();

  it("runs the whole life cycle with the Pulumi CLI, showing Pulumi's own output, and leaves nothing behind", async () => {
    const run = await runDemo({ PULUMI_CLI: cli.path });
    const out = run.output;
    assert.strictEqual(run.code, 0, out);
    assert.match(out, new RegExp(`Pulumi CLI: .*pulumi \\(${cli.version.replace(/\./g, "\\.")}\\)`));
    // 1. creates (Pulumi's own lines)
    assert.match(out, /\$ pulumi up --color never --non-interactive --yes --skip-preview/);
    assert.match(out, /Updating \(demo\):/);
    assert.match(out, /\+ {2}pulumi-nodejs:dynamic\/ontap:NdmpSvmConfig ndmp-svm1 created/);
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
    assert.match(out, /~ enabled\s*: true => false/);
    assert.match(out, /error: no changes were expected for preview but changes were proposed/);
    assert.match(out, /preview --refresh --expect-no-changes exited 7/);
    // 5. repair, 6. destroy
    assert.match(out, /~ 1 updated/);
    assert.match(out, /- 4 deleted/);
    assert.match(out, /Demo passed: every step behaved as expected \(\d+\.\d s\)/);
    // Each step is narrated before its output.
    assert.deepStrictEqual(
      [...out.matchAll(/==> \[(\d)\/7\]/g)].map((m) => Number(m[1])),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.ok(!out.includes("ontap:password="), "a secret went on a command line");
    assert.deepStrictEqual(run.leftInTmp, [], "temporary files left behind");
    assert.deepStrictEqual(run.leftProcesses, [], "processes left running");
  });

  it("cleans up its processes and temporary files on Ctrl-C", async () => {
    const run = await runDemo({ PULUMI_CLI: cli.path }, /==> \[3\/7\]/);
    assert.strictEqual(run.code, 130, run.output);
    assert.match(run.output, /SIGINT: cleaning up…/);
    assert.doesNotMatch(run.output, /Demo (passed|failed)/);
    assert.deepStrictEqual(run.leftInTmp, []);
    assert.deepStrictEqual(run.leftProcesses, []);
  });

  it("fails clearly, before starting anything, when PULUMI_CLI names no Pulumi CLI", async () => {
    const run = await runDemo({ PULUMI_CLI: "/bin/true" });
    assert.strictEqual(run.code, 1, run.output);
    assert.match(run.output, /Demo failed: PULUMI_CLI=\/bin\/true is not a Pulumi CLI that answers `version`\./);
    assert.doesNotMatch(run.output, /==> \[1\/7\]/);
    assert.deepStrictEqual(run.leftInTmp, []);
  });
});
