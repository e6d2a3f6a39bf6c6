/**
 * Retry policy: which failures are worth another attempt, full-jitter exponential backoff, upstream wait
 * hints, and a retry budget per upstream so a dead upstream fails fast instead of multiplying load.
 */
import { header } from "./http.js";
import type { HttpMethod, RetryOptions } from "./types.js";

export interface ResolvedRetryOptions {
  attempts: number;
  baseMs: number;
  capMs: number;
  budgetRatio: number;
  budgetMinRetries: number;
  budgetWindowMs: number;
  deadlineMs: number;
}

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  return {
    attempts: Math.max(1, options.attempts ?? 3),
    baseMs: options.baseMs ?? 250,
    capMs: options.capMs ?? 20_000,
    budgetRatio: options.budgetRatio ?? 0.2,
    budgetMinRetries: options.budgetMinRetries ?? 3,
    budgetWindowMs: options.budgetWindowMs ?? 10_000,
    deadlineMs: options.deadlineMs ?? 60_000,
  };
}

/** Full jitter: a uniform wait between 0 and min(cap, base × 2^(retry − 1)). */
export function backoffMs(retry: number, baseMs: number, capMs: number, random: () => number = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export function isIdempotent(method: HttpMethod, idempotencyKey: string | undefined): boolean {
  return method === "GET" || method === "HEAD" || (method === "POST" && Boolean(idempotencyKey));
}

/** Statuses worth another attempt. 400, 401, 403, 404 and 422 never are. */
export function isRetryableStatus(method: HttpMethod, status: number): boolean {
  if (status === 429 || status === 502 || status === 503 || status === 504) return true;
  return status === 500 && (method === "GET" || method === "HEAD");
}

type Headers = Record<string, string | string[] | undefined>;

/** Retry-After: delta seconds or an HTTP date. Returns the absolute time, or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return now + Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : date;
}

/** A Unix time in seconds (HUBmis X-RateLimit-Retry-After, CentreCareOS X-RateLimit-Reset). */
export function parseUnixSeconds(value: string | undefined, now: number): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  const seconds = Number(value.trim());
  // A small number is a delay, not a date (some servers send seconds to wait under this name).
  return seconds < 1_000_000_000 ? now + seconds * 1000 : seconds * 1000;
}

/**
 * The earliest time the upstream said it will accept another request, from Retry-After and
 * X-RateLimit-Retry-After; the later of the two. Undefined when neither is present.
 */
export function retryNotBefore(headers: Headers, now: number): number | undefined {
  const a = parseRetryAfter(header(headers, "retry-after"), now);
  const b = parseUnixSeconds(header(headers, "x-ratelimit-retry-after"), now);
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.max(a, b);
}

/** X-RateLimit-Limit / -Remaining / -Reset or -Retry-After, for the rate limiter. */
export function rateLimitHint(
  headers: Headers,
  now: number,
): { limit?: number; remaining?: number; resetAt?: number } | undefined {
  const remainingText = header(headers, "x-ratelimit-remaining");
  if (remainingText === undefined) return undefined;
  const remaining = Number(remainingText);
  if (!Number.isFinite(remaining)) return undefined;
  const hint: { limit?: number; remaining?: number; resetAt?: number } = { remaining };
  const limit = Number(header(headers, "x-ratelimit-limit"));
  if (Number.isFinite(limit) && limit > 0) hint.limit = limit;
  const resetAt =
    parseUnixSeconds(header(headers, "x-ratelimit-retry-after"), now) ??
    parseUnixSeconds(header(headers, "x-ratelimit-reset"), now);
  if (resetAt !== undefined) hint.resetAt = resetAt;
  return hint;
}

/**
 * Retries allowed per sliding window: a small floor plus a share of first attempts. When an upstream
 * fails everything, calls soon stop retrying and fail at once; when it recovers, successes refill it.
 */
export class RetryBudget {
  private readonly requests: number[] = [];
  private readonly retries: number[] = [];
  constructor(
    private readonly ratio: number,
    private readonly minRetries: number,
    private readonly windowMs: number,
  ) {}

  recordRequest(now = Date.now()): void {
    this.requests.push(now);
    this.trim(now);
  }

  /** Spends one retry if the budget allows it. */
  tryRetry(now = Date.now()): boolean {
    this.trim(now);
    if (this.retries.length >= this.minRetries + this.ratio * this.requests.length) return false;
    this.retries.push(now);
    return true;
  }

  private trim(now: number): void {
    const since = now - this.windowMs;
    while ((this.requests[0] ?? Number.POSITIVE_INFINITY) <= since) this.requests.shift();
    while ((this.retries[0] ?? Number.POSITIVE_INFINITY) <= since) this.retries.shift();
    if (this.requests.length > 100_000) this.requests.splice(0, this.requests.length - 100_000);
  }
}

const budgets = new Map<string, RetryBudget>();

/** The budget for one upstream (its origin), shared by every client that calls it. */
export function retryBudgetFor(origin: string, options: ResolvedRetryOptions): RetryBudget {
  const key = `${origin}|${options.budgetRatio}|${options.budgetMinRetries}|${options.budgetWindowMs}`;
  let budget = budgets.get(key);
  if (!budget) {
    budget = new RetryBudget(options.budgetRatio, options.budgetMinRetries, options.budgetWindowMs);
    budgets.set(key, budget);
  }
  return budget;
}
