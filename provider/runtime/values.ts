import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { booleanFrom } from "../booleans";
import { sameAuthenticationTypes } from "../ontap/schema";

// A copy without `undefined` values, which the plugin cannot encode ("Unexpected struct type"); the client drops
// them from request bodies for the same kind of reason, so there is one helper.
export { withoutUndefined } from "../ontap/validation";

/**
 * Value handling shared by the resource kinds: the engine's unknown sentinel, normalisation for comparisons, and
 * JSON safety of what goes back to the plugin.
 */

/** What the engine sends in place of a value it does not know yet (during preview): the SDK's own sentinel. */
export const UNKNOWN = unknownValue;

/** True when the value, or any part of it, is not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * A boolean from the forms users and ONTAP produce, by the package's one boolean rule (provider/booleans.ts).
 * Anything else is returned unchanged, so validation can name it.
 */
export function normalizeBoolean(value: unknown): unknown {
  return booleanFrom(value) ?? value;
}

/** Same value in the sense of a managed field: arrays of authentication types compare as sets. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return sameAuthenticationTypes(a, b);
  if (typeof normalizeBoolean(a) === "boolean" || typeof normalizeBoolean(b) === "boolean") {
    return normalizeBoolean(a) === normalizeBoolean(b);
  }
  return a === b;
}

/** Same value under a setting's comparison (provider/model/descriptor.ts): `set` compares arrays as sets. */
export function sameSetting(compare: "scalar" | "set", a: unknown, b: unknown): boolean {
  if (compare === "set" && Array.isArray(a) && Array.isArray(b)) return sameAuthenticationTypes(a, b);
  return sameValue(a, b);
}

/** `passwordVersion` may be a number or a string; `1` and `"1"` are the same version. */
export function sameVersion(a: unknown, b: unknown): boolean {
  return (
    (a === undefined || a === null ? undefined : String(a)) === (b === undefined || b === null ? undefined : String(b))
  );
}

/** Sets `key` as an own property, even `__proto__` (an assignment would replace the object's prototype instead). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A prototype that is data (an object literal or JSON), not a class's or a built-in's prototype. */
function isDataPrototype(proto: unknown): boolean {
  if (proto === null || typeof proto !== "object" || proto === Object.prototype) return false;
  const above = Object.getPrototypeOf(proto);
  const constructor = (proto as { constructor?: unknown }).constructor;
  return (
    (above === Object.prototype || above === null) &&
    !(Object.hasOwn(proto, "constructor") && typeof constructor === "function")
  );
}

/**
 * A deep copy of what the engine passed, made of own properties only, so that names like `__proto__`,
 * `constructor` or `toString` are fields like any other:
 * - an own `__proto__` key stays an own key (it is copied with {@link setOwn}, never assigned);
 * - an object whose prototype is itself a plain object was built by assigning a `__proto__` key (the SDK deserializes
 *   properties by assignment): that prototype is kept as an own `__proto__` field, so validation names it as the
 *   unknown field it is, and nothing is ever read through it;
 * - inherited properties are never copied, so `inputs.mode` is the program's `mode` or nothing.
 */
export function ownCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ownCopy);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  const proto = Object.getPrototypeOf(value);
  if (isDataPrototype(proto)) setOwn(copy, "__proto__", ownCopy(proto));
  for (const key of Object.keys(value)) {
    const field = ownCopy((value as Record<string, unknown>)[key]);
    // Only `__proto__` needs defining: assigning any other name makes an own property, and is much cheaper (defining
    // every field was this package's largest self time in a profiled refresh of 1,000 SVM configurations).
    if (key === "__proto__") setOwn(copy, key, field);
    else copy[key] = field;
  }
  return copy;
}
