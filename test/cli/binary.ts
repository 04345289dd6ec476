// The installed entry point, run as a user runs it: `node dist/provider/cli/main.js …` in its own process, with an
// environment made only of what the test gives (no ONTAP_* or NO_COLOR of the caller). `npm test` builds first
// (pretest); when mocha runs alone and dist is older than the sources, `ensureBuilt` builds it.
import * as assert from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";

const execFileAsync = promisify(execFile);
export const ROOT = path.resolve(__dirname, "../..");
export const BIN = path.join(ROOT, "dist/provider/cli/main.js");

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

/** Builds dist/ when it is older than the sources (a `before` hook of suites that run the bin). */
export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const started = Date.now() - 1000;
  // Other parts of the tree may fail to type-check mid-change; tsc still emits, and the check below decides.
  await execFileAsync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.json")],
    {
      cwd: ROOT,
    },
  ).catch(() => undefined);
  assert.ok(fs.existsSync(BIN) && fs.statSync(BIN).mtimeMs >= started, `${BIN} could not be built: run npm run build`);
}

export interface BinResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock time of the run. */
  ms: number;
}

/** Runs the built bin with `args` and exactly `env` (on top of the caller's environment without ONTAP_*, NO_COLOR). */
export async function bin(args: string[], env: Record<string, string>, timeout = 15_000): Promise<BinResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("ONTAP_") && k !== "NO_COLOR"),
  );
  const started = Date.now();
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...args], {
      env: { ...clean, ...env },
      timeout,
    });
    return { code: 0, stdout, stderr, ms: Date.now() - started };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    const code = typeof e.code === "number" ? e.code : -1;
    return { code, stdout: e.stdout ?? "", stderr: e.stderr ?? "", ms: Date.now() - started };
  }
}
