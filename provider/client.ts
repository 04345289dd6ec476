/**
 * `pulumi-ontap-ndmp/client`: the ONTAP NDMP REST client the resources and data functions are built on, for programs
 * and scripts that talk to ONTAP directly: {@link OntapClient} with its options, errors and retry and job policies,
 * endpoint parsing, the wire types of ONTAP's NDMP models (snake_case, as ONTAP sends them) and their enumerations.
 *
 * Programs that only declare resources and call data functions need the main entry, `pulumi-ontap-ndmp`, alone.
 *
 * @module pulumi-ontap-ndmp/client
 */
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
export * from "../spec/enums";
