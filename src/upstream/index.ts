/**
 * The upstream layer: every provider call goes through an UpstreamClient.
 *
 *   const client = new UpstreamClient({
 *     provider: "HUBmis", connection: id, baseUrl, credentialKey: hashCredential(clientId, secret),
 *     authenticator,                  // authorize() adds credentials; refresh() is called once per auth failure
 *     rateLimit: { windows: [{ limit: 12, intervalMs: 60_000 }], bucket, concurrency: 2, maxQueueWaitMs: 30_000 },
 *     mapError: (status, body) => ..., // e.g. a 403 INVALID_SCOPE into MissingUpstreamScopeError
 *     timeScale,                       // tests: divides every rate window and bucket interval
 *     logger, cache,                   // cache from createSharedCache(config.cache.store)
 *     rateStore,                       // createRateStore(config.cache.store): limits shared by replicas
 *   });
 *   const { data, cached } = await client.request<T>(
 *     { method: "GET", path: "/students", query, cache: { kind: "directory" } },
 *     { scopeKey },                    // the caller's scope set: part of cache and single-flight keys
 *   );
 *
 * Errors are typed (src/errors.ts): Unauthorized, NotFound (generic message: rethrow with the id),
 * RateLimited(retryAfterSeconds), Timeout, Unavailable, InvalidResponse; other statuses UpstreamHttpError
 * with the status and parsed body.
 */
import type { RateStoreOptions } from "./shared-rate.js";
import type { RateStore, SharedRateGate } from "./types.js";

export { raceAbort } from "./abort.js";
export { type BackgroundStatus, BackgroundWork } from "./background.js";
export { createSharedCache, type SharedCacheOptions } from "./cache.js";
export {
  connectionPrefix,
  DEFAULT_STALE_MS,
  DEFAULT_TTL_MS,
  invalidationPrefix,
  normalizePath,
  requestKey,
} from "./cache-keys.js";
export { type BudgetEstimate, UpstreamClient, type UpstreamClientConfig } from "./client.js";
export { defaultHttpError, type MapUpstreamError, UpstreamHttpError } from "./errors.js";
export { FairShare } from "./fair-share.js";
export { deepFreeze } from "./freeze.js";
export { hashCredential } from "./hash.js";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUTS } from "./http.js";
export { isSensitiveField, WITHOUT_SENSITIVE } from "./projection.js";
export { RateGate } from "./rate-limit.js";
export { parseJson } from "./response.js";
export { backoffMs, parseRetryAfter, retryNotBefore } from "./retry.js";
export { createSingleFlight, type SingleFlight } from "./single-flight.js";
export type * from "./types.js";

export type { RateStoreOptions };

/**
 * The shared rate store for a cache.store setting (shared-rate.ts): undefined for "memory". Its module
 * loads the Redis client, so it is imported only for a redis:// store; until it has loaded, each operation
 * waits for it.
 */
export function createRateStore(store: string, options: RateStoreOptions = {}): RateStore | undefined {
  if (store === "memory" || store === "") return undefined;
  if (!/^rediss?:\/\//i.test(store)) {
    throw new Error(`Unknown rate store "${store}": use "memory" or a redis:// URL.`);
  }
  const loaded = import("./shared-rate.js").then(
    (module) => module.createRateStore(store, options) as RateStore,
  );
  loaded.catch(() => {});
  return {
    gate(key, limits): SharedRateGate {
      const gate = loaded.then((rates) => rates.gate(key, limits));
      gate.catch(() => {});
      return {
        take: async (now) => (await gate).take(now),
        finish: async (ticket, now) => (await gate).finish(ticket, now),
        pauseUntil: async (until, now) => (await gate).pauseUntil(until, now),
      };
    },
    close: async () => (await loaded).close(),
  };
}
