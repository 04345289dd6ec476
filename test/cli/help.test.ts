import * as assert from "assert";
import { COMMANDS, CommandName } from "../../provider/cli/args";
import { packageInfo } from "../../provider/packageInfo";
import { runCli } from "./helpers";

// No simulator: help, version and usage errors need no connection (the environment is empty).
describe("cli: help, version and usage errors", () => {
  const commands = Object.keys(COMMANDS) as CommandName[];

  it("--help, -h and 'help' print the program's help on stdout (exit 0)", async () => {
    const outputs = [];
    for (const args of [["--help"], ["-h"], ["help"]]) {
      const { code, stdout, stderr } = await runCli(undefined, args);
      assert.strictEqual(code, 0);
      assert.strictEqual(stderr, "");
      outputs.push(stdout);
    }
    assert.strictEqual(new Set(outputs).size, 1);
    const help = outputs[0];
    assert.match(help, /^Usage: ontap-ndmp <command>/m);
    for (const command of commands) assert.ok(help.includes(`  ${command}`), command);
    for (const flag of ["--host", "--username", "--password", "--insecure", "--ca-cert", "--json", "--version"]) {
      assert.ok(help.includes(flag), flag);
    }
    for (const variable of ["ONTAP_HOST", "ONTAP_USERNAME", "ONTAP_PASSWORD", "ONTAP_INSECURE", "ONTAP_CA_CERT"]) {
      assert.ok(help.includes(variable), variable);
    }
    assert.match(help, /Prefer the variable: a flag is\s+visible\s+to other users in process lists/);
    assert.match(
      help,
      /Exit codes:\n {2}0 {2}success\n {2}1 {2}ONTAP error.*\n {2}2 {2}usage.*\n {2}3 {2}connection.*\n {2}4 {2}refused/,
    );
    assert.match(help, /NO_COLOR/);
    for (const line of help.split("\n")) assert.ok(line.length <= 120, `line too long: ${line}`);
  });

  for (const command of commands) {
    it(`'${command} --help' documents its arguments, options, connection and exit codes`, async () => {
      const { code, stdout, stderr } = await runCli(undefined, [...command.split(" "), "--help"]);
      assert.strictEqual(code, 0);
      assert.strictEqual(stderr, "");
      assert.ok(stdout.startsWith(`Usage: ontap-ndmp ${command}`), stdout);
      for (const [name] of COMMANDS[command].positionals) assert.ok(stdout.includes(name), name);
      for (const option of COMMANDS[command].options) assert.ok(stdout.includes(`--${option.name}`), option.name);
      assert.match(stdout, /--json/);
      assert.match(stdout, /ONTAP_PASSWORD/);
      assert.match(stdout, /Exit codes:/);
      assert.match(stdout, /Examples:\n {2}ontap-ndmp /);
      const viaHelp = await runCli(undefined, ["help", ...command.split(" ")]);
      assert.strictEqual(viaHelp.stdout, stdout);
      for (const line of stdout.split("\n")) assert.ok(line.length <= 120, `line too long: ${line}`);
    });
  }

  it("'sessions --help' lists the subcommands", async () => {
    const { code, stdout } = await runCli(undefined, ["sessions", "--help"]);
    assert.strictEqual(code, 0);
    assert.match(stdout, /^Usage: ontap-ndmp sessions <subcommand>/);
    for (const sub of ["list", "show", "kill"]) assert.match(stdout, new RegExp(`\\n {2}sessions ${sub} `));
  });

  it("'sessions list --help' lists the fields --filter accepts", async () => {
    const { stdout } = await runCli(undefined, ["sessions", "list", "-h"]);
    assert.match(stdout, /Filter fields:\n {2}backup_engine, client_address/);
    assert.match(stdout, /svm\.name/);
  });

  it("shows help even when the rest of the line is wrong", async () => {
    const { code, stdout } = await runCli(undefined, ["sessions", "kill", "--bogus", "--help"]);
    assert.strictEqual(code, 0);
    assert.ok(stdout.startsWith("Usage: ontap-ndmp sessions kill"));
  });

  it("--version and -V print the package version", async () => {
    for (const flag of ["--version", "-V"]) {
      const { code, stdout } = await runCli(undefined, [flag]);
      assert.strictEqual(code, 0);
      assert.strictEqual(stdout, `ontap-ndmp ${packageInfo.version}\n`);
    }
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /no command given/],
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["sessions"], /'ontap-ndmp sessions' needs a subcommand: list, show, kill/],
    [["sessions", "purge"], /unknown sessions subcommand 'purge'/],
    [["status", "--bogus"], /unknown option '--bogus'/],
    [["status", "--reveal"], /--reveal is not an option of 'ontap-ndmp status'/],
    [["sessions", "list", "--yes"], /--yes is not an option of 'ontap-ndmp sessions list'/],
    [["sessions", "show"], /takes <owner-uuid>\/<id>: missing <owner-uuid>\/<id>/],
    [["sessions", "kill", "a/1", "b/2"], /unexpected argument 'b\/2'/],
    [["password", "svm1"], /missing <user>/],
    [["status", "--host"], /Option '--host <value>' argument missing/],
    [["status", "--insecure=yes"], /Option '--insecure' does not take an argument/],
  ];
  for (const [args, message] of usageErrors) {
    it(`usage error for '${args.join(" ")}' (exit 2, stderr only, points at --help)`, async () => {
      const { code, stdout, stderr } = await runCli(undefined, args);
      assert.strictEqual(code, 2);
      assert.strictEqual(stdout, "");
      assert.match(stderr, message);
      assert.match(stderr, /^ontap-ndmp: /);
      assert.match(stderr, /\n {2}hint: .*--help/);
    });
  }

  it("gives usage errors as JSON on stderr with --json", async () => {
    const { code, stdout, stderr } = await runCli(undefined, ["sessions", "purge", "--json"]);
    assert.strictEqual(code, 2);
    assert.strictEqual(stdout, "");
    const { error } = JSON.parse(stderr);
    assert.deepStrictEqual({ kind: error.kind, exit_code: error.exit_code }, { kind: "usage", exit_code: 2 });
    assert.match(error.message, /unknown sessions subcommand/);
  });
});
