/**
 * The command line: options (node:util `parseArgs`), the command table, the help texts and the parser that turns
 * argv into an invocation or a usage error. Global options (connection, `--json`, `--help`, `--version`) are accepted
 * anywhere on the line; command options only with their command.
 */
import { parseArgs } from "util";
import { ENV_NAMES } from "../connection";
import { filterableFields } from "../ontap";
import { packageInfo } from "../packageInfo";
import { clip } from "../ontap";
import { EXIT_CODES_TEXT, shownWord, usageError } from "./errors";

export const PROGRAM = "ontap-ndmp";

/** Every option of every command, for `parseArgs`. */
const OPTIONS = {
  host: { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  insecure: { type: "boolean" },
  "ca-cert": { type: "string" },
  "client-cert": { type: "string" },
  "client-key": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  filter: { type: "string", multiple: true },
  yes: { type: "boolean", short: "y" },
  reveal: { type: "boolean" },
} as const;

export type OptionName = keyof typeof OPTIONS;

export interface OptionValues {
  host?: string;
  username?: string;
  password?: string;
  insecure?: boolean;
  "ca-cert"?: string;
  "client-cert"?: string;
  "client-key"?: string;
  json?: boolean;
  help?: boolean;
  version?: boolean;
  filter?: string[];
  yes?: boolean;
  reveal?: boolean;
}

const GLOBAL_OPTIONS: ReadonlySet<OptionName> = new Set([
  "host",
  "username",
  "password",
  "insecure",
  "ca-cert",
  "client-cert",
  "client-key",
  "json",
  "help",
  "version",
]);

export type CommandName = "status" | "sessions list" | "sessions show" | "sessions kill" | "password";

interface CommandOption {
  name: OptionName;
  /** e.g. `--filter <field=value>`. */
  label: string;
  description: string;
}

interface CommandSpec {
  name: CommandName;
  /** What follows the command name in the synopsis. */
  synopsis: string;
  summary: string;
  description: string;
  positionals: Array<[string, string]>;
  options: CommandOption[];
  examples: string[];
}

const SESSION_REF: [string, string] = [
  "<owner-uuid>/<id>",
  "the session's owner (node uuid in node scope, SVM uuid in SVM scope) and its id, as the SESSION column of 'sessions list' shows it; ids may contain a colon (2000:4000)",
];

export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  status: {
    name: "status",
    synopsis: "",
    summary: "the NDMP mode, then the nodes (node scope) or SVMs (SVM scope) with their NDMP settings",
    description:
      "Shows the NDMP mode of the cluster, then a table of the nodes (node scope: enabled, authentication types, user) or of the SVMs (SVM scope: enabled, authentication types).",
    positionals: [],
    options: [],
    examples: ["ontap-ndmp status", "ontap-ndmp status --json"],
  },
  "sessions list": {
    name: "sessions list",
    synopsis: "[--filter <field=value>]...",
    summary: "the NDMP sessions of the active scope, optionally filtered",
    description:
      "Lists the NDMP sessions ONTAP reports for the active scope. Each --filter is passed to ONTAP as a query, with ONTAP's operators in the value (* wildcard, | or, ! not, < > <= >=, .. range, null); filters combine with AND. Quote values for your shell.",
    positionals: [],
    options: [
      {
        name: "filter",
        label: "    --filter <field=value>",
        description:
          "keep sessions whose field matches value (repeatable), e.g. svm.name=svm1, data.state='active|halted'",
      },
    ],
    examples: [
      "ontap-ndmp sessions list",
      "ontap-ndmp sessions list --filter svm.name=svm1 --filter 'data.state=active|halted'",
      "ontap-ndmp sessions list --filter 'data.bytes_processed=>1000000' --json",
    ],
  },
  "sessions show": {
    name: "sessions show",
    synopsis: "<owner-uuid>/<id>",
    summary: "one NDMP session in full",
    description: "Shows every field ONTAP reports for one NDMP session.",
    positionals: [SESSION_REF],
    options: [],
    examples: ["ontap-ndmp sessions show 8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1/2000:4000"],
  },
  "sessions kill": {
    name: "sessions kill",
    synopsis: "<owner-uuid>/<id> [--yes]",
    summary: "kill an NDMP session (asks for confirmation)",
    description:
      "Kills an NDMP session, which aborts the backup or restore it runs. On a terminal it shows the session and asks for confirmation; without a terminal it refuses unless --yes is given.",
    positionals: [SESSION_REF],
    options: [
      { name: "yes", label: "-y, --yes", description: "do not ask for confirmation (needed without a terminal)" },
    ],
    examples: ["ontap-ndmp sessions kill 8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1/2000:4000 --yes"],
  },
  password: {
    name: "password",
    synopsis: "<svm> <user> [--reveal]",
    summary: "generate the NDMP password of an SVM user (SVM scope)",
    description:
      "Asks ONTAP to generate the NDMP password of a user of an SVM, to give to a backup application. ONTAP derives it from the user's login password. The password is printed only when stdout is a terminal, or with --reveal: anything else would leave it in a log file or a pipe.",
    positionals: [
      ["<svm>", "the SVM, by name or uuid"],
      ["<user>", "a user of that SVM eligible for NDMP (e.g. one with the vsadmin-backup role)"],
    ],
    options: [
      {
        name: "reveal",
        label: "    --reveal",
        description: "print the password even though stdout is not a terminal (pipes, files, CI logs)",
      },
    ],
    examples: [
      "ontap-ndmp password svm1 backup_user",
      "ontap-ndmp password svm1 backup_user --json --reveal | jq -r .password",
    ],
  },
};

