/**
 * `getNdmpSessions` and `getNdmpSession`: the NDMP sessions of a cluster (`/api/protocols/ndmp/sessions`), for
 * reports and checks in a program. ONTAP lists the sessions of the active scope: per node in node scope (ids like
 * `2000`, owner = node uuid), per SVM in SVM scope (ids like `2000:4000`, owner = SVM uuid).
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionArgs } from "../connection";
import {
  clip,
  echo,
  firstUnsafeCharacter,
  NdmpSessionRecord,
  OntapConfigError,
  ownerUuidProblem,
  sessionIdProblem,
} from "../ontap";
import { filterableFields } from "../ontap/schema";
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

/** Longest filter value sent to ONTAP. */
const MAX_FILTER_VALUE = 1024;

function filterValueProblem(value: unknown): string | undefined {
  if (typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "a number must be finite";
  if (typeof value !== "string") return `must be a string, number or boolean, not ${echo(value)}`;
  const length = Array.from(value).length;
  if (length > MAX_FILTER_VALUE) return `has ${length} characters; at most ${MAX_FILTER_VALUE} are accepted`;
  const unsafe = firstUnsafeCharacter(value);
  return unsafe ? `holds an invisible or control character (${unsafe.codePoint})` : undefined;
}

/**
 * Filters are ONTAP query syntax on purpose (`"vs1|vs2"`, `">1000000"`), so their values are sent as written; their
 * names must be session fields, and their values bounded, without control or invisible characters.
 */
function checkFilters(filters: Record<string, unknown>): void {
  const allowed = filterableFields("ndmp_session");
  for (const [field, value] of Object.entries(filters)) {
    if (!allowed.includes(field)) {
      throw new OntapConfigError(
        `filters.${clip(field)}`,
        `getNdmpSessions: ${echo(field)} is not a session field ONTAP can filter on; use one of: ${allowed.join(", ")}.`,
      );
    }
    const why = filterValueProblem(value);
    if (why)
      throw new OntapConfigError(
        `filters.${field}`,
        `getNdmpSessions: filters.${field} ${echo(value)} is refused: ${why}.`,
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
