/**
 * How each model entity appears on the wire: its full record (every readable field, HAL links included), the fields
 * that identify it (always returned, and the default of a collection GET), and the order a collection lists it in.
 * Key order follows ONTAP's responses: identity first, then the fields, `_links` last.
 */
import type { NdmpModeValue } from "../../spec/enums";
import type {
  ClusterRecord,
  JobRecord,
  NdmpModeRecord,
  NdmpNodeRecord,
  NdmpPasswordRecord,
  NdmpSessionRecord,
  NdmpSvmRecord,
} from "../../spec/types";
import type { ClusterModel, GeneratedPassword } from "../model/cluster";
import type { Job } from "../model/jobs";
import type { NodeState, SessionState, SvmState } from "../model/state";
import { nodeReference, paths, self, svmReference } from "./links";

export type WireRecord = Record<string, unknown>;

export interface View<E> {
  /** The schema definition the record conforms to. */
  model: string;
  /** Top-level fields always returned. */
  identity(mode: NdmpModeValue): readonly string[];
  /** Default order of a collection; the last key must be unique (it also makes paging tokens exact). */
  order: readonly string[];
  wire(entity: E, cluster: ClusterModel): WireRecord;
}

const record = <T>(value: T): WireRecord => value as unknown as WireRecord;

export const nodeView: View<NodeState> = {
  model: "ndmp_node",
  identity: () => ["node"],
  order: ["node.name", "node.uuid"],
  wire: (node) =>
    record<NdmpNodeRecord>({
      node: nodeReference(node),
      enabled: node.enabled,
      authentication_types: [...node.authenticationTypes],
      user: node.user,
      _links: self(paths.node(node.uuid)),
    }),
};

export const svmView: View<SvmState> = {
  model: "ndmp_svm",
  identity: () => ["svm"],
  order: ["svm.name", "svm.uuid"],
  wire: (svm) =>
    record<NdmpSvmRecord>({
      svm: svmReference(svm),
      enabled: svm.enabled,
      authentication_types: [...svm.authenticationTypes],
      _links: self(paths.svm(svm.uuid)),
    }),
};

export const sessionView: View<SessionState> = {
  model: "ndmp_session",
  identity: (mode) => ["id", "uuid", mode === "node" ? "node" : "svm"],
  order: ["uuid", "id"],
  wire: (session, cluster) => {
    const node = cluster.nodeByUuid(session.nodeUuid);
    const svm = session.svmUuid ? cluster.svmByUuid(session.svmUuid) : undefined;
    return record<NdmpSessionRecord>({
      id: session.id,
      uuid: session.owner,
      ...(node ? { node: nodeReference(node) } : {}),
      ...(svm ? { svm: svmReference(svm) } : {}),
      ...session.details,
      _links: self(paths.session(session.owner, session.id)),
    });
  },
};

export const modeView: View<NdmpModeValue> = {
  model: "cluster_ndmp_properties",
  identity: () => [],
  order: ["mode"],
  wire: (mode) => record<NdmpModeRecord>({ mode, _links: self(paths.mode) }),
};

export const passwordView: View<GeneratedPassword> = {
  model: "ndmp_password",
  identity: () => ["svm", "user"],
  order: ["user"],
  wire: (generated) =>
    record<NdmpPasswordRecord>({
      svm: svmReference(generated.svm),
      user: generated.user,
      password: generated.password,
      _links: self(paths.password(generated.svm.uuid, generated.user)),
    }),
};

export const VERSION = {
  full: "NetApp Release 9.9.1: Mon May 10 14:40:02 UTC 2021",
  generation: 9,
  major: 9,
  minor: 1,
};

export const clusterView: View<ClusterModel> = {
  model: "cluster",
  identity: () => [],
  order: ["uuid"],
  wire: (cluster) =>
    record<ClusterRecord>({
      name: cluster.current.name,
      uuid: cluster.current.uuid,
      version: { ...VERSION },
      _links: self(paths.cluster),
    }),
};

export const jobView: View<Job> = {
  model: "job",
  identity: () => ["uuid"],
  order: ["uuid"],
  wire: (job) =>
    record<JobRecord>({
      uuid: job.uuid,
      description: job.description,
      state: job.state,
      message: job.message,
      ...(job.code !== undefined ? { code: job.code } : {}),
      start_time: isoSeconds(job.startTime),
      ...(job.endTime ? { end_time: isoSeconds(job.endTime) } : {}),
      _links: self(paths.job(job.uuid)),
    }),
};

/** ONTAP's date-time form: `2024-11-26T19:46:42+00:00`. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}
