/**
 * Rendering: aligned tables and key/value blocks for people, JSON for scripts. Colour (bold headers, green/red
 * yes/no) only when the caller says so, which it does for a terminal without `NO_COLOR` (io.ts).
 *
 * Everything shown comes through here escaped: names, states and paths are ONTAP's, and a hostile or broken server
 * must not be able to move the cursor, clear or recolour the screen or reorder text (control, escape, C1 and
 * bidirectional characters become `\u{…}` escapes, in JSON `\uXXXX`), nor fill it (a cell shows at most
 * {@link MAX_CELL} characters). The only escape sequences written are this module's own colours.
 */
import { clip, escapeUnsafeJson } from "../ontap";

/** Most characters of one cell or value. */
export const MAX_CELL = 200;

const ANSI = { bold: "\u001b[1m", green: "\u001b[32m", red: "\u001b[31m", dim: "\u001b[2m", reset: "\u001b[0m" };
export type Style = "bold" | "green" | "red" | "dim";

/** A cell: plain text, or text with a style applied when colour is on. */
export type Cell = string | { text: string; style?: Style };

export interface Column {
  header: string;
  /** Numbers read better right-aligned. */
  align?: "left" | "right";
}

function textOf(cell: Cell): string {
  return clip(typeof cell === "string" ? cell : cell.text, MAX_CELL);
}

function paint(text: string, style: Style | undefined, color: boolean): string {
  return color && style ? `${ANSI[style]}${text}${ANSI.reset}` : text;
}

/** `shown` (the text, maybe with escape codes) padded as if it were `text`. */
function pad(shown: string, text: string, width: number, align: "left" | "right" | undefined): string {
  const fill = " ".repeat(Math.max(0, width - text.length));
  return align === "right" ? fill + shown : shown + fill;
}

/**
 * Columns separated by two spaces, each as wide as its widest cell; no trailing spaces. Padding is computed on the
 * plain text and added outside the escape codes, so colour never disturbs the alignment.
 */
export function table(columns: Column[], rows: Cell[][], color: boolean): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => textOf(r[i] ?? "").length)));
  const line = (cells: Cell[], header: boolean): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? "";
        const text = textOf(cell);
        const style = header ? "bold" : typeof cell === "string" ? undefined : cell.style;
        return pad(paint(text, style, color), text, widths[i], c.align);
      })
      .join("  ")
      .replace(/\s+$/, "");
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    ...rows.map((r) => line(r, false)),
  ]
    .map((l) => `${l}\n`)
    .join("");
}

/** `key: value` lines with the values aligned. */
export function keyValues(pairs: Array<[string, Cell]>, color: boolean): string {
  const keys = pairs.map(([key]) => clip(key, 60));
  const width = Math.max(0, ...keys.map((k) => k.length + 1));
  return pairs
    .map(([, value], i) => {
      const key = keys[i];
      const label = paint(`${key}:`, "bold", color) + " ".repeat(width - key.length - 1);
      const text = textOf(value);
      return `${label}  ${paint(text, typeof value === "string" ? undefined : value.style, color)}`.replace(/\s+$/, "");
    })
    .map((l) => `${l}\n`)
    .join("");
}

/** A yes/no cell for a boolean (green yes, red no); `-` when unknown. */
export function yesNo(value: boolean | undefined): Cell {
  if (value === undefined) return "-";
  return value ? { text: "yes", style: "green" } : { text: "no", style: "red" };
}

/** Text of an optional value, escaped and bounded: `-` when absent, lists joined with commas. */
export function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (Array.isArray(value)) return value.length === 0 ? "-" : clip(value.map(String).join(","), MAX_CELL);
  return clip(String(value), MAX_CELL);
}

/** Pretty JSON with a final newline (stable: keys in the order the command builds them), escaped for a terminal. */
export function json(value: unknown): string {
  return `${escapeUnsafeJson(JSON.stringify(value, null, 2))}\n`;
}

/** `{a: {b: 1}, c: [x]}` → `[["a.b", 1], ["c", [x]]]`: leaves with dotted paths, arrays kept whole. */
export function flatten(value: Record<string, unknown>, prefix = ""): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child !== null && typeof child === "object" && !Array.isArray(child)) {
      out.push(...flatten(child as Record<string, unknown>, path));
    } else {
      out.push([path, child]);
    }
  }
  return out;
}
