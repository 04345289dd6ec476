/**
 * `ontap-ndmp sessions list|show|kill`: the NDMP sessions of the active scope (`/api/protocols/ndmp/sessions`).
 * A session is named `<owner-uuid>/<id>`: the owner is the node (node scope) or the SVM (SVM scope), the id is
 * ONTAP's (`2000` on a node, `2000:4000` on an SVM).
 *
 * JSON: list `{"sessions": [Session]}`; show `Session`; kill `{"killed": true, "owner": …, "id": …}`, where
 * `Session` is `{"ref": "<owner>/<id>", "owner": …}` followed by the fields of ONTAP's `ndmp_session` as ONTAP
 * returns them (snake_case; fields ONTAP leaves out are absent; `_links` dropped at every level).
 */
import { NdmpSessionRecord, ownerUuidProblem, sessionIdProblem } from "../../ontap";
import { MAX_FILTER_VALUE, sessionFilterFields, sessionFilterProblem } from "../../ontap/sessionFilters";
import type { Context } from "../context";
import { refused, usageError } from "../errors";
import { readLine } from "../io";
import { Cell, flatten, json, keyValues, show, table } from "../output";

export type SessionJson = { ref: string; owner: string } & Omit<NdmpSessionRecord, "_links">;

export interface SessionRef {
  owner: string;
  id: string;
}

/** How a command-line word is shown in a message (Context.word, or quoted as is in tests of the parsers). */
type Word = (text: string) => string;
const quoted: Word = (text) => `'${text}'`;

const SESSION_LIST_HINT = "'ontap-ndmp sessions list' shows each session as <owner-uuid>/<id> in its SESSION column.";

/**
 * `<owner-uuid>/<id>` split at its first slash; a usage error (exit 2, before any request) when either part is
 * missing, the owner is not a UUID or the id is not an NDMP session id.
 */
export function parseSessionRef(text: string, word: Word = quoted): SessionRef {
  const slash = text.indexOf("/");
  const owner = slash < 0 ? "" : text.slice(0, slash).trim();
  const id = slash < 0 ? "" : text.slice(slash + 1).trim();
  if (owner === "" || id === "") {
    throw usageError(
      `${word(text)} is not a session: expected <owner-uuid>/<id>, e.g. 8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1/2000:4000.`,
      SESSION_LIST_HINT,
    );
  }
  const problem = ownerUuidProblem(owner) ?? sessionIdProblem(id);
  if (problem) {
    throw usageError(`${word(text)} is not a session <owner-uuid>/<id>: ${problem}.`, SESSION_LIST_HINT);
  }
  return { owner, id };
}

/**
 * `field=value` pairs into ONTAP filters, by the rule `getNdmpSessions` applies too (provider/ontap/sessionFilters.ts):
 * the field must be one ONTAP can filter sessions on, the value (ONTAP query syntax, passed as written) at most
 * {@link MAX_FILTER_VALUE} characters without control or invisible characters.
 */
export function parseFilters(filters: readonly string[], word: Word = quoted): Record<string, string> {
  const result: Record<string, string> = {};
  for (const filter of filters) {
    const eq = filter.indexOf("=");
    if (eq <= 0) {
      throw usageError(`--filter ${word(filter)} is not field=value.`, "e.g. --filter svm.name=svm1");
    }
    const field = filter.slice(0, eq).trim();
    const value = filter.slice(eq + 1);
    const problem = sessionFilterProblem(field, value);
    if (problem?.problem === "field") {
      throw usageError(
        `--filter: ${word(field)} is not a session field ONTAP can filter on.`,
        `Allowed fields: ${sessionFilterFields().join(", ")}.`,
      );
    }
    if (value === "") {
      throw usageError(`--filter ${field}= has no value.`, "To match an unset field use the value null.");
    }
    if (problem?.problem === "length") {
      throw usageError(
        `--filter ${field}: the value has ${problem.length} characters; at most ${MAX_FILTER_VALUE} are accepted.`,
      );
    }
    if (problem?.problem === "unsafe") {
      throw usageError(
        `--filter ${field}: the value holds an invisible or control character (${problem.codePoint} at position ${problem.position + 1}).`,
      );
    }
    if (Object.hasOwn(result, field)) {
      throw usageError(
        `--filter ${field} is given twice.`,
        `Combine the values with ONTAP's | operator: --filter '${field}=a|b'.`,
      );
    }
    result[field] = value;
  }
  return result;
}

function ownerOf(record: NdmpSessionRecord): string {
  // `uuid` is 9.9+; before it, the owner is the node (node scope) or the SVM (SVM scope) of the session.
  return record.uuid ?? record.svm?.uuid ?? record.node?.uuid ?? "";
}

