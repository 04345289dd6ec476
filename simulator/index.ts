/**
 * The embedded ONTAP NDMP simulator (`pulumi-ontap-ndmp/simulator`): a real HTTPS (or loopback HTTP) server that
 * answers ONTAP 9.9.1's NDMP REST API with ONTAP's state, rules and error codes, plus test knobs (latency, faults,
 * async jobs, counters, request log, reset) reachable in process (`handle.control`) and over HTTP (`/__simulator/`).
 *
 * ```ts
 * const sim = await startSimulator({ svms: 3 });
 * // sim.url, sim.username, sim.password, sim.caCert → any ONTAP REST client
 * const ci = (await startSimulator({ certUsers: ["ci"] })).clientCertificates.get("ci");
 * // ci.cert, ci.key → a client that authenticates with a certificate login, without a password
 * sim.control.addFault({ kind: "503", count: 1 });
 * await sim.stop();
 * ```
 *
 * @module pulumi-ontap-ndmp/simulator
 */
import { randomBytes } from "crypto";
import { isIP } from "net";
import type { NdmpModeValue } from "../spec/enums";
import { Account, Authenticator } from "./auth";
import { controlHandle, SimulatorControl } from "./control/handle";
import { MAX_TIMER_MS } from "./control/limits";
import type { FaultRule } from "./control/faults";
import type { AsyncSettings } from "./endpoints/context";
import { SimulatorInstance } from "./instance";
import { SimulatorServer } from "./server";
import { generateCertificate } from "./tls/certificate";
import { CertificateLogins, ClientCertificate } from "./tls/logins";

export type { SimulatorControl, NewSvmUser, SessionSummary, AsyncSettingsChange } from "./control/handle";
export type { FaultKind, FaultRule, ActiveFault } from "./control/faults";
export { FAULT_KINDS } from "./control/faults";
export type { Counters } from "./control/metrics";
export type { RequestLogEntry } from "./control/request-log";
export type { AsyncSettings } from "./endpoints/context";
export type { JobFailure } from "./model/jobs";
export type { NewSession, StateDump } from "./model/cluster";
export type { SessionDetails } from "./model/state";
export { CONTROL_PREFIX } from "./control/api";
export type { ClientCertificate } from "./tls/logins";
export type { GeneratedCertificate } from "./tls/certificate";
export { CLIENT_CA_FILE, clientCertificateFiles } from "./tls/logins";

export interface SimulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; default 0 (an ephemeral port, see `handle.port`). */
  port?: number;
  /** Serve plain HTTP instead of HTTPS. Refused unless `host` is a loopback address. */
  http?: boolean;
  /** Number of nodes (default 2), named `<clusterName>-01`, `-02`, … */
  nodes?: number;
  /** Number of data SVMs (default 2), named `svm1`, `svm2`, … */
  svms?: number;
  /** Default `cluster1`. */
  clusterName?: string;
  /** Seed of every UUID, generated password and fault decision (default `ontap-ndmp-simulator`). */
  seed?: string;
  /** The initial NDMP mode (default `svm`, as a new cluster). */
  mode?: NdmpModeValue;
  /** Administrator user name (default `admin`). */
  username?: string;
  /** Administrator password (default: random, returned in the handle). */
  password?: string;
  /** An account that may only read: its PATCH/DELETE requests get 403, code 6. */
  readOnlyUser?: { username: string; password: string };
  /**
   * Certificate logins (HTTPS only): a certificate and a key are issued for each by the simulator's client CA
   * (`handle.clientCa`), see `handle.clientCertificates`. The listener always asks for a client certificate; basic
   * auth keeps working for clients that present none.
   */
  certUsers?: string[];
  /**
   * A directory to write the client CA (`client-ca.pem`) and each certificate login's certificate and key into
   * (`<user>.crt.pem`, `<user>.key.pem`, mode 0600), for clients in other processes. Created if missing.
   */
  clientCertsOut?: string;
  /** Delay applied to every API request before it is handled (default 0). */
  latencyMs?: number;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Async mode from the start (PATCH → 202 + job). */
  async?: Partial<AsyncSettings>;
  /** JSON state file: loaded at start if present, rewritten atomically after every change. */
  stateFile?: string;
  /** Entries kept in the request log (default 1000). */
  requestLogLimit?: number;
}

export interface SimulatorHandle {
  /** e.g. `https://127.0.0.1:43211` (no trailing slash; the API is under `/api`). */
  url: string;
  host: string;
  port: number;
  username: string;
  password: string;
  /** The self-signed CA certificate (PEM) to trust; undefined when serving plain HTTP. */
  caCert: string | undefined;
  /** The CA (PEM) that issues client certificates of certificate logins; undefined when serving plain HTTP. */
  clientCa: string | undefined;
  /** The certificate and key of each certificate login given at start (`certUsers`), by user name. */
  clientCertificates: ReadonlyMap<string, ClientCertificate>;
  control: SimulatorControl;
  /** Stops listening, drops open connections and cancels running jobs. */
  stop(): Promise<void>;
}

function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

function count(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new Error(`${name} must be an integer from 0 to 1000`);
  return n;
}

function milliseconds(value: number | undefined, name: string): number {
  const ms = value ?? 0;
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMER_MS) {
    throw new Error(`${name} must be an integer from 0 to ${MAX_TIMER_MS} (the longest delay a timer can hold)`);
  }
  return ms;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const host = options.host ?? "127.0.0.1";
  if (options.http && !isLoopback(host)) {
    throw new Error(`Plain HTTP is only served on a loopback address; "${host}" is not one. Use HTTPS.`);
  }
  const username = options.username ?? "admin";
  const password = options.password ?? randomBytes(12).toString("base64url");
  const accounts: Account[] = [{ username, password, readOnly: false }];
  if (options.readOnlyUser) accounts.push({ ...options.readOnlyUser, readOnly: true });
  if (options.http && (options.certUsers?.length || options.clientCertsOut !== undefined)) {
    throw new Error("Certificate logins need HTTPS: certUsers and clientCertsOut cannot be used with http.");
  }
  const certificateLogins = options.http ? undefined : new CertificateLogins(options.certUsers, options.clientCertsOut);

  const instance = new SimulatorInstance({
    clusterName: options.clusterName ?? "cluster1",
    seed: options.seed ?? "ontap-ndmp-simulator",
    nodes: count(options.nodes, 2, "nodes"),
    svms: count(options.svms, 2, "svms"),
    mode: options.mode ?? "svm",
    latencyMs: milliseconds(options.latencyMs, "latencyMs"),
    async: {
      enabled: false,
      ...options.async,
      durationMs: milliseconds(options.async?.durationMs ?? 100, "async.durationMs"),
    },
    stateFile: options.stateFile,
    requestLogLimit: options.requestLogLimit ?? 1000,
    certificateLogins,
  });
  const control = controlHandle(instance);
  for (const rule of options.faults ?? []) control.addFault(rule);

  const tls = certificateLogins ? { ...generateCertificate(host), clientCa: certificateLogins.ca.cert } : undefined;
  const server = new SimulatorServer(instance, control, new Authenticator(accounts, certificateLogins), tls);
  const port = await server.listen(host, options.port ?? 0);
  const urlHost = isIP(host) === 6 ? `[${host}]` : host;
  return {
    url: `${options.http ? "http" : "https"}://${urlHost}:${port}`,
    host,
    port,
    username,
    password,
    caCert: tls?.cert,
    clientCa: certificateLogins?.ca.cert,
    clientCertificates: new Map(certificateLogins?.issued),
    control,
    stop: async () => {
      instance.close();
      await server.close();
    },
  };
}
