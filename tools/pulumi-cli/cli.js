// The Pulumi CLI that the engine-level tests, the demo and the bench run: a `pulumi` on PATH (or named by PULUMI_CLI)
// when its version is supported, otherwise the version pinned by this folder's go.mod, built once with `go build` into
// the git-ignored `.cache/pulumi-cli/<version>/bin` and reused after that. Next to it goes the dynamic-provider plugin
// `pulumi-resource-pulumi-nodejs`, copied from the SDK module (sdk/nodejs/dist in github.com/pulumi/pulumi/sdk/v3),
// which is the same few-line script Pulumi's release archives ship.
//
// The pin follows `@pulumi/pulumi` in package-lock.json: `cliPin()` refuses to build when go.mod and the lockfile
// disagree, so an SDK upgrade cannot silently test against an older engine.
"use strict";
const cp = require("child_process");
const fs = require("fs");
const path = require("path");
const { performance } = require("perf_hooks");

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const TOOLS_MODULE = __dirname;
const CACHE = path.join(REPO_ROOT, ".cache", "pulumi-cli");
const CLI_PACKAGE = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3";
const VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
/** The dynamic-provider plugin the engine starts for `pulumi-nodejs:dynamic:*` resources. */
const DYNAMIC_PROVIDER_PLUGIN = "pulumi-resource-pulumi-nodejs";

/**
 * The oldest CLI the harness accepts: 3.181.0 serves programs through `--client` on every operation (refresh and
 * destroy too; `@pulumi/pulumi` 3.248.0 automation/stack.js, `checkInlineSupport`), and dynamic providers receive
 * stack config through `configure` from 3.139.0.
 */
const MIN_CLI_VERSION = [3, 181, 0];

class PulumiCliError extends Error {
  constructor(message) {
    super(message);
    this.name = "PulumiCliError";
  }
}

