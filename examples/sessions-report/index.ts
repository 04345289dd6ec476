// A read-only report of the NDMP sessions of a cluster, as stack outputs: every session, and the ones still moving
// data. Useful before maintenance ("is a backup running?") or in a scheduled CI job.
import * as pulumi from "@pulumi/pulumi";
import { getNdmpSessions } from "pulumi-ontap-ndmp";

const all = getNdmpSessions();
const active = getNdmpSessions({ filters: { "data.state": "active" } });

export const sessionCount = all.then((r) => r.sessions.length);
export const sessions = all.then((r) =>
  r.sessions.map((s) => ({
    owner: s.owner,
    id: s.id,
    svm: s.svm?.name,
    node: s.node?.name,
    path: s.dataPath,
    operation: s.data?.operation,
    state: s.data?.state,
    bytes: s.data?.bytesProcessed,
  })),
);
export const activeSessions = active.then((r) => r.sessions.map((s) => `${s.owner}/${s.id}`));

pulumi.log.info("NDMP sessions listed");
