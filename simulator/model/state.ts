/**
 * The simulated cluster's state: plain JSON-serialisable data, so it can be persisted to the state file and cloned for
 * reset. Secrets are kept only in derived form: a node's NDMP password as a salted scrypt hash, an SVM user's login
 * password as an HMAC key (enough to derive the NDMP password ONTAP would generate, not to recover the login).
 */
import type { AuthenticationType, NdmpModeValue } from "../../spec/enums";
import type { NdmpSessionRecord } from "../../spec/types";

export interface NodeState {
  uuid: string;
  name: string;
  enabled: boolean;
  authenticationTypes: AuthenticationType[];
  /** The NDMP user; `""` once cleared (allowed only while NDMP is disabled on the node). */
  user: string;
  /** `scrypt$<salt hex>$<hash hex>` of the last password set, or undefined if none was ever set. */
  passwordHash?: string;
}

export interface SvmUserState {
  name: string;
  /** ONTAP role of the account, informational (e.g. `vsadmin`, `vsadmin-backup`). */
  role: string;
  /** HMAC-SHA256 key derived from the login password; the generated NDMP password is derived from it. */
  loginKey: string;
}

export interface SvmState {
  uuid: string;
  name: string;
  enabled: boolean;
  authenticationTypes: AuthenticationType[];
  users: SvmUserState[];
}

/** What a session reports besides its identity, in the wire shape of `ndmp_session`. */
export type SessionDetails = Omit<NdmpSessionRecord, "id" | "uuid" | "node" | "svm" | "_links">;

export interface SessionState {
  /** The mode the session belongs to: node-scope sessions are owned by a node, SVM-scope ones by an SVM. */
  scope: NdmpModeValue;
  /** Owner UUID: the node UUID (node scope) or the SVM UUID (SVM scope). */
  owner: string;
  /** `2000` in node scope, `2000:4000` in SVM scope. */
  id: string;
  /** The node the session runs on. */
  nodeUuid: string;
  /** The SVM (SVM scope only). */
  svmUuid?: string;
  details: SessionDetails;
}

export interface ClusterState {
  /** Format version of the state file. */
  version: 1;
  name: string;
  uuid: string;
  mode: NdmpModeValue;
  nodes: NodeState[];
  svms: SvmState[];
  sessions: SessionState[];
}

export function cloneState(state: ClusterState): ClusterState {
  return JSON.parse(JSON.stringify(state)) as ClusterState;
}
