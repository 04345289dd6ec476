// The retry policy on its own: backoff with full jitter, bounds, Retry-After, what is retried.
import * as assert from "assert";
import {
  OntapError,
  backoffDelay,
  nextDelay,
  parseRetryAfter,
  retryVerdict,
  type OntapErrorFields,
} from "../../provider/ontap";
import { resolveRetryOptions, withRetries } from "../../provider/ontap/retry";
import { virtualClock } from "./helpers";

const opts = resolveRetryOptions({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 1_000, maxElapsedMs: 5_000 });
const err = (fields: Partial<OntapErrorFields>): OntapError =>
  new OntapError({ kind: "http", method: "GET", path: "/api/x", ...fields });

describe("retry policy", () => {
  describe("full-jitter backoff", () => {
    it("stays within [0, min(maxDelay, base * 2^(n-1))) and doubles the cap on each retry", () => {
      const caps = [100, 200, 400, 800, 1_000, 1_000];
      caps.forEach((cap, i) => {
        assert.strictEqual(
          backoffDelay(i + 1, opts, () => 0),
          0,
          `retry ${i + 1} lower bound`,
        );
        const high = backoffDelay(i + 1, opts, () => 0.999999);
        assert.ok(high < cap && high >= cap - 1, `retry ${i + 1}: ${high} should be just under ${cap}`);
        assert.strictEqual(
          backoffDelay(i + 1, opts, () => 0.5),
          cap / 2,
        );
      });
    });

    it("is random across the whole range (full jitter, not equal jitter)", () => {
      const seen = new Set<number>();
      for (let i = 0; i < 200; i++) seen.add(Math.floor(backoffDelay(3, opts, Math.random) / 40));
      // Values from every tenth of [0, 400) show up: the lower half is used too.
      assert.ok(seen.has(0) && seen.has(9), `buckets seen: ${[...seen].sort()}`);
    });

    it("clamps a misbehaving random source", () => {
      assert.strictEqual(
        backoffDelay(1, opts, () => -3),
        0,
      );
      assert.ok(backoffDelay(1, opts, () => 7) <= 100);
    });
  });

  describe("bounds", () => {
    it("stops after maxAttempts attempts", () => {
      const verdict = { retry: true };
      assert.notStrictEqual(
        nextDelay(5, 0, verdict, opts, () => 0),
        undefined,
      );
      assert.strictEqual(
        nextDelay(6, 0, verdict, opts, () => 0),
        undefined,
      );
    });

    it("stops when the wait would end after maxElapsedMs", () => {
      const verdict = { retry: true };
      // Retry 3 with random 0.5 waits 200 ms.
      assert.strictEqual(
        nextDelay(3, 4_800, verdict, opts, () => 0.5),
        200,
      );
      assert.strictEqual(
        nextDelay(3, 4_801, verdict, opts, () => 0.5),
        undefined,
      );
    });

    it("never retries what the verdict refuses", () => {
      assert.strictEqual(
        nextDelay(1, 0, { retry: false }, opts, () => 0),
        undefined,
      );
    });

    it("honours Retry-After over a shorter backoff, capped at maxDelayMs", () => {
      assert.strictEqual(
        nextDelay(1, 0, { retry: true, retryAfterMs: 700 }, opts, () => 0.5),
        700,
      );
      assert.strictEqual(
        nextDelay(1, 0, { retry: true, retryAfterMs: 30_000 }, opts, () => 0.5),
        1_000,
      );
      // A Retry-After shorter than the backoff does not shorten it.
      assert.strictEqual(
        nextDelay(4, 0, { retry: true, retryAfterMs: 10 }, opts, () => 0.5),
        400,
      );
      // Nor does it extend the elapsed-time bound.
      assert.strictEqual(
        nextDelay(1, 4_500, { retry: true, retryAfterMs: 700 }, opts, () => 0),
        undefined,
      );
    });

    it("rejects nonsensical options", () => {
      assert.throws(() => resolveRetryOptions({ maxAttempts: 0 }), /retry.maxAttempts/);
      assert.throws(() => resolveRetryOptions({ maxAttempts: 1.5 }), /retry.maxAttempts/);
      assert.throws(() => resolveRetryOptions({ baseDelayMs: -1 }), /retry.baseDelayMs/);
      assert.throws(() => resolveRetryOptions({ maxElapsedMs: Number.NaN }), /retry.maxElapsedMs/);
      assert.deepStrictEqual(resolveRetryOptions({}), {
        maxAttempts: 5,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        maxElapsedMs: 60_000,
      });
    });
  });

  describe("Retry-After parsing", () => {
    it("reads delta-seconds and HTTP dates", () => {
      assert.strictEqual(parseRetryAfter("3", 0), 3_000);
      assert.strictEqual(parseRetryAfter(" 0 ", 0), 0);
      const now = Date.parse("2025-01-01T00:00:00Z");
      assert.strictEqual(parseRetryAfter("Wed, 01 Jan 2025 00:00:05 GMT", now), 5_000);
      assert.strictEqual(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now), 0);
      assert.strictEqual(parseRetryAfter("soon", now), undefined);
      assert.strictEqual(parseRetryAfter(undefined, now), undefined);
    });
  });

  describe("what is retried", () => {
    const retried: Array<[string, OntapError]> = [
      ["500", err({ status: 500 })],
      ["502", err({ status: 502 })],
      ["503", err({ status: 503 })],
      ["504", err({ status: 504 })],
      ["429", err({ status: 429 })],
      ["ONTAP 262160 on any status", err({ status: 400, code: "262160" })],
      [
        "temporarily locked on a 409",
        err({ status: 409, code: "8", ontapMessage: "The object is temporarily locked." }),
      ],
      ["Temporarily Locked on a 400", err({ status: 400, ontapMessage: "Volume is Temporarily Locked by job 12" })],
      ["ECONNRESET", err({ kind: "connection", errorCode: "ECONNRESET" })],
      ["ECONNREFUSED", err({ kind: "connection", errorCode: "ECONNREFUSED" })],
      ["EPIPE", err({ kind: "connection", errorCode: "EPIPE" })],
      ["ETIMEDOUT", err({ kind: "connection", errorCode: "ETIMEDOUT" })],
      ["a request timeout", err({ kind: "timeout", errorCode: "ETIMEDOUT" })],
    ];
    for (const [name, e] of retried) {
      it(`retries ${name}`, () => assert.strictEqual(retryVerdict(e).retry, true));
    }

    const notRetried: Array<[string, unknown]> = [
      ["400 validation", err({ status: 400, code: "262197" })],
      ["401", err({ status: 401 })],
      ["403", err({ status: 403, code: "6" })],
      ["404", err({ status: 404, code: "4" })],
      ["409 without lock", err({ status: 409, code: "1" })],
      ["501", err({ status: 501 })],
      ["a TLS verification failure", err({ kind: "tls", errorCode: "DEPTH_ZERO_SELF_SIGNED_CERT" })],
      ["an unknown host", err({ kind: "connection", errorCode: "ENOTFOUND" })],
      ["a failed job", err({ kind: "job", status: 202, code: "5" })],
      ["a validation error", err({ kind: "validation" })],
      ["a non-OntapError", new Error("boom")],
    ];
    for (const [name, e] of notRetried) {
      it(`does not retry ${name}`, () => assert.strictEqual(retryVerdict(e).retry, false));
    }

    it("passes the Retry-After of a retryable answer on", () => {
      assert.deepStrictEqual(retryVerdict(err({ status: 429 }), 2_000), { retry: true, retryAfterMs: 2_000 });
    });
  });

  describe("withRetries", () => {
    it("counts attempts, sleeps the computed delays on the injected clock and reports the attempt count", async () => {
      const clock = virtualClock();
      let calls = 0;
      const error = await withRetries(
        async () => {
          calls++;
          throw err({ status: 503 });
        },
        {
          options: resolveRetryOptions({ maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000 }),
          clock,
          random: () => 0.5,
        },
      ).catch((e: OntapError) => e);
      assert.strictEqual(calls, 4);
      assert.deepStrictEqual(clock.sleeps, [50, 100, 200]);
      assert.ok(error instanceof OntapError);
      assert.strictEqual(error.attempts, 4);
      assert.match(error.message, /^ONTAP GET \/api\/x failed after 4 attempts: 503/);
    });

    it("stops on elapsed time even when attempts remain", async () => {
      const clock = virtualClock();
      let calls = 0;
      await withRetries(
        async () => {
          calls++;
          clock.advance(400); // each attempt takes 400 ms of (virtual) time
          throw err({ status: 503 });
        },
        {
          options: resolveRetryOptions({ maxAttempts: 100, baseDelayMs: 100, maxDelayMs: 100, maxElapsedMs: 1_000 }),
          clock,
          random: () => 0.5,
        },
      ).catch(() => undefined);
      // 400 → sleep 50 → 850 → (850 + 50 <= 1000) sleep → 1300: stop. Three attempts.
      assert.strictEqual(calls, 3);
      assert.deepStrictEqual(clock.sleeps, [50, 50]);
    });

    it("returns the first success", async () => {
      const clock = virtualClock();
      let calls = 0;
      const value = await withRetries(
        async (n) => {
          calls++;
          if (n < 3) throw err({ kind: "connection", errorCode: "ECONNRESET" });
          return "ok";
        },
        { options: opts, clock, random: () => 0 },
      );
      assert.strictEqual(value, "ok");
      assert.strictEqual(calls, 3);
    });
  });
});
