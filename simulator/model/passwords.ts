/**
 * Password material. Nothing here keeps a plaintext password: node NDMP passwords are stored as salted scrypt hashes,
 * SVM login passwords as HMAC keys, and the NDMP password ONTAP "generates" for an SVM user is derived from that key,
 * so it is stable for a given (SVM, user, login password) and changes when the login password changes, as NetApp
 * documents ("The generated NDMP password is based on the user's login password").
 */
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from "crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const GENERATED_LENGTH = 16;
// Small scrypt cost: the simulator hashes on every node PATCH that carries a password and must stay fast in tests.
const SCRYPT_COST = { N: 1024, r: 8, p: 1 };

export function hashNodePassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, SCRYPT_COST);
  return `scrypt$${salt.toString("hex")}$${hash.toString("hex")}`;
}

/** Whether `password` is the one hashed in `stored` (used by tests and by nothing that answers a request). */
export function verifyNodePassword(password: string, stored: string | undefined): boolean {
  const [scheme, saltHex, hashHex] = (stored ?? "").split("$");
  if (scheme !== "scrypt" || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, "hex");
  const actual = scryptSync(password, Buffer.from(saltHex, "hex"), expected.length, SCRYPT_COST);
  return timingSafeEqual(actual, expected);
}

/** The key kept for an SVM user instead of the login password. */
export function loginKey(svmUuid: string, user: string, loginPassword: string): string {
  return createHmac("sha256", `ontap-login:${svmUuid}:${user}`).update(loginPassword).digest("hex");
}

/** The 16-character [A-Za-z0-9] NDMP password for a user, deterministic for its login key. */
export function generatedNdmpPassword(svmUuid: string, user: string, key: string): string {
  let out = "";
  for (let block = 0; out.length < GENERATED_LENGTH; block++) {
    const digest = createHmac("sha256", Buffer.from(key, "hex")).update(`ndmp:${svmUuid}:${user}:${block}`).digest();
    for (const byte of digest) {
      // Rejection sampling keeps the 62 characters equally likely (248 = 4 * 62).
      if (byte < 248 && out.length < GENERATED_LENGTH) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
