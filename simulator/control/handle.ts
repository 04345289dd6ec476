/**
 * The in-process control handle (`startSimulator(...).control`). The control API (`/__simulator/...`) offers the same
 * operations over HTTP. NDMP settings themselves are changed through the normal REST API, as an administrator would;
 * the control surface only does what an administrator cannot do through the NDMP API (delete a node or SVM, add a
 * login account, create sessions) and drives the test knobs.
 */
import type { JobRecord, NdmpSessionRecord } from "../../spec/types";
import type { AsyncSettings } from "../endpoints/context";
import { definitions } from "../../spec/definitions";
import { OntapCodes } from "../../spec/codes";
import { errors } from "../errors";
import type { NewSession, StateDump } from "../model/cluster";
import type { JobFailure } from "../model/jobs";
import type { SimulatorInstance } from "../instance";
import { isJsonObject, schemaProblem } from "../translation/schema";
import { jobView, sessionView } from "../translation/views";
import { checkedDelay, checkedInteger } from "./limits";
import type { ActiveFault, FaultRule } from "./faults";
import type { Counters } from "./metrics";
import type { RequestLogEntry } from "./request-log";
import type { ClientCertificate } from "../tls/logins";
import type { GeneratedCertificate } from "../tls/certificate";

export interface NewSvmUser {
  name: string;
  /** The account's login password; the generated NDMP password derives from it. */
  password: string;
  /** Informational ONTAP role; default `vsadmin-backup`. */
  role?: string;
}

/** A session as the control API shows it: its scope plus the `ndmp_session` record. */
export interface SessionSummary {
  scope: "node" | "svm";
  record: NdmpSessionRecord;
}

export type AsyncSettingsChange = Partial<Omit<AsyncSettings, "failure">> & { failure?: JobFailure | null };

