/**
 * The client every provider calls through. Per request: cache lookup, coalescing of identical GETs, then
 * attempts, each one authorized, admitted by the rate limiter and sent on the origin's pool; auth failures
 * refresh once (single-flight) and replay; retryable failures back off within the retry budget; the final
 * answer is parsed or mapped to a typed error, and stale cache entries stand in when the upstream is down.
 */
import {
  InvalidResponseError,
  RateLimitedError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
} from "../errors.js";
import type { Logger } from "../log.js";
import {
  canonicalQuery,
  connectionPrefix,
  DEFAULT_STALE_MS,
  DEFAULT_TTL_MS,
  invalidationPrefix,
  requestKey,
} from "./cache-keys.js";
import { defaultHttpError } from "./errors.js";
import {
  acquirePool,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type HttpTimeouts,
  type PoolHandle,
  type RawResponse,
  send,
  TransportError,
} from "./http.js";
import { acquireLimiter, type LimiterHandle, QueueFullError } from "./rate-limit.js";
import {
  backoffMs,
  isIdempotent,
  isRetryableStatus,
  type ResolvedRetryOptions,
  type RetryBudget,
  rateLimitHint,
  resolveRetryOptions,
  retryBudgetFor,
  retryNotBefore,
} from "./retry.js";
import { createSingleFlight } from "./single-flight.js";
import type {
  CacheKind,
  HttpMethod,
  SharedCache,
  UpstreamCallOptions,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
} from "./types.js";

export interface UpstreamClientConfig extends UpstreamClientOptions {
  cache: SharedCache;
  /** Cache "sensitive" answers too (only when the configuration says so). */
  cacheSensitive?: boolean;
  /** Share one upstream request among identical concurrent GETs. Default true; off only for measurements. */
  coalesce?: boolean;
}

export interface BudgetEstimate {
  /** Requests that could start now without waiting, by our count. */
  remaining: number;
  /** Milliseconds until the next request (behind those already queued) could start. */
  nextSlotInMs: number;
  /** Sustained requests per minute the policy allows. */
  perMinute: number;
}

/** What a cache entry holds. Set-Cookie is never cached. */
interface CachedAnswer {
  s: number;
  h: Record<string, string | string[] | undefined>;
  d: unknown;
  /** Fresh until (epoch ms). */
  f: number;
}

interface Flight {
  promise: Promise<UpstreamResponse<unknown>>;
  joiners: number;
}

const MAX_REDIRECTS = 5;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles with the promise, or rejects as soon as the caller's own signal aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function cloneResponse<T>(response: UpstreamResponse<T>): UpstreamResponse<T> {
  return {
    ...response,
    headers: { ...response.headers },
    setCookies: [...response.setCookies],
    data: response.data === undefined ? response.data : structuredClone(response.data),
  };
}

/** Errors after which a stale cache entry is better than nothing. */
function allowsStale(error: unknown): boolean {
  return (
    error instanceof RateLimitedError || error instanceof UnavailableError || error instanceof TimeoutError
  );
}

export class UpstreamClient {
  private readonly options: UpstreamClientConfig;
  private readonly provider: string;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly timeouts: HttpTimeouts;
  private readonly maxBodyBytes: number;
  private readonly retry: ResolvedRetryOptions;
  private readonly retryBudget: RetryBudget;
  private readonly poolHandle: PoolHandle;
  private readonly limiterHandle: LimiterHandle;
  private readonly keyBase: string;
  private readonly log: Logger;
  private readonly flights = new Map<string, Flight>();
  private readonly refreshFlight = createSingleFlight<void>();
  /** Counts completed refreshes; an auth failure on headers older than the last refresh just replays. */
  private authEpoch = 0;
  private closed = false;

