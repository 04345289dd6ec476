/**
 * Rendering: aligned tables and key/value blocks for people, JSON for scripts. Colour (bold headers, green/red
 * yes/no) only when the caller says so, which it does for a terminal without `NO_COLOR` (io.ts).
 */

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
  return typeof cell === "string" ? cell : cell.text;
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
  const width = Math.max(0, ...pairs.map(([k]) => k.length + 1));
  return pairs
    .map(([key, value]) => {
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

/** Text of an optional value: `-` when absent, lists joined with commas. */
export function show(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  if (Array.isArray(value)) return value.length === 0 ? "-" : value.map(String).join(",");
  return String(value);
}

/** Pretty JSON with a final newline (stable: keys in the order the command builds them). */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
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
