/**
 * `getNdmpPassword`: the NDMP password ONTAP generates for a user of an SVM (ONTAP 9.9+, SVM scope), to hand to a
 * backup application. ONTAP derives it from the user's login password, so it changes when that password changes.
 * The result is a secret Output: it is encrypted in state and shown as `[secret]`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../connection";
import { echo } from "../ontap/echo";
import { OntapConfigError } from "../ontap/errors";
import { objectReferenceProblem, userNameProblem } from "../ontap/names";
import { clientForProgram } from "./connection";
import { afterDependencies, DataFunctionOptions } from "./options";

export interface GetNdmpPasswordArgs {
  /** The SVM, by name or uuid. */
  svm: string;
  /** A user of that SVM eligible for NDMP (for example one with the vsadmin-backup role). */
  user: string;
  connection?: ConnectionArgs;
}

/** {@link GetNdmpPasswordArgs} whose values may be outputs of other resources. */
export interface GetNdmpPasswordOutputArgs {
  svm: pulumi.Input<string>;
  user: pulumi.Input<string>;
  connection?: pulumi.Input<ConnectionArgs>;
}

/** The arguments, checked before any request: an SVM name or UUID ONTAP accepts, a plausible user name. */
function checkArguments(args: GetNdmpPasswordArgs): void {
  const problem = (field: "svm" | "user", value: unknown): string | undefined => {
    if (typeof value !== "string") return `must be a string, not ${echo(value)}`;
    return field === "svm" ? objectReferenceProblem("svm", value) : userNameProblem(value);
  };
  for (const field of ["svm", "user"] as const) {
    const why = problem(field, args?.[field]);
    if (why) throw new OntapConfigError(field, `getNdmpPassword: ${field} ${echo(args?.[field])} is refused: ${why}.`);
  }
}

async function generate(args: GetNdmpPasswordArgs): Promise<string> {
  checkArguments(args);
  const client = clientForProgram(args.connection);
  const svm = await client.findSvm(args.svm);
  if (!svm) throw new Error(`getNdmpPassword: ONTAP at ${client.baseUrl} has no SVM ${echo(args.svm)}.`);
  const record = await client.generatePassword(svm.uuid, args.user);
  if (!record.password) throw new Error(`getNdmpPassword: ONTAP returned no password for user ${echo(args.user)}.`);
  return record.password;
}

/** The generated NDMP password of `user` on `svm`, as a secret. */
export function getNdmpPassword(args: GetNdmpPasswordArgs): pulumi.Output<string> {
  return pulumi.secret(generate(args));
}

/**
 * {@link getNdmpPassword} with inputs that may be outputs of other resources. Pass `{ dependsOn: [mode] }` to generate
 * the password only once an `NdmpMode` has put the cluster in SVM scope.
 */
export function getNdmpPasswordOutput(
  args: GetNdmpPasswordOutputArgs,
  options?: DataFunctionOptions,
): pulumi.Output<string> {
  const ready = pulumi.all([pulumi.output(args), afterDependencies(options)]);
  return pulumi.secret(ready.apply(([plain]) => generate(plain as GetNdmpPasswordArgs)));
}
