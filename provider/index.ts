/**
 * pulumi-ontap-ndmp: NetApp ONTAP NDMP settings as Pulumi resources.
 *
 * - Resources: {@link NdmpMode}, {@link NdmpNodeConfig}, {@link NdmpSvmConfig}.
 * - Data functions: {@link getNdmpSessions}, {@link getNdmpSession}, {@link getNdmpPassword} (each with an `…Output`
 *   variant).
 * - Their argument and output types, and the errors a program may catch: {@link OntapError} (ONTAP or the network
 *   refused a request) and {@link OntapConfigError} (a setting is missing or invalid; nothing was sent).
 *
 * Also published, as separate entry points: the REST client they are built on with ONTAP's wire types,
 * `pulumi-ontap-ndmp/client`, and the embedded ONTAP simulator, `pulumi-ontap-ndmp/simulator`. The plugin-side
 * implementation, `pulumi-ontap-ndmp/runtime`, is loaded by Pulumi's dynamic-provider plugin and is not an API.
 *
 * @module pulumi-ontap-ndmp
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
export { OntapError, OntapConfigError } from "./ontap/errors";
export type { OntapErrorFields, OntapErrorKind } from "./ontap/errors";
export { AUTHENTICATION_TYPES, NDMP_MODES } from "../spec/enums";
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