  constructor(options: UpstreamClientConfig) {
    this.options = options;
    this.provider = options.provider;
    const base = new URL(options.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new Error(`Unsupported base URL protocol "${base.protocol}"`);
    }
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, "");
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.retry = resolveRetryOptions(options.retry);
    this.retryBudget = retryBudgetFor(this.origin, this.retry);
    this.poolHandle = acquirePool(this.origin, this.timeouts.connectMs);
    const policy = options.rateLimit;
    const rateKey = policy.sharedKey
      ? `shared:${this.origin}:${policy.sharedKey}`
      : `credential:${this.origin}:${options.credentialKey}`;
    this.limiterHandle = acquireLimiter(rateKey, policy, options.timeScale ?? 1);
    this.keyBase = connectionPrefix(options.connection, options.baseUrl, options.credentialKey);
    this.log = options.logger.child({
      component: "upstream",
      provider: options.provider,
      connection: options.connection,
    });
  }

  /** An estimate from the rate limiter: what is left now, when the next slot frees, the sustained rate. */
  budget(): BudgetEstimate {
    return this.limiterHandle.limiter.budget();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.limiterHandle.release();
    await this.poolHandle.release();
  }

  async request<T = unknown>(
    req: UpstreamRequest,
    call: UpstreamCallOptions = { scopeKey: "" },
  ): Promise<UpstreamResponse<T>> {
    if (this.closed) throw new Error("UpstreamClient is closed");
    if (/^[a-z][a-z0-9+.-]*:/i.test(req.path) || req.path.startsWith("//")) {
      throw new Error("UpstreamRequest.path must be a path, not an absolute URL");
    }
    const deadline = Date.now() + (call.maxWaitMs ?? this.retry.deadlineMs);

    if (req.method !== "GET") {
      const response = await this.execute(req, deadline, req.signal);
      if (req.invalidates?.length && response.status < 300) await this.invalidate(req.invalidates);
      return response as UpstreamResponse<T>;
    }

    const key = requestKey(this.keyBase, req, call.scopeKey);
    const kind = req.cache?.kind;
    const cacheable = kind !== undefined && (kind !== "sensitive" || this.options.cacheSensitive === true);
    let entry: { value: CachedAnswer; storedAt: number } | undefined;
    if (cacheable) {
      entry = await this.cacheGet(key);
      if (entry && !call.noCache && Date.now() < entry.value.f) {
        return this.fromCache<T>(entry, false);
      }
    }

    if (this.options.coalesce === false) {
      const response = await this.fetchAndStore(
        req,
        key,
        cacheable ? kind : undefined,
        deadline,
        entry,
        req.signal,
      );
      return response as UpstreamResponse<T>;
    }
    const existing = this.flights.get(key);
    if (existing) {
      existing.joiners++;
      return cloneResponse(await raceAbort(existing.promise, req.signal)) as UpstreamResponse<T>;
    }
    const flight: Flight = {
      promise: (async () => {
        try {
          // The shared attempt ignores any one caller's signal; each caller stops waiting on its own.
          const { signal: _own, ...shared } = req;
          return await this.fetchAndStore(
            shared,
            key,
            cacheable ? kind : undefined,
            deadline,
            entry,
            undefined,
          );
        } finally {
          this.flights.delete(key);
        }
      })(),
      joiners: 0,
    };
    this.flights.set(key, flight);
    const response = await raceAbort(flight.promise, req.signal);
    return (flight.joiners > 0 ? cloneResponse(response) : response) as UpstreamResponse<T>;
  }

  private fromCache<T>(
    entry: { value: CachedAnswer; storedAt: number },
    stale: boolean,
  ): UpstreamResponse<T> {
    const ageSeconds = Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
    return {
      status: entry.value.s,
      headers: entry.value.h,
      setCookies: [],
      data: entry.value.d as T,
      cached: { ageSeconds, stale },
    };
  }

  private ttlFor(kind: CacheKind, req: UpstreamRequest): number {
    return req.cache?.ttlMs ?? this.options.cacheTtlMs?.[kind] ?? DEFAULT_TTL_MS[kind];
  }

  private async fetchAndStore(
    req: UpstreamRequest,
    key: string,
    kind: CacheKind | undefined,
    deadline: number,
    entry: { value: CachedAnswer; storedAt: number } | undefined,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse<unknown>> {
    try {
      const response = await this.execute(req, deadline, signal);
      if (kind !== undefined && response.status >= 200 && response.status < 300) {
        const ttl = this.ttlFor(kind, req);
        const stale = this.options.staleIfErrorMs ?? DEFAULT_STALE_MS[kind];
        const { "set-cookie": _dropped, ...headers } = response.headers;
        const answer: CachedAnswer = {
          s: response.status,
          h: headers,
          d: response.data,
          f: Date.now() + ttl,
        };
        await this.cacheSet(key, answer, ttl + stale);
      }
      return response;
    } catch (error) {
      if (entry && allowsStale(error)) {
        this.log.warn("serving a stale cache entry", {
          reason: (error as Error).name,
          path: pathShape(req.path),
        });
        return this.fromCache(entry, true);
      }
      throw error;
    }
  }

  private async cacheGet(key: string): Promise<{ value: CachedAnswer; storedAt: number } | undefined> {
    try {
      const entry = await this.options.cache.get<CachedAnswer>(key);
      // Anything not shaped like our entry (an older format, a foreign write) is a miss.
      if (!entry || typeof entry.value?.f !== "number" || typeof entry.value.s !== "number") return undefined;
      return entry;
    } catch (error) {
      this.log.warn("cache read failed", { error: (error as Error).message });
      return undefined;
    }
  }

  private async cacheSet(key: string, value: CachedAnswer, ttlMs: number): Promise<void> {
    try {
      await this.options.cache.set(key, value, ttlMs);
    } catch (error) {
      this.log.warn("cache write failed", { error: (error as Error).message });
    }
  }

  private async invalidate(paths: string[]): Promise<void> {
    for (const path of paths) {
      try {
        await this.options.cache.deletePrefix(invalidationPrefix(this.keyBase, path));
      } catch (error) {
        this.log.warn("cache invalidation failed", { error: (error as Error).message });
      }
    }
  }

  /** Attempts until an answer: authorization, rate limits, auth replay, retries, redirects. */
  private async execute(
    req: UpstreamRequest,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse<unknown>> {
    const auth = req.anonymous ? undefined : this.options.authenticator;
    let method: HttpMethod = req.method;
    let path = this.fullPath(req);
    let body = this.encodeBody(req);
    let idempotent = isIdempotent(method, req.idempotencyKey);
    let attempt = 0;
    let redirects = 0;
    let replayedAuth = false;
    this.retryBudget.recordRequest();

    for (;;) {
      attempt++;
      const headers: Record<string, string> = { accept: "application/json", ...req.headers };
      if (body) headers["content-type"] = body.type;
      if (req.idempotencyKey) headers["idempotency-key"] = req.idempotencyKey;
      const epoch = this.authEpoch;
      if (auth) await auth.authorize(headers, signal);

      let raw: RawResponse;
      try {
        raw = await this.sendLimited(method, path, headers, body?.text, req, deadline, signal);
      } catch (error) {
        if (error instanceof QueueFullError) {
          this.log.warn("rate limit queue full", { retryAfterMs: error.retryAfterMs });
          throw new RateLimitedError(this.provider, error.retryAfterMs / 1000, error.detail);
        }
        if (!(error instanceof TransportError)) throw error;
        // A request that never left may always be retried; one that may have arrived only if idempotent.
        const retryable = error.phase === "connect" || (error.phase === "reset" && idempotent);
        if (retryable && attempt < this.retry.attempts && this.retryBudget.tryRetry()) {
          const wait = backoffMs(attempt, this.retry.baseMs, this.retry.capMs);
          if (Date.now() + wait <= deadline) {
            this.log.warn("retrying after a transport failure", {
              phase: error.phase,
              attempt,
              waitMs: wait,
            });
            await sleep(wait, signal);
            continue;
          }
        }
        throw this.transportToTyped(error, !idempotent);
      }

      let parsed: { value: unknown } | undefined;
      const bodyOf = (): unknown => {
        parsed ??= { value: parseQuietly(raw) };
        return parsed.value;
      };

      if (auth && this.isAuthFailure(raw, bodyOf)) {
        if (!replayedAuth) {
          replayedAuth = true;
          attempt--;
          await this.refreshAuth(epoch, signal);
          continue;
        }
        if (raw.status >= 400) {
          const mapped = this.options.mapError?.(raw.status, bodyOf());
          if (mapped) throw mapped;
        }
        throw new UnauthorizedError(
          `${this.provider} refused the credentials even after signing in again. Check the connection's credentials.`,
        );
      }

      if (raw.status >= 300 && raw.status < 400 && req.redirect === "follow") {
        const location = header(raw.headers, "location");
        if (location && redirects < MAX_REDIRECTS) {
          const target = new URL(location, `${this.origin}${path}`);
          if (target.origin !== this.origin) {
            throw new InvalidResponseError(this.provider, "redirected to another host, not followed");
          }
          redirects++;
          attempt--;
          path = `${target.pathname}${target.search}`;
          if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === "POST")) {
            method = "GET";
            body = undefined;
            idempotent = true;
          }
          continue;
        }
      }

      if (raw.status >= 400 && isRetryableStatus(method, raw.status)) {
        const now = Date.now();
        const notBefore = retryNotBefore(raw.headers, now);
        if (raw.status === 429 && notBefore !== undefined)
          this.limiterHandle.limiter.gate.pauseUntil(notBefore);
        const hintedMs = notBefore === undefined ? 0 : Math.max(0, notBefore - now);
        if (idempotent && attempt < this.retry.attempts) {
          const wait = Math.max(hintedMs, backoffMs(attempt, this.retry.baseMs, this.retry.capMs));
          if (now + wait > deadline || wait > this.options.rateLimit.maxQueueWaitMs) {
            this.log.warn("upstream asked for a wait longer than allowed", {
              status: raw.status,
              waitMs: wait,
            });
            throw this.tooLongWait(raw.status, wait);
          }
          if (this.retryBudget.tryRetry()) {
            this.log.warn("retrying", { status: raw.status, attempt, waitMs: wait });
            await sleep(wait, signal);
            continue;
          }
          this.log.warn("retry budget spent, not retrying", { status: raw.status });
        }
        if (raw.status === 429) {
          throw (
            this.options.mapError?.(raw.status, bodyOf()) ??
            new RateLimitedError(this.provider, hintedMs > 0 ? hintedMs / 1000 : 5)
          );
        }
      }

      return this.finish(req, method, raw, bodyOf);
    }
  }

  private tooLongWait(status: number, waitMs: number): Error {
    if (status === 429) return new RateLimitedError(this.provider, waitMs / 1000);
    return new UnavailableError(
      this.provider,
      `HTTP ${status}; retry in ${Math.max(1, Math.ceil(waitMs / 1000))} s`,
    );
  }

  private async refreshAuth(seenEpoch: number, signal: AbortSignal | undefined): Promise<void> {
    const auth = this.options.authenticator;
    if (!auth || this.authEpoch !== seenEpoch) return;
    await this.refreshFlight.run("refresh", async () => {
      this.log.info("refreshing upstream authentication");
      await auth.refresh(signal);
      this.authEpoch++;
    });
  }

  private isAuthFailure(raw: RawResponse, bodyOf: () => unknown): boolean {
    if (raw.status === 401) return true;
    const check = this.options.authenticator?.isAuthFailure;
    return check ? check.call(this.options.authenticator, raw.status, bodyOf()) : false;
  }

  private async sendLimited(
    method: HttpMethod,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    req: UpstreamRequest,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    const limiter = this.limiterHandle.limiter;
    const raw = await limiter.schedule(
      async () => {
        const started = Date.now();
        const response = await send(this.poolHandle.pool, {
          method,
          path,
          headers,
          ...(body === undefined ? {} : { body }),
          ...(signal ? { signal } : {}),
          timeouts: this.timeouts,
          maxBodyBytes: this.maxBodyBytes,
          discardBody: req.expect === "none",
        });
        this.log.debug("upstream request", {
          method,
          path: pathShape(path),
          status: response.status,
          ms: Date.now() - started,
        });
        return response;
      },
      { priority: req.priority ?? "interactive", deadline, ...(signal ? { signal } : {}) },
    );
    const hint = rateLimitHint(raw.headers, Date.now());
    if (hint) limiter.gate.observe(hint, Date.now());
    return raw;
  }

  private encodeBody(req: UpstreamRequest): { type: string; text: string } | undefined {
    if (req.json !== undefined) return { type: "application/json", text: JSON.stringify(req.json) };
    if (req.form)
      return { type: "application/x-www-form-urlencoded", text: new URLSearchParams(req.form).toString() };
    return undefined;
  }

  private transportToTyped(error: TransportError, write = false): Error {
    const provider = this.provider;
    switch (error.phase) {
      case "headers":
        return new TimeoutError(provider, "waiting for the response headers");
      case "body":
        return new TimeoutError(provider, "reading the response body");
      case "too_large":
        return new InvalidResponseError(provider, `response larger than ${formatBytes(this.maxBodyBytes)}`);
      case "connect":
        return new UnavailableError(provider, "could not connect");
      default:
        return new UnavailableError(
          provider,
          write
            ? "the connection was reset after the request was sent, so the change may or may not have been made; check before trying again"
            : "the connection was reset",
        );
    }
  }

  private fullPath(req: UpstreamRequest): string {
    const path = `${this.basePath}/${req.path.replace(/^\/+/, "")}`;
    const query = canonicalQuery(req.query);
    return query ? `${path}?${query}` : path;
  }

  private finish(
    req: UpstreamRequest,
    method: HttpMethod,
    raw: RawResponse,
    bodyOf: () => unknown,
  ): UpstreamResponse<unknown> {
    if (raw.status >= 400) {
      const body = bodyOf();
      throw this.options.mapError?.(raw.status, body) ?? defaultHttpError(this.provider, raw.status, body);
    }
    let data: unknown;
    const skip = req.expect === "none" || method === "HEAD" || raw.status === 204 || raw.status >= 300;
    if (!skip) {
      // Parsed once; only a body that did not parse goes through parseJson again, for the right error.
      data = bodyOf();
      if (data === undefined) data = parseJson(this.provider, raw);
    }
    return { status: raw.status, headers: raw.headers, setCookies: raw.setCookies, data };
  }
}

/** A path for logs: no query, and segments carrying ids replaced, e.g. /students/:id/timetable. */
function pathShape(path: string): string {
  return (path.split("?")[0] ?? "")
    .split("/")
    .map((segment) => (/\d|@/.test(segment) || segment.length > 24 ? ":id" : segment))
    .join("/");
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function parseQuietly(raw: RawResponse): unknown {
  if (!raw.body || raw.body.length === 0) return undefined;
  try {
    return JSON.parse(raw.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Parses a JSON body; the error names what was wrong, never what the body said. */
export function parseJson(provider: string, raw: RawResponse): unknown {
  const body = raw.body;
  if (!body || body.length === 0)
    throw new InvalidResponseError(provider, "empty body where JSON was expected");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    const type = (raw.contentType.split(";")[0] ?? "")
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.+/-]/g, "");
    const detail = type && !type.includes("json") ? `expected JSON, got ${type}` : "malformed JSON";
    throw new InvalidResponseError(provider, detail);
  }
}
