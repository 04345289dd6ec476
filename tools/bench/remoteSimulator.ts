// The benchmark's simulator runs in its own process, as a cluster runs on its own machine: serving 1,000-record
// collections must not take CPU from the Pulumi CLI, the program and the plugin being measured. It is steered through its
// `/__simulator` control API (counters, reset, request log) and changed through the REST API like any cluster.
import * as cp from "child_process";
import * as https from "https";
import * as path from "path";
import * as readline from "readline";
import type { Counters, RequestLogEntry, SimulatorOptions, StateDump } from "../../simulator";

const ROOT = path.join(__dirname, "..", "..");

export interface RemoteSimulator {
  url: string;
  username: string;
  password: string;
  caCert: string;
  /** A REST or control request as the administrator; resolves with the parsed JSON answer. */
  request(method: string, pathAndQuery: string, body?: unknown): Promise<unknown>;
  counters(): Promise<Counters>;
  resetCounters(): Promise<void>;
  /** Back to the seeded cluster; counters and request log cleared. */
  reset(): Promise<void>;
  requestLog(): Promise<RequestLogEntry[]>;
  clearRequestLog(): Promise<void>;
  state(): Promise<StateDump>;
  stop(): Promise<void>;
}

export async function startRemoteSimulator(options: SimulatorOptions): Promise<RemoteSimulator> {
  const child = cp.spawn(
    process.execPath,
    [path.join(ROOT, "scripts", "run-ts.js"), path.join(__dirname, "simulatorHost.ts"), JSON.stringify(options)],
    { cwd: ROOT, stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const info = await new Promise<{ url: string; username: string; password: string; caCert: string }>(
    (resolve, reject) => {
      readline.createInterface({ input: child.stdout! }).once("line", (line) => {
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`bench simulator printed ${JSON.stringify(line)}`));
        }
      });
      child.once("exit", (code) => reject(new Error(`bench simulator exited with code ${code}`)));
      child.once("error", reject);
    },
  );
  // A connection per request: the few control requests between phases come seconds apart, and a kept-alive socket
  // that the server closes as idle just when it is reused fails the request ("socket hang up").
  const agent = new https.Agent({ keepAlive: false, ca: info.caCert, maxSockets: 16 });
  const authorization = `Basic ${Buffer.from(`${info.username}:${info.password}`).toString("base64")}`;

  const request = (method: string, pathAndQuery: string, body?: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const req = https.request(
        new URL(pathAndQuery, info.url),
        { method, agent, headers: { Authorization: authorization, "Content-Type": "application/json" } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (!res.statusCode || res.statusCode >= 300) {
              reject(new Error(`${method} ${pathAndQuery}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
              return;
            }
            resolve(text ? JSON.parse(text) : undefined);
          });
        },
      );
      req.on("error", reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });

  return {
    ...info,
    request,
    counters: async () => (await request("GET", "/__simulator/counters")) as Counters,
    resetCounters: async () => void (await request("DELETE", "/__simulator/counters")),
    reset: async () => void (await request("POST", "/__simulator/reset")),
    requestLog: async () => ((await request("GET", "/__simulator/requests")) as { records: RequestLogEntry[] }).records,
    clearRequestLog: async () => void (await request("DELETE", "/__simulator/requests")),
    state: async () => (await request("GET", "/__simulator/state")) as StateDump,
    stop: async () => {
      agent.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
