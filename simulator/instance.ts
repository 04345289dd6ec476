/**
 * One simulated cluster with its test knobs, independent of HTTP: the model and its jobs, persistence, faults,
 * counters, the request log, latency and async settings, and reset. The server serves it over HTTP; the control
 * handle and the control API expose its knobs.
 */
import type { NdmpModeValue } from "../spec/enums";
import { FaultInjector } from "./control/faults";
import { Metrics } from "./control/metrics";
import { RequestLog } from "./control/request-log";
import type { AsyncSettings } from "./endpoints/context";
import { ClusterModel } from "./model/cluster";
import { JobRunner } from "./model/jobs";
import { loadState, saveState } from "./model/persistence";
import { seedCluster } from "./model/seed";
import type { ClusterState } from "./model/state";
import type { CertificateLogins } from "./tls/logins";

export interface InstanceOptions {
  clusterName: string;
  seed: string;
  nodes: number;
  svms: number;
  mode: NdmpModeValue;
  latencyMs: number;
  async: AsyncSettings;
  stateFile?: string;
  requestLogLimit: number;
  /** Certificate logins and their client CA (HTTPS only). */
  certificateLogins?: CertificateLogins;
}

export class SimulatorInstance {
  readonly cluster: ClusterModel;
  readonly jobs: JobRunner;
  readonly faults: FaultInjector;
  readonly metrics = new Metrics();
  readonly log: RequestLog;
  /** Certificate logins and their client CA; undefined over plain HTTP. Kept by reset, as accounts are. */
  readonly certificateLogins: CertificateLogins | undefined;
  latencyMs: number;
  async: AsyncSettings;

  constructor(private readonly options: InstanceOptions) {
    const persist = options.stateFile ? (state: ClusterState) => saveState(options.stateFile!, state) : () => undefined;
    const loaded = options.stateFile ? loadState(options.stateFile) : undefined;
    this.cluster = new ClusterModel(loaded ?? this.seeded(), persist);
    if (!loaded && options.stateFile) persist(this.cluster.current as ClusterState);
    this.jobs = new JobRunner(`${options.seed}|${options.clusterName}`);
    this.faults = new FaultInjector(`${options.seed}|${options.clusterName}`);
    this.log = new RequestLog(options.requestLogLimit);
    this.latencyMs = options.latencyMs;
    this.async = { ...options.async };
    this.certificateLogins = options.certificateLogins;
  }

  private seeded(): ClusterState {
    const { clusterName, seed, nodes, svms, mode } = this.options;
    return seedCluster({ clusterName, seed, nodes, svms, mode });
  }

  /** Back to the seeded cluster (not the state file's); counters, log, faults and jobs cleared; knobs as started. */
  reset(): void {
    this.jobs.clear();
    this.faults.clear();
    this.metrics.reset();
    this.log.clear();
    this.latencyMs = this.options.latencyMs;
    this.async = { ...this.options.async };
    this.cluster.replace(this.seeded());
  }

  /** Cancels pending jobs (their changes are not applied). */
  close(): void {
    this.jobs.clear();
  }
}
