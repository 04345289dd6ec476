/**
 * Fault injection. A rule says what goes wrong (`kind`), how often (`rate`, a probability drawn from the seeded RNG,
 * and/or `count`, the number of matching requests it fires on) and for which requests (`method`, `pathPrefix`).
 * Rules are checked in the order they were added; the first that fires wins. A rule with neither `rate` nor `count`
 * fires on every matching request until removed.
 *
 * Kinds:
 * - `503`: HTTP 503 with an ONTAP error body (code 65552);
 * - `reset`: the socket is destroyed without a response;
 * - `locked`: HTTP 409, code 8, message containing "temporarily locked" (the substring clients retry on);
 * - `429`: HTTP 429, code 262160, `Retry-After: <retryAfterSeconds>` (default 1);
 * - `slow`: the request is handled normally but the response is held back `delayMs` (default 1000) — the change is
 *   applied even if the client gives up waiting, as on a slow cluster;
 * - `mode-unavailable`: HTTP 500, 68812805 "Failed to obtain the NDMP mode of the operation." (the only way to get
 *   that code: ONTAP documents it without a trigger).
 */
import { errors } from "../errors";
import { seededRandom } from "../model/ids";
import { checkedDelay, checkedInteger } from "./limits";

export const FAULT_KINDS = ["503", "reset", "locked", "429", "slow", "mode-unavailable"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Probability (0..1) that a matching request is hit. */
  rate?: number;
  /** Hit at most this many matching requests (the next N when no rate is given), then the rule is removed. */
  count?: number;
  /** Only requests with this method (case-insensitive). */
  method?: string;
  /** Only requests whose path starts with this (e.g. `/api/protocols/ndmp/svms`). */
  pathPrefix?: string;
  /** `slow`: how long the response is held back. */
  delayMs?: number;
  /** `429`: the `Retry-After` value. */
  retryAfterSeconds?: number;
}

export interface ActiveFault extends FaultRule {
  id: string;
  /** How many requests this rule has hit so far. */
  hits: number;
}

/** Bounds of a rule (choice: far above any test's needs, low enough that no value can exhaust memory or a timer). */
const MAX_COUNT = 1_000_000;
const MAX_RETRY_AFTER_SECONDS = 86_400;
const MAX_RULES = 100;

function check(condition: boolean, field: string, value: unknown): void {
  if (!condition) throw errors.invalidValue(field, value);
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private random: () => number;
  private nextId = 1;

  constructor(private readonly seed: string) {
    this.random = seededRandom(`faults|${seed}`);
  }

  add(rule: FaultRule): ActiveFault {
    check(FAULT_KINDS.includes(rule?.kind), "kind", rule?.kind);
    check(
      rule.rate === undefined || (typeof rule.rate === "number" && rule.rate >= 0 && rule.rate <= 1),
      "rate",
      rule.rate,
    );
    if (rule.count !== undefined) checkedInteger(rule.count, "count", 1, MAX_COUNT);
    if (rule.delayMs !== undefined) checkedDelay(rule.delayMs, "delayMs");
    if (rule.retryAfterSeconds !== undefined) {
      checkedInteger(rule.retryAfterSeconds, "retryAfterSeconds", 0, MAX_RETRY_AFTER_SECONDS);
    }
    check(
      rule.method === undefined || (typeof rule.method === "string" && /^[A-Za-z]{1,16}$/.test(rule.method)),
      "method",
      rule.method,
    );
    check(
      rule.pathPrefix === undefined || (typeof rule.pathPrefix === "string" && rule.pathPrefix.length <= 1024),
      "pathPrefix",
      rule.pathPrefix,
    );
    check(this.rules.length < MAX_RULES, "kind", rule.kind);
    const active: ActiveFault = {
      id: String(this.nextId++),
      kind: rule.kind,
      ...(rule.rate !== undefined ? { rate: rule.rate } : {}),
      ...(rule.count !== undefined ? { count: rule.count } : {}),
      ...(rule.method !== undefined ? { method: rule.method.toUpperCase() } : {}),
      ...(rule.pathPrefix !== undefined ? { pathPrefix: rule.pathPrefix } : {}),
      ...(rule.kind === "slow" ? { delayMs: rule.delayMs ?? 1000 } : {}),
      ...(rule.kind === "429" ? { retryAfterSeconds: rule.retryAfterSeconds ?? 1 } : {}),
      hits: 0,
    };
    this.rules.push(active);
    return { ...active };
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Removes every rule and restarts the RNG, so a reset simulator draws the same sequence again. */
  clear(): void {
    this.rules = [];
    this.random = seededRandom(`faults|${this.seed}`);
  }

  /** The fault to inject into this request, if any. */
  pick(method: string, path: string): ActiveFault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method !== method.toUpperCase()) continue;
      if (rule.pathPrefix && !path.startsWith(rule.pathPrefix)) continue;
      if (rule.rate !== undefined && !(this.random() < rule.rate)) continue;
      rule.hits++;
      if (rule.count !== undefined && rule.hits >= rule.count) this.remove(rule.id);
      return { ...rule };
    }
    return undefined;
  }
}
