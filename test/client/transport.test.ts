// The transport against a real local HTTP server (loopback http:// is allowed): headers, keep-alive, the in-flight
// limit and its FIFO order, timeouts, a real socket hang up, close().
import * as assert from "assert";
import * as http from "http";
import { InFlightLimiter, OntapClient, OntapError, type RequestEvent } from "../../provider/ontap";
import { SECRET, USER, assertNoSecret, rejection, startHttpServer, stopServer, useRealNetwork } from "./helpers";

describe("transport (real local server)", () => {
  useRealNetwork();

  let server: http.Server;
  let url: string;
  let handler: http.RequestListener = () => undefined;
  let connections = 0;
  const clients: OntapClient[] = [];

  before(async () => {
    ({ server, url } = await startHttpServer((req, res) => handler(req, res)));
    server.on("connection", () => connections++);
  });
  beforeEach(() => {
    connections = 0;
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
  });
  after(() => stopServer(server));

  function client(extra: Partial<ConstructorParameters<typeof OntapClient>[0]> = {}): OntapClient {
    const c = new OntapClient({
      host: url,
      username: USER,
      password: SECRET,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      ...extra,
    });
    clients.push(c);
    return c;
  }

  const json = (res: http.ServerResponse, body: unknown, status = 200) => {
    res.writeHead(status, { "Content-Type": "application/hal+json" });
    res.end(JSON.stringify(body));
  };

  it("sends basic auth, Accept: application/hal+json and X-Dot-Client-App", async () => {
    let headers: http.IncomingHttpHeaders = {};
    handler = (req, res) => {
      headers = req.headers;
      json(res, { mode: "svm" });
    };
    await client().getNdmpMode();
    const { version } = require("../../package.json") as { version: string };
    assert.strictEqual(headers["x-dot-client-app"], `pulumi-ontap-ndmp/${version}`);
    assert.strictEqual(headers.accept, "application/hal+json");
    assert.strictEqual(headers.authorization, `Basic ${Buffer.from(`${USER}:${SECRET}`).toString("base64")}`);
    assert.strictEqual(headers.connection, "keep-alive");
  });

  it("reuses one socket across sequential requests (keep-alive)", async () => {
    handler = (_req, res) => json(res, { name: "c" });
    const c = client();
    for (let i = 0; i < 5; i++) await c.getCluster();
    assert.strictEqual(connections, 1);
  });

  it("gives every client its own agent (two clients, two sockets)", async () => {
    handler = (_req, res) => json(res, { name: "c" });
    await client().getCluster();
    await client().getCluster();
    assert.strictEqual(connections, 2);
  });

  it("keeps at most maxInFlight requests in flight", async () => {
    let active = 0;
    let peak = 0;
    handler = (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        json(res, { name: "c" });
      }, 15);
    };
    const c = client({ maxInFlight: 3 });
    await Promise.all(Array.from({ length: 12 }, () => c.getCluster()));
    assert.strictEqual(peak, 3);
    assert.ok(connections <= 3, `sockets: ${connections}`);
  });

  it("defaults to 8 in flight", async () => {
    let active = 0;
    let peak = 0;
    handler = (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        json(res, {});
      }, 15);
    };
    const c = client();
    await Promise.all(Array.from({ length: 20 }, () => c.getCluster()));
    assert.strictEqual(peak, 8);
  });

  it("serves waiting requests in FIFO order", async () => {
    const order: string[] = [];
    handler = (req, res) => {
      order.push(String(req.url).split("?")[0].split("/").pop() as string);
      setTimeout(() => json(res, {}), 2);
    };
    const c = client({ maxInFlight: 1 });
    const ids = ["a", "b", "c", "d", "e", "f"];
    await Promise.all(ids.map((id) => c.getSvm(id)));
    assert.deepStrictEqual(order, ids);
  });

  it("limits per client: another client is not blocked by a busy one", async () => {
    const pending: http.ServerResponse[] = [];
    handler = (req, res) => {
      if (String(req.url).includes("/svms/slow")) pending.push(res);
      else json(res, { mode: "svm" });
    };
    const busy = client({ maxInFlight: 1 });
    const slow = busy.getSvm("slow");
    await new Promise((r) => setTimeout(r, 20));
    assert.deepStrictEqual(await client({ maxInFlight: 1 }).getNdmpMode(), { mode: "svm" });
    pending.forEach((res) => json(res, {}));
    await slow;
  });

  it("times out a request that gets no answer, and retries it", async () => {
    let seen = 0;
    handler = () => {
      seen++; // never answer
    };
    const events: RequestEvent[] = [];
    const started = Date.now();
    const error = await rejection(() =>
      client({
        timeoutMs: 60,
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        onRequest: (e) => events.push(e),
      }).getCluster(),
    );
    assert.ok(error instanceof OntapError);
    assert.strictEqual(error.kind, "timeout");
    assert.strictEqual(error.errorCode, "ETIMEDOUT");
    assert.match(error.message, /failed after 2 attempts: ETIMEDOUT no complete answer within 60 ms/);
    assert.match(String(error.hint), /raise timeoutMs/);
    assert.strictEqual(seen, 2);
    assert.deepStrictEqual(
      events.map((e) => e.errorCode),
      ["ETIMEDOUT", "ETIMEDOUT"],
    );
    assert.ok(Date.now() - started < 2_000);
  });

  it("bounds the whole exchange, even an answer that trickles in", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/hal+json" });
      res.write("{");
      const timer = setInterval(() => res.write(" "), 10);
      const end = setTimeout(() => res.end("}"), 1_000);
      res.on("close", () => (clearInterval(timer), clearTimeout(end)));
    };
    const started = Date.now();
    const error = await rejection(() => client({ timeoutMs: 80, retry: { maxAttempts: 1 } }).getCluster());
    assert.strictEqual(error.kind, "timeout");
    assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
  });

  it("starts the timeout when the request leaves the queue, not while it waits for a slot", async () => {
    handler = (req, res) => {
      if (String(req.url).includes("/svms/slow")) setTimeout(() => json(res, {}), 150);
      else json(res, {});
    };
    const c = client({ maxInFlight: 1, timeoutMs: 400, retry: { maxAttempts: 1 } });
    const slow = c.getSvm("slow");
    await new Promise((r) => setTimeout(r, 10));
    // Queued behind 150 ms of work, then answered at once: 3 x 150 ms of queueing exceed no per-request budget.
    const queued = [c.getSvm("slow"), c.getSvm("slow"), c.getSvm("fast")];
    await Promise.all([slow, ...queued]);
  });

  it("retries a real socket hang up, without leaking secrets", async () => {
    let seen = 0;
    handler = (req, res) => {
      seen++;
      if (seen === 1) req.socket.destroy();
      else json(res, { name: "after-reset" });
    };
    const events: RequestEvent[] = [];
    assert.deepStrictEqual(await client({ onRequest: (e) => events.push(e) }).getCluster(), { name: "after-reset" });
    assert.strictEqual(seen, 2);
    assert.strictEqual(events[0].errorCode, "ECONNRESET");
    assertNoSecret(events, "events");
  });

  it("reports connection refused with a hint and no secret", async () => {
    const closed = await startHttpServer(() => undefined);
    const port = new URL(closed.url).port;
    await stopServer(closed.server);
    const events: RequestEvent[] = [];
    const error = await rejection(() =>
      client({ host: `http://127.0.0.1:${port}`, onRequest: (e) => events.push(e) }).getCluster(),
    );
    assert.strictEqual(error.kind, "connection");
    assert.strictEqual(error.errorCode, "ECONNREFUSED");
    assert.match(
      error.message,
      /failed after 3 attempts: ECONNREFUSED connection refused \(http:\/\/127\.0\.0\.1:\d+\)\. Hint: Nothing accepts connections/,
    );
    assert.strictEqual(events.length, 3);
    assertNoSecret(error, "error");
  });

  it("close() destroys the agent; later calls fail as closed", async () => {
    handler = (_req, res) => json(res, {});
    const c = client();
    await c.getCluster();
    c.close();
    const error = await rejection(() => c.getCluster());
    assert.strictEqual(error.kind, "closed");
    assert.match(error.message, /the ONTAP client was closed/);
  });

  it("refuses plain http:// to a non-loopback host", () => {
    assert.throws(
      () => new OntapClient({ host: "http://cluster1.example.com:8080", username: USER, password: SECRET }),
      (e: Error) => /plain http:\/\/ is refused for a non-loopback host/.test(e.message) && !e.message.includes(SECRET),
    );
  });

  it("validates its options", () => {
    assert.throws(() => client({ maxInFlight: 0 }), /Invalid maxInFlight 0/);
    assert.throws(() => client({ timeoutMs: 0 }), /Invalid timeoutMs 0/);
    assert.throws(() => client({ username: "" }), /Invalid username/);
    assert.throws(() => client({ password: "" }), /Invalid password/);
  });
});

