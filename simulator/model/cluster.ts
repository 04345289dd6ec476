/**
 * The cluster state and the operations on it, each checked against ONTAP's rules (model/rules.ts: which scope an
 * operation needs, which UUIDs are valid, which authentication types are allowed, when a node needs a user) before
 * anything changes. How passwords are kept and generated is in passwords.ts; HTTP concerns (paths, queries, bodies,
 * links) live in translation/ and endpoints/. Violations are thrown as `OntapError`s with ONTAP's codes.
 *
 * Order of checks for an operation: scope (68812801 / 65601536), UUID shape (68812802), existence (68812804, 404),
 * then the rules on the new values. Body syntax and schema errors come earlier, from translation/body.ts.
 */
import { OntapCodes } from "../../spec/codes";
import type { AuthenticationType, NdmpModeValue } from "../../spec/enums";
import type { NdmpNodePatch, NdmpSvmPatch } from "../../spec/types";
import { errors } from "../errors";
import { generatedNdmpPassword, hashNodePassword, loginKey } from "./passwords";
import {
  authenticationTypesViolation,
  nodePasswordViolation,
  nodeUserViolation,
  passwordGenerationViolation,
  ScopeNeed,
  scopeViolation,
  sessionPathViolation,
  unknownEntry,
  unknownNode,
  unknownOwner,
  uuidViolation,
  Violation,
} from "./rules";
import { sessionDetails } from "./seed";
import type { ClusterState, NodeState, SessionDetails, SessionState, SvmState } from "./state";

/** The writable fields of `ndmp_node`, decoded (booleans are real booleans here): the shared wire type. */
export type NodeChanges = NdmpNodePatch;

/** The writable fields of `ndmp_svm`: the shared wire type. */
export type SvmChanges = NdmpSvmPatch;

/** What `GET …/passwords/{user}` returns. */
export interface GeneratedPassword {
  svm: SvmState;
  user: string;
  password: string;
}

/** A session to add out of band (control API). Node and SVM may be given by UUID or name. */
export interface NewSession {
  /** Defaults to the current mode. */
  scope?: NdmpModeValue;
  /** The node the session runs on; defaults to the first node (or, in SVM scope, a node chosen by the SVM index). */
  node?: string;
  /** The owning SVM; required in SVM scope. */
  svm?: string;
  /** Defaults to the next free id in the owner's id format. */
  id?: string;
  details?: SessionDetails;
}

/** The state without any password material, for the control API's dump. */
export interface StateDump {
  name: string;
  uuid: string;
  mode: NdmpModeValue;
  nodes: Array<{
    uuid: string;
    name: string;
    enabled: boolean;
    authentication_types: AuthenticationType[];
    user: string;
    password_set: boolean;
  }>;
  svms: Array<{
    uuid: string;
    name: string;
    enabled: boolean;
    authentication_types: AuthenticationType[];
    users: Array<{ name: string; role: string }>;
  }>;
  sessions: Array<{ scope: NdmpModeValue; owner: string; id: string; node: string; svm?: string }>;
}

export interface ApplyOptions {
  /** Check every rule but change nothing (used before answering 202 in async mode). */
  dryRun?: boolean;
}

export class ClusterModel {
  constructor(
    private state: ClusterState,
    /** Called after every mutation, with the new state (persistence hooks in here). */
    private readonly onChange: (state: ClusterState) => void = () => {},
  ) {}

  /** The live state; callers must not mutate it. */
  get current(): Readonly<ClusterState> {
    return this.state;
  }

  /** Replaces the whole state (reset, load). */
  replace(state: ClusterState): void {
    this.state = state;
    this.onChange(this.state);
  }

  // ---- mode -------------------------------------------------------------------------------------------------------

  get mode(): NdmpModeValue {
    return this.state.mode;
  }

  /** Switching keeps both the node and the SVM settings; setting the current mode is a no-op. */
  setMode(mode: NdmpModeValue, options: ApplyOptions = {}): void {
    if (options.dryRun || mode === this.state.mode) return;
    this.state.mode = mode;
    this.onChange(this.state);
  }

  // ---- nodes ------------------------------------------------------------------------------------------------------

  private requireScope(need: ScopeNeed): void {
    refuse(scopeViolation(need, this.state.mode));
  }

  nodes(): NodeState[] {
    this.requireScope("node");
    return this.state.nodes;
  }

  node(uuid: string): NodeState {
    this.requireScope("node");
    refuse(uuidViolation(uuid, "node.uuid"));
    const node = this.state.nodes.find((n) => n.uuid === uuid);
    if (!node) throw errors.violation(unknownNode("node.uuid"));
    return node;
  }

