// The demo with a real Pulumi CLI: finding it, the throwaway workspace (a temporary copy of the quickstart project, a
// local file backend, a passphrase secrets provider, a private PULUMI_HOME, so the user's login and stacks are never
// touched), and the exact commands, each with the exit code it must return.
//
// CLI behaviour relied on (Pulumi CLI docs and pkg/cmd/pulumi sources):
// - PULUMI_BACKEND_URL selects the backend without `pulumi login` (which would write the user's credentials file);
//   PULUMI_HOME moves ~/.pulumi (workspace settings, plugin cache); PULUMI_CONFIG_PASSPHRASE answers the passphrase
//   secrets provider; PULUMI_SKIP_UPDATE_CHECK skips the version check.
// - `stack init` writes the stack's config file (Pulumi.<stack>.yaml, with the passphrase salt) into the project
//   directory, hence the temporary copy of the project.
// - `config set <key>` without a value reads it from stdin when stdin is not a terminal (`config set --secret` of the
//   password: never on a command line, where other users could see it in the process list).
// - `--yes` / `--skip-preview` / `--non-interactive` for unattended up and destroy; `--expect-no-changes` fails the
//   command when changes are proposed (exit code 7 from CLI 3.227.0, 255 before): the drift check only requires a
//   non-zero code.
// - `configure()` of dynamic providers (which carries the ontap:* stack config to the provider) needs CLI 3.139.0.
import * as cp from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { SimulatorHandle } from "../../simulator";
import { adminPatch, DemoFailure, expectNdmp, patchCount, svmOf } from "./cluster";
import { removeOnExit } from "./cleanup";
import { QUICKSTART } from "./engineDemo";
import { Narrator, STEPS } from "./narrator";

export const MIN_CLI_VERSION = [3, 139, 0];
export const TEMP_PREFIX = "pulumi-ontap-ndmp-demo-";
export const STACK = "demo";

export interface FoundCli {
  path: string;
  version: string;
}

const OFF = ["0", "none", "off", "false"];

/** Where the CLI comes from: PULUMI_CLI (a path, or a name looked up on PATH), else `pulumi` on PATH. */
export function locateCli(env: NodeJS.ProcessEnv = process.env): { path?: string; named?: string; off: boolean } {
  const named = env.PULUMI_CLI?.trim() || undefined;
  if (named && OFF.includes(named.toLowerCase())) return { named, off: true };
  const name = named ?? "pulumi";
  const candidates = name.includes("/") || name.includes(path.sep) ? [path.resolve(name)] : onPath(name, env);
  return { path: candidates.find(isExecutable), named, off: false };
}

