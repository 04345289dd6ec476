/**
 * ONTAP query filters: `<field>=<query value>` with the operators of the "Records and pagination" section of the
 * spec: wildcard `*`, comparisons `< > <= >=`, range `..`, negation `!`, alternatives `|`, literals in double quotes
 * or braces, and the `null` / `!null` tests.
 *
 * Semantics (the ONTAP REST API documentation, "Query parameters" and "Record filtering"):
 * - an unset field matches only `null` (`<10` and `!joe` exclude it; add `|null` to include it);
 * - integers compare numerically, booleans false < true, strings and enums alphabetically (code-point order);
 * - an array field (`authentication_types`) matches when any element matches; `!x` matches when no element does;
 * - matching is case-sensitive (ONTAP does not document case folding for these fields).
 */
import { errors } from "../errors";
import { FieldInfo, valueAt } from "./catalog";

type Operand = string | number | boolean;

type Test =
  | { kind: "null" }
  | { kind: "eq"; value: Operand }
  | { kind: "cmp"; op: "<" | ">" | "<=" | ">="; value: Operand }
  | { kind: "range"; low: Operand; high: Operand }
  | { kind: "glob"; pattern: RegExp };

interface Alternative {
  negate: boolean;
  test: Test;
}

export interface Filter {
  field: FieldInfo;
  alternatives: Alternative[];
}

/** A character of the query value; `literal` when it came from inside quotes or braces. */
interface Char {
  c: string;
  literal: boolean;
}

function tokenize(value: string): Char[] {
  const out: Char[] = [];
  let closer: string | undefined;
  for (const c of value) {
    if (closer) {
      if (c === closer) closer = undefined;
      else out.push({ c, literal: true });
    } else if (c === '"') closer = '"';
    else if (c === "{") closer = "}";
    else out.push({ c, literal: false });
  }
  return out;
}

function text(chars: Char[]): string {
  return chars.map((x) => x.c).join("");
}

function splitOn(chars: Char[], separator: string): Char[][] {
  const parts: Char[][] = [[]];
  for (const ch of chars) {
    if (!ch.literal && ch.c === separator) parts.push([]);
    else parts[parts.length - 1].push(ch);
  }
  return parts;
}

function startsWithOperator(chars: Char[], op: string): boolean {
  return op.split("").every((c, i) => chars[i] && !chars[i].literal && chars[i].c === c);
}

function indexOfRange(chars: Char[]): number {
  for (let i = 0; i + 1 < chars.length; i++) {
    if (!chars[i].literal && !chars[i + 1].literal && chars[i].c === "." && chars[i + 1].c === ".") return i;
  }
  return -1;
}

function operand(field: FieldInfo, raw: string, whole: string, exact: boolean): Operand {
  if (field.type === "integer") {
    if (!/^-?\d+$/.test(raw)) throw errors.invalidValue(field.path, whole);
    return Number(raw);
  }
  if (field.type === "boolean") {
    if (raw !== "true" && raw !== "false") throw errors.invalidValue(field.path, whole);
    return raw === "true";
  }
  // An exact enum value must be one of the enum; comparisons and ranges may use any string (alphabetical order).
  if (exact && field.enum && !field.enum.includes(raw)) throw errors.invalidValue(field.path, whole);
  return raw;
}

function globPattern(chars: Char[]): RegExp {
  const source = chars
    .map((ch) => (!ch.literal && ch.c === "*" ? ".*" : ch.c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "s");
}

function parseAlternative(field: FieldInfo, chars: Char[], whole: string): Alternative {
  let rest = chars;
  const negate = startsWithOperator(rest, "!");
  if (negate) rest = rest.slice(1);
  if (rest.every((ch) => !ch.literal) && text(rest) === "null") return { negate, test: { kind: "null" } };
  for (const op of ["<=", ">=", "<", ">"] as const) {
    if (startsWithOperator(rest, op)) {
      return { negate, test: { kind: "cmp", op, value: operand(field, text(rest.slice(op.length)), whole, false) } };
    }
  }
  const range = indexOfRange(rest);
  if (range >= 0) {
    const low = operand(field, text(rest.slice(0, range)), whole, false);
    const high = operand(field, text(rest.slice(range + 2)), whole, false);
    return { negate, test: { kind: "range", low, high } };
  }
  if (rest.some((ch) => !ch.literal && ch.c === "*"))
    return { negate, test: { kind: "glob", pattern: globPattern(rest) } };
  return { negate, test: { kind: "eq", value: operand(field, text(rest), whole, true) } };
}

export function parseFilter(field: FieldInfo, value: string): Filter {
  return { field, alternatives: splitOn(tokenize(value), "|").map((chars) => parseAlternative(field, chars, value)) };
}

/** Total order used by filters and `order_by`: numbers numerically, booleans false < true, strings by code point. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return a ? 1 : -1;
  const left = Array.isArray(a) ? a.join(",") : String(a);
  const right = Array.isArray(b) ? b.join(",") : String(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function scalarMatches(value: unknown, test: Test): boolean {
  switch (test.kind) {
    case "null":
      return value === undefined || value === null;
    case "eq":
      return compareValues(value, test.value) === 0;
    case "cmp": {
      const order = compareValues(value, test.value);
      return test.op === "<" ? order < 0 : test.op === ">" ? order > 0 : test.op === "<=" ? order <= 0 : order >= 0;
    }
    case "range":
      return compareValues(value, test.low) >= 0 && compareValues(value, test.high) <= 0;
    case "glob":
      return test.pattern.test(String(value));
  }
}

function alternativeMatches(raw: unknown, field: FieldInfo, alternative: Alternative): boolean {
  const values = field.array ? (Array.isArray(raw) ? raw : []) : raw === undefined || raw === null ? [] : [raw];
  const unset = values.length === 0;
  if (alternative.test.kind === "null") return alternative.negate ? !unset : unset;
  if (unset) return false;
  const any = values.some((v) => scalarMatches(v, alternative.test));
  return alternative.negate ? !any : any;
}

export function matchesFilter(record: unknown, filter: Filter): boolean {
  const raw = valueAt(record, filter.field.path);
  return filter.alternatives.some((alternative) => alternativeMatches(raw, filter.field, alternative));
}