const GROUPS: Readonly<Record<string, CommandName[]>> = {
  sessions: ["sessions list", "sessions show", "sessions kill"],
};

const TOP_LEVEL = ["status", "sessions", "password"];

/** Help text width: lines are wrapped to fit an 100-column terminal. */
const WIDTH = 100;

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

function paragraph(text: string): string {
  return wrapLines(text, WIDTH).join("\n");
}

/** Two columns; the right one wrapped with a hanging indent. */
function columns(rows: Array<[string, string]>, indent = 2): string {
  const width = Math.max(...rows.map(([left]) => left.length));
  const hang = indent + width + 2;
  return rows
    .map(([left, right]) => {
      const [first = "", ...more] = wrapLines(right, Math.max(40, WIDTH - hang));
      const head = `${" ".repeat(indent)}${left.padEnd(width)}  ${first}`.trimEnd();
      return [head, ...more.map((l) => `${" ".repeat(hang)}${l}`)].join("\n");
    })
    .join("\n");
}

const CONNECTION_ROWS: Array<[string, string, string]> = [
  ["--host <host>", ENV_NAMES.host, "cluster management address: name, name:port or https://name:port"],
  ["--username <name>", ENV_NAMES.username, "ONTAP account"],
  [
    "--password <password>",
    ENV_NAMES.password,
    "its password. Prefer the variable: a flag is visible to other users in process lists (ps, /proc)",
  ],
  ["--insecure", `${ENV_NAMES.insecure}=true`, "skip TLS certificate verification (this connection only)"],
  ["--ca-cert <file|pem>", ENV_NAMES.caCert, "CA certificate (PEM file or text) that signed the cluster's certificate"],
  [
    "--client-cert <file|pem>",
    ENV_NAMES.clientCert,
    "certificate authentication instead of a password: client certificate (PEM) whose common name is an ONTAP login with -authentication-method cert",
  ],
  [
    "--client-key <file|pem>",
    ENV_NAMES.clientKey,
    "its unencrypted private key (PEM). Give a file: PEM text in a flag is visible in process lists",
  ],
];

