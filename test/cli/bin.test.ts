// The installed entry point: package.json's bin runs dist/provider/cli/main.js with node (shebang). `npm test`
// builds first (pretest); when mocha runs alone and dist is older than the sources, this suite builds it.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { parseJson, SENTINEL_PASSWORD, simulatorEnv, useSimulator, assertNoSecret } from "./helpers";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "dist/provider/cli/main.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  return !fs.existsSync(BIN) || fs.statSync(BIN).mtimeMs < newestSource(path.join(ROOT, "provider"));
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function bin(args: string[], env: Record<string, string>): Promise<Result> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("ONTAP_") && k !== "NO_COLOR"),
  );
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...clean, ...env },
      timeout: 15_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("cli: the built bin", function () {
  this.timeout(60_000);
  const sim = useSimulator();

  before(async () => {
    if (!stale()) return;
    const started = Date.now() - 1000;
    // Other parts of the tree may fail to type-check mid-change; tsc still emits, and the check below decides.
    await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.json")], {
      cwd: ROOT,
    }).catch(() => undefined);
    assert.ok(
      fs.existsSync(BIN) && fs.statSync(BIN).mtimeMs >= started,
      `${BIN} could not be built: run npm run build`,
    );
  });

  it("starts with the node shebang and is what package.json's bin names", () => {
    assert.ok(fs.readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n"));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.strictEqual(path.resolve(ROOT, pkg.bin["ontap-ndmp"]), BIN);
  });

  it("runs 'status --json' with ONTAP_* variables and exits 0", async () => {
    const { code, stdout, stderr } = await bin(["status", "--json"], simulatorEnv(sim()));
    assert.strictEqual(code, 0, stderr);
    const result = parseJson(stdout);
    assert.strictEqual(result.mode, "svm");
    assert.deepStrictEqual(
      result.svms.map((s: { name: string }) => s.name),
      sim()
        .control.state()
        .svms.map((s) => s.name),
    );
    assertNoSecret(stdout + stderr, [SENTINEL_PASSWORD], "output");
  });

  it("refuses to kill without --yes from a pipe, and to print a password into one (exit 4)", async () => {
    const [session] = sim()
      .control.sessions()
      .filter((s) => s.scope === "svm");
    const [kill, password] = await Promise.all([
      bin(["sessions", "kill", `${session.record.uuid}/${session.record.id}`], simulatorEnv(sim())),
      bin(["password", "svm1", "backup_user"], simulatorEnv(sim())),
    ]);
    assert.strictEqual(kill.code, 4, kill.stderr);
    assert.match(kill.stderr, /stdin is not a terminal/);
    assert.strictEqual(password.code, 4, password.stderr);
    assert.match(password.stderr, /stdout is not a terminal/);
    assert.strictEqual(kill.stdout + password.stdout, "");
  });

  it("exits 3 with the flag and variable named when the host is missing", async () => {
    const { code, stderr } = await bin(["status"], {});
    assert.strictEqual(code, 3);
    assert.strictEqual(stderr, "ontap-ndmp: No ONTAP host: set --host, environment variable ONTAP_HOST.\n");
  });
});
