/**
 * Retry policy: exponential backoff with full jitter, bounded in attempts AND in elapsed time.
 *
 * What is retried (see `retryVerdict`):
 * - connection failures (ECONNRESET / socket hang up, ECONNREFUSED, EPIPE, ETIMEDOUT, EAI_AGAIN, host or network
 *   unreachable) and request timeouts;
 * - HTTP 5xx (except 501 and 505, which are permanent by definition);
 * - HTTP 429 and ONTAP code 262160 (too many requests), honouring `Retry-After` within the bounds;
 * - any answer whose message says "temporarily locked", whatever its status.
 *
 * Never retried: TLS failures (an untrusted certificate does not become trusted), other 4xx (validation, 401, 403,
 * 404), job failures and client-side validation errors.
 *
 * Retrying is safe for every call of this client: GETs are reads, NDMP PATCHes are idempotent (they set absolute
 * values), and DELETE of a session treats "not found" after a connection failure as success (see client.ts).
 *
 * The clock and the random source are injectable, so tests run the policy deterministically and without waiting.
 */
import { OntapCodes } from "../../spec/codes";
import { OntapConfigError, OntapError, isTemporarilyLocked } from "./errors";

export interface RetryOptions {
  /** Attempts in total, the first included (1 = no retry). Default 5. */
  maxAttempts?: number;
  /** Backoff cap of the first retry; doubled on each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Longest wait between two attempts, `Retry-After` included. Default 10 s. */
  maxDelayMs?: number;
  /** No retry starts once this much time has passed since the first attempt began. Default 60 s. */
  maxElapsedMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: Readonly<ResolvedRetryOptions> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxElapsedMs: 60_000,
};

/** Time source and sleep. Tests inject a virtual clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Returns a number in [0, 1), like Math.random. */
export type RandomSource = () => number;

function nonNegative(field: string, value: number | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new OntapConfigError(field, `Invalid ${field} ${String(value)}: must be a number >= ${min}.`);
  }
  return value;
}

/** Fills in defaults and checks the numbers. */
export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const maxAttempts = nonNegative("retry.maxAttempts", options.maxAttempts, DEFAULT_RETRY.maxAttempts, 1);
  if (!Number.isInteger(maxAttempts)) {
    throw new OntapConfigError(
      "retry.maxAttempts",
      `Invalid retry.maxAttempts ${maxAttempts}: must be an integer >= 1.`,
    );
  }
  return {
    maxAttempts,
    baseDelayMs: nonNegative("retry.baseDelayMs", options.baseDelayMs, DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: nonNegative("retry.maxDelayMs", options.maxDelayMs, DEFAULT_RETRY.maxDelayMs),
    maxElapsedMs: nonNegative("retry.maxElapsedMs", options.maxElapsedMs, DEFAULT_RETRY.maxElapsedMs),
  };
}

/**
 * Full-jitter backoff before retry number `retry` (1 for the first retry): a uniform value in
 * [0, min(maxDelayMs, baseDelayMs * 2^(retry-1))).
 */
export function backoffDelay(retry: number, options: ResolvedRetryOptions, random: RandomSource): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * cap);
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date. Undefined when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its day and month ("Wed, 21 Oct 2015 07:28:00 GMT"); anything else is not one.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Whether an error is worth another attempt, and how long ONTAP asked us to wait. */
export interface RetryVerdict {
  retry: boolean;
  retryAfterMs?: number;
}

/** Connection failures that may heal on their own. */
export const RETRYABLE_CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "ECONNABORTED",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
]);

/** The retry decision for a failed attempt. `retryAfterMs` comes from the answer's `Retry-After` header. */
export function retryVerdict(error: unknown, retryAfterMs?: number): RetryVerdict {
  if (!(error instanceof OntapError)) return { retry: false };
  switch (error.kind) {
    case "timeout":
      return { retry: true };
    case "connection":
      return { retry: error.errorCode !== undefined && RETRYABLE_CONNECTION_CODES.has(error.errorCode) };
    case "http": {
      const status = error.status ?? 0;
      if (isTemporarilyLocked(error.ontapMessage)) return { retry: true, retryAfterMs };
      if (status === 429 || error.code === OntapCodes.tooManyRequests) return { retry: true, retryAfterMs };
      if (status >= 500 && status !== 501 && status !== 505) return { retry: true, retryAfterMs };
      return { retry: false };
    }
    default:
      return { retry: false };
  }
}

export interface RetryContext {
  options: ResolvedRetryOptions;
  clock: Clock;
  random: RandomSource;
  /** Decides about a failure. Default: `retryVerdict`. */
  verdict?: (error: unknown) => RetryVerdict;
}

/**
 * The wait before the next attempt, or undefined when the bounds forbid another one. `retry` is the number of the
 * retry about to happen (1 for the first), `elapsedMs` the time since the first attempt began.
 */
export function nextDelay(
  retry: number,
  elapsedMs: number,
  verdict: RetryVerdict,
  options: ResolvedRetryOptions,
  random: RandomSource,
): number | undefined {
  if (!verdict.retry || retry >= options.maxAttempts) return undefined;
  let delay = backoffDelay(retry, options, random);
  if (verdict.retryAfterMs !== undefined) delay = Math.max(delay, verdict.retryAfterMs);
  delay = Math.min(delay, options.maxDelayMs);
  if (elapsedMs + delay > options.maxElapsedMs) return undefined;
  return delay;
}

/**
 * Runs `attempt(n)` (n = 1, 2, …) until it succeeds or the policy gives up; the last error is thrown with its
 * attempt count. Nothing is held while sleeping: `attempt` takes and gives back its own in-flight slot.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  context: RetryContext,
  classify: (error: unknown) => RetryVerdict = context.verdict ?? ((e) => retryVerdict(e)),
): Promise<T> {
  const started = context.clock.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const delay = nextDelay(n, context.clock.now() - started, classify(error), context.options, context.random);
      if (delay === undefined) {
        throw error instanceof OntapError && n > 1 ? error.withAttempts(n) : error;
      }
      await context.clock.sleep(delay);
    }
  }
}
