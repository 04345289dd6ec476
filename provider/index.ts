/**
 * pulumi-ontap-ndmp: NetApp ONTAP NDMP settings as Pulumi resources.
 *
 * - Resources: {@link NdmpMode}, {@link NdmpNodeConfig}, {@link NdmpSvmConfig}.
 * - Data functions: {@link getNdmpSessions}, {@link getNdmpSession}, {@link getNdmpPassword} (each with an `…Output`
 *   variant).
 * - The REST client they are built on: {@link OntapClient}, with {@link OntapError}.
 *
 * The embedded ONTAP simulator is exported separately, as `pulumi-ontap-ndmp/simulator`.
 */
export { NdmpMode } from "./resources/ndmpMode";
export type { NdmpModeArgs } from "./resources/ndmpMode";
export { NdmpNodeConfig } from "./resources/ndmpNodeConfig";
export type { NdmpNodeConfigArgs } from "./resources/ndmpNodeConfig";
export { NdmpSvmConfig } from "./resources/ndmpSvmConfig";
export type { NdmpSvmConfigArgs } from "./resources/ndmpSvmConfig";
export type { CommonNdmpArgs, OnDelete, OntapConnectionArgs } from "./resources/common";
export { ON_DELETE_VALUES } from "./model/kinds";

export { getNdmpSessions, getNdmpSessionsOutput, getNdmpSession, getNdmpSessionOutput } from "./functions/sessions";
export type {
  GetNdmpSessionsArgs,
  GetNdmpSessionsOutputArgs,
  GetNdmpSessionsResult,
  GetNdmpSessionArgs,
  GetNdmpSessionOutputArgs,
  NdmpSession,
} from "./functions/sessions";
export type { CamelCase, CamelCased } from "./functions/camelCase";
export type { DataFunctionOptions } from "./functions/options";
export { getNdmpPassword, getNdmpPasswordOutput } from "./functions/password";
export type { GetNdmpPasswordArgs, GetNdmpPasswordOutputArgs } from "./functions/password";

export type { ConnectionArgs } from "./connection";
export { OntapClient, OntapError, OntapConfigError, parseEndpoint } from "./ontap";
export type {
  OntapClientOptions,
  OntapErrorFields,
  OntapErrorKind,
  RequestEvent,
  CountableCollection,
  RetryOptions,
  JobOptions,
  Clock,
  RandomSource,
  OntapEndpoint,
} from "./ontap";
export type * from "../spec/types";
export type { CollectionQuery } from "./ontap/pagination";
export {
  AUTHENTICATION_TYPES,
  NDMP_MODES,
  BACKUP_ENGINES,
  DATA_OPERATIONS,
  ADDRESS_TYPES,
  MOVER_MODES,
  SESSION_REASONS,
  SESSION_STATES,
} from "../spec/enums";
export type {
  AuthenticationType,
  NdmpModeValue,
  BackupEngine,
  DataOperation,
  AddressType,
  MoverMode,
  SessionReason,
  SessionState,
} from "../spec/enums";
