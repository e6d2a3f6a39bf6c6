/**
 * The attempts behind one upstream call: each authorized, admitted by the rate limiter and sent on the
 * origin's pool. Auth failures refresh once and replay; same-origin redirects are followed when asked;
 * retryable failures back off within the retry budget and the call's deadline; the final answer is parsed
 * or mapped to a typed error.
 */
import type { Pool } from "undici";
import { InvalidResponseError, RateLimitedError, UnauthorizedError } from "../errors.js";
import type { Logger } from "../log.js";
import { sleep } from "./abort.js";
import type { AuthReplay } from "./auth-replay.js";
import { canonicalQuery } from "./cache-keys.js";
import {
  defaultHttpError,
  type MapUpstreamError,
  providerWords,
  tooLongWaitError,
  transportFailureError,
  writeMayHaveHappened,
} from "./errors.js";
import { type HttpTimeouts, header, pathShape, type RawResponse, send, TransportError } from "./http.js";
import type { Limiter } from "./limiter.js";
import { maxPause, QueueFullError } from "./rate-limit.js";
import { lazyJson, parseJson } from "./response.js";
import {
  backoffMs,
  isIdempotent,
  isRetryableStatus,
  type ResolvedRetryOptions,
  type RetryBudget,
  rateLimitHint,
  retryNotBefore,
} from "./retry.js";
import type { HttpMethod, UpstreamRequest, UpstreamResponse } from "./types.js";

const MAX_REDIRECTS = 5;

export interface AttemptSettings {
  provider: string;
  origin: string;
  /** The base URL's path without a trailing slash; request paths are joined to it. */
  basePath: string;
  timeouts: HttpTimeouts;
  maxBodyBytes: number;
  retry: ResolvedRetryOptions;
  retryBudget: RetryBudget;
  pool: Pool;
  limiter: Limiter;
  /** The rate-limit policy's longest queue wait; an upstream asking for more is not waited for. */
  maxQueueWaitMs: number;
  auth: AuthReplay | undefined;
  mapError: MapUpstreamError | undefined;
  log: Logger;
}

export class AttemptRunner {
  constructor(private readonly settings: AttemptSettings) {}

