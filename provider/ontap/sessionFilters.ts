/**
 * The rule for filters of an NDMP session listing, shared by `getNdmpSessions` (provider/functions/sessions.ts) and
 * `ontap-ndmp sessions list --filter` (provider/cli/commands/sessions.ts). Filters are ONTAP query syntax on purpose
 * (`"vs1|vs2"`, `">1000000"`), so their values are sent as written; their names must be session fields ONTAP can
 * filter on (derived from the shared definitions, spec/fields.ts), and their values bounded, without control or
 * invisible characters. Each surface words the problem in its own terms (a config error, a usage error).
 */
import { filterableFields } from "../../spec/fields";
import { firstUnsafeCharacter } from "./echo";

/** Longest filter value sent to ONTAP. */
export const MAX_FILTER_VALUE = 1024;

/** The session fields ONTAP accepts as filters, in schema order. */
export function sessionFilterFields(): string[] {
  return filterableFields("ndmp_session");
}

/** What is wrong with one filter, if anything. */
export type SessionFilterProblem =
  | { problem: "field" }
  | { problem: "type" }
  | { problem: "number" }
  | { problem: "length"; length: number }
  | { problem: "unsafe"; codePoint: string; position: number };

/** The problem of the filter `field` = `value` (a string, or a finite number or boolean), or undefined. */
export function sessionFilterProblem(field: string, value: unknown): SessionFilterProblem | undefined {
  if (!sessionFilterFields().includes(field)) return { problem: "field" };
  if (typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { problem: "number" };
  if (typeof value !== "string") return { problem: "type" };
  const length = Array.from(value).length;
  if (length > MAX_FILTER_VALUE) return { problem: "length", length };
  const unsafe = firstUnsafeCharacter(value);
  return unsafe ? { problem: "unsafe", ...unsafe } : undefined;
}
