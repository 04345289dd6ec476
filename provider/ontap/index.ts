/**
 * The ONTAP REST client: typed NDMP endpoints, endpoint parsing, errors with hints, retry and job policies. Also
 * re-exports the wire types, the ONTAP codes and the NDMP schemas it is built on.
 */
export { OntapClient } from "./client";
export type { CountableCollection, OntapClientOptions, RequestEvent } from "./client";
export { ACCEPTED_ENDPOINT_FORMS, isLoopbackHost, parseEndpoint } from "./endpoint";
export {
  MAX_ECHO_CHARS,
  clip,
  echo,
  escapeUnsafe,
  escapeUnsafeJson,
  firstUnsafeCharacter,
  quote,
  shapeOf,
} from "./echo";
export {
  MAX_OBJECT_NAME_LENGTH,
  NODE_NAME_RULE,
  SVM_NAME_RULE,
  nodeNameProblem,
  objectReferenceProblem,
  ownerUuidProblem,
  sessionIdProblem,
  svmNameProblem,
  userNameProblem,
} from "./names";
export { MAX_PEM_BYTES, PEM_KINDS, checkPemText, loadPem, readBoundedFile } from "./pem";
export type { PemKind } from "./pem";
export { literalQueryValue } from "./queryLiteral";
export type { OntapEndpoint } from "./endpoint";
export {
  CODE_HINTS,
  HINTS,
  NETWORK_HINTS,
  NOT_ONTAP_HINT,
  NOT_TLS_HINT,
  OntapConfigError,
  OntapError,
  STATUS_HINTS,
  hintFor,
  isNotFound,
  isTemporarilyLocked,
  networkHintFor,
} from "./errors";
export type { OntapErrorFields, OntapErrorKind } from "./errors";
export { DEFAULT_FIELDS, readableFields } from "./fields";
export { DEFAULT_JOBS } from "./jobs";
export type { JobOptions } from "./jobs";
export { InFlightLimiter } from "./limiter";
export { MAX_PAGES, encodePathSegment, encodeQueryComponent } from "./pagination";
export type { CollectionQuery } from "./pagination";
export {
  DEFAULT_RETRY,
  RETRYABLE_CONNECTION_CODES,
  backoffDelay,
  nextDelay,
  parseRetryAfter,
  retryVerdict,
  systemClock,
} from "./retry";
export type { Clock, RandomSource, RetryOptions, RetryVerdict } from "./retry";
export { CLIENT_APP, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT_MS } from "./transport";
export { SECRET_PLACEHOLDER } from "./validation";
export * from "../../spec/codes";
export * from "../../spec/types";
export * from "./schema";
