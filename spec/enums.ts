/**
 * Every enumeration of the ONTAP NDMP REST API, as listed in the ONTAP 9.8 OpenAPI definitions
 * (`definitions.*.enum`). The schemas, the client, the resources and the simulator all take their allowed values
 * from here (data only).
 */

/** `cluster_ndmp_properties.mode`: NDMP operates per SVM (the default of a new cluster) or per node (deprecated). */
export const NDMP_MODES = ["svm", "node"] as const;
export type NdmpModeValue = (typeof NDMP_MODES)[number];

/** `ndmp_auth_type`. */
export const AUTHENTICATION_TYPES = ["plaintext", "challenge", "plaintext_sso"] as const;
export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

/** `ndmp_session.backup_engine`. */
export const BACKUP_ENGINES = ["dump", "smtape"] as const;
export type BackupEngine = (typeof BACKUP_ENGINES)[number];

/** `ndmp_data.operation`. */
export const DATA_OPERATIONS = ["backup", "restore", "none"] as const;
export type DataOperation = (typeof DATA_OPERATIONS)[number];

/** `ndmp_addr_type`. */
export const ADDRESS_TYPES = ["local", "tcp"] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

/** `ndmp_mover_mode`, also used by `ndmp_session.tape_mode`. */
export const MOVER_MODES = ["read", "write", "data", "raw"] as const;
export type MoverMode = (typeof MOVER_MODES)[number];

/** `ndmp_reason`. */
export const SESSION_REASONS = [
  "aborted",
  "connection_closed",
  "connect_error",
  "end_of_file",
  "end_of_media",
  "end_of_window",
  "internal_error",
  "media_error",
  "not_available",
  "seek",
  "successful",
] as const;
export type SessionReason = (typeof SESSION_REASONS)[number];

/** `ndmp_state`. */
export const SESSION_STATES = ["active", "connected", "halted", "idle", "listening", "paused"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** `job.state`. The spec's prose also mentions `error` for a failed job; clients treat it as `failure`. */
export const JOB_STATES = ["queued", "running", "paused", "success", "failure"] as const;
export type JobState = (typeof JOB_STATES)[number];