export interface SimulatorControl {
  /** Back to the seeded state; counters, log, faults and jobs cleared; latency and async mode as started. */
  reset(): void;
  /** The cluster state without any password material. */
  state(): StateDump;
  counters(): Counters;
  resetCounters(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  latency(): number;
  setLatency(ms: number): void;
  faults(): ActiveFault[];
  addFault(rule: FaultRule): ActiveFault;
  removeFault(id: string): boolean;
  clearFaults(): void;
  asyncMode(): AsyncSettings;
  /** Changes the given settings; `failure: null` stops making jobs fail. */
  setAsyncMode(settings: AsyncSettingsChange): AsyncSettings;
  jobs(): JobRecord[];
  /** Makes a running job fail (nothing is applied). False if the job is unknown or finished. */
  failJob(uuid: string, failure: JobFailure): boolean;
  deleteNode(uuid: string): boolean;
  deleteSvm(uuid: string): boolean;
  addSvmUser(svmUuid: string, user: NewSvmUser): void;
  svmUsers(svmUuid: string): Array<{ name: string; role: string }>;
  /** Sessions of both scopes. */
  sessions(): SessionSummary[];
  addSession(session: NewSession): SessionSummary;
  /** The certificate logins (names). */
  certificateLogins(): string[];
  /** Adds a certificate login (if new) and issues a certificate and key for it; HTTPS only. */
  addCertificateLogin(name: string): ClientCertificate;
  /** The client CA certificate (PEM) that issues certificate logins' certificates; undefined over plain HTTP. */
  clientCa(): string | undefined;
  /**
   * A certificate issued by the client CA for any common name, without creating a login, e.g. for an unknown name, a
   * password login, or (with `validity`) an expired certificate.
   */
  issueClientCertificate(commonName: string, validity?: { notBefore?: Date; notAfter?: Date }): GeneratedCertificate;
}

function loginsOf(instance: SimulatorInstance) {
  if (!instance.certificateLogins) {
    throw errors.withCode(OntapCodes.invalidValue, "Certificate logins need HTTPS: this simulator serves plain HTTP.");
  }
  return instance.certificateLogins;
}

const IDENTITY_KEYS = ["id", "uuid", "node", "svm", "_links"];

/** Session details must be a valid part of `ndmp_session`, so every record the simulator serves stays valid. */
function checkSessionDetails(details: unknown): void {
  if (details === undefined) return;
  if (!isJsonObject(details)) throw errors.invalidValue("details", details);
  const identity = Object.keys(details).find((key) => IDENTITY_KEYS.includes(key));
  if (identity) throw errors.unexpectedArgument(identity, `details.${identity}`);
  const problem = schemaProblem(definitions.ndmp_session, details, "details");
  if (problem?.kind === "unknown") throw errors.unexpectedArgument(problem.path);
  if (problem) throw errors.invalidValue(problem.path, problem.value);
}

/** A job failure: a message of at most 1,000 characters and a code that fits ONTAP's unsigned 32-bit job codes. */
function checkedFailure(failure: JobFailure | undefined): JobFailure {
  if (typeof failure?.message !== "string" || failure.message.length > 1000) {
    throw errors.invalidValue("failure.message", failure?.message);
  }
  return { message: failure.message, code: checkedInteger(failure.code, "failure.code", 0, 0xffff_ffff) };
}

export function controlHandle(instance: SimulatorInstance): SimulatorControl {
  const { cluster } = instance;
  const summary = (session: Parameters<typeof sessionView.wire>[0]): SessionSummary => ({
    scope: session.scope,
    record: sessionView.wire(session, cluster) as NdmpSessionRecord,
  });
  return {
    reset: () => instance.reset(),
    state: () => cluster.dump(),
    counters: () => instance.metrics.snapshot(),
    resetCounters: () => instance.metrics.reset(),
    requestLog: () => instance.log.list(),
    clearRequestLog: () => instance.log.clear(),
    latency: () => instance.latencyMs,
    setLatency: (ms) => {
      instance.latencyMs = checkedDelay(ms, "ms");
    },
    faults: () => instance.faults.list(),
    addFault: (rule) => instance.faults.add(rule),
    removeFault: (id) => instance.faults.remove(id),
    clearFaults: () => instance.faults.clear(),
    asyncMode: () => ({ ...instance.async }),
    setAsyncMode: (settings) => {
      const next = { ...instance.async, ...settings } as AsyncSettings;
      if (typeof next.enabled !== "boolean") throw errors.invalidValue("enabled", next.enabled);
      checkedDelay(next.durationMs, "durationMs");
      if (settings.failure === null) delete next.failure;
      if (next.failure) {
        const { message, code } = next.failure;
        next.failure = checkedFailure({ message, code });
      }
      instance.async = next;
      return { ...next };
    },
    jobs: () => instance.jobs.list().map((job) => jobView.wire(job, cluster) as JobRecord),
    failJob: (uuid, failure) => {
      return instance.jobs.fail(uuid, checkedFailure(failure));
    },
    deleteNode: (uuid) => cluster.deleteNode(uuid),
    deleteSvm: (uuid) => cluster.deleteSvm(uuid),
    addSvmUser: (svmUuid, user) => {
      if (typeof user?.name !== "string") throw errors.invalidValue("name", user?.name);
      if (typeof user.password !== "string") throw errors.invalidSecretValue("password", "a non-empty string");
      cluster.putSvmUser(svmUuid, user.name, user.password, user.role);
    },
    svmUsers: (svmUuid) => cluster.svmUsers(svmUuid),
    sessions: () => cluster.allSessions().map(summary),
    addSession: (session) => {
      checkSessionDetails(session?.details);
      return summary(cluster.addSession(session ?? {}));
    },
    certificateLogins: () => instance.certificateLogins?.list() ?? [],
    addCertificateLogin: (name) => loginsOf(instance).add(name),
    clientCa: () => instance.certificateLogins?.ca.cert,
    issueClientCertificate: (commonName, validity) => loginsOf(instance).issue(commonName, validity),
  };
}
