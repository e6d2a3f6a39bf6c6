import type { SandboxClock } from "../common/clock.js";

/**
 * HUBmis usage limits: 12 requests a minute per IP address (a strict sliding window) and a 500-request bucket
 * per client refilling one request every 5 seconds. Both run on the sandbox clock so tests can scale time.
 */

export interface LimitSettings {
  perMinute: number;
  bucketCapacity: number;
  refillEveryMs: number;
}

export const DEFAULT_LIMITS: LimitSettings = { perMinute: 12, bucketCapacity: 500, refillEveryMs: 5_000 };
const WINDOW_MS = 60_000;

export interface Decision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimits {
  private readonly windows = new Map<string, number[]>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** 429s answered so far, for tests. */
  rejected = 0;
  /** Sandbox-clock times of admitted requests, for tests that measure how much of the budget was used. */
  readonly admittedAt: number[] = [];

  constructor(
    private readonly clock: SandboxClock,
    readonly settings: LimitSettings = DEFAULT_LIMITS,
  ) {}

  /**
   * Admits one request from `ip` (and `clientId` once authenticated), or refuses it with the moment it may be
   * retried. Only admitted requests occupy the window.
   */
  admit(ip: string, clientId?: string): Decision {
    const now = this.clock.now();
    const window = this.recent(ip, now);
    const bucket = clientId === undefined ? undefined : this.bucket(clientId, now);
    let retryAt = 0;
    if (window.length >= this.settings.perMinute) retryAt = (window[0] as number) + WINDOW_MS;
    if (bucket && bucket.tokens < 1) {
      retryAt = Math.max(retryAt, now + (1 - bucket.tokens) * this.settings.refillEveryMs);
    }
    if (retryAt > 0) {
      this.rejected++;
      return { allowed: false, headers: this.headers(bucket?.tokens, retryAt, now) };
    }
    window.push(now);
    this.admittedAt.push(now);
    if (this.admittedAt.length > 10_000) this.admittedAt.splice(0, 5_000);
    if (bucket) bucket.tokens -= 1;
    return { allowed: true, headers: this.headers(bucket?.tokens, undefined, now) };
  }

  private recent(ip: string, now: number): number[] {
    const list = this.windows.get(ip) ?? [];
    while (list.length > 0 && (list[0] as number) <= now - WINDOW_MS) list.shift();
    this.windows.set(ip, list);
    return list;
  }

  private bucket(clientId: string, now: number): { tokens: number; at: number } {
    const { bucketCapacity, refillEveryMs } = this.settings;
    const bucket = this.buckets.get(clientId) ?? { tokens: bucketCapacity, at: now };
    bucket.tokens = Math.min(bucketCapacity, bucket.tokens + (now - bucket.at) / refillEveryMs);
    bucket.at = now;
    this.buckets.set(clientId, bucket);
    return bucket;
  }

  private headers(tokens: number | undefined, retryAt: number | undefined, now: number) {
    const bucketLeft = tokens === undefined ? this.settings.bucketCapacity : Math.max(0, Math.floor(tokens));
    const headers: Record<string, string> = {
      // As documented: the limit and what remains are the client's bucket (500); a refusal says 0.
      "x-ratelimit-limit": String(this.settings.bucketCapacity),
      "x-ratelimit-remaining": String(retryAt === undefined ? bucketLeft : 0),
    };
    if (retryAt !== undefined) {
      // Unix seconds on the wall clock: a time-scaled sandbox converts its simulated wait into real time so a
      // real client waiting until this instant waits exactly long enough.
      const realRetryAt = Date.now() + this.clock.toRealMs(retryAt - now);
      headers["x-ratelimit-retry-after"] = String(Math.ceil(realRetryAt / 1000));
    }
    return headers;
  }
}
