/**
 * The cluster a simulator starts with: deterministic from the seed and cluster name, with NetApp's documented defaults
 * (NetApp docs, "Configure node-scoped NDMP" and "Configure SVM-scoped NDMP": SVM scope on a new cluster, node
 * authentication "plaintext" and "challenge", default user "root", SVM authentication "challenge"): SVM scope; nodes enabled with `["plaintext","challenge"]` and user `root`; data SVMs disabled with
 * `["challenge"]`; two login accounts per SVM eligible for NDMP password generation; one NDMP session per node
 * (node scope) and per SVM (SVM scope) so every session endpoint has something to show.
 */
import { createHmac } from "crypto";
import type { NdmpModeValue } from "../../spec/enums";
import { deterministicUuid } from "./ids";
import { loginKey } from "./passwords";
import type { ClusterState, NodeState, SessionDetails, SessionState, SvmState, SvmUserState } from "./state";

export interface SeedOptions {
  clusterName: string;
  seed: string;
  nodes: number;
  svms: number;
  mode: NdmpModeValue;
}

/** Accounts every seeded SVM has; their login passwords derive from the seed and are never exposed. */
export const SEEDED_USERS: ReadonlyArray<{ name: string; role: string }> = [
  { name: "vsadmin", role: "vsadmin" },
  { name: "backup_user", role: "vsadmin-backup" },
];

export function nodeName(clusterName: string, index: number): string {
  return `${clusterName}-${String(index).padStart(2, "0")}`;
}

export function seededUser(seed: string, svmUuid: string, name: string, role: string): SvmUserState {
  const loginPassword = createHmac("sha256", seed).update(`login:${svmUuid}:${name}`).digest("base64url");
  return { name, role, loginKey: loginKey(svmUuid, name, loginPassword) };
}

/** Plausible, varied session details; `index` makes every seeded session different. */
export function sessionDetails(index: number, dataPath: string): SessionDetails {
  const backup = index % 2 === 0;
  const halted = index % 3 === 2;
  const address = `192.168.10.${11 + index}`;
  return {
    backup_engine: backup ? "dump" : "smtape",
    client_address: `10.10.0.${21 + index}`,
    client_port: 40100 + index,
    source_address: address,
    data_path: dataPath,
    tape_device: `nrst${index}a`,
    tape_mode: backup ? "write" : "read",
    data: {
      bytes_processed: 5000 * (index + 1),
      connection: { address, port: 18600, type: "tcp" },
      operation: backup ? "backup" : "restore",
      ...(halted ? { reason: "successful" as const } : {}),
      state: halted ? "halted" : "active",
    },
    mover: {
      bytes_moved: 645120 * (index + 1),
      connection: { address, port: 18600 + index, type: index % 2 === 0 ? "tcp" : "local" },
      mode: backup ? "write" : "read",
      ...(halted ? { reason: "end_of_media" as const } : {}),
      state: halted ? "paused" : "active",
    },
    scsi: { device_id: `0b.${index}`, host_adapter: index % 4, lun_id: 0, target_id: index + 1 },
  };
}

export function seedCluster(options: SeedOptions): ClusterState {
  const seed = `${options.seed}|${options.clusterName}`;
  const nodes: NodeState[] = [];
  for (let i = 1; i <= options.nodes; i++) {
    nodes.push({
      uuid: deterministicUuid(seed, "node", String(i)),
      name: nodeName(options.clusterName, i),
      enabled: true,
      authenticationTypes: ["plaintext", "challenge"],
      user: "root",
    });
  }
  const svms: SvmState[] = [];
  for (let i = 1; i <= options.svms; i++) {
    const uuid = deterministicUuid(seed, "svm", String(i));
    svms.push({
      uuid,
      name: `svm${i}`,
      enabled: false,
      authenticationTypes: ["challenge"],
      users: SEEDED_USERS.map((u) => seededUser(seed, uuid, u.name, u.role)),
    });
  }
  const sessions: SessionState[] = [];
  nodes.forEach((node, i) => {
    sessions.push({
      scope: "node",
      owner: node.uuid,
      id: String(2000 + i),
      nodeUuid: node.uuid,
      details: sessionDetails(i, `/vol/vol${i + 1}`),
    });
  });
  if (nodes.length > 0) {
    svms.forEach((svm, i) => {
      sessions.push({
        scope: "svm",
        owner: svm.uuid,
        id: `${2000 + i}:${4000 + i}`,
        nodeUuid: nodes[i % nodes.length].uuid,
        svmUuid: svm.uuid,
        details: sessionDetails(nodes.length + i, `/${svm.name}/vol1`),
      });
    });
  }
  return {
    version: 1,
    name: options.clusterName,
    uuid: deterministicUuid(seed, "cluster"),
    mode: options.mode,
    nodes,
    svms,
    sessions,
  };
}
