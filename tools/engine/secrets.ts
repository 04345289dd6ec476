// Secret marking, the unknown sentinel, and the engine's secret-propagation rules (notes §6).
//
// Representation: the driver keeps property values in the wire format the Node SDK and the engine exchange, so
// a secret is `{ [SIG_KEY]: SECRET_SIG, value }` everywhere in state, and an unknown (preview only) is the string
// UNKNOWN. The dynamic-provider plugin answers `acceptSecrets=false` (notes §4.2), so every value sent to it is
// unwrapped first with `reveal()`; secretness is re-applied to what it returns with `annotateSecrets()`.
import * as crypto from "crypto";

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type PropertyMap = Record<string, unknown>;

export interface SecretValue {
  [SIG_KEY]: typeof SECRET_SIG;
  value: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isSecret(v: unknown): v is SecretValue {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

export function makeSecret(v: unknown): unknown {
  return isSecret(v) ? v : { [SIG_KEY]: SECRET_SIG, value: v };
}

export function containsSecrets(v: unknown): boolean {
  if (isSecret(v)) return true;
  if (Array.isArray(v)) return v.some(containsSecrets);
  if (isObject(v)) return Object.values(v).some(containsSecrets);
  return false;
}

export function containsUnknowns(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (isSecret(v)) return containsUnknowns(v.value);
  if (Array.isArray(v)) return v.some(containsUnknowns);
  if (isObject(v)) return Object.values(v).some(containsUnknowns);
  return false;
}

/** Deep copy with every secret wrapper removed: what the plugin receives, since it does not accept secrets. */
export function reveal<T>(v: T): T {
  if (isSecret(v)) return reveal(v.value) as T;
  if (Array.isArray(v)) return v.map(reveal) as T;
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = reveal(x);
    return out as T;
  }
  return v;
}

/**
 * Same-key secret propagation (`annotateSecrets` in the engine's provider plugin, #13260): an output whose input of
 * the same name contains a secret becomes secret. Objects are walked key by key; for arrays and scalars any secret
 * part makes the whole output value secret. Mutates and returns `outs`.
 */
export function annotateSecrets(outs: PropertyMap, ins: PropertyMap): PropertyMap {
  for (const [key, inValue] of Object.entries(ins)) {
    if (!(key in outs)) continue;
    const outValue = outs[key];
    const inPlain = isSecret(inValue) ? inValue.value : inValue;
    if (isObject(outValue) && !isSecret(outValue) && isObject(inPlain) && !isSecret(inValue)) {
      annotateSecrets(outValue, inPlain);
    } else if (!isSecret(outValue) && containsSecrets(inValue)) {
      outs[key] = makeSecret(outValue);
    }
  }
  return outs;
}

/** `additionalSecretOutputs`: top-level output keys the program asked to be secret (`id` cannot be, #2717). */
export function markAdditionalSecrets(outs: PropertyMap, keys: readonly string[]): PropertyMap {
  for (const k of keys) {
    if (k !== "id" && k in outs) outs[k] = makeSecret(outs[k]);
  }
  return outs;
}

/** Replaces every secret by `[secret]`: what the display and field-level diffs may show. */
export function maskSecrets(v: unknown): unknown {
  if (isSecret(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(maskSecrets);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = maskSecrets(x);
    return out;
  }
  return v;
}

/**
 * Encrypts secret values like Pulumi's passphrase secrets provider: AES-256-GCM under a key derived from a
 * passphrase (here a random one per driver, so plaintext never reaches an exported state file).
 */
export class SecretsManager {
  private readonly salt = crypto.randomBytes(8);
  private readonly key: Buffer;

  constructor(passphrase: string = crypto.randomBytes(32).toString("base64")) {
    this.key = crypto.pbkdf2Sync(passphrase, this.salt, 1_000_000 / 10, 32, "sha256");
  }

  /** The `state` of the `passphrase` secrets provider: the salt and a known-plaintext check, as Pulumi stores it. */
  providerState(): { salt: string } {
    return { salt: `v1:${this.salt.toString("base64")}:${this.encrypt("pulumi")}` };
  }

  encrypt(plaintext: string): string {
    const nonce = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, nonce);
    const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${ct.toString("base64")}`;
  }

  decrypt(ciphertext: string): string {
    const [v, nonceB64, ctB64] = ciphertext.split(":");
    if (v !== "v1" || !nonceB64 || !ctB64) throw new Error("unsupported ciphertext");
    const data = Buffer.from(ctB64, "base64");
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonceB64, "base64"));
    decipher.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString("utf8");
  }

  /** Deep copy in which every secret becomes `{ [SIG_KEY]: SECRET_SIG, ciphertext }` (the checkpoint format). */
  encryptDeep(v: unknown): unknown {
    if (isSecret(v)) return { [SIG_KEY]: SECRET_SIG, ciphertext: this.encrypt(JSON.stringify(reveal(v.value))) };
    if (Array.isArray(v)) return v.map((x) => this.encryptDeep(x));
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.encryptDeep(x);
      return out;
    }
    return v;
  }

  /** Inverse of `encryptDeep`. */
  decryptDeep(v: unknown): unknown {
    if (isObject(v) && v[SIG_KEY] === SECRET_SIG && typeof v.ciphertext === "string") {
      return makeSecret(JSON.parse(this.decrypt(v.ciphertext)));
    }
    if (Array.isArray(v)) return v.map((x) => this.decryptDeep(x));
    if (isObject(v)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.decryptDeep(x);
      return out;
    }
    return v;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

export { isObject };
