/**
 * One ONTAP client per cluster connection in the plugin process, shared by every resource that reaches that cluster
 * with the same credentials. Sharing matters: the client's in-flight limit bounds the load a whole stack puts on the
 * cluster's management interface, and its coalescing readers merge the reads of many resources.
 */
import { createHash } from "crypto";
import { ResolvedConnection } from "../connection";
import { isNotFound, NdmpNodeRecord, NdmpSvmRecord, OntapClient } from "../ontap";
import { CoalescingReader } from "../ontap/coalescing";

/** A cluster as the resources use it: the client, plus reads that coalesce across resources. */
export interface Cluster {
  client: OntapClient;
  nodes: CoalescingReader<NdmpNodeRecord>;
  svms: CoalescingReader<NdmpSvmRecord>;
}

const clusters = new Map<string, Cluster>();

/** Tuning from the environment of the process running the provider (documented in the README). */
function tuning(env: NodeJS.ProcessEnv): { maxInFlight?: number; coalesce: boolean } {
  const limit = Number(env.ONTAP_MAX_IN_FLIGHT);
  return {
    maxInFlight: Number.isInteger(limit) && limit > 0 ? limit : undefined,
    coalesce: !["0", "false", "off"].includes((env.ONTAP_COALESCE_READS ?? "").toLowerCase()),
  };
}

function keyOf(connection: ResolvedConnection): string {
  // Hashed so the registry never holds a password as a map key that could end up in a heap dump listing.
  return createHash("sha256")
    .update(
      JSON.stringify([
        connection.host,
        connection.username,
        connection.password,
        connection.insecure,
        connection.caCert ?? "",
      ]),
    )
    .digest("hex");
}

export function clusterFor(connection: ResolvedConnection, env: NodeJS.ProcessEnv = process.env): Cluster {
  const key = keyOf(connection);
  let cluster = clusters.get(key);
  if (!cluster) {
    const { maxInFlight, coalesce } = tuning(env);
    const client = new OntapClient({ ...connection, maxInFlight });
    cluster = {
      client,
      nodes: new CoalescingReader<NdmpNodeRecord>(
        {
          getOne: (uuid) => client.getNode(uuid),
          getMany: (uuids) => client.listNodes(uuids && { filters: { "node.uuid": uuids.join("|") } }),
          uuidOf: (record) => record.node?.uuid,
          isNotFound,
        },
        { enabled: coalesce },
      ),
      svms: new CoalescingReader<NdmpSvmRecord>(
        {
          getOne: (uuid) => client.getSvm(uuid),
          getMany: (uuids) => client.listSvms(uuids && { filters: { "svm.uuid": uuids.join("|") } }),
          uuidOf: (record) => record.svm?.uuid,
          isNotFound,
        },
        { enabled: coalesce },
      ),
    };
    clusters.set(key, cluster);
  }
  return cluster;
}

/** Closes every client (their keep-alive sockets), e.g. at the end of a test. */
export function closeAllClusters(): void {
  for (const cluster of clusters.values()) cluster.client.close();
  clusters.clear();
}