  /** A node by UUID whatever the mode (identity lookups for sessions and links). */
  nodeByUuid(uuid: string): NodeState | undefined {
    return this.state.nodes.find((n) => n.uuid === uuid);
  }

  patchNode(uuid: string, changes: NodeChanges, options: ApplyOptions = {}): void {
    const node = this.node(uuid);
    if (changes.authentication_types) refuse(authenticationTypesViolation(changes.authentication_types, "node"));
    refuse(nodePasswordViolation(changes.password));
    const user = changes.user !== undefined ? changes.user.trim() : node.user;
    const enabled = changes.enabled ?? node.enabled;
    refuse(nodeUserViolation(enabled, user));
    if (options.dryRun) return;
    node.enabled = enabled;
    node.user = user;
    if (changes.authentication_types) node.authenticationTypes = [...changes.authentication_types];
    if (changes.password !== undefined) node.passwordHash = hashNodePassword(changes.password);
    this.onChange(this.state);
  }

  // ---- SVMs -------------------------------------------------------------------------------------------------------

  /** Listed in both modes: the SVM settings are kept (and readable) while the cluster is in node scope. */
  svms(): SvmState[] {
    return this.state.svms;
  }

  svm(uuid: string): SvmState {
    refuse(uuidViolation(uuid, "svm.uuid"));
    const svm = this.state.svms.find((s) => s.uuid === uuid);
    if (!svm) throw errors.violation(unknownEntry("uuid"));
    return svm;
  }

  svmByUuid(uuid: string): SvmState | undefined {
    return this.state.svms.find((s) => s.uuid === uuid);
  }

  patchSvm(uuid: string, changes: SvmChanges, options: ApplyOptions = {}): void {
    this.requireScope("svm");
    const svm = this.svm(uuid);
    if (changes.authentication_types) refuse(authenticationTypesViolation(changes.authentication_types, "svm"));
    if (options.dryRun) return;
    if (changes.enabled !== undefined) svm.enabled = changes.enabled;
    if (changes.authentication_types) svm.authenticationTypes = [...changes.authentication_types];
    this.onChange(this.state);
  }

  /** `vserver services ndmp generate-password`: deterministic for (SVM, user, the user's login password). */
  generatePassword(svmUuid: string, user: string): GeneratedPassword {
    this.requireScope("svm");
    const svm = this.svm(svmUuid);
    refuse(passwordGenerationViolation(svm.authenticationTypes));
    const account = svm.users.find((u) => u.name === user);
    if (!account) throw errors.violation(unknownEntry("user"));
    return { svm, user, password: generatedNdmpPassword(svm.uuid, user, account.loginKey) };
  }

  // ---- sessions ---------------------------------------------------------------------------------------------------

  /** Sessions of the active scope: all nodes' in node scope, all SVMs' in SVM scope (cluster management LIF). */
  sessions(): SessionState[] {
    return this.state.sessions.filter((s) => s.scope === this.state.mode);
  }

  session(owner: string, id: string): SessionState {
    refuse(sessionPathViolation(owner, id));
    refuse(uuidViolation(owner, "owner.uuid"));
    const known = this.state.mode === "svm" ? this.svmByUuid(owner) : this.nodeByUuid(owner);
    if (!known) throw errors.violation(unknownOwner(this.state.mode));
    const session = this.sessions().find((s) => s.owner === owner && s.id === id);
    if (!session) throw errors.violation(unknownEntry("session.id"));
    return session;
  }

  /** `kill`: the session disappears. */
  deleteSession(owner: string, id: string): void {
    const session = this.session(owner, id);
    this.state.sessions = this.state.sessions.filter((s) => s !== session);
    this.onChange(this.state);
  }

  // ---- out-of-band changes (control API) -------------------------------------------------------------------------

  /** Removes a node and the sessions running on it ("deleted between plan and apply"). */
  deleteNode(uuid: string): boolean {
    const before = this.state.nodes.length;
    this.state.nodes = this.state.nodes.filter((n) => n.uuid !== uuid);
    if (this.state.nodes.length === before) return false;
    this.state.sessions = this.state.sessions.filter((s) => s.nodeUuid !== uuid);
    this.onChange(this.state);
    return true;
  }

  /** Removes an SVM with its users and sessions. */
  deleteSvm(uuid: string): boolean {
    const before = this.state.svms.length;
    this.state.svms = this.state.svms.filter((s) => s.uuid !== uuid);
    if (this.state.svms.length === before) return false;
    this.state.sessions = this.state.sessions.filter((s) => s.svmUuid !== uuid);
    this.onChange(this.state);
    return true;
  }

