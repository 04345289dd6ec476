/**
 * `getNdmpSessions` and `getNdmpSession`: the NDMP sessions of a cluster (`/api/protocols/ndmp/sessions`), for
 * reports and checks in a program. ONTAP lists the sessions of the active scope: per node in node scope (ids like
 * `2000`, owner = node uuid), per SVM in SVM scope (ids like `2000:4000`, owner = SVM uuid).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../connection";
import type { NdmpSessionRecord } from "../../spec/types";
import { clip, echo } from "../ontap/echo";
import { OntapConfigError } from "../ontap/errors";
import { ownerUuidProblem, sessionIdProblem } from "../ontap/names";
import {
  MAX_FILTER_VALUE,
  SessionFilterProblem,
  sessionFilterFields,
  sessionFilterProblem,
} from "../ontap/sessionFilters";
import { clientForProgram } from "./connection";
import { camelCaseKeys, CamelCased } from "./camelCase";
import { afterDependencies, DataFunctionOptions } from "./options";

/** An NDMP session as ONTAP reports it, with camelCase keys (`backupEngine`, `data.bytesProcessed`, …). */
export type NdmpSession = CamelCased<Omit<NdmpSessionRecord, "_links">> & {
  /** The session's owner: the node uuid in node scope, the SVM uuid in SVM scope. */
  owner: string;
};

export interface GetNdmpSessionsArgs {
  /**
   * ONTAP filters by field, with ONTAP's query operators, e.g. `{ "svm.name": "svm1", "data.state": "active|halted",
   * "data.bytes_processed": ">1000000" }`. Any documented session field can be used.
   */
  filters?: Record<string, string | number | boolean>;
  connection?: ConnectionArgs;
}

export interface GetNdmpSessionsResult {
  sessions: NdmpSession[];
}

export interface GetNdmpSessionArgs {
  /** The owner uuid: a node uuid in node scope, an SVM uuid in SVM scope. */
  owner: string;
  /** The session id, e.g. `2000` (node scope) or `2000:4000` (SVM scope). */
  id: string;
  connection?: ConnectionArgs;
}

/** {@link GetNdmpSessionsArgs} whose values may be outputs of other resources. */
export interface GetNdmpSessionsOutputArgs {
  filters?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  connection?: pulumi.Input<ConnectionArgs>;
}

/** {@link GetNdmpSessionArgs} whose values may be outputs of other resources. */
export interface GetNdmpSessionOutputArgs {
  owner: pulumi.Input<string>;
  id: pulumi.Input<string>;
  connection?: pulumi.Input<ConnectionArgs>;
}

function toSession(record: NdmpSessionRecord): NdmpSession {
  // `uuid` is 9.9+; before it, the owner is the node (node scope) or the SVM (SVM scope) of the session.
  const owner = record.uuid ?? record.svm?.uuid ?? record.node?.uuid ?? "";
  const { _links: _ignored, ...rest } = record;
  return { ...camelCaseKeys(rest), owner } as NdmpSession;
}

/** Why a filter is refused (the rule: provider/ontap/sessionFilters.ts), in this function's words. */
function filterValueProblem(problem: SessionFilterProblem, value: unknown): string {
  switch (problem.problem) {
    case "number":
      return "a number must be finite";
    case "length":
      return `has ${problem.length} characters; at most ${MAX_FILTER_VALUE} are accepted`;
    case "unsafe":
      return `holds an invisible or control character (${problem.codePoint})`;
    default:
      return `must be a string, number or boolean, not ${echo(value)}`;
  }
}

/** Filters, checked before any request by the rule shared with the CLI's `--filter`. */
function checkFilters(filters: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(filters)) {
    const problem = sessionFilterProblem(field, value);
    if (problem?.problem === "field") {
      throw new OntapConfigError(
        `filters.${clip(field)}`,
        `getNdmpSessions: ${echo(field)} is not a session field ONTAP can filter on; use one of: ${sessionFilterFields().join(", ")}.`,
      );
    }
    if (problem)
      throw new OntapConfigError(
        `filters.${field}`,
        `getNdmpSessions: filters.${field} ${echo(value)} is refused: ${filterValueProblem(problem, value)}.`,
      );
  }
}

/** The owner and id of a session lookup, checked before any request. */
function checkSessionArguments(args: GetNdmpSessionArgs): void {
  for (const field of ["owner", "id"] as const) {
    const value = args?.[field];
    const why =
      typeof value !== "string"
        ? `must be a string, not ${echo(value)}`
        : field === "owner"
          ? ownerUuidProblem(value)
          : sessionIdProblem(value);
    if (why) throw new OntapConfigError(field, `getNdmpSession: ${field} ${echo(value)} is refused: ${why}.`);
  }
}

/** The NDMP sessions of the active scope, optionally filtered. */
export async function getNdmpSessions(args: GetNdmpSessionsArgs = {}): Promise<GetNdmpSessionsResult> {
  checkFilters(args.filters ?? {});
  const records = await clientForProgram(args.connection).listSessions({ filters: args.filters });
  return { sessions: records.map(toSession) };
}

/** {@link getNdmpSessions} with inputs that may be outputs of other resources. */
export function getNdmpSessionsOutput(args: GetNdmpSessionsOutputArgs = {}): pulumi.Output<GetNdmpSessionsResult> {
  return pulumi.output(args).apply((plain) => getNdmpSessions(plain as GetNdmpSessionsArgs));
}

/** One NDMP session by owner uuid and id. */
export async function getNdmpSession(args: GetNdmpSessionArgs): Promise<NdmpSession> {
  checkSessionArguments(args);
  return toSession(await clientForProgram(args.connection).getSession(args.owner, args.id));
}

/** {@link getNdmpSession} with inputs that may be outputs of other resources. */
export function getNdmpSessionOutput(
  args: GetNdmpSessionOutputArgs,
  options?: DataFunctionOptions,
): pulumi.Output<NdmpSession> {
  return pulumi
    .all([pulumi.output(args), afterDependencies(options)])
    .apply(([plain]) => getNdmpSession(plain as GetNdmpSessionArgs));
}
