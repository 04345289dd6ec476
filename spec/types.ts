/**
 * TypeScript shapes of the ONTAP NDMP REST models (snake_case, exactly as on the wire). Every field is optional
 * because ONTAP returns only the fields asked for with `fields=`.
 */
import type {
  AddressType,
  AuthenticationType,
  BackupEngine,
  DataOperation,
  JobState,
  MoverMode,
  NdmpModeValue,
  SessionReason,
  SessionState,
} from "./enums";

export interface Href {
  href: string;
}

export interface SelfLinks {
  self?: Href;
}

export interface CollectionLinks {
  self?: Href;
  next?: Href;
}

/** `{name, uuid, _links}` of a node or an SVM. */
export interface ObjectReference {
  name?: string;
  uuid?: string;
  _links?: SelfLinks;
}

/** `cluster_ndmp_properties` (GET/PATCH /api/protocols/ndmp). */
export interface NdmpModeRecord {
  mode?: NdmpModeValue;
  _links?: SelfLinks;
}

/** `ndmp_node` as read. The password is write-only and never returned. */
export interface NdmpNodeRecord {
  node?: ObjectReference;
  enabled?: boolean;
  authentication_types?: AuthenticationType[];
  user?: string;
  _links?: SelfLinks;
}

/** The writable part of `ndmp_node`. */
export interface NdmpNodePatch {
  enabled?: boolean;
  authentication_types?: AuthenticationType[];
  user?: string;
  password?: string;
}

/** `ndmp_svm` as read. */
export interface NdmpSvmRecord {
  svm?: ObjectReference;
  enabled?: boolean;
  authentication_types?: AuthenticationType[];
  _links?: SelfLinks;
}

/** The writable part of `ndmp_svm`. */
export interface NdmpSvmPatch {
  enabled?: boolean;
  authentication_types?: AuthenticationType[];
}

/** `ndmp_password` (9.9+): the password ONTAP generates for an SVM user. */
export interface NdmpPasswordRecord {
  svm?: ObjectReference;
  user?: string;
  password?: string;
  _links?: SelfLinks;
}

export interface NdmpConnection {
  address?: string;
  port?: number;
  type?: AddressType;
}

export interface NdmpSessionRecord {
  id?: string;
  /** 9.9+: the node UUID in node scope, the SVM UUID in SVM scope (the session's owner). */
  uuid?: string;
  node?: ObjectReference;
  svm?: ObjectReference;
  backup_engine?: BackupEngine;
  client_address?: string;
  client_port?: number;
  source_address?: string;
  data_path?: string;
  tape_device?: string;
  tape_mode?: MoverMode;
  data?: {
    bytes_processed?: number;
    connection?: NdmpConnection;
    operation?: DataOperation;
    reason?: SessionReason;
    state?: SessionState;
  };
  mover?: {
    bytes_moved?: number;
    connection?: NdmpConnection;
    mode?: MoverMode;
    reason?: SessionReason;
    state?: SessionState;
  };
  scsi?: { device_id?: string; host_adapter?: number; lun_id?: number; target_id?: number };
  _links?: SelfLinks;
}

/** `GET /api/cluster?fields=name,uuid,version`. */
export interface ClusterRecord {
  name?: string;
  uuid?: string;
  version?: { full?: string; generation?: number; major?: number; minor?: number };
  _links?: SelfLinks;
}

/** `GET /api/cluster/jobs/{uuid}`. */
export interface JobRecord {
  uuid?: string;
  description?: string;
  state?: JobState | "error";
  message?: string;
  code?: number;
  start_time?: string;
  end_time?: string;
  _links?: SelfLinks;
}

/** A collection page as ONTAP sends it. */
export interface CollectionPage<T> {
  records?: T[];
  num_records?: number;
  _links?: CollectionLinks;
}
