/**
 * The contract between providers and the upstream layer. Providers describe requests; the layer owns
 * transport, timeouts, retries, rate limits, authentication replays, caching and single-flight.
 */
import type { Logger } from "../log.js";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** How fast a kind of data changes decides how long it may be cached. */
export type CacheKind =
  | "reference" // codes, categories, year groups, terms: hours
  | "directory" // students, staff, groups, contacts: minutes
  | "timetable" // lessons: tens of minutes
  | "live" // attendance today, messages, check-ins: seconds
  | "history" // past attendance, behaviour, homework, invoices: a few minutes
  | "sensitive"; // medical, learning support, safeguarding: not cached unless the config allows

/** A named transformation applied to an answer before it is cached and returned (projection.ts). */
export interface CacheProjection {
  name: string;
  apply(data: unknown): unknown;
}

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path joined to the connection's base URL. Never an absolute URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** JSON body (sets content-type). */
  json?: unknown;
  /** application/x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /** A POST may be retried only when it carries a key the provider honours. */
  idempotencyKey?: string;
  /** Skip the authenticator (token and login requests). */
  anonymous?: boolean;
  /** GET only: cache the parsed answer under this kind's TTL. */
  cache?: { kind: CacheKind; ttlMs?: number; project?: CacheProjection };
  /** Cache key prefixes (request paths) a successful write makes stale. */
  invalidates?: string[];
  priority?: "interactive" | "background";
  signal?: AbortSignal;
  /** Default "manual": a 3xx comes back as the response. */
  redirect?: "manual" | "follow";
  /** Default "json". "none" ignores the body (login redirects, 204s). */
  expect?: "json" | "none";
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Set-Cookie values as a list, read with the platform's parser (never split on commas). */
  setCookies: string[];
  data: T;
  /** Present when the answer came from the cache; stale answers are served only when the upstream failed. */
  cached?: { ageSeconds: number; stale: boolean };
}

