// A scripted stand-in for the Pulumi CLI: an executable `pulumi` in a temporary directory that records every
// invocation (argv, cwd, the PULUMI_* environment, stdin, and what the project directory holds) as a JSON line, and
// answers with scripted exit codes. It changes nothing on the cluster.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface Invocation {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string | null;
  /** For `config set ontap:caCert <file>`: whether the file held a PEM certificate at that moment. */
  caFileHadPem?: boolean;
  project: { pulumiYaml: boolean; indexTs: boolean; nodeModulesResolvesPackage: boolean };
}

export interface FakeCli {
  dir: string;
  path: string;
  log: string;
  invocations(): Invocation[];
  remove(): void;
}

export interface FakeBehaviour {
  /** Printed by `pulumi version`. Default v3.230.0. */
  version?: string;
  /** Exit code per command word (`up`, `preview`, `destroy`, …); default 0, `preview --expect-no-changes` 7. */
  exitCodes?: Record<string, number>;
}

const SCRIPT = String.raw`
const fs = require("fs");
const path = require("path");
const argv = process.argv.slice(2);
const behaviour = JSON.parse(process.env.FAKE_PULUMI_BEHAVIOUR || "{}");
if (argv[0] === "version") {
  process.stdout.write((behaviour.version || "v3.230.0") + "\n");
  process.exit(0);
}
let stdin = null;
if (!process.stdin.isTTY) {
  try { stdin = fs.readFileSync(0, "utf8"); } catch { stdin = null; }
}
const env = {};
for (const [k, v] of Object.entries(process.env)) if (k.startsWith("PULUMI_") && k !== "PULUMI_CLI") env[k] = v;
const record = {
  argv,
  cwd: process.cwd(),
  env,
  stdin: stdin === "" ? null : stdin,
  project: {
    pulumiYaml: fs.existsSync("Pulumi.yaml"),
    indexTs: fs.existsSync("index.ts"),
    nodeModulesResolvesPackage: fs.existsSync(path.join("node_modules", "pulumi-ontap-ndmp", "package.json")),
  },
};
const i = argv.indexOf("ontap:caCert");
if (argv[0] === "config" && i >= 0) {
  try { record.caFileHadPem = fs.readFileSync(argv[i + 1], "utf8").includes("BEGIN CERTIFICATE"); } catch { record.caFileHadPem = false; }
}
fs.appendFileSync(process.env.FAKE_PULUMI_LOG, JSON.stringify(record) + "\n");
if (argv[0] === "stack" && argv[1] === "output") process.stdout.write(JSON.stringify({ backupPassword: "[secret]", ndmpMode: "svm" }) + "\n");
else process.stdout.write("fake pulumi: " + argv.join(" ") + "\n");
const codes = behaviour.exitCodes || {};
const word = argv[0] === "stack" || argv[0] === "config" ? argv[0] + " " + argv[1] : argv[0];
let code = codes[word];
if (code === undefined) code = argv[0] === "preview" && argv.includes("--expect-no-changes") ? 7 : 0;
process.exit(code);
`;

/** Creates the fake in a new temporary directory; put `dir` first on PATH, or name `path` in PULUMI_CLI. */
export function fakePulumi(): FakeCli {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
  const file = path.join(dir, "pulumi");
  fs.writeFileSync(file, `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
  const log = path.join(dir, "invocations.jsonl");
  return {
    dir,
    path: file,
    log,
    invocations: () =>
      fs.existsSync(log)
        ? fs
            .readFileSync(log, "utf8")
            .split("\n")
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Invocation)
        : [],
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment that makes the fake answer as `behaviour` says and record into its log. */
export function fakeEnv(fake: FakeCli, behaviour: FakeBehaviour = {}): Record<string, string> {
  return { FAKE_PULUMI_LOG: fake.log, FAKE_PULUMI_BEHAVIOUR: JSON.stringify(behaviour) };
}

/** PATH without any directory that holds a `pulumi` executable. */
export function pathWithoutPulumi(pathValue: string = process.env.PATH ?? ""): string {
  return pathValue
    .split(path.delimiter)
    .filter((d) => d && !fs.existsSync(path.join(d, "pulumi")))
    .join(path.delimiter);
}
