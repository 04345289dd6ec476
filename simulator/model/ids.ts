/**
 * Deterministic identities and randomness. A simulator started twice with the same seed has the same cluster, node
 * and SVM UUIDs, the same generated NDMP passwords and the same fault decisions, so tests and demos are reproducible.
 */
import { createHash } from "crypto";

/** A name-based UUID (RFC 4122 version 5 layout, SHA-256 instead of SHA-1) derived from the seed and the parts. */
export function deterministicUuid(seed: string, ...parts: string[]): string {
  const bytes = createHash("sha256")
    .update([seed, ...parts].join("\u0000"))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A small seeded PRNG (mulberry32): enough for fault rates, and identical across runs for one seed. */
export function seededRandom(seed: string): () => number {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