function onPath(name: string, env: NodeJS.ProcessEnv): string[] {
  const exts = process.platform === "win32" ? ["", ".exe", ".cmd"] : [""];
  return (env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => exts.map((ext) => path.join(dir, name + ext)));
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `v3.200.0` → [3, 200, 0]; undefined when unreadable. */
export function parseVersion(text: string): number[] | undefined {
  const m = /v?(\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(version: number[], min: number[]): boolean {
  for (let i = 0; i < min.length; i++) if (version[i] !== min[i]) return version[i] > min[i];
  return true;
}

/**
 * The CLI to use, or the one-line reason there is none to use. A CLI named by PULUMI_CLI that does not work is an
 * error (the user asked for it); one merely found on PATH that does not work, or is too old, is skipped with a note.
 */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): { cli?: FoundCli; reason?: string } {
  const { path: cliPath, named, off } = locateCli(env);
  if (off) return { reason: `PULUMI_CLI=${named}` };
  if (!cliPath) {
    if (named) throw new DemoFailure(`PULUMI_CLI=${named} is not an executable file.`);
    return { reason: "none on PATH, PULUMI_CLI not set" };
  }
  const run = cp.spawnSync(cliPath, ["version"], { encoding: "utf8", timeout: 30_000, env });
  const version = parseVersion(run.stdout ?? "");
  if (run.status !== 0 || !version) {
    const why = `${cliPath} version failed (${run.error?.message ?? `exit ${run.status}`})`;
    if (named) throw new DemoFailure(`PULUMI_CLI: ${why}`);
    return { reason: why };
  }
  if (!atLeast(version, MIN_CLI_VERSION)) {
    const why = `${cliPath} is ${version.join(".")}; the NDMP resources need ${MIN_CLI_VERSION.join(".")} or later`;
    if (named) throw new DemoFailure(`PULUMI_CLI: ${why}`);
    return { reason: why };
  }
  return { cli: { path: cliPath, version: `v${version.join(".")}` } };
}

/** A throwaway workspace: the project copy, the file backend, PULUMI_HOME and the CA certificate file. */
export interface CliWorkspace {
  root: string;
  projectDir: string;
  caFile: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

/** The environment every command runs with: the caller's, plus the throwaway backend, home and passphrase. */
export function cliEnvironment(root: string, passphrase: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
    PULUMI_HOME: path.join(root, "home"),
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The quickstart needs no plugin beyond those bundled with the CLI; never download one.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // Type-checking the program is the test suite's job (tsc); this only skips it at run time.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
}

export function createWorkspace(sim: SimulatorHandle, base: NodeJS.ProcessEnv = process.env): CliWorkspace {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_PREFIX));
  const remove = removeOnExit(root);
  const projectDir = path.join(root, "project");
  fs.mkdirSync(projectDir);
  fs.mkdirSync(path.join(root, "state"));
  fs.mkdirSync(path.join(root, "home"));
  // The quickstart as a consumer project: the program and Pulumi.yaml, node_modules resolving @pulumi/pulumi and
  // pulumi-ontap-ndmp (this checkout, linked by scripts/link-self.js) for the program and the provider plugin alike.
  for (const file of ["Pulumi.yaml", "index.ts"]) {
    fs.copyFileSync(path.join(QUICKSTART, file), path.join(projectDir, file));
  }
  fs.writeFileSync(
    path.join(projectDir, "package.json"),
    JSON.stringify({ name: "ndmp-quickstart-demo", private: true }, null, 2) + "\n",
  );
  fs.writeFileSync(
    path.join(projectDir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2020",
          module: "commonjs",
          moduleResolution: "node",
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
        },
        files: ["index.ts"],
      },
      null,
      2,
    ) + "\n",
  );
  fs.symlinkSync(path.join(QUICKSTART, "..", "..", "node_modules"), path.join(projectDir, "node_modules"), "dir");
  const caFile = path.join(root, "ca.pem");
  fs.writeFileSync(caFile, sim.caCert ?? "", { mode: 0o600 });
  const env = cliEnvironment(root, crypto.randomBytes(18).toString("base64url"), base);
  return { root, projectDir, caFile, env, remove };
}

export interface CliCommand {
  args: string[];
  /** Written to stdin (a secret value never goes on the command line). */
  stdin?: string;
  /** Whether the command must succeed (exit 0) or fail (non-zero: drift found by --expect-no-changes). */
  expect: "success" | "failure";
  /** Capture stdout instead of showing it (stack output --json). */
  capture?: boolean;
}

const common = (color: boolean): string[] => [
  "--stack",
  STACK,
  "--non-interactive",
  "--color",
  color ? "always" : "never",
];

/** `pulumi stack init` and the stack config that points the quickstart at the simulator. */
export function setupCommands(sim: SimulatorHandle, caFile: string, color: boolean): CliCommand[] {
  const nonInteractive = ["--non-interactive", "--color", color ? "always" : "never"];
  return [
    { args: ["stack", "init", STACK, "--secrets-provider", "passphrase", ...nonInteractive], expect: "success" },
    { args: ["config", "set", "ontap:host", sim.url, ...common(color)], expect: "success" },
    { args: ["config", "set", "ontap:username", sim.username, ...common(color)], expect: "success" },
    {
      args: ["config", "set", "--secret", "ontap:password", ...common(color)],
      stdin: sim.password,
      expect: "success",
    },
    { args: ["config", "set", "ontap:caCert", caFile, ...common(color)], expect: "success" },
  ];
}

/** The commands of the life cycle, by step. */
export function lifecycleCommands(color: boolean) {
  const c = common(color);
  return {
    create: { args: ["up", "--yes", "--skip-preview", ...c], expect: "success" } as CliCommand,
    outputs: { args: ["stack", "output", "--json", ...c], expect: "success", capture: true } as CliCommand,
    noChange: { args: ["up", "--yes", "--skip-preview", "--expect-no-changes", ...c], expect: "success" } as CliCommand,
    detect: {
      args: ["preview", "--refresh", "--expect-no-changes", "--diff", ...c],
      expect: "failure",
    } as CliCommand,
    repair: { args: ["up", "--refresh", "--yes", "--skip-preview", ...c], expect: "success" } as CliCommand,
    destroy: { args: ["destroy", "--yes", "--skip-preview", ...c], expect: "success" } as CliCommand,
    remove: { args: ["stack", "rm", "--yes", ...c], expect: "success" } as CliCommand,
  };
}