const CONNECTION_TEXT = `Connection (each setting from its flag, else from its environment variable):
${columns(
  CONNECTION_ROWS.map(([flag, env, text]): [string, string] => [
    `${flag.padEnd(Math.max(...CONNECTION_ROWS.map((r) => r[0].length)))}  ${env}`,
    text,
  ]),
)}`;

const COMMON_OPTIONS: Array<[string, string]> = [
  ["    --json", "machine-readable output on stdout (and errors as JSON on stderr)"],
  ["-h, --help", "show this help"],
];

/** Help of one command. */
export function commandHelp(name: CommandName): string {
  const spec = COMMANDS[name];
  const synopsis = [PROGRAM, spec.name, spec.synopsis, "[options]"].filter(Boolean).join(" ");
  const parts = [`Usage: ${synopsis}`, paragraph(spec.description)];
  if (spec.positionals.length > 0) parts.push(`Arguments:\n${columns(spec.positionals)}`);
  if (spec.options.some((o) => o.name === "filter")) {
    parts.push(
      `Filter fields:\n${wrapLines(filterableFields("ndmp_session").join(", "), WIDTH - 2)
        .map((l) => `  ${l}`)
        .join("\n")}`,
    );
  }
  const options = spec.options.map((o): [string, string] => [o.label, o.description]);
  parts.push(`Options:\n${columns([...options, ...COMMON_OPTIONS])}`);
  parts.push(CONNECTION_TEXT);
  parts.push(`Examples:\n${spec.examples.map((e) => `  ${e}`).join("\n")}`);
  parts.push(EXIT_CODES_TEXT);
  return `${parts.join("\n\n")}\n`;
}

/** Help of a group of subcommands (`sessions`). */
export function groupHelp(group: string): string {
  const names = GROUPS[group];
  const rows = names.map((n): [string, string] => [`${n} ${COMMANDS[n].synopsis}`, COMMANDS[n].summary]);
  return `Usage: ${PROGRAM} ${group} <subcommand> [arguments] [options]

Subcommands:
${columns(rows)}

Run '${PROGRAM} ${group} <subcommand> --help' for the details of a subcommand.
`;
}

/** Help of the program. */
export function mainHelp(): string {
  const rows = (Object.keys(COMMANDS) as CommandName[]).map((n): [string, string] => [
    `${n} ${COMMANDS[n].synopsis}`.trim(),
    COMMANDS[n].summary,
  ]);
  return `${PROGRAM} ${packageInfo.version}: look at and act on the NDMP settings and sessions of a NetApp ONTAP
cluster, with the same client and connection settings as the pulumi-ontap-ndmp resources.

Usage: ${PROGRAM} <command> [arguments] [options]

Commands:
${columns(rows)}

Options:
${columns([...COMMON_OPTIONS, ["-V, --version", "print the version"]])}

${CONNECTION_TEXT}

Output: aligned tables (colour only on a terminal, never with NO_COLOR set), or JSON with --json
(shapes documented in provider/cli/README.md). No output or error contains the ONTAP password or client key.

${EXIT_CODES_TEXT}

Run '${PROGRAM} <command> --help' for the details of a command.
`;
}

export function versionText(): string {
  return `${PROGRAM} ${packageInfo.version}\n`;
}

/** A command to run with its arguments and options. */
export interface Invocation {
  command: CommandName;
  positionals: string[];
  options: OptionValues;
}

export type ParseResult =
  { kind: "help"; text: string } | { kind: "version" } | { kind: "run"; invocation: Invocation };

function parseError(error: unknown, secrets: ReadonlySet<string>): never {
  const e = error as { code?: string; message?: string };
  const unknown = /^Unknown option '([^']+)'/.exec(e.message ?? "");
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && unknown) {
    throw usageError(`unknown option ${shownWord(unknown[1], secrets)}.`, `Run '${PROGRAM} --help' for the options.`);
  }
  // node:util's other messages name one of our options ("Option '--host <value>' argument missing").
  const first = clip((e.message ?? "bad command line").split("\n")[0], 200);
  throw usageError(first.endsWith(".") ? first : `${first}.`, `Run '${PROGRAM} --help' for usage.`);
}

