/**
 * One ONTAP client per cluster connection in a process (the provider plugin, or a program calling data functions),
 * shared by every resource that reaches that cluster with the same credentials. Sharing matters: the client's
 * in-flight limit bounds the load a whole stack puts on the cluster's management interface, and its coalescing
 * readers merge the reads of many resources. It sits below both the plugin-side runtime (provider/runtime/) and the
 * program-side data functions (provider/functions/), so neither loads the other.
 */
import { createHash } from "crypto";
import { ResolvedConnection } from "./connection";
import { OntapClient } from "./ontap";
import { CoalescingOptions } from "./ontap/coalescing";
import { forgetWritten, ndmpReaders, NdmpReaders } from "./ontap/readers";

/** A cluster as the resources use it: the client, plus coalescing readers of node and SVM configurations. */
export interface Cluster extends NdmpReaders {
  client: OntapClient;
}

const clusters = new Map<string, Cluster>();
/** The clusters of the registry, for {@link isOpen}. */
const open = new WeakSet<Cluster>();

/** A positive integer from the environment, or undefined (unset or invalid: the client's default applies). */
function positiveInteger(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && value !== "" && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Tuning from the environment of the process running the provider (documented in the README). Unset or invalid
 * values keep the client's defaults: `ONTAP_MAX_IN_FLIGHT` (8), `ONTAP_TIMEOUT_MS` (per HTTP attempt, 30000) and
 * `ONTAP_RETRY_BASE_DELAY_MS` (backoff of the first retry, 500; attempts and total time stay bounded by the client).
 * Read coalescing (provider/ontap/coalescing.ts): `ONTAP_COALESCE_READS=0` turns it off (one GET per read, the
 * benchmark's naive reference); `ONTAP_COALESCE_QUIET_MS` (20) and `ONTAP_COALESCE_MAX_WAIT_MS` (1000) set the
 * gather window, for measurements.
 */
function tuning(env: NodeJS.ProcessEnv): {
  maxInFlight?: number;
  timeoutMs?: number;
  baseDelayMs?: number;
  coalescing: CoalescingOptions;
} {
  return {
    maxInFlight: positiveInteger(env.ONTAP_MAX_IN_FLIGHT),
    timeoutMs: positiveInteger(env.ONTAP_TIMEOUT_MS),
    baseDelayMs: positiveInteger(env.ONTAP_RETRY_BASE_DELAY_MS),
    coalescing: {
      enabled: !["0", "false", "off"].includes((env.ONTAP_COALESCE_READS ?? "").toLowerCase()),
      quietMs: positiveInteger(env.ONTAP_COALESCE_QUIET_MS),
      maxWaitMs: positiveInteger(env.ONTAP_COALESCE_MAX_WAIT_MS),
    },
  };
}

function keyOf(connection: ResolvedConnection): string {
  // Hashed so the registry never holds a password or a key as a map key that could end up in a heap dump listing.
  // Every setting is part of it: a connection with a client certificate never shares its client (and agent) with
  // another, so the certificate is only ever presented for the connection that gave it.
  return createHash("sha256")
    .update(
      JSON.stringify([
        connection.host,
        connection.username,
        connection.password,
        connection.insecure,
        connection.caCert ?? "",
        connection.clientCert ?? "",
        connection.clientKey ?? "",
      ]),
    )
    .digest("hex");
}

export function clusterFor(connection: ResolvedConnection, env: NodeJS.ProcessEnv = process.env): Cluster {
  const key = keyOf(connection);
  let cluster = clusters.get(key);
  if (!cluster) {
    const { maxInFlight, timeoutMs, baseDelayMs, coalescing } = tuning(env);
    // Every write the client makes reaches the readers, so that none answers a later read from older records.
    const late: { readers?: NdmpReaders } = {};
    const onWriteSettled = (method: string, path: string) => late.readers && forgetWritten(late.readers, method, path);
    const client = new OntapClient({ ...connection, maxInFlight, timeoutMs, retry: { baseDelayMs }, onWriteSettled });
    late.readers = ndmpReaders(client, coalescing);
    cluster = { client, ...late.readers };
    clusters.set(key, cluster);
    open.add(cluster);
  }
  return cluster;
}

/** Whether the cluster is still in the registry (not closed by {@link closeAllClusters}), for callers that keep one. */
export function isOpen(cluster: Cluster): boolean {
  return open.has(cluster);
}

/** Closes every client (their keep-alive sockets), e.g. at the end of a test. */
export function closeAllClusters(): void {
  for (const cluster of clusters.values()) {
    cluster.client.close();
    open.delete(cluster);
  }
  clusters.clear();
}
