/**
 * The Python virtual environment of the third-party client tests: `.cache/python-venv` at the repository root
 * (git-ignored), created on first use from `requirements.txt` beside this file and reused while that file and the
 * Python it was built with are unchanged. The project's own files create it on a fresh machine; nothing is installed
 * by hand.
 *
 * - Built in a fresh folder that replaces the old one only once complete, so an interrupted install is never reused
 *   (a stamp with the requirements' hash is written last).
 * - pip runs with `--disable-pip-version-check --no-cache-dir --no-input --only-binary=:all:`: no network call
 *   beyond the packages, no cache written into the user's home, no package compiled from source, and bounded
 *   network retries; the whole creation is bounded in time and killed past it.
 * - Concurrent test runs in one checkout wait for each other through a lock folder (a stale lock, older than the
 *   time bound, is taken over).
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const REQUIREMENTS = path.join(__dirname, "requirements.txt");
const ROOT = path.resolve(__dirname, "..", "..");
const CACHE = path.join(ROOT, ".cache");
export const VENV = path.join(CACHE, "python-venv");
const STAMP = ".requirements.sha256";
const LOCK = path.join(CACHE, "python-venv.lock");
/** Longest a whole creation may take (venv + pip); pip alone gets what remains. */
export const CREATE_TIMEOUT_MS = 240_000;

export interface Venv {
  /** The environment's interpreter. */
  python: string;
  /** Whether this call created it (false: reused). */
  created: boolean;
  /** Time spent in this call. */
  seconds: number;
}

function run(command: string, args: string[], timeoutMs: number): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    timeout: Math.max(1000, timeoutMs),
    killSignal: "SIGKILL",
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, PIP_NO_CACHE_DIR: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1", PYTHONNOUSERSITE: "1" },
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status}`;
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed (${why}):\n${output}`);
  }
  return result;
}

/** A Python 3.8+ interpreter: `$PYTHON`, else the first of python3.11, python3, python that runs. */
export function basePython(): { command: string; version: string } {
  const candidates = process.env.PYTHON ? [process.env.PYTHON] : ["python3.11", "python3", "python"];
  for (const command of candidates) {
    const result = spawnSync(command, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], {
      encoding: "utf8",
      timeout: 15_000,
    });
    const version = result.status === 0 ? result.stdout.trim() : "";
    const [major, minor] = version.split(".").map(Number);
    if (major === 3 && minor >= 8) return { command, version };
  }
  throw new Error(`No Python 3.8 or later found (tried ${candidates.join(", ")}); set PYTHON to one.`);
}

function interpreterIn(dir: string): string {
  return process.platform === "win32" ? path.join(dir, "Scripts", "python.exe") : path.join(dir, "bin", "python");
}

function stampFor(version: string): string {
  return createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).update(`\npython ${version}\n`).digest("hex");
}

function isCurrent(dir: string, stamp: string): boolean {
  try {
    return fs.readFileSync(path.join(dir, STAMP), "utf8").trim() === stamp && fs.existsSync(interpreterIn(dir));
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(work: () => T): T {
  fs.mkdirSync(CACHE, { recursive: true });
  const deadline = Date.now() + CREATE_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const age = Date.now() - fs.statSync(LOCK).mtimeMs;
      if (age > CREATE_TIMEOUT_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${LOCK} is held by another run; remove it if none is running.`);
      else sleep(500);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The environment, created if missing or out of date. Throws (with pip's last lines) when it cannot be built. */
export function ensureVenv(): Venv {
  const started = Date.now();
  const { command, version } = basePython();
  const stamp = stampFor(version);
  const done = (created: boolean): Venv => ({
    python: interpreterIn(VENV),
    created,
    seconds: (Date.now() - started) / 1000,
  });
  if (isCurrent(VENV, stamp)) return done(false);
  return withLock(() => {
    if (isCurrent(VENV, stamp)) return done(false); // built by the run we waited for
    const building = `${VENV}.building-${process.pid}`;
    fs.rmSync(building, { recursive: true, force: true });
    try {
      run(command, ["-m", "venv", building], CREATE_TIMEOUT_MS);
      const pipArgs = ["-m", "pip", "install", "--disable-pip-version-check", "--no-cache-dir", "--no-input"];
      pipArgs.push("--only-binary=:all:", "--timeout", "30", "--retries", "2", "-r", REQUIREMENTS);
      run(interpreterIn(building), pipArgs, CREATE_TIMEOUT_MS - (Date.now() - started));
      fs.writeFileSync(path.join(building, STAMP), `${stamp}\n`);
      fs.rmSync(VENV, { recursive: true, force: true });
      fs.renameSync(building, VENV);
    } catch (err) {
      fs.rmSync(building, { recursive: true, force: true });
      throw err;
    }
    return done(true);
  });
}
