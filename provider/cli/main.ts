#!/usr/bin/env node
/**
 * `ontap-ndmp`: look at and act on the NDMP settings and sessions of an ONTAP cluster, with the package's REST client
 * and connection settings. `run()` is the whole program with injected streams (tests call it in process); the
 * bottom of this file runs it on the real process.
 */
import { Invocation, parseCommandLine, versionText } from "./args";
import { password } from "./commands/password";
import { killSession, listSessions, showSession } from "./commands/sessions";
import { status } from "./commands/status";
import { Context } from "./context";
import { ExitCode, exitCodeOf, formatError, formatErrorJson } from "./errors";
import { CliIO, processIO } from "./io";

async function dispatch(ctx: Context, invocation: Invocation): Promise<void> {
  const [first, second] = invocation.positionals;
  switch (invocation.command) {
    case "status":
      return status(ctx);
    case "sessions list":
      return listSessions(ctx);
    case "sessions show":
      return showSession(ctx, first);
    case "sessions kill":
      return killSession(ctx, first);
    case "password":
      return password(ctx, first, second);
  }
}

/** Runs the command line `argv` (without `node` and the script) and resolves to the exit code. Never throws. */
export async function run(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes("--json");
  // The passwords and client keys given (by flag or variable) are known before parsing, so that no message shows a
  // word of the command line that is one of them, even in a usage error (errors.ts shownWord). Messages are otherwise
  // built from safe parts; nothing is ever replaced in a finished message.
  const given = (flag: string): string[] =>
    argv
      .flatMap((a, i) => (argv[i - 1] === flag ? [a] : []))
      .concat(argv.filter((a) => a.startsWith(`${flag}=`)).map((a) => a.slice(flag.length + 1)));
  const secrets = new Set(
    [io.env.ONTAP_PASSWORD, io.env.ONTAP_CLIENT_KEY, ...given("--password"), ...given("--client-key")].filter(
      (s): s is string => !!s,
    ),
  );
  const fail = (error: unknown): number => {
    io.stderr.write(json ? formatErrorJson(error) : formatError(error));
    return exitCodeOf(error);
  };

  let invocation: Invocation;
  try {
    const parsed = parseCommandLine(argv, secrets);
    if (parsed.kind === "help") {
      io.stdout.write(parsed.text);
      return ExitCode.ok;
    }
    if (parsed.kind === "version") {
      io.stdout.write(versionText());
      return ExitCode.ok;
    }
    invocation = parsed.invocation;
  } catch (error) {
    return fail(error);
  }

  const ctx = new Context(io, invocation.options, secrets);
  try {
    await dispatch(ctx, invocation);
    return ExitCode.ok;
  } catch (error) {
    return fail(error);
  } finally {
    ctx.close();
  }
}

if (require.main === module) {
  run(process.argv.slice(2), processIO()).then((code) => {
    process.exitCode = code;
  });
}
