// Test client for the simulator: real HTTPS with the generated CA. `ok()` and `fails()` validate every response body
// against its ONTAP model with the shared closed schemas, so no test can accept a body ONTAP would not send.
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as http from "http";
import * as https from "https";
import * as path from "path";
import { formatProblems, modelProblems } from "../../provider/ontap/schema";
import { SimulatorHandle, SimulatorOptions, startSimulator } from "../../simulator";

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  /** JSON body (serialised) or, when a string, sent verbatim. */
  body?: unknown;
  /** `[user, password]`; `null` sends no Authorization header. Default: the administrator. */
  auth?: [string, string] | null;
  accept?: string;
  headers?: Record<string, string>;
  /** The model a successful JSON body must match (error bodies are always checked as `error_response`). */
  model?: string;
}

export interface ErrorExpectation {
  status: number;
  code: string;
  target?: string;
  message?: string | RegExp;
}

/** Asserts `body` is a valid `model` with no undeclared field. */
export function assertModel(model: string, body: unknown): void {
  const problems = modelProblems(model, body, { closed: true });
  assert.deepStrictEqual(problems, [], `not a valid ${model}: ${formatProblems(problems)}\n${JSON.stringify(body)}`);
}

export class TestClient {
  private readonly agent: http.Agent;

  constructor(readonly sim: SimulatorHandle) {
    this.agent = sim.caCert
      ? new https.Agent({ ca: sim.caCert, rejectUnauthorized: true, keepAlive: true })
      : new http.Agent({ keepAlive: true });
  }

  send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = new URL(path, this.sim.url);
    const auth = options.auth === undefined ? [this.sim.username, this.sim.password] : options.auth;
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = {
      ...(auth ? { Authorization: `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString("base64")}` } : {}),
      ...(options.accept ? { Accept: options.accept } : {}),
      // GET and DELETE bodies are not chunked by Node's client: without a length the server could not frame them.
      ...(payload !== undefined
        ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(payload)) }
        : {}),
      ...options.headers,
    };
    const transport = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          const status = res.statusCode ?? 0;
          try {
            if (body !== undefined && status >= 400) assertModel("error_response", body);
            if (options.model && status < 400) assertModel(options.model, body);
          } catch (err) {
            reject(err);
            return;
          }
          resolve({ status, headers: res.headers, text, body });
        });
      });
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends, asserts the status (200 by default) and that the body is a valid `model`; returns the body. */
  async ok(method: string, path: string, model: string, options: RequestOptions & { status?: number } = {}) {
    const res = await this.send(method, path, options);
    assert.strictEqual(res.status, options.status ?? 200, `${method} ${path}: ${res.text}`);
    assertModel(model, res.body);
    return res.body;
  }

  /** Sends, asserts an ONTAP error with the expected status, code (a string) and target; returns the error. */
  async fails(method: string, path: string, expected: ErrorExpectation, options: RequestOptions = {}) {
    const res = await this.send(method, path, options);
    assertError(res, expected, `${method} ${path}`);
    return res.body.error as { message: string; code: string; target?: string };
  }

  get = (path: string, model: string, options?: RequestOptions) => this.ok("GET", path, model, options);

  close(): void {
    this.agent.destroy();
  }
}

export function assertError(res: Response, expected: ErrorExpectation, what = "request"): void {
  assert.strictEqual(res.status, expected.status, `${what}: ${res.text}`);
  assertModel("error_response", res.body);
  const error = res.body.error;
  assert.strictEqual(typeof error.code, "string");
  assert.strictEqual(error.code, expected.code, `${what}: ${res.text}`);
  if (expected.target !== undefined) assert.strictEqual(error.target, expected.target, `${what}: ${res.text}`);
  if (typeof expected.message === "string") assert.strictEqual(error.message, expected.message);
  else if (expected.message) assert.match(error.message, expected.message);
}

/** Starts a simulator for a suite (HTTPS by default) and returns the client; stops it after the suite. */
export function useSimulator(options: SimulatorOptions = {}): { client: () => TestClient; sim: () => SimulatorHandle } {
  let handle: SimulatorHandle | undefined;
  let client: TestClient | undefined;
  before(async () => {
    handle = await startSimulator({ password: "secret-admin-pw", ...options });
    client = new TestClient(handle);
  });
  beforeEach(() => handle!.control.reset());
  after(async () => {
    client?.close();
    await handle?.stop();
  });
  return { client: () => client!, sim: () => handle! };
}

export const NDMP = "/api/protocols/ndmp";

/** Switches the simulator's NDMP mode through the REST API, as an administrator would. */
export async function setMode(client: TestClient, mode: "svm" | "node"): Promise<void> {
  await client.ok("PATCH", NDMP, "cluster_ndmp_properties", { body: { mode } });
}

/** A running `ontap-ndmp-simulator` (simulator/bin.ts through ts-node), with its output so far. */
export interface SimulatorBin {
  proc: ChildProcess;
  /** The URL of its one stdout line; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
}

/** Starts `ontap-ndmp-simulator` with `args` as a child process. */
export function runSimulatorBin(args: string[]): SimulatorBin {
  const root = path.join(__dirname, "..", "..");
  const proc = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "simulator/bin.ts", ...args], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, "tsconfig.test.json") },
  });
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (c) => (stdout += c));
  proc.stderr!.on("data", (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
  const output = () => ({ stdout, stderr });
  const listening = new Promise<string>((resolve, reject) => {
    proc.stdout!.on("data", () => {
      const match = /ONTAP NDMP simulator listening on (\S+)\n/.exec(stdout);
      if (match) resolve(match[1]);
    });
    proc.on("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { proc, listening, exited, output };
}
