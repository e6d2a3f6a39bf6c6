export { createSharedCache, type SharedCacheOptions } from "./cache.js";
export { type BudgetEstimate, UpstreamClient, type UpstreamClientConfig } from "./client.js";
export { defaultHttpError, type MapUpstreamError, UpstreamHttpError } from "./errors.js";
export { hashCredential } from "./hash.js";
export { createSingleFlight, type SingleFlight } from "./single-flight.js";
export type * from "./types.js";