export interface Authenticator {
  /** Adds credentials to an outgoing request, signing in first when there is no valid session. */
  authorize(headers: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /** Called once after an auth failure; concurrent callers share one refresh. */
  refresh(signal?: AbortSignal): Promise<void>;
  /** Whether a response means "not signed in" (401 by default; ClassCharts also answers 200 with success 0). */
  isAuthFailure?(status: number, body: unknown): boolean;
}

export interface RateWindow {
  limit: number;
  intervalMs: number;
}

export interface RateLimitPolicy {
  /** Strict sliding windows, e.g. HUBmis 12 per 60 s; CentreCareOS 1,000 per hour and 10,000 per day. */
  windows: RateWindow[];
  /** Token bucket, e.g. HUBmis 500 refilling one per 5 s. */
  bucket?: { capacity: number; refillEveryMs: number };
  concurrency: number;
  /** Past this wait a call fails with RateLimited instead of queueing. */
  maxQueueWaitMs: number;
  /** Key that several connections on one egress IP share (HUBmis limits per IP). */
  sharedKey?: string;
}

export interface UpstreamClientOptions {
  provider: string; // "HUBmis", used in error messages
  connection: string;
  baseUrl: string;
  /** Hash of the credential; part of every cache and single-flight key. */
  credentialKey: string;
  authenticator?: Authenticator;
  rateLimit: RateLimitPolicy;
  /** Divides every interval (rate windows, backoff caps stay real) so tests can run hours in seconds. */
  timeScale?: number;
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  maxBodyBytes?: number;
  logger: Logger;
  /**
   * Turns a final error response into a typed error, e.g. CentreCareOS 403 INVALID_SCOPE into
   * MissingUpstreamScopeError. Return undefined for the defaults: 401 Unauthorized, 404 NotFound,
   * 429 RateLimited, 5xx Unavailable, anything else UpstreamHttpError (status and parsed body on it).
   */
  mapError?: (status: number, body: unknown) => Error | undefined;
  retry?: RetryOptions;
  /** Fresh lifetime per kind, overriding the defaults (reference 6 h, directory 10 min, timetable 30 min, history 5 min, live 20 s, sensitive 5 min). */
  cacheTtlMs?: Partial<Record<CacheKind, number>>;
  /** How long past its TTL an entry may still be served when the upstream fails. Default 24 h (live and sensitive 1 h). */
  staleIfErrorMs?: number;
  /**
   * Rate-limit state shared with other replicas (createRateStore with a redis:// URL). Without it each
   * process spends the whole upstream budget on its own.
   */
  rateStore?: RateStore;
}

export interface RetryOptions {
  /** Attempts in total, the first included. Default 3. */
  attempts?: number;
  /** Backoff base and cap in real time (timeScale does not apply). Defaults 250 ms and 20 s. */
  baseMs?: number;
  capMs?: number;
  /** Retries allowed per budget window: budgetMinRetries + budgetRatio x first attempts. Defaults 3 and 0.2. */
  budgetRatio?: number;
  budgetMinRetries?: number;
  /** Sliding window of the retry budget. Default 10 s. */
  budgetWindowMs?: number;
  /** Longest a call may spend waiting (queue and retry sleeps) before it fails. Default 60 s. */
  deadlineMs?: number;
}

export interface UpstreamCallOptions {
  /** The caller's effective scope set, part of the cache key so two scope sets never share an entry. */
  scopeKey: string;
  /** Overrides retry.deadlineMs for this call: the longest it may wait in the queue and between retries. */
  maxWaitMs?: number;
  /** Skip a fresh cache entry and ask the upstream (the answer still refreshes the cache). */
  noCache?: boolean;
  /** Who asks (the HTTP token's name, the call's caller): each gets a fair share of the budget (fair-share.ts). */
  caller?: string;
  /** Counts the requests that reach the upstream for this call (meter.ts), so answers can state their cost. */
  meter?: { count(): void };
}

/**
 * The cache every instance shares: keyv in memory, or Redis when `cache.store` is a redis:// URL.
 * Also holds single-use records (send confirmations) so any replica can enforce them.
 */
export interface SharedCache {
  get<T>(key: string): Promise<{ value: T; storedAt: number } | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every entry whose key starts with the prefix (write invalidation). */
  deletePrefix(prefix: string): Promise<void>;
  /** Atomically stores the key only when absent; false when it was already there. */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Rate-limit state several replicas share, so that together they stay within each upstream budget. Each
 * process still queues its own calls; a slot is taken only when the shared state admits it.
 */
export interface RateStore {
  /** The shared windows, bucket and pause for one limiter key (a credential, or an egress IP's shared key). */
  gate(key: string, limits: SharedRateLimits): SharedRateGate;
  /** Waits for pending finishes, then disconnects. */
  close(): Promise<void>;
}

export interface SharedRateLimits {
  /** Each window's limit and span (the scaled interval plus the skew margin), in ms. */
  windows: ReadonlyArray<{ limit: number; spanMs: number }>;
  /** Scaled token bucket: one token back every refillMs. */
  bucket?: { capacity: number; refillMs: number } | undefined;
  /** How long a request taken and never finished keeps counting: a replica may stop mid-request. */
  flightLeaseMs: number;
}

/** The result of a shared take: a ticket to finish with, a wait, or undefined when the store is unreachable. */
export type SharedTake = { ticket: string } | { waitMs: number } | undefined;

export interface SharedRateGate {
  /** Takes a slot at `now` (the caller's clock, so scaled test time works) when the shared state admits one. */
  take(now: number): Promise<SharedTake>;
  /** Stamps a taken request as finished at `now`: from then on it counts as the upstream counted it. */
  finish(ticket: string, now: number): Promise<void>;
  /** Holds every replica's requests until `until` (a 429's Retry-After). */
  pauseUntil(until: number, now: number): Promise<void>;
}
