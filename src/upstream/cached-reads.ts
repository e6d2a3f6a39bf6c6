/**
 * The GET path: a fresh cache entry answers at once; identical concurrent GETs share one upstream request;
 * successful answers are stored; a stale entry stands in when the upstream is down. Writes invalidate by
 * path prefix.
 */
import { RateLimitedError, TimeoutError, UnavailableError } from "../errors.js";
import type { Logger } from "../log.js";
import { raceAbort } from "./abort.js";
import { DEFAULT_STALE_MS, DEFAULT_TTL_MS, invalidationPrefix, requestKey } from "./cache-keys.js";
import { pathShape } from "./http.js";
import type {
  CacheKind,
  SharedCache,
  UpstreamCallOptions,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
} from "./types.js";

export interface CachedReadOptions extends Pick<UpstreamClientOptions, "cacheTtlMs" | "staleIfErrorMs"> {
  cache: SharedCache;
  /** Cache "sensitive" answers too (only when the configuration says so). */
  cacheSensitive?: boolean;
  /** Share one upstream request among identical concurrent GETs. Default true; off only for measurements. */
  coalesce?: boolean;
}

/** Runs the attempts for one request. */
export type ExecuteRequest = (
  req: UpstreamRequest,
  deadline: number,
  signal: AbortSignal | undefined,
  call?: UpstreamCallOptions,
) => Promise<UpstreamResponse<unknown>>;

/** What a cache entry holds. Set-Cookie is never cached. */
interface CachedAnswer {
  s: number;
  h: Record<string, string | string[] | undefined>;
  d: unknown;
  /** Fresh until (epoch ms). */
  f: number;
}

type CacheEntry = { value: CachedAnswer; storedAt: number };

interface Flight {
  promise: Promise<UpstreamResponse<unknown>>;
  joiners: number;
  /** Callers still waiting; when the last one goes, the shared request is cancelled upstream too. */
  waiting: number;
  controller: AbortController;
}

/** Waits for a shared flight on behalf of one caller, and lets the flight go when every caller has left. */
function waitFor(flight: Flight, signal: AbortSignal | undefined): Promise<UpstreamResponse<unknown>> {
  signal?.addEventListener(
    "abort",
    () => {
      flight.waiting--;
      if (flight.waiting === 0) flight.controller.abort(signal.reason);
    },
    { once: true },
  );
  return raceAbort(flight.promise, signal);
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

function fromCache<T>(entry: CacheEntry, stale: boolean): UpstreamResponse<T> {
  const ageSeconds = Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
  return {
    status: entry.value.s,
    headers: entry.value.h,
    setCookies: [],
    data: entry.value.d as T,
    cached: { ageSeconds, stale },
  };
}

export class CachedReads {
  private readonly flights = new Map<string, Flight>();

  constructor(
    private readonly options: CachedReadOptions,
    /** The connection's key prefix (connectionPrefix). */
    private readonly keyBase: string,
    private readonly execute: ExecuteRequest,
    private readonly log: Logger,
  ) {}

  async get<T>(
    req: UpstreamRequest,
    call: UpstreamCallOptions,
    deadline: number,
  ): Promise<UpstreamResponse<T>> {
    const key = requestKey(this.keyBase, req, call.scopeKey);
    const kind = req.cache?.kind;
    const cacheable = kind !== undefined && (kind !== "sensitive" || this.options.cacheSensitive === true);
    let entry: CacheEntry | undefined;
    if (cacheable) {
      entry = await this.cacheGet(key);
      if (entry && !call.noCache && Date.now() < entry.value.f) {
        return fromCache<T>(entry, false);
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
        call,
      );
      return response as UpstreamResponse<T>;
    }
    const existing = this.flights.get(key);
    if (existing) {
      existing.joiners++;
      existing.waiting++;
      return cloneResponse(await waitFor(existing, req.signal)) as UpstreamResponse<T>;
    }
    const controller = new AbortController();
    const flight: Flight = {
      promise: (async () => {
        try {
          // The shared attempt answers to no one caller's signal: it stops only when every caller has gone.
          const { signal: _own, ...shared } = req;
          return await this.fetchAndStore(
            { ...shared, signal: controller.signal },
            key,
            cacheable ? kind : undefined,
            deadline,
            entry,
            controller.signal,
            call,
          );
        } finally {
          this.flights.delete(key);
        }
      })(),
      joiners: 0,
      waiting: 1,
      controller,
    };
    // Nobody may be left to see a cancelled flight's rejection.
    flight.promise.catch(() => {});
    this.flights.set(key, flight);
    const response = await waitFor(flight, req.signal);
    return (flight.joiners > 0 ? cloneResponse(response) : response) as UpstreamResponse<T>;
  }

  async invalidate(paths: string[]): Promise<void> {
    for (const path of paths) {
      try {
        await this.options.cache.deletePrefix(invalidationPrefix(this.keyBase, path));
      } catch (error) {
        this.log.warn("cache invalidation failed", { error: (error as Error).message });
      }
    }
  }

  private ttlFor(kind: CacheKind, req: UpstreamRequest): number {
    return req.cache?.ttlMs ?? this.options.cacheTtlMs?.[kind] ?? DEFAULT_TTL_MS[kind];
  }

  private async fetchAndStore(
    req: UpstreamRequest,
    key: string,
    kind: CacheKind | undefined,
    deadline: number,
    entry: CacheEntry | undefined,
    signal: AbortSignal | undefined,
    call?: UpstreamCallOptions,
  ): Promise<UpstreamResponse<unknown>> {
    try {
      const answered = await this.execute(req, deadline, signal, call);
      const project = req.cache?.project;
      const response =
        project && answered.data !== undefined
          ? { ...answered, data: project.apply(answered.data) }
          : answered;
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
        return fromCache(entry, true);
      }
      throw error;
    }
  }

  private async cacheGet(key: string): Promise<CacheEntry | undefined> {
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
}
