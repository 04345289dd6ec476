// Runs the `ontap-ndmp` CLI in process against a simulator, with fake stdout/stderr/stdin whose TTY flags a test
// chooses. Every run checks that the administrator's password (a sentinel) never appears in what the CLI printed.
import * as assert from "assert";
import { PassThrough } from "stream";
import { OntapClient } from "../../provider/ontap";
import { run } from "../../provider/cli/main";
import type { CliIO } from "../../provider/cli/io";
import { SimulatorHandle, SimulatorOptions, startSimulator } from "../../simulator";

/** The administrator password of every test simulator: it must never be printed. */
export const SENTINEL_PASSWORD = "Sentinel-Admin-Pw-7f3a9c";
export const ADMIN = "admin";

export interface RunOptions {
  /** Variables set (a value) or removed (undefined) on top of the simulator's ONTAP_* environment. */
  env?: Record<string, string | undefined>;
  /** Start from an empty environment instead of the simulator's. */
  bareEnv?: boolean;
  stdoutTTY?: boolean;
  stdinTTY?: boolean;
  /** Text typed on stdin; the stream then stays open (a terminal) unless `endInput`. */
  input?: string;
  endInput?: boolean;
  /** Extra strings that must not appear in the output (e.g. a password given as a flag). */
  secrets?: string[];
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Sink {
  text = "";
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** The environment a user of this simulator would export. */
export function simulatorEnv(sim: SimulatorHandle): Record<string, string> {
  return {
    ONTAP_HOST: sim.url,
    ONTAP_USERNAME: sim.username,
    ONTAP_PASSWORD: sim.password,
    ONTAP_CA_CERT: sim.caCert!,
  };
}

/** Asserts that no form of a secret (plain, Basic auth) is in `text`. */
export function assertNoSecret(text: string, secrets: string[], what: string): void {
  for (const secret of secrets) {
    assert.ok(!text.includes(secret), `${what} contains a secret:\n${text}`);
    const basic = Buffer.from(`${ADMIN}:${secret}`).toString("base64");
    assert.ok(!text.includes(basic), `${what} contains a Basic-auth header:\n${text}`);
  }
  assert.ok(!/authorization/i.test(text), `${what} mentions an Authorization header:\n${text}`);
}

export async function runCli(
  sim: SimulatorHandle | undefined,
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = options.bareEnv || !sim ? {} : { ...simulatorEnv(sim) };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const stdout = new Sink(options.stdoutTTY === true);
  const stderr = new Sink(false);
  const stdin = Object.assign(new PassThrough(), { isTTY: options.stdinTTY === true });
  if (options.input !== undefined) stdin.write(options.input);
  if (options.endInput) stdin.end();
  const io: CliIO = { stdout, stderr, stdin, env };
  const code = await run(args, io);
  stdin.destroy();
  const secrets = [SENTINEL_PASSWORD, ...(options.secrets ?? [])];
  assertNoSecret(stdout.text, secrets, "stdout");
  assertNoSecret(stderr.text, secrets, "stderr");
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Starts a simulator with the sentinel password for a suite, resets it before each test, stops it after. */
export function useSimulator(options: SimulatorOptions = {}): () => SimulatorHandle {
  let handle: SimulatorHandle | undefined;
  before(async () => {
    handle = await startSimulator({ password: SENTINEL_PASSWORD, ...options });
  });
  beforeEach(() => handle!.control.reset());
  after(async () => {
    await handle?.stop();
  });
  return () => handle!;
}

/** An administrator's client, to change NDMP settings through the REST API as an administrator would. */
export async function asAdmin<T>(sim: SimulatorHandle, action: (client: OntapClient) => Promise<T>): Promise<T> {
  const client = new OntapClient({ host: sim.url, username: sim.username, password: sim.password, caCert: sim.caCert });
  try {
    return await action(client);
  } finally {
    client.close();
  }
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Asserts that every line of a table starts its columns where the header does. */
export function assertAligned(tableText: string, headers: string[]): void {
  const lines = stripAnsi(tableText).trimEnd().split("\n");
  const header = lines[0];
  const starts = headers.map((h) => header.indexOf(h));
  starts.forEach((s, i) => assert.ok(s >= 0, `header ${headers[i]} missing in ${header}`));
  for (const line of lines.slice(1)) {
    for (const start of starts.slice(1)) {
      assert.strictEqual(line[start - 1], " ", `column at ${start} not aligned in:\n${tableText}`);
      assert.notStrictEqual(line[start], " ", `column at ${start} not aligned in:\n${tableText}`);
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function parseJson<T = any>(text: string): T {
  return JSON.parse(text) as T;
}