  /** Attempts until an answer: authorization, rate limits, auth replay, retries, redirects. */
  async run(
    req: UpstreamRequest,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<UpstreamResponse<unknown>> {
    const { provider, origin, retry, retryBudget, limiter, mapError, log } = this.settings;
    const auth = req.anonymous ? undefined : this.settings.auth;
    let method: HttpMethod = req.method;
    let path = this.fullPath(req);
    let body = encodeBody(req);
    let idempotent = isIdempotent(method, req.idempotencyKey);
    let attempt = 0;
    let redirects = 0;
    let replayedAuth = false;
    retryBudget.recordRequest();

    for (;;) {
      attempt++;
      const headers: Record<string, string> = { accept: "application/json", ...req.headers };
      if (body) headers["content-type"] = body.type;
      if (req.idempotencyKey) headers["idempotency-key"] = req.idempotencyKey;
      const epoch = auth ? await auth.authorize(headers, signal) : 0;

      let raw: RawResponse;
      try {
        raw = await this.sendLimited(method, path, headers, body?.text, req, deadline, signal);
      } catch (error) {
        if (error instanceof QueueFullError) {
          log.warn("rate limit queue full", { retryAfterMs: error.retryAfterMs });
          throw new RateLimitedError(provider, error.retryAfterMs / 1000, error.detail);
        }
        if (!(error instanceof TransportError)) throw error;
        // A request that never left may always be retried; one that may have arrived only if idempotent.
        const retryable = error.phase === "connect" || (error.phase === "reset" && idempotent);
        if (retryable && attempt < retry.attempts && retryBudget.tryRetry()) {
          const wait = backoffMs(attempt, retry.baseMs, retry.capMs);
          if (Date.now() + wait <= deadline) {
            log.warn("retrying after a transport failure", {
              phase: error.phase,
              attempt,
              waitMs: wait,
            });
            await sleep(wait, signal);
            continue;
          }
        }
        throw transportFailureError(provider, error, this.settings.maxBodyBytes, !idempotent);
      }

      const bodyOf = lazyJson(raw);

      if (auth?.isFailure(raw.status, bodyOf)) {
        if (!replayedAuth) {
          replayedAuth = true;
          attempt--;
          await auth.refresh(epoch, signal);
          continue;
        }
        if (raw.status >= 400) {
          const mapped = mapError?.(raw.status, bodyOf());
          if (mapped) throw mapped;
        }
        throw new UnauthorizedError(
          `${provider} refused the credentials even after signing in again. Check the connection's credentials.`,
        );
      }

      if (raw.status >= 300 && raw.status < 400 && req.redirect === "follow") {
        const location = header(raw.headers, "location");
        if (location && redirects < MAX_REDIRECTS) {
          const target = new URL(location, `${origin}${path}`);
          if (target.origin !== origin) {
            throw new InvalidResponseError(provider, "redirected to another host, not followed");
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
        if (raw.status === 429 && notBefore !== undefined) limiter.pauseUntil(notBefore);
        const hintedMs = notBefore === undefined ? 0 : Math.max(0, notBefore - now);
        if (idempotent && attempt < retry.attempts) {
          const wait = Math.max(hintedMs, backoffMs(attempt, retry.baseMs, retry.capMs));
          if (now + wait > deadline || wait > this.settings.maxQueueWaitMs) {
            log.warn("upstream asked for a wait longer than allowed", {
              status: raw.status,
              waitMs: wait,
            });
            throw tooLongWaitError(provider, raw.status, Math.min(wait, maxPause()), providerWords(bodyOf()));
          }
          if (retryBudget.tryRetry()) {
            log.warn("retrying", { status: raw.status, attempt, waitMs: wait });
            await sleep(wait, signal);
            continue;
          }
          log.warn("retry budget spent, not retrying", { status: raw.status });
        }
        if (raw.status === 429) {
          throw (
            mapError?.(raw.status, bodyOf()) ??
            new RateLimitedError(
              provider,
              hintedMs > 0 ? Math.min(hintedMs, maxPause()) / 1000 : 5,
              providerWords(bodyOf()),
            )
          );
        }
      }

      return this.finish(req, method, raw, bodyOf);
    }
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
    const { limiter, pool, timeouts, maxBodyBytes, log } = this.settings;
    const raw = await limiter.schedule(
      async () => {
        const started = Date.now();
        const response = await send(pool, {
          method,
          path,
          headers,
          ...(body === undefined ? {} : { body }),
          ...(signal ? { signal } : {}),
          timeouts,
          maxBodyBytes,
          discardBody: req.expect === "none",
          deadline,
        });
        log.debug("upstream request", {
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

  private fullPath(req: UpstreamRequest): string {
    const path = `${this.settings.basePath}/${req.path.replace(/^\/+/, "")}`;
    const query = canonicalQuery(req.query);
    return query ? `${path}?${query}` : path;
  }

  private finish(
    req: UpstreamRequest,
    method: HttpMethod,
    raw: RawResponse,
    bodyOf: () => unknown,
  ): UpstreamResponse<unknown> {
    const { provider, mapError } = this.settings;
    const write = !isIdempotent(method, req.idempotencyKey);
    if (raw.status >= 400) {
      const body = bodyOf();
      const mapped = mapError?.(raw.status, body);
      if (mapped) throw mapped;
      // A 5xx to a change says nothing about whether the provider acted before it failed.
      if (write && raw.status >= 500) throw writeMayHaveHappened(provider, `it answered HTTP ${raw.status}`);
      throw defaultHttpError(provider, raw.status, body);
    }
    let data: unknown;
    const skip = req.expect === "none" || method === "HEAD" || raw.status === 204 || raw.status >= 300;
    if (!skip) {
      // Parsed once; only a body that did not parse goes through parseJson again, for the right error.
      data = bodyOf();
      if (data === undefined) {
        try {
          data = parseJson(provider, raw);
        } catch (error) {
          // The provider accepted the change (2xx); only its answer is unreadable, so this is no failure.
          if (write)
            throw writeMayHaveHappened(
              provider,
              `it accepted the request (HTTP ${raw.status}) but its answer could not be read`,
            );
          throw error;
        }
      }
    }
    return { status: raw.status, headers: raw.headers, setCookies: raw.setCookies, data };
  }
}

function encodeBody(req: UpstreamRequest): { type: string; text: string } | undefined {
  if (req.json !== undefined) return { type: "application/json", text: JSON.stringify(req.json) };
  if (req.form)
    return { type: "application/x-www-form-urlencoded", text: new URLSearchParams(req.form).toString() };
  return undefined;
}
