/**
 * How values that came from a user, a file or the network appear in messages. One place for the rules, shared by the
 * client, the resources and the CLI:
 *
 * - bounded: a text is shown up to {@link MAX_ECHO_CHARS} characters, then `…` and its full length;
 * - visible: control characters (C0, DEL, C1: terminal escapes start with ESC or CSI), format characters (zero-width
 *   spaces and joiners, bidirectional overrides and isolates, the BOM, tags), line and paragraph separators, private-use,
 *   unassigned and lone surrogate code points, and spaces other than U+0020 are written as `\u{…}` escapes, so a
 *   message can neither move the cursor, recolour or clear a terminal, nor hide or reorder what it shows;
 * - numbers as they are: `NaN`, `Infinity` and `-0` (JSON would show `null` and `0`);
 * - a value that may be a secret (a password, anything inside a connection, any object or array in a place that wanted
 *   something else) is described by its type and size only: {@link shapeOf}.
 */
import type { ValidationProblem } from "./schema";

/** Most characters of a text shown in a message. */
export const MAX_ECHO_CHARS = 80;

/**
 * Characters never shown as they are. `\p{Cc}` controls, `\p{Cf}` format characters (U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+2064, U+2066–U+2069, U+FEFF, U+E0001–U+E007F, U+00AD, U+061C, U+180E …), `\p{Zl}`/`\p{Zp}` separators,
 * `\p{Zs}` other than the plain space, `\p{Co}` private use, `\p{Cn}` unassigned, `\p{Cs}` lone surrogates, plus the
 * invisible letters and marks that Unicode does not class as format characters (Hangul fillers, the combining grapheme
 * joiner, variation selectors, Mongolian free variation selectors). The marks among them are meant one by one, each
 * matched alone (hence the lint exception): none of them is ever part of a character sequence in this class.
 */
const UNSAFE =
  // eslint-disable-next-line no-misleading-character-class
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u034f\u115f\u1160\u3164\uffa0\u180b-\u180d\u180f\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
// eslint-disable-next-line no-misleading-character-class
const UNSAFE_ALL = new RegExp(UNSAFE.source, "gu");

const NAMED_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(char: string): string {
  if (Object.hasOwn(NAMED_ESCAPES, char)) return NAMED_ESCAPES[char];
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

/** The first character of `text` that {@link escapeUnsafe} would escape, with its position (in code points). */
export function firstUnsafeCharacter(text: string): { codePoint: string; position: number } | undefined {
  let position = 0;
  for (const char of text) {
    if (UNSAFE.test(char)) {
      const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
      return { codePoint: `U+${hex}`, position };
    }
    position++;
  }
  return undefined;
}

/** `text` with every invisible or control character written as an escape (`\n`, `\u{1b}`, `\u{202e}`, …). */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE_ALL, escapeOne);
}

/**
 * JSON text with every character {@link escapeUnsafe} would escape written as a JSON `\uXXXX` escape (astral ones as
 * surrogate pairs), so that JSON printed to a terminal cannot carry an escape sequence either. `JSON.stringify`
 * already escapes C0 controls; this adds DEL, C1 (U+009B starts a terminal escape too), bidirectional and invisible
 * characters. The result is the same JSON value.
 */
export function escapeUnsafeJson(json: string): string {
  // A raw line break can only be the layout of pretty-printed JSON: inside strings, JSON.stringify escaped them all.
  return json.replace(UNSAFE_ALL, (char) =>
    char === "\n"
      ? char
      : Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`).join(
          "",
        ),
  );
}

/** Number of characters (code points) of a text. */
function lengthOf(text: string): number {
  let n = 0;
  for (const _char of text) n++;
  return n;
}

/** `text` escaped and cut to `max` characters (`…` marks the cut). */
export function clip(text: string, max = MAX_ECHO_CHARS): string {
  const chars = Array.from(text);
  const kept = chars.length > max ? `${chars.slice(0, max).join("")}…` : text;
  return escapeUnsafe(kept);
}

/**
 * `text` in double quotes, escaped and bounded: `"abc"`, `"a\u{1b}[2J"`, `"xxxx…" (100000 characters)`. Quotes and
 * backslashes inside are escaped as in JSON.
 */
export function quote(text: string, max = MAX_ECHO_CHARS): string {
  const chars = Array.from(text);
  const cut = chars.length > max;
  const kept = cut ? chars.slice(0, max).join("") : text;
  const body = escapeUnsafe(kept.replace(/[\\"]/g, (c) => `\\${c}`));
  return cut ? `"${body}…" (${chars.length} characters)` : `"${body}"`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The type and size of a value, never its content: `a string of 7 characters`, `an empty string`, `a number`,
 * `a boolean`, `null`, `an array of 2 items`, `an object with 1 field`.
 */
export function shapeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value))
    return value.length === 0 ? "an empty array" : `an array of ${plural(value.length, "item", "items")}`;
  switch (typeof value) {
    case "string":
      return value === "" ? "an empty string" : `a string of ${plural(lengthOf(value), "character", "characters")}`;
    case "number":
    case "bigint":
      return "a number";
    case "boolean":
      return "a boolean";
    case "undefined":
      return "undefined";
    case "object": {
      const n = Object.keys(value as object).length;
      return n === 0 ? "an empty object" : `an object with ${plural(n, "field", "fields")}`;
    }
    default:
      return `a ${typeof value}`;
  }
}

/**
 * A value as a message shows it: strings quoted ({@link quote}), numbers as they are (`NaN`, `Infinity`, `-0`),
 * booleans and null as words; objects and arrays by their shape only ({@link shapeOf}), since a structure where a
 * scalar belongs is as likely to hold a secret as anything.
 */
export function echo(value: unknown, max = MAX_ECHO_CHARS): string {
  if (typeof value === "string") return quote(value, max);
  if (typeof value === "number") return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "boolean" || value === null || value === undefined) return String(value);
  return shapeOf(value);
}

/** A field path as a message shows it: escaped and bounded (unknown field names come from the user). */
export function fieldName(field: string): string {
  return clip(field || "(body)");
}

/** What validation says of a field nobody declared (provider/ontap/schema/validate.ts). */
const UNKNOWN_FIELD = "is not a known field";

/**
 * One validation problem as text: `field: <value> <what is allowed>`, or `field (<shape>, not shown) <allowed>` when
 * the value may be a secret, or `field <allowed>` when no value was given. An unknown field is named without its
 * value: a misspelt `pasword`, or a setting in the wrong place, usually holds a password.
 */
export function describeProblem(problem: ValidationProblem, options: { secret?: boolean } = {}): string {
  const field = fieldName(problem.field);
  if (problem.value === undefined || problem.allowed.startsWith(UNKNOWN_FIELD)) return `${field} ${problem.allowed}`;
  if (options.secret) return `${field} (${shapeOf(problem.value)}, not shown) ${problem.allowed}`;
  return `${field}: ${echo(problem.value)} ${problem.allowed}`;
}