/** A copy without HAL `_links`, at any depth (they point at APIs the CLI does not use). */
function withoutLinks<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutLinks) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([key]) => key !== "_links");
  return Object.fromEntries(entries.map(([key, child]) => [key, withoutLinks(child)])) as T;
}

export function sessionJson(record: NdmpSessionRecord): SessionJson {
  const owner = ownerOf(record);
  return { ref: `${owner}/${record.id ?? ""}`, owner, ...withoutLinks(record) };
}

function stateCell(state: string | undefined): Cell {
  if (state === undefined) return "-";
  if (state === "active") return { text: state, style: "green" };
  if (state === "halted" || state === "paused") return { text: state, style: "dim" };
  return state;
}

function client(record: NdmpSessionRecord): string {
  if (!record.client_address) return "-";
  return record.client_port === undefined ? record.client_address : `${record.client_address}:${record.client_port}`;
}

function sessionTable(sessions: SessionJson[], color: boolean): string {
  const withSvm = sessions.some((s) => s.svm !== undefined);
  const columns = [
    { header: "SESSION" },
    { header: "NODE" },
    ...(withSvm ? [{ header: "SVM" }] : []),
    { header: "ENGINE" },
    { header: "OPERATION" },
    { header: "DATA" },
    { header: "MOVER" },
    { header: "BYTES", align: "right" as const },
    { header: "CLIENT" },
    { header: "PATH" },
  ];
  const rows = sessions.map((s): Cell[] => [
    s.ref,
    show(s.node?.name),
    ...(withSvm ? [show(s.svm?.name)] : []),
    show(s.backup_engine),
    show(s.data?.operation),
    stateCell(s.data?.state),
    stateCell(s.mover?.state),
    show(s.data?.bytes_processed),
    client(s),
    show(s.data_path),
  ]);
  return table(columns, rows, color);
}

function sessionDetails(session: SessionJson, color: boolean): string {
  const { ref, ...fields } = session;
  const pairs = flatten({ session: ref, ...fields }).map(([key, value]): [string, Cell] => [key, show(value)]);
  return keyValues(pairs, color);
}

export async function listSessions(ctx: Context): Promise<void> {
  const filters = parseFilters(ctx.options.filter ?? [], (text) => ctx.word(text));
  const records = await ctx.client().listSessions({ filters });
  const sessions = records.map(sessionJson);
  if (ctx.json) {
    ctx.out(json({ sessions }));
    return;
  }
  if (sessions.length === 0) {
    ctx.out(Object.keys(filters).length > 0 ? "No NDMP sessions match.\n" : "No NDMP sessions.\n");
    return;
  }
  ctx.out(sessionTable(sessions, ctx.color));
}

export async function showSession(ctx: Context, refText: string): Promise<void> {
  const ref = parseSessionRef(refText, (text) => ctx.word(text));
  const session = sessionJson(await ctx.client().getSession(ref.owner, ref.id));
  ctx.out(ctx.json ? json(session) : sessionDetails(session, ctx.color));
}

export async function killSession(ctx: Context, refText: string): Promise<void> {
  const ref = parseSessionRef(refText, (text) => ctx.word(text));
  const name = `${ref.owner}/${ref.id}`;
  if (!ctx.options.yes) {
    // Checked before connecting: a script without --yes learns it at once, and nothing is sent.
    if (ctx.io.stdin.isTTY !== true) {
      throw refused(
        `not killing session ${name}: confirmation is needed and stdin is not a terminal.`,
        "Pass --yes to kill the session without asking.",
      );
    }
    const session = sessionJson(await ctx.client().getSession(ref.owner, ref.id));
    // Names, operation and path are ONTAP's: shown escaped and bounded (output.ts show), like every table cell.
    const where = [session.node?.name, session.svm?.name].filter(Boolean).map(show).join(", ");
    const what = [session.data?.operation, session.data_path].filter(Boolean).map(show).join(" of ");
    ctx.note(
      `NDMP session ${name}${where ? ` (${where})` : ""}${what ? `: ${what}` : ""}\n` +
        "Killing it aborts the backup or restore it runs.\n" +
        "Kill this session? [y/N] ",
    );
    const answer = (await readLine(ctx.io.stdin))?.trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") {
      throw refused(`session ${name} not killed: not confirmed.`);
    }
  }
  await ctx.client().deleteSession(ref.owner, ref.id);
  ctx.out(ctx.json ? json({ killed: true, owner: ref.owner, id: ref.id }) : `Killed NDMP session ${name}.\n`);
}