/** `v3.200.0` → [3, 200, 0]; undefined when the text holds no version. */
function parseVersion(text) {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function isSupported(version) {
  if (version[0] !== MIN_CLI_VERSION[0]) return false;
  for (let i = 1; i < MIN_CLI_VERSION.length; i++) {
    if (version[i] !== MIN_CLI_VERSION[i]) return version[i] > MIN_CLI_VERSION[i];
  }
  return true;
}

/** The CLI version go.mod pins, checked against `@pulumi/pulumi` in package-lock.json. */
function cliPin(root = REPO_ROOT) {
  const goMod = fs.readFileSync(path.join(TOOLS_MODULE, "go.mod"), "utf8");
  const pinned = /^require github\.com\/pulumi\/pulumi\/pkg\/v3 (v\d+\.\d+\.\d+)$/m.exec(goMod)?.[1];
  if (!pinned) throw new PulumiCliError(`${path.join(TOOLS_MODULE, "go.mod")} does not require ${CLI_PACKAGE}.`);
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const sdk = lock.packages?.["node_modules/@pulumi/pulumi"]?.version;
  if (`v${sdk}` !== pinned) {
    throw new PulumiCliError(
      `tools/pulumi-cli/go.mod pins the Pulumi CLI at ${pinned} but package-lock.json has @pulumi/pulumi ${sdk}: ` +
        `run \`go get github.com/pulumi/pulumi/pkg/v3@v${sdk} && go mod tidy\` in tools/pulumi-cli.`,
    );
  }
  return pinned;
}

function onPath(name, env) {
  if (name.includes("/")) return isExecutable(path.resolve(name)) ? path.resolve(name) : undefined;
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `pulumi version` of an executable, or undefined when it does not answer with one. */
function versionOf(cli) {
  const run = cp.spawnSync(cli, ["version"], {
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return run.status === 0 ? parseVersion(run.stdout ?? "") : undefined;
}

const format = (v) => `v${v.join(".")}`;

/**
 * A Pulumi CLI to run: PULUMI_CLI when set (an error when it is not a supported CLI: the user asked for it), else
 * `pulumi` on PATH when supported, else the pinned build from the cache, built first when missing.
 */
function ensurePulumiCli(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const named = env.PULUMI_CLI?.trim();
  if (named) {
    const found = onPath(named, env);
    const version = found ? versionOf(found) : undefined;
    if (!found || !version)
      throw new PulumiCliError(`PULUMI_CLI=${named} is not a Pulumi CLI that answers \`version\`.`);
    if (!isSupported(version)) {
      throw new PulumiCliError(
        `PULUMI_CLI=${named} is ${format(version)}; this harness needs ${format(MIN_CLI_VERSION)} or a later v3.`,
      );
    }
    return { path: found, version: format(version), pluginDir: pluginDirFor(found, log), source: "PULUMI_CLI" };
  }
  const ambient = onPath("pulumi", env);
  const ambientVersion = ambient ? versionOf(ambient) : undefined;
  if (ambient && ambientVersion && isSupported(ambientVersion)) {
    return { path: ambient, version: format(ambientVersion), pluginDir: pluginDirFor(ambient, log), source: "PATH" };
  }
  if (ambient) {
    log(
      `pulumi on PATH (${ambient}, ${ambientVersion ? format(ambientVersion) : "no version"}) is not supported ` +
        `(needs ${format(MIN_CLI_VERSION)} or a later v3); using the pinned build instead.`,
    );
  }
  return pinnedCli(log);
}

/** The pinned CLI from the cache, built when it is missing or answers with another version. */
function pinnedCli(log) {
  const version = cliPin();
  const bin = path.join(CACHE, version, "bin");
  const cli = path.join(bin, "pulumi");
  const plugin = path.join(bin, DYNAMIC_PROVIDER_PLUGIN);
  const built = isExecutable(cli) && isExecutable(plugin) && versionOf(cli)?.join(".") === version.slice(1);
  if (built) return { path: cli, version, pluginDir: bin, source: "cache" };
  buildCli(version, bin, log);
  return { path: cli, version, pluginDir: bin, source: "built" };
}

function go(args, log) {
  const run = cp.spawnSync("go", args, {
    cwd: TOOLS_MODULE,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // The module cache and build cache are Go's own (GOMODCACHE, GOCACHE): later builds on this machine are fast.
    env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ""} -mod=readonly`.trim(), GOTOOLCHAIN: "local" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (run.error && run.error.code === "ENOENT") {
    throw new PulumiCliError(
      "No Pulumi CLI on PATH and no `go` to build the pinned one: install Go 1.25.11 or later, or put a Pulumi CLI " +
        `${format(MIN_CLI_VERSION)}+ on PATH (or name it with PULUMI_CLI).`,
    );
  }
  if (run.status !== 0) {
    const output = `${run.stderr ?? ""}`.trim().split("\n").slice(-20).join("\n");
    throw new PulumiCliError(`go ${args.join(" ")} failed (exit ${run.status}):\n${output}`);
  }
  if (run.stderr) for (const line of run.stderr.trim().split("\n").filter(Boolean).slice(-3)) log(`  ${line}`);
  return run.stdout;
}

function buildCli(version, bin, log) {
  const started = performance.now();
  log(
    `Building the Pulumi CLI ${version} from the Go module proxy (tools/pulumi-cli/go.mod) into ${path.relative(
      REPO_ROOT,
      bin,
    )}: a few minutes the first time on a machine, seconds once Go's build cache has it.`,
  );
  fs.mkdirSync(bin, { recursive: true });
  // Build beside the target and rename: a concurrent run never sees a half-written executable.
  const partial = path.join(bin, `.pulumi.${process.pid}.partial`);
  try {
    go(["build", "-trimpath", "-ldflags", `-X ${VERSION_VARIABLE}=${version}`, "-o", partial, CLI_PACKAGE], log);
    fs.renameSync(partial, path.join(bin, "pulumi"));
  } finally {
    fs.rmSync(partial, { force: true });
  }
  const sdkDir = go(["list", "-m", "-f", "{{.Dir}}", SDK_MODULE], log).trim();
  installPlugin(path.join(sdkDir, "nodejs", "dist", DYNAMIC_PROVIDER_PLUGIN), bin);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`Built the Pulumi CLI ${version} in ${seconds} s.`);
}

function installPlugin(source, bin) {
  const target = path.join(bin, DYNAMIC_PROVIDER_PLUGIN);
  const partial = `${target}.${process.pid}.partial`;
  fs.copyFileSync(source, partial);
  fs.chmodSync(partial, 0o755);
  fs.renameSync(partial, target);
}

/**
 * Where the dynamic-provider plugin of a CLI found outside the cache is: beside the CLI when its release archive put it
 * there, otherwise the plugin of the pinned build's folder, installed from the SDK module.
 */
function pluginDirFor(cli, log) {
  const beside = path.dirname(cli);
  if (isExecutable(path.join(beside, DYNAMIC_PROVIDER_PLUGIN))) return beside;
  const bin = path.join(CACHE, cliPin(), "bin");
  if (!isExecutable(path.join(bin, DYNAMIC_PROVIDER_PLUGIN))) {
    fs.mkdirSync(bin, { recursive: true });
    const sdkDir = go(["list", "-m", "-f", "{{.Dir}}", SDK_MODULE], log).trim();
    installPlugin(path.join(sdkDir, "nodejs", "dist", DYNAMIC_PROVIDER_PLUGIN), bin);
  }
  return bin;
}

module.exports = {
  REPO_ROOT,
  DYNAMIC_PROVIDER_PLUGIN,
  MIN_CLI_VERSION,
  PulumiCliError,
  parseVersion,
  isSupported,
  cliPin,
  ensurePulumiCli,
};

// `npm run pulumi-cli` (node tools/pulumi-cli/cli.js): makes the CLI available and prints where it is.
if (require.main === module) {
  try {
    const cli = ensurePulumiCli({ log: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${cli.path} ${cli.version} (${cli.source})\n`);
  } catch (error) {
    process.stderr.write(`pulumi-cli: ${error.message}\n`);
    process.exit(1);
  }
}
