/**
 * The client every provider calls through. Per request: cache lookup, coalescing of identical GETs, then
 * attempts, each one authorized, admitted by the rate limiter and sent on the origin's pool; auth failures
 * refresh once (single-flight) and replay; retryable failures back off within the retry budget; the final
 * answer is parsed or mapped to a typed error, and stale cache entries stand in when the upstream is down.
 */
import { AttemptRunner } from "./attempts.js";
import { AuthReplay } from "./auth-replay.js";
import { connectionPrefix } from "./cache-keys.js";
import { type CachedReadOptions, CachedReads } from "./cached-reads.js";
import { FairShare } from "./fair-share.js";
import {
  acquirePool,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_TIMEOUTS,
  type HttpTimeouts,
  type PoolHandle,
} from "./http.js";
import { acquireLimiter, type LimiterHandle } from "./limiter.js";
import { type ResolvedRetryOptions, resolveRetryOptions, retryBudgetFor } from "./retry.js";
import type {
  UpstreamCallOptions,
  UpstreamClientOptions,
  UpstreamRequest,
  UpstreamResponse,
} from "./types.js";

export interface UpstreamClientConfig extends UpstreamClientOptions, CachedReadOptions {}

export interface BudgetEstimate {
  /** Requests that could start now without waiting, by our count. */
  remaining: number;
  /** Milliseconds until the next request (behind those already queued) could start. */
  nextSlotInMs: number;
  /** Sustained requests per minute the policy allows. */
  perMinute: number;
}

/**
 * How long a request that was sent and never finished keeps counting against the shared limits: longer
 * than any request can take, so only a replica that stopped mid-request ever reaches it.
 */
function flightLeaseMs(timeouts: HttpTimeouts): number {
  return Math.max(60_000, 2 * (timeouts.connectMs + timeouts.headersMs + timeouts.bodyMs));
}

export class UpstreamClient {
  private readonly retry: ResolvedRetryOptions;
  private readonly poolHandle: PoolHandle;
  private readonly limiterHandle: LimiterHandle;
  private readonly attempts: AttemptRunner;
  private readonly reads: CachedReads;
  private readonly fairShare: FairShare;
  private closed = false;

  constructor(options: UpstreamClientConfig) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:") {
      throw new Error(`Unsupported base URL protocol "${base.protocol}"`);
    }
    const origin = base.origin;
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.retry = resolveRetryOptions(options.retry);
    this.poolHandle = acquirePool(origin, timeouts.connectMs);
    const policy = options.rateLimit;
    const rateKey = policy.sharedKey
      ? `shared:${origin}:${policy.sharedKey}`
      : `credential:${origin}:${options.credentialKey}`;
    this.limiterHandle = acquireLimiter(
      rateKey,
      policy,
      options.timeScale ?? 1,
      options.rateStore && { store: options.rateStore, flightLeaseMs: flightLeaseMs(timeouts) },
    );
    const log = options.logger.child({
      component: "upstream",
      provider: options.provider,
      connection: options.connection,
    });
    this.attempts = new AttemptRunner({
      provider: options.provider,
      origin,
      basePath: base.pathname.replace(/\/+$/, ""),
      timeouts,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      retry: this.retry,
      retryBudget: retryBudgetFor(origin, this.retry),
      pool: this.poolHandle.pool,
      limiter: this.limiterHandle.limiter,
      maxQueueWaitMs: policy.maxQueueWaitMs,
      auth: options.authenticator ? new AuthReplay(options.authenticator, log) : undefined,
      mapError: options.mapError,
      log,
    });
    this.fairShare = new FairShare({
      provider: options.provider,
      policy,
      ...(options.timeScale ? { timeScale: options.timeScale } : {}),
    });
    const keyBase = connectionPrefix(options.connection, options.baseUrl, options.credentialKey);
    this.reads = new CachedReads(
      options,
      keyBase,
      (req, deadline, signal, call) => this.send(req, deadline, signal, call),
      log,
    );
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

  /** The caller's share of the budget for a request that will reach the upstream, and its count. */
  private send(
    req: UpstreamRequest,
    deadline: number,
    signal: AbortSignal | undefined,
    call: UpstreamCallOptions | undefined,
  ): Promise<UpstreamResponse<unknown>> {
    this.fairShare.admit(call?.caller);
    call?.meter?.count();
    return this.attempts.run(req, deadline, signal);
  }

  /** This caller's share of the connection's tightest window now (all of it while alone). */
  shareFor(caller: string): number {
    return this.fairShare.share(caller);
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
      const response = await this.send(req, deadline, req.signal, call);
      if (req.invalidates?.length && response.status < 300) await this.reads.invalidate(req.invalidates);
      return response as UpstreamResponse<T>;
    }
    return this.reads.get<T>(req, call, deadline);
  }
}
