// A renderer that mimics the Pulumi CLI's output: header, resource table with per-field diffs, diagnostics, stack
// outputs, the resource summary and the duration. Secrets are `[secret]`; colours only when asked (TTY).
import type { StepOp, StepResult } from "./deployment";
import type { PropertyDiff } from "./diff";
import { changedKeys } from "./diff";
import type { OperationResult } from "./engine";
import { STACK_TYPE } from "./state";

export interface DisplayOptions {
  stack: string;
  color: boolean;
}

const SYMBOL: Record<StepOp, string> = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "+-",
  same: " ",
  refresh: " ",
  read: ">",
};

const COLOR: Record<string, string> = { "+": "32", "~": "33", "-": "31", "+-": "35", ">": "36" };

const PAST: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  replace: "replaced",
  read: "read",
};

function paint(on: boolean, code: string | undefined, s: string): string {
  return on && code ? `\u001b[${code}m${s}\u001b[0m` : s;
}

function header(op: OperationResult["operation"], stack: string): string {
  switch (op) {
    case "preview":
      return `Previewing update (${stack})`;
    case "update":
      return `Updating (${stack})`;
    case "refresh":
      return `Refreshing (${stack})`;
    case "destroy":
      return `Destroying (${stack})`;
  }
}

export function formatValue(v: unknown, secret = false): string {
  if (secret && v === "[secret]") return "[secret]";
  if (v === "04da6b54-80e4-46f7-96ec-b56ff0331ba9") return "output<string>";
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 80 ? `${s.slice(0, 76)}...${s[0] === "[" ? "]" : s[0] === "{" ? "}" : ""}` : s;
}

function diffLine(d: PropertyDiff): string {
  switch (d.kind) {
    case "add":
      return `+ ${d.path}: ${formatValue(d.new, d.secret)}`;
    case "delete":
      return `- ${d.path}: ${formatValue(d.old, d.secret)}`;
    case "update":
      return `~ ${d.path}: ${formatValue(d.old, d.secret)} => ${formatValue(d.new, d.secret)}`;
  }
}

/** The op a step is shown and counted as (refresh steps show what the refresh found). */
function shownOp(s: StepResult): StepOp {
  return s.op === "refresh" ? (s.refreshResult ?? "same") : s.op;
}

export function renderOperation(r: OperationResult, opts: DisplayOptions): string {
  const c = opts.color;
  const preview = r.operation === "preview";
  const lines: string[] = [header(r.operation, opts.stack), ""];
  // In-memory refresh steps of a preview are not shown (notes §7.2).
  const rows = r.steps.filter((s) => s.op !== "refresh");
  const typeW = Math.max(4, ...rows.map((s) => s.type.length + (s.type === STACK_TYPE ? 0 : 3)));
  const nameW = Math.max(4, ...rows.map((s) => s.name.length));
  const statusCol = preview ? "Plan" : "Status";
  lines.push(`     ${"Type".padEnd(typeW)}  ${"Name".padEnd(nameW)}  ${statusCol.padEnd(10)}  Info`);
  const children = rows.filter((s) => s.type !== STACK_TYPE);
  for (const s of rows) {
    const op = shownOp(s);
    const sym = SYMBOL[op];
    const tree = s.type === STACK_TYPE ? "" : children[children.length - 1] === s ? "└─ " : "├─ ";
    let status = op === "same" || op === "refresh" ? "" : preview ? op : PAST[op];
    if (s.error) status = `**${preview ? op : op.replace(/e$/, "")}ing failed**`;
    const keys = changedKeys(s.diffs);
    const info =
      (op === "update" || op === "replace") && keys.length ? `[diff: ${keys.map((k) => "~" + k).join(" ")}]` : "";
    const row = ` ${sym.padEnd(2)}  ${(tree + s.type).padEnd(typeW)}  ${s.name.padEnd(nameW)}  ${status.padEnd(10)}  ${info}`;
    lines.push(paint(c, COLOR[sym], row.trimEnd()));
    if (op === "update" || op === "replace") {
      for (const d of s.diffs) {
        const sym2 = d.kind === "add" ? "+" : d.kind === "delete" ? "-" : "~";
        lines.push(paint(c, COLOR[sym2], `        ${diffLine(d)}`));
      }
    }
  }

  const diags = r.diagnostics.filter((d) => d.severity !== "debug");
  if (diags.length > 0) {
    lines.push("", "Diagnostics:");
    const groups = new Map<string, string[]>();
    for (const d of diags) {
      const step = d.urn ? r.steps.find((s) => s.urn === d.urn) : undefined;
      const key = step ? `${step.type} (${step.name})` : `${STACK_TYPE} (${opts.stack})`;
      const sev = d.severity === "warning" ? "warning" : d.severity;
      const text = d.message.split("\n").map((l, i) => (i === 0 ? `${sev}: ${l}` : `    ${l}`));
      const painted = text.map((t) => (d.severity === "error" ? paint(c, "31", t) : t));
      groups.set(key, [...(groups.get(key) ?? []), ...painted]);
    }
    for (const [k, v] of groups) lines.push(`  ${k}:`, ...v.map((l) => `    ${l}`), "");
    if (lines[lines.length - 1] === "") lines.pop();
  }

  const outKeys = Object.keys(r.outputs);
  if (outKeys.length > 0) {
    lines.push("", "Outputs:");
    const w = Math.max(...outKeys.map((k) => k.length));
    for (const k of outKeys.sort()) {
      const o = r.outputs[k];
      lines.push(`    ${k.padEnd(w)}: ${o.secret ? "[secret]" : formatValue(o.value)}`);
    }
  }

  lines.push("", "Resources:");
  const counts = new Map<StepOp, number>();
  for (const s of rows) {
    if (s.error && s.op !== "same") continue;
    const op = shownOp(s);
    counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  const word = (op: StepOp): string => (preview ? `to ${op}` : PAST[op]);
  for (const op of ["create", "update", "delete", "replace"] as StepOp[]) {
    const n = counts.get(op);
    if (n) {
      const sym = SYMBOL[op];
      lines.push(paint(c, COLOR[sym], `    ${sym === "+-" ? "+-" : sym + " "}${n} ${word(op)}`));
    }
  }
  const failed = rows.filter((s) => s.error).length;
  if (failed) lines.push(paint(c, "31", `    ${failed} errored`));
  const same = counts.get("same") ?? 0;
  if (same) lines.push(`    ${same} unchanged`);
  if (!preview) lines.push("", `Duration: ${Math.max(1, Math.round(r.durationMs / 1000))}s`);
  for (const e of r.errors.filter((x) => x.startsWith("no changes were expected"))) {
    lines.push("", paint(c, "31", `error: ${e}`));
  }
  return lines.join("\n") + "\n";
}
