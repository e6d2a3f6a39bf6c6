import { InvalidResponseError, TimeoutError, UnavailableError } from "../errors.js";
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
import type {
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
}

export interface BudgetEstimate {
  /** Requests that could start now without waiting. */
  remaining: number;
  /** Milliseconds until the next request could start. */
  nextSlotInMs: number;
  /** Sustained requests per minute the policy allows. */
  perMinute: number;
}

export class UpstreamClient {
  private readonly options: UpstreamClientConfig;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly timeouts: HttpTimeouts;
  private readonly maxBodyBytes: number;
  private readonly poolHandle: PoolHandle;

  constructor(options: UpstreamClientConfig) {
    this.options = options;
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    this.basePath = base.pathname.replace(/\/+$/, "");
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.poolHandle = acquirePool(this.origin, this.timeouts.connectMs);
  }

  budget(): BudgetEstimate {
    const tightest = this.options.rateLimit.windows.reduce(
      (min, w) => Math.min(min, (w.limit * 60_000) / w.intervalMs),
      Number.POSITIVE_INFINITY,
    );
    return { remaining: 1, nextSlotInMs: 0, perMinute: tightest };
  }

  async request<T = unknown>(
    req: UpstreamRequest,
    _call: UpstreamCallOptions = { scopeKey: "" },
  ): Promise<UpstreamResponse<T>> {
    let raw = await this.attempt(req);
    const auth = this.options.authenticator;
    if (auth && !req.anonymous && this.isAuthFailure(raw)) {
      await auth.refresh(req.signal);
      raw = await this.attempt(req);
    }
    return this.finish<T>(req, raw);
  }

  async close(): Promise<void> {
    await this.poolHandle.release();
  }

  private isAuthFailure(raw: RawResponse): boolean {
    const auth = this.options.authenticator;
    const body = parseQuietly(raw);
    if (auth?.isAuthFailure) return auth.isAuthFailure(raw.status, body);
    return raw.status === 401;
  }

  private async attempt(req: UpstreamRequest): Promise<RawResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(req.form).toString();
    }
    if (req.idempotencyKey) headers["idempotency-key"] = req.idempotencyKey;
    if (!req.anonymous && this.options.authenticator)
      await this.options.authenticator.authorize(headers, req.signal);
    try {
      return await send(this.poolHandle.pool, {
        method: req.method,
        path: this.fullPath(req),
        headers,
        ...(body === undefined ? {} : { body }),
        ...(req.signal ? { signal: req.signal } : {}),
        timeouts: this.timeouts,
        maxBodyBytes: this.maxBodyBytes,
        discardBody: req.expect === "none",
      });
    } catch (error) {
      throw this.transportToTyped(error);
    }
  }

  private transportToTyped(error: unknown): unknown {
    if (!(error instanceof TransportError)) return error;
    const provider = this.options.provider;
    switch (error.phase) {
      case "headers":
        return new TimeoutError(provider, "waiting for the response headers");
      case "body":
        return new TimeoutError(provider, "reading the response body");
      case "too_large":
        return new InvalidResponseError(
          provider,
          `response larger than ${Math.round(this.maxBodyBytes / 1024)} KB`,
        );
      case "connect":
        return new UnavailableError(provider, "could not connect");
      default:
        return new UnavailableError(provider, "the connection was reset");
    }
  }

  private fullPath(req: UpstreamRequest): string {
    const path = `${this.basePath}/${req.path.replace(/^\/+/, "")}`;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) params.append(key, String(value));
    }
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  }

  private finish<T>(req: UpstreamRequest, raw: RawResponse): UpstreamResponse<T> {
    const provider = this.options.provider;
    if (raw.status >= 400) {
      const body = parseQuietly(raw);
      const mapped = this.options.mapError?.(raw.status, body);
      throw mapped ?? defaultHttpError(provider, raw.status, body);
    }
    let data: unknown;
    if (req.expect !== "none" && raw.status !== 204 && (raw.status < 300 || raw.status >= 400)) {
      data = parseJson(provider, raw);
    }
    return { status: raw.status, headers: raw.headers, setCookies: raw.setCookies, data: data as T };
  }
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
  const type = raw.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type && !type.includes("json")) {
    throw new InvalidResponseError(provider, `expected JSON, got ${type.replace(/[^a-z0-9.+/-]/g, "")}`);
  }
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new InvalidResponseError(provider, "malformed JSON");
  }
}