interface Located {
  /** The command, or a group name, or undefined for the top level. */
  command?: CommandName;
  group?: string;
  rest: string[];
}

/** Which command the positionals name; throws a usage error for an unknown one. */
function locate(positionals: string[], helping: boolean, secrets: ReadonlySet<string>): Located {
  const [first, second, ...rest] = positionals;
  if (first === undefined) return { rest: [] };
  if (!TOP_LEVEL.includes(first)) {
    throw usageError(
      `unknown command ${shownWord(first, secrets)}.`,
      `Commands: ${TOP_LEVEL.join(", ")}. Run '${PROGRAM} --help'.`,
    );
  }
  const group = Object.hasOwn(GROUPS, first) ? GROUPS[first] : undefined;
  if (!group) return { command: first as CommandName, rest: positionals.slice(1) };
  if (second === undefined) {
    if (helping) return { group: first, rest: [] };
    throw usageError(
      `'${PROGRAM} ${first}' needs a subcommand: ${group.map((n) => n.split(" ")[1]).join(", ")}.`,
      `Run '${PROGRAM} ${first} --help'.`,
    );
  }
  const command = group.find((n) => n === `${first} ${second}`);
  if (!command) {
    throw usageError(
      `unknown ${first} subcommand ${shownWord(second, secrets)}: use ${group.map((n) => n.split(" ")[1]).join(", ")}.`,
      `Run '${PROGRAM} ${first} --help'.`,
    );
  }
  return { command, rest };
}

function helpFor(located: Located): string {
  if (located.command) return commandHelp(located.command);
  if (located.group) return groupHelp(located.group);
  return mainHelp();
}

/**
 * Parses argv (without `node` and the script). Throws a usage CliError (exit code 2). `secrets` are the passwords
 * given: a word equal to one is never shown in a message.
 */
export function parseCommandLine(argv: string[], secrets: ReadonlySet<string> = new Set()): ParseResult {
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    // `--help` wins over a mistake elsewhere on the line, so that help is always reachable.
    if (argv.includes("--help") || argv.includes("-h")) {
      const loose = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false });
      return { kind: "help", text: helpFor(locate(loose.positionals, true, secrets)) };
    }
    return parseError(error, secrets);
  }
  const { values } = parsed;
  let { positionals } = parsed;

  if (positionals[0] === "help") {
    positionals = positionals.slice(1);
    return { kind: "help", text: helpFor(locate(positionals, true, secrets)) };
  }
  if (values.help) return { kind: "help", text: helpFor(locate(positionals, true, secrets)) };
  if (values.version) return { kind: "version" };
  if (positionals.length === 0) throw usageError("no command given.", `Run '${PROGRAM} --help' for the commands.`);

  const located = locate(positionals, false, secrets);
  const command = located.command as CommandName;
  const spec = COMMANDS[command];
  for (const key of Object.keys(values) as OptionName[]) {
    if (!GLOBAL_OPTIONS.has(key) && !spec.options.some((o) => o.name === key)) {
      throw usageError(`--${key} is not an option of '${PROGRAM} ${command}'.`, `Run '${PROGRAM} ${command} --help'.`);
    }
  }
  const expected = spec.positionals.length;
  if (located.rest.length !== expected) {
    const names = spec.positionals.map(([n]) => n).join(" ");
    const what =
      located.rest.length < expected
        ? `missing ${spec.positionals
            .slice(located.rest.length)
            .map(([n]) => n)
            .join(" ")}`
        : `unexpected argument ${shownWord(located.rest[expected], secrets)}`;
    throw usageError(
      `'${PROGRAM} ${command}' ${expected === 0 ? "takes no arguments" : `takes ${names}`}: ${what}.`,
      `Run '${PROGRAM} ${command} --help'.`,
    );
  }
  return { kind: "run", invocation: { command, positionals: located.rest, options: values } };
}
