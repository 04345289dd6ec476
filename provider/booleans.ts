/**
 * The one rule by which this package reads a boolean that may arrive as text: a connection's `insecure` from stack
 * configuration (`ontap:insecure`), the environment (`ONTAP_INSECURE`) or a `connection` argument, and a resource's
 * `enabled` (stack config values are strings; ONTAP's documentation prints booleans as `1`). Used by
 * provider/connection.ts and provider/runtime/validation.ts, so both accept exactly the same spellings.
 */

/**
 * `true` for `true`, `1` and the texts `true`/`1`; `false` for `false`, `0` and `false`/`0`; texts compared without
 * case and surrounding blanks. Undefined for anything else, which the caller refuses (naming the setting).
 */
export function booleanFrom(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
  }
  return undefined;
}
