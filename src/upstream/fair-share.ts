/**
 * Fair share of a connection's budget among its callers (one per HTTP token, or the caller id of the call).
 * Requests that reach the upstream are counted per caller over the connection's tightest window. While one
 * caller is alone it may use the whole window; as soon as another caller has been seen recently, each gets
 * an equal share and one slot of the window is kept free for a caller who has not yet asked, so a caller
 * that hammers is refused with a clear retry time instead of queueing everyone else out.
 */
import { RateLimitedError } from "../errors.js";
import type { RateLimitPolicy } from "./types.js";

/** How many windows back a caller still counts as one of those sharing the connection. */
const RECENT_WINDOWS = 5;

export interface FairShareOptions {
  provider: string;
  policy: RateLimitPolicy;
  /** Divides the window, as it does for the rate limiter. */
  timeScale?: number;
  now?: () => number;
}

export class FairShare {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly sent = new Map<string, number[]>();
  private readonly lastSeen = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: FairShareOptions) {
    // The window that allows the fewest requests a millisecond decides the share.
    const tightest = [...options.policy.windows].sort(
      (a, b) => a.limit / a.intervalMs - b.limit / b.intervalMs,
    )[0];
    this.limit = tightest?.limit ?? Number.POSITIVE_INFINITY;
    this.windowMs = (tightest?.intervalMs ?? 60_000) / (options.timeScale ?? 1);
    this.now = options.now ?? Date.now;
  }

  /** Each caller's share now: the whole window when alone, else an equal part of it less one spare slot. */
  share(caller: string): number {
    const now = this.now();
    const sharing = [...this.lastSeen].filter(
      ([name, at]) => name === caller || now - at < RECENT_WINDOWS * this.windowMs,
    ).length;
    if (sharing <= 1 || !Number.isFinite(this.limit)) return this.limit;
    return Math.max(1, Math.floor((this.limit - 1) / sharing));
  }

  /** Counts one upstream request for the caller, or refuses it with the time its share frees a slot. */
  admit(caller: string | undefined): void {
    if (caller === undefined || !Number.isFinite(this.limit)) return;
    const now = this.now();
    this.lastSeen.set(caller, now);
    const recent = (this.sent.get(caller) ?? []).filter((at) => now - at < this.windowMs);
    const share = this.share(caller);
    // Alone, a caller is bounded only by the rate limiter's queue: its burst waits there, as before.
    if (share < this.limit && recent.length >= share) {
      this.sent.set(caller, recent);
      const oldest = recent[recent.length - share] ?? now;
      const waitSeconds = (oldest + this.windowMs - now) / 1000;
      throw new RateLimitedError(
        this.options.provider,
        waitSeconds,
        `your share of this connection: ${share} of its ${this.limit} requests a window while others use it too`,
      );
    }
    recent.push(now);
    this.sent.set(caller, recent);
  }

  /** Requests the caller has sent in the current window, for answers that state their cost. */
  used(caller: string): number {
    const now = this.now();
    return (this.sent.get(caller) ?? []).filter((at) => now - at < this.windowMs).length;
  }
}