  /** Adds an SVM login account, or changes its login password (which changes its generated NDMP password). */
  putSvmUser(svmUuid: string, name: string, loginPassword: string, role = "vsadmin-backup"): void {
    const svm = this.svmByUuid(svmUuid);
    if (!svm) throw errors.notFound("svm.uuid");
    if (!/^[A-Za-z0-9_.@\\-]{1,64}$/.test(name)) throw errors.invalidValue("name", name);
    if (!loginPassword) throw errors.invalidSecretValue("password", "a non-empty string");
    const account = { name, role, loginKey: loginKey(svm.uuid, name, loginPassword) };
    svm.users = [...svm.users.filter((u) => u.name !== name), account];
    this.onChange(this.state);
  }

  svmUsers(svmUuid: string): Array<{ name: string; role: string }> {
    const svm = this.svmByUuid(svmUuid);
    if (!svm) throw errors.notFound("svm.uuid");
    return svm.users.map((u) => ({ name: u.name, role: u.role }));
  }

  /** Every session of both scopes. */
  allSessions(): SessionState[] {
    return this.state.sessions;
  }

  addSession(spec: NewSession): SessionState {
    const scope = spec.scope ?? this.state.mode;
    if (scope !== "node" && scope !== "svm") throw errors.invalidValue("scope", scope);
    const byRef = <T extends { uuid: string; name: string }>(list: T[], ref: string): T | undefined =>
      list.find((x) => x.uuid === ref || x.name === ref);
    const svm = spec.svm !== undefined ? byRef(this.state.svms, spec.svm) : undefined;
    if (spec.svm !== undefined && !svm) throw errors.notFound("svm");
    if (scope === "svm" && !svm)
      throw errors.withCode(OntapCodes.invalidValue, "An SVM-scope session needs an svm.", "svm");
    const node =
      spec.node !== undefined
        ? byRef(this.state.nodes, spec.node)
        : this.state.nodes[svm ? this.state.svms.indexOf(svm) % Math.max(1, this.state.nodes.length) : 0];
    if (!node) throw errors.notFound("node");
    const owner = scope === "node" ? node.uuid : svm!.uuid;
    const taken = this.state.sessions.filter((s) => s.scope === scope && s.owner === owner).map((s) => s.id);
    const id = spec.id ?? nextSessionId(scope, taken);
    const shape = scope === "node" ? /^\d+$/ : /^\d+:\d+$/;
    if (!shape.test(id)) throw errors.invalidValue("id", id);
    if (taken.includes(id)) throw errors.alreadyExists("id", `A session with id "${id}" already exists.`);
    const session: SessionState = {
      scope,
      owner,
      id,
      nodeUuid: node.uuid,
      ...(scope === "svm" ? { svmUuid: svm!.uuid } : {}),
      details: spec.details ?? sessionDetails(this.state.sessions.length, svm ? `/${svm.name}/vol1` : "/vol/vol1"),
    };
    this.state.sessions.push(session);
    this.onChange(this.state);
    return session;
  }

  dump(): StateDump {
    const s = this.state;
    return {
      name: s.name,
      uuid: s.uuid,
      mode: s.mode,
      nodes: s.nodes.map((n) => ({
        uuid: n.uuid,
        name: n.name,
        enabled: n.enabled,
        authentication_types: [...n.authenticationTypes],
        user: n.user,
        password_set: n.passwordHash !== undefined,
      })),
      svms: s.svms.map((v) => ({
        uuid: v.uuid,
        name: v.name,
        enabled: v.enabled,
        authentication_types: [...v.authenticationTypes],
        users: v.users.map((u) => ({ name: u.name, role: u.role })),
      })),
      sessions: s.sessions.map((x) => ({
        scope: x.scope,
        owner: x.owner,
        id: x.id,
        node: x.nodeUuid,
        ...(x.svmUuid ? { svm: x.svmUuid } : {}),
      })),
    };
  }
}

/** Throws the error ONTAP answers for a rule's violation, if there is one. */
function refuse(violation: Violation | undefined): void {
  if (violation) throw errors.violation(violation);
}

function nextSessionId(scope: NdmpModeValue, taken: string[]): string {
  const first = taken.map((id) => Number(id.split(":")[0])).filter(Number.isFinite);
  const next = first.length ? Math.max(...first) + 1 : 2000;
  return scope === "node" ? String(next) : `${next}:${next + 2000}`;
}
