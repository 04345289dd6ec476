// Shared helpers of the client tests: a virtual clock, a client factory with tiny delays, nock set-up, secret checks.
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import nock from "nock";
import * as util from "util";
import { Clock, OntapClient, OntapClientOptions, RequestEvent } from "../../provider/ontap";

export const HOST = "ontap.test";
export const BASE = `https://${HOST}`;
export const USER = "admin";
/** A sentinel password: it must never appear in any error, event or dump. */
export const SECRET = "Sentinel-Pw-7f3a9c";
export const BASIC_TOKEN = Buffer.from(`${USER}:${SECRET}`).toString("base64");

/** Virtual time: `sleep` advances `now` at once and records the delay. */
export interface VirtualClock extends Clock {
  sleeps: number[];
  advance(ms: number): void;
}

export function virtualClock(start = 1_000_000): VirtualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** A client against `BASE` with a virtual clock, a fixed jitter and tiny bounds; `events` collects onRequest. */
export function makeClient(overrides: Partial<OntapClientOptions> = {}): {
  client: OntapClient;
  clock: VirtualClock;
  events: RequestEvent[];
} {
  const clock = (overrides.clock as VirtualClock | undefined) ?? virtualClock();
  const events: RequestEvent[] = [];
  const client = new OntapClient({
    host: HOST,
    username: USER,
    password: SECRET,
    clock,
    random: () => 0.5,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100, maxElapsedMs: 10_000 },
    jobs: { pollIntervalMs: 20, timeoutMs: 1_000 },
    onRequest: (e) => events.push(e),
    ...overrides,
  });
  return { client, clock, events };
}

// nock patches http/https as soon as it is imported, for the whole mocha process. Other suites (simulator, engine
// driver) run real servers in the same process, so switch it off here and on only inside `useNock()` blocks.
if (nock.isActive()) nock.restore();

/** Nock on, real network off, for the enclosing describe; mocks are cleared after each test; nock off afterwards. */
export function useNock(): void {
  before(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  after(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}

/** Asserts nock is off for the enclosing describe (real local servers). */
export function useRealNetwork(): void {
  before(() => {
    if (nock.isActive()) nock.restore();
    nock.enableNetConnect();
  });
}

/** A recorded request. */
export interface Seen {
  method: string;
  /** Path and raw query, exactly as sent. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records every request to BASE (any method, any path) and answers with `answer` (default 200 {}). */
export function recordAll(
  answer: (seen: Seen, index: number) => readonly [number, unknown?, Record<string, string>?] = () => [200, {}],
): Seen[] {
  const seen: Seen[] = [];
  for (const method of ["GET", "PATCH", "DELETE", "POST", "PUT"]) {
    nock(BASE)
      .persist()
      .intercept(() => true, method)
      .query(true)
      .reply(async (req: Request) => {
        const url = new URL(req.url);
        const s: Seen = {
          method: req.method,
          url: `${url.pathname}${url.search}`,
          headers: Object.fromEntries(req.headers.entries()),
          body: await req.text(),
        };
        seen.push(s);
        const [status, body, headers] = answer(s, seen.length - 1);
        return [status, body === undefined ? "" : (body as nock.Body), headers ?? {}] as const;
      });
  }
  return seen;
}

/** Everything a user could ever see of a value: String, stack, inspect (deep, hidden) and JSON. */
export function everyRendering(value: unknown): string {
  const parts = [
    String(value),
    util.inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? "",
  ];
  if (value instanceof Error) {
    parts.push(
      value.stack ?? "",
      value.message,
      util.inspect((value as { cause?: unknown }).cause, { depth: Infinity }),
    );
  }
  return parts.join("\n");
}

/** Asserts that no rendering of `value` contains the password, its base64 form or a Basic header. */
export function assertNoSecret(value: unknown, what = "value"): void {
  const text = everyRendering(value);
  assert.ok(!text.includes(SECRET), `${what} leaks the password:\n${text}`);
  assert.ok(!text.includes(BASIC_TOKEN), `${what} leaks the basic-auth token:\n${text}`);
  assert.ok(!/Basic [A-Za-z0-9+/=]{8,}/.test(text), `${what} leaks an Authorization header:\n${text}`);
  assert.ok(
    !/authorization["']?\s*[:=]\s*["']?(?!Basic \[secret\])\S/i.test(text),
    `${what} shows an Authorization value:\n${text}`,
  );
}

/** Runs `fn` and returns what it threw (fails if it did not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  assert.fail("expected a rejection");
}

/** Starts a plain HTTP server on 127.0.0.1:0. */
export async function startHttpServer(handler: http.RequestListener): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

export async function stopServer(server: http.Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