describe("InFlightLimiter", () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it("hands slots over in FIFO order, and a newcomer cannot overtake the queue", async () => {
    const limiter = new InFlightLimiter(1);
    const order: string[] = [];
    const first = await limiter.acquire();
    const waiters = ["a", "b", "c"].map((id) => limiter.acquire().then((release) => (order.push(id), release)));
    await tick();
    assert.strictEqual(limiter.queued, 3);
    first();
    const releaseA = await waiters[0];
    // A newcomer arrives while a, b and c are ahead: it must queue behind them.
    const late = limiter.acquire().then((release) => (order.push("late"), release));
    releaseA();
    (await waiters[1])();
    (await waiters[2])();
    (await late)();
    assert.deepStrictEqual(order, ["a", "b", "c", "late"]);
    assert.strictEqual(limiter.inFlight, 0);
  });

  it("ignores a second release of the same slot", async () => {
    const limiter = new InFlightLimiter(2);
    const r1 = await limiter.acquire();
    r1();
    r1();
    assert.strictEqual(limiter.inFlight, 0);
    await limiter.acquire();
    await limiter.acquire();
    assert.strictEqual(limiter.inFlight, 2);
  });

  it("refuses a non-positive limit", () => {
    assert.throws(() => new InFlightLimiter(0), RangeError);
  });
});
