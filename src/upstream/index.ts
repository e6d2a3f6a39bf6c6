export { createSharedCache, type SharedCacheOptions } from "./cache.js";
export {
  connectionPrefix,
  DEFAULT_STALE_MS,
  DEFAULT_TTL_MS,
  invalidationPrefix,
  normalizePath,
  requestKey,
} from "./cache-keys.js";
export { type BudgetEstimate, parseJson, UpstreamClient, type UpstreamClientConfig } from "./client.js";
export { defaultHttpError, type MapUpstreamError, UpstreamHttpError } from "./errors.js";
export { hashCredential } from "./hash.js";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from "./http.js";
export { RateGate } from "./rate-limit.js";
export { backoffMs, parseRetryAfter, retryNotBefore } from "./retry.js";
export { createSingleFlight, type SingleFlight } from "./single-flight.js";
export type * from "./types.js";
