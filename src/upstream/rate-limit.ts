/**
 * The arithmetic of client-side rate limits: strict sliding windows, an optional token bucket and pauses
 * the upstream asks for. The Limiter (limiter.ts) queues calls on top of it.
 */
import type { RateLimitPolicy, SharedRateLimits } from "./types.js";

/** The longest an upstream's own pause (Retry-After, an exhausted budget's reset) holds a connection. */
export const DEFAULT_MAX_PAUSE_MS = 15 * 60_000;
let maxPauseMs = DEFAULT_MAX_PAUSE_MS;

/** The cap for the whole process, from config (upstreamMaxPauseSeconds); one cap for every connection. */
export function setMaxPauseMs(ms: number): void {
  maxPauseMs = ms;
}

export function maxPause(): number {
  return maxPauseMs;
}

/** Our own limit would make the call wait longer than allowed. */
export class QueueFullError extends Error {
  readonly retryAfterMs: number;
  readonly detail: string;
  constructor(retryAfterMs: number, detail: string) {
    super(`request queue full (${detail}); retry in ${Math.ceil(retryAfterMs / 1000)} s`);
    this.name = "QueueFullError";
    this.retryAfterMs = retryAfterMs;
    this.detail = detail;
  }
}

/**
 * Each window is held a little longer than its interval: 2% of it, and at least this much, for clock skew
 * between us and the upstream.
 */
const SKEW_FLOOR_MS = 150;

/** With every slot of a window in flight, when to look again (a finish frees the earliest slot). */
const IN_FLIGHT_POLL_MS = 10;

interface WindowState {
  limit: number;
  /** Scaled interval. */
  intervalMs: number;
  /** Scaled interval plus a safety margin for clock and network skew. */
  spanMs: number;
  /**
   * When the most recent requests finished, oldest first; never longer than needed. An upstream counts a
   * request when it arrives, which is after we send it and before its answer reaches us, so stamping the
   * finish keeps our count at or above the upstream's however long the request spent in flight.
   */
  starts: number[];
}

interface BucketState {
  capacity: number;
  refillMs: number;
  level: number;
  at: number;
}

export interface UpstreamHint {
  limit?: number;
  remaining?: number;
  /** Absolute time (ms) after which the upstream will accept requests again. */
  resetAt?: number;
}

/**
 * The arithmetic of the limits. A request holds a slot in every window from the moment it is sent
 * (in flight) and is stamped when it finishes, so no window can hold more than its limit, whatever the
 * concurrency and however slowly the upstream counts.
 */
export class RateGate {
  private readonly windows: WindowState[];
  private readonly bucket: BucketState | undefined;
  private pausedUntil = 0;
  /** Requests sent and not yet finished; each counts against every window. */
  private inFlight = 0;

  constructor(policy: Pick<RateLimitPolicy, "windows" | "bucket">, timeScale = 1) {
    const scale = timeScale > 0 ? timeScale : 1;
    this.windows = policy.windows
      .filter((w) => w.limit > 0 && w.intervalMs > 0)
      .map((w) => {
        const interval = w.intervalMs / scale;
        return {
          limit: w.limit,
          intervalMs: interval,
          spanMs: interval + Math.max(interval * 0.02, SKEW_FLOOR_MS),
          starts: [],
        };
      });
    this.bucket = policy.bucket
      ? {
          capacity: policy.bucket.capacity,
          refillMs: policy.bucket.refillEveryMs / scale,
          level: policy.bucket.capacity,
          at: 0,
        }
      : undefined;
  }

  /** Milliseconds to wait before a request may start; 0 means it may start now. */
  waitMs(now: number): number {
    let at = Math.max(now, this.pausedUntil);
    for (const w of this.windows) {
      if (this.inFlight >= w.limit) return IN_FLIGHT_POLL_MS;
      // The slot frees when the entry that would make limit + 1 ages out of the window.
      const index = w.starts.length - (w.limit - this.inFlight);
      if (index >= 0) at = Math.max(at, (w.starts[index] ?? 0) + w.spanMs);
    }
    if (this.bucket) {
      const level = this.bucketLevel(now);
      if (level < 1) at = Math.max(at, now + (1 - level) * this.bucket.refillMs);
    }
    return at - now;
  }

  /** Takes a slot when one is free now; otherwise returns how long to wait. Synchronous: no race. */
  tryTake(now: number): number {
    const wait = this.waitMs(now);
    if (wait > 0) return wait;
    this.inFlight++;
    if (this.bucket) {
      this.bucket.level = this.bucketLevel(now) - 1;
      this.bucket.at = now;
    }
    return 0;
  }

  /** Gives back a slot taken with tryTake that was never used (the shared state refused it). */
  cancel(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    if (this.bucket) {
      this.bucket.level = Math.min(this.bucket.capacity, this.bucketLevel(now) + 1);
      this.bucket.at = now;
    }
  }

  /** The windows and bucket as the shared rate store keeps them: the same spans, in scaled time. */
  sharedLimits(): Pick<SharedRateLimits, "windows" | "bucket"> {
    return {
      windows: this.windows.map((w) => ({ limit: w.limit, spanMs: w.spanMs })),
      bucket: this.bucket ? { capacity: this.bucket.capacity, refillMs: this.bucket.refillMs } : undefined,
    };
  }

