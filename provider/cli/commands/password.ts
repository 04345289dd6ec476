/**
 * `ontap-ndmp password <svm> <user>`: the NDMP password ONTAP generates for a user of an SVM (ONTAP 9.9+, SVM
 * scope). It is printed only to a terminal, or anywhere with `--reveal`: otherwise it would end up in a log file, a
 * CI log or a pipe, so the command refuses before asking ONTAP.
 *
 * JSON: `{"svm": {"name": …, "uuid": …}, "user": …, "password": …}`.
 */
import { objectReferenceProblem, userNameProblem } from "../../ontap";
import type { Context } from "../context";
import { CliError, ExitCode, refused, usageError } from "../errors";
import { json, keyValues, show } from "../output";

export interface PasswordJson {
  svm: { name: string | null; uuid: string };
  user: string;
  password: string;
}

async function svmByNameOrUuid(ctx: Context, svm: string): Promise<{ name: string | null; uuid: string }> {
  const found = await ctx.client().findSvm(svm);
  if (!found) {
    throw new CliError(
      `no SVM named ${ctx.word(svm)} at ${ctx.client().baseUrl} (names are compared exactly, case included).`,
      ExitCode.ontap,
      "'ontap-ndmp status' lists the SVMs (in SVM scope); give the name or the uuid.",
      "not_found",
    );
  }
  return { name: found.name ?? null, uuid: found.uuid };
}

/**
 * The arguments, checked before anything else (exit 2): the SVM must be a UUID or a name ONTAP accepts (so that it
 * can only ever be looked up as itself: provider/ontap/names.ts), the user a plausible user name.
 */
function checkArguments(ctx: Context, svm: string, user: string): void {
  const svmProblem = objectReferenceProblem("svm", svm);
  if (svmProblem) {
    throw usageError(
      `<svm> ${ctx.word(svm)} is not an SVM name or UUID: ${svmProblem}.`,
      "'ontap-ndmp status' lists the SVMs.",
    );
  }
  const userProblem = userNameProblem(user);
  if (userProblem) throw usageError(`<user> ${ctx.word(user)} is refused: ${userProblem}.`);
}

export async function password(ctx: Context, svm: string, user: string): Promise<void> {
  checkArguments(ctx, svm, user);
  if (!ctx.options.reveal && ctx.io.stdout.isTTY !== true) {
    throw refused(
      "not printing the NDMP password: stdout is not a terminal, so it would land in a log file or a pipe.",
      "Run the command in a terminal, or pass --reveal if capturing it is what you want (e.g. --json --reveal | jq -r .password into a secret store).",
    );
  }
  const target = await svmByNameOrUuid(ctx, svm);
  const record = await ctx.client().generatePassword(target.uuid, user);
  if (!record.password) {
    throw new CliError(
      `ONTAP returned no password for user ${ctx.word(user)} of SVM ${ctx.word(svm)}.`,
      ExitCode.ontap,
    );
  }
  const result: PasswordJson = {
    svm: { name: record.svm?.name ?? target.name, uuid: record.svm?.uuid ?? target.uuid },
    user: record.user ?? user,
    password: record.password,
  };
  if (ctx.json) {
    ctx.out(json(result));
    return;
  }
  ctx.out(
    keyValues(
      [
        ["svm", result.svm.name ? `${show(result.svm.name)} (${show(result.svm.uuid)})` : show(result.svm.uuid)],
        ["user", result.user],
        ["password", { text: result.password, style: "bold" }],
      ],
      ctx.color,
    ),
  );
}
