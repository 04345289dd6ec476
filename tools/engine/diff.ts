// Field-level diffs for display, as the CLI computes them when the provider sends no detailedDiff (the dynamic
// provider never does, notes §4.2): a structural comparison of old vs new property maps. `__provider` is hidden
// (`hideDiffs`, 3.200.0) and secret values are shown as `[secret]` (never their plaintext).
import { deepEqual, isObject, isSecret, reveal } from "./secrets";
import type { PropertyMap } from "./secrets";

export interface PropertyDiff {
  path: string;
  kind: "add" | "update" | "delete";
  old?: unknown;
  new?: unknown;
  secret?: boolean;
}

const HIDDEN = new Set(["__provider"]);

export function diffProperties(olds: PropertyMap, news: PropertyMap, hide: readonly string[] = []): PropertyDiff[] {
  const out: PropertyDiff[] = [];
  const hidden = new Set([...HIDDEN, ...hide]);
  walk(olds, news, "", out, hidden);
  return out;
}

function join(prefix: string, key: string | number): string {
  if (typeof key === "number") return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

function shown(v: unknown): unknown {
  return containsSecret(v) ? "[secret]" : v;
}

function containsSecret(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecret);
  if (isObject(v)) return Object.values(v).some(containsSecret);
  return false;
}

function walk(o: unknown, n: unknown, path: string, out: PropertyDiff[], hidden: Set<string>): void {
  if (isObject(o) && isObject(n) && !isSecret(o) && !isSecret(n)) {
    const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])];
    for (const k of keys) {
      if (!path && hidden.has(k)) continue;
      const p = join(path, k);
      if (!(k in n) || n[k] === undefined) {
        if (k in o && o[k] !== undefined) out.push(entry(p, "delete", o[k], undefined));
      } else if (!(k in o) || o[k] === undefined) {
        out.push(entry(p, "add", undefined, n[k]));
      } else {
        walk(o[k], n[k], p, out, hidden);
      }
    }
    return;
  }
  if (Array.isArray(o) && Array.isArray(n)) {
    for (let i = 0; i < Math.max(o.length, n.length); i++) {
      const p = join(path, i);
      if (i >= n.length) out.push(entry(p, "delete", o[i], undefined));
      else if (i >= o.length) out.push(entry(p, "add", undefined, n[i]));
      else walk(o[i], n[i], p, out, hidden);
    }
    return;
  }
  // Leaves (and secrets): compare plaintexts, so re-marking a value as secret alone is not a change.
  if (!deepEqual(reveal(o), reveal(n))) out.push(entry(path, "update", o, n));
}

function entry(path: string, kind: PropertyDiff["kind"], o: unknown, n: unknown): PropertyDiff {
  const secret = containsSecret(o) || containsSecret(n);
  const d: PropertyDiff = { path, kind };
  if (kind !== "add") d.old = shown(o);
  if (kind !== "delete") d.new = shown(n);
  if (secret) d.secret = true;
  return d;
}

/** Top-level keys that differ (the `[diff: ~a ~b]` summary). */
export function changedKeys(diffs: PropertyDiff[]): string[] {
  return [...new Set(diffs.map((d) => d.path.split(/[.[]/)[0]))];
}