  /** Stamps a request taken with tryTake as finished (answered, failed or abandoned). */
  complete(now: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    for (const w of this.windows) {
      const last = w.starts[w.starts.length - 1];
      w.starts.push(last !== undefined && last > now ? last : now);
      if (w.starts.length > w.limit * 2) w.starts.splice(0, w.starts.length - w.limit);
    }
  }

  /**
   * When the (ahead + 1)-th request from now could start, were `ahead` requests to take the earliest slots
   * first. Does not change the state.
   */
  estimateStart(now: number, ahead: number): number {
    // Requests in flight are taken to finish now: the earliest they can.
    const pending: number[] = Array.from({ length: this.inFlight }, () => now);
    const windows = this.windows.map((w) => ({ ...w, starts: [...w.starts, ...pending].slice(-w.limit) }));
    let level = this.bucket ? this.bucketLevel(now) : 0;
    let levelAt = now;
    let t = Math.max(now, this.pausedUntil);
    for (let i = 0; i <= ahead; i++) {
      for (const w of windows) {
        if (w.starts.length >= w.limit)
          t = Math.max(t, (w.starts[w.starts.length - w.limit] ?? 0) + w.spanMs);
      }
      if (this.bucket) {
        const current = Math.min(this.bucket.capacity, level + (t - levelAt) / this.bucket.refillMs);
        if (current < 1) t += (1 - current) * this.bucket.refillMs;
        level = Math.min(this.bucket.capacity, level + (t - levelAt) / this.bucket.refillMs) - 1;
        levelAt = t;
      }
      if (i === ahead) break;
      for (const w of windows) w.starts.push(t);
    }
    return t;
  }

  /** Requests that could start now, by our count. */
  remaining(now: number): number {
    let remaining = Number.POSITIVE_INFINITY;
    if (this.pausedUntil > now) return 0;
    for (const w of this.windows) {
      const recent = w.starts.filter((s) => s > now - w.spanMs).length;
      remaining = Math.min(remaining, w.limit - recent - this.inFlight);
    }
    if (this.bucket) remaining = Math.min(remaining, Math.floor(this.bucketLevel(now)));
    return Math.max(0, remaining);
  }

  /** Sustained requests per minute the policy allows (in scaled time). */
  perMinute(): number {
    let rate = Number.POSITIVE_INFINITY;
    for (const w of this.windows) rate = Math.min(rate, (w.limit * 60_000) / w.intervalMs);
    if (this.bucket) rate = Math.min(rate, 60_000 / this.bucket.refillMs);
    return rate;
  }

  /** Whether nothing recorded still counts against any limit (the state can be dropped). */
  isQuiet(now: number): boolean {
    if (this.pausedUntil > now || this.inFlight > 0) return false;
    for (const w of this.windows) {
      const last = w.starts[w.starts.length - 1];
      if (last !== undefined && last > now - w.spanMs) return false;
    }
    if (this.bucket && this.bucketLevel(now) < this.bucket.capacity) return false;
    return true;
  }

  /**
   * Holds every request until the given time (a 429's Retry-After applies to all callers), but never longer
   * than the configured cap from now: one "Retry-After: 86400" must not freeze a connection for a day.
   */
  pauseUntil(until: number, now = Date.now()): void {
    this.pausedUntil = Math.max(this.pausedUntil, Math.min(until, now + maxPauseMs));
  }

  /**
   * Applies what the upstream says remains. When it has counted more than we have (another replica, a
   * restart), the matching window or bucket is filled so we slow down; an exhausted budget with a known
   * reset time pauses until then.
   */
  observe(hint: UpstreamHint, now: number): void {
    const { remaining, limit, resetAt } = hint;
    if (remaining === undefined || !Number.isFinite(remaining) || remaining < 0) return;
    if (remaining === 0 && resetAt !== undefined && resetAt > now) this.pauseUntil(resetAt);
    const matchesBucket = this.bucket && (limit === undefined || limit === this.bucket.capacity);
    if (this.bucket && matchesBucket) {
      const level = this.bucketLevel(now);
      if (remaining < level) {
        this.bucket.level = remaining;
        this.bucket.at = now;
      }
      if (limit === this.bucket.capacity) return;
    }
    const window =
      this.windows.find((w) => w.limit === limit) ??
      (limit === undefined && !this.bucket ? this.windows[0] : undefined);
    if (!window) return;
    const recent = window.starts.filter((s) => s > now - window.spanMs).length;
    const ours = window.limit - recent - this.inFlight;
    const missing = Math.min(window.limit, ours - remaining);
    if (missing <= 0) return;
    const last = window.starts[window.starts.length - 1] ?? now;
    const at = Math.max(now, last);
    for (let i = 0; i < missing; i++) window.starts.push(at);
    if (window.starts.length > window.limit * 2) window.starts.splice(0, window.starts.length - window.limit);
  }

  private bucketLevel(now: number): number {
    const b = this.bucket;
    if (!b) return Number.POSITIVE_INFINITY;
    if (now <= b.at) return b.level;
    return Math.min(b.capacity, b.level + (now - b.at) / b.refillMs);
  }
}