/** How a command is shown: the program name and its arguments, with stdin noted (never its content). */
export function shown(command: CliCommand): string {
  const quoted = command.args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)));
  return `$ pulumi ${quoted.join(" ")}${command.stdin !== undefined ? "   (value on stdin)" : ""}`;
}

/** Runs one command in the workspace, streaming its output; fails unless it exits as expected. */
export async function runCommand(
  cli: string,
  ws: CliWorkspace,
  command: CliCommand,
  out: (text: string) => void,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = cp.spawn(cli, command.args, {
    cwd: ws.projectDir,
    env: ws.env,
    stdio: [command.stdin !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
  });
  if (command.stdin !== undefined) child.stdin!.end(command.stdin);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (!command.capture) out(chunk.toString("utf8"));
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    out(chunk.toString("utf8"));
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status, signal) => resolve(status ?? (signal ? 128 : 1)));
  });
  const ok = command.expect === "success" ? code === 0 : code !== 0;
  if (!ok) {
    throw new DemoFailure(
      `${shown(command)} exited with ${code}; expected ${command.expect === "success" ? "0" : "a non-zero code"}`,
    );
  }
  return { code, stdout, stderr };
}

export interface CliDemoOptions {
  sim: SimulatorHandle;
  say: Narrator;
  cli: FoundCli;
  color: boolean;
  /** Check ONTAP's state after each step (off only in the tests that use a scripted fake CLI). */
  checkCluster?: boolean;
  env?: NodeJS.ProcessEnv;
}

export async function runCliDemo(options: CliDemoOptions): Promise<void> {
  const { sim, say, cli, color } = options;
  const check = options.checkCluster ?? true;
  const ws = createWorkspace(sim, options.env);
  const write = (text: string): void => say.block(text.replace(/\n$/, ""));
  const run = async (command: CliCommand) => {
    say.detail(shown(command));
    return runCommand(cli.path, ws, command, write);
  };
  const steps = lifecycleCommands(color);
  try {
    say.detail(`Throwaway stack "${STACK}": file backend, passphrase secrets and PULUMI_HOME under ${ws.root}`);
    for (const command of setupCommands(sim, ws.caFile, color)) await run(command);

    say.step(STEPS.create);
    await run(steps.create);
    const outputs = JSON.parse((await run(steps.outputs)).stdout || "{}") as Record<string, unknown>;
    if (outputs.backupPassword !== "[secret]") {
      throw new DemoFailure(`stack output backupPassword is ${JSON.stringify(outputs.backupPassword)}, not [secret]`);
    }
    say.ok(
      `up exited 0; backupPassword is [secret]${check ? `; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "up")}` : ""}.`,
    );

    say.step(STEPS.noChange);
    sim.control.resetCounters();
    await run(steps.noChange);
    if (check && patchCount(sim) > 0) throw new DemoFailure(`second up: ONTAP received ${patchCount(sim)} PATCH`);
    say.ok("up --expect-no-changes exited 0: no changes, no PATCH sent to ONTAP.");

    say.step(STEPS.drift);
    say.detail(await adminPatch(sim, `/api/protocols/ndmp/svms/${svmOf(sim, "svm1").uuid}`, { enabled: false }));
    say.ok(`ONTAP: ${expectNdmp(sim, { svm1: false }, "after the administrator's change")}.`);

    say.step(STEPS.detect);
    const detected = await run(steps.detect);
    if (check) expectNdmp(sim, { svm1: false }, "after the preview (a preview changes nothing)");
    const named = /enabled/.test(detected.stdout) ? "; the diff above shows enabled: false (ONTAP) against true" : "";
    say.ok(`preview --refresh --expect-no-changes failed as expected (exit ${detected.code})${named}.`);

    say.step(STEPS.repair);
    await run(steps.repair);
    say.ok(`up exited 0${check ? `; ONTAP: ${expectNdmp(sim, { svm1: true, svm2: true }, "repair up")}` : ""}.`);

    say.step(STEPS.destroy);
    await run(steps.destroy);
    say.ok(
      `destroy exited 0${check ? `; ONTAP keeps its settings: ${expectNdmp(sim, { svm1: true }, "destroy")}` : ""}.`,
    );
    await run(steps.remove);
  } finally {
    ws.remove();
  }
}
