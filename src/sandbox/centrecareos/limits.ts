import type { SandboxClock } from "../common/clock.js";
import { ApiError } from "./reply.js";

export interface LimitSettings {
  perHour: number;
  perDay: number;
}

export const PORTAL_LIMITS: LimitSettings = { perHour: 1_000, perDay: 10_000 };

const HOUR = 3_600_000;
const DAY = 86_400_000;

interface Usage {
  hourStart: number;
  hourCount: number;
  dayStart: number;
  dayCount: number;
}

/**
 * Per-key fixed windows on the sandbox clock (so a time-scaled test lives an hour in seconds). The headers
 * describe the hourly window, the one a client meets first; a spent daily window answers 429 too.
 * Reset and Retry-After are wall-clock (a simulated hour at scale 3,600 resets one real second later), so a
 * client that reads them waits the right real time whatever the scale.
 */
export class RateLimits {
  private readonly usage = new Map<string, Usage>();
  /** 429s answered, so tests can prove a client never met one. */
  rejected = 0;

  constructor(
    private readonly clock: SandboxClock,
    public settings: LimitSettings = PORTAL_LIMITS,
  ) {}

  /** Counts one request for `bucket` and returns the headers; throws RATE_LIMITED when a window is spent. */
  take(bucket: string): Record<string, string> {
    const now = this.clock.now();
    const hourStart = Math.floor(now / HOUR) * HOUR;
    const dayStart = Math.floor(now / DAY) * DAY;
    const usage = this.usage.get(bucket) ?? { hourStart, hourCount: 0, dayStart, dayCount: 0 };
    if (usage.hourStart !== hourStart) Object.assign(usage, { hourStart, hourCount: 0 });
    if (usage.dayStart !== dayStart) Object.assign(usage, { dayStart, dayCount: 0 });
    this.usage.set(bucket, usage);
    const headers = (remaining: number) => ({
      "x-ratelimit-limit": String(this.settings.perHour),
      "x-ratelimit-remaining": String(Math.max(0, remaining)),
      "x-ratelimit-reset": String(Math.ceil(this.wallClock(hourStart + HOUR, now) / 1000)),
    });
    const hourSpent = usage.hourCount >= this.settings.perHour;
    const daySpent = usage.dayCount >= this.settings.perDay;
    if (hourSpent || daySpent) {
      this.rejected++;
      const resetAt = daySpent ? dayStart + DAY : hourStart + HOUR;
      const retryAfter = String(Math.max(1, Math.ceil(this.clock.toRealMs(resetAt - now) / 1000)));
      const which = daySpent
        ? `${this.settings.perDay} requests per day`
        : `${this.settings.perHour} requests per hour`;
      throw new ApiError(
        429,
        "RATE_LIMITED",
        `Rate limit exceeded (${which}). Retry after ${retryAfter} s.`,
        {
          ...headers(0),
          "retry-after": retryAfter,
        },
      );
    }
    usage.hourCount++;
    usage.dayCount++;
    return headers(Math.min(this.settings.perHour - usage.hourCount, this.settings.perDay - usage.dayCount));
  }

  /** The real epoch ms at which the simulated instant `at` arrives. */
  private wallClock(at: number, now: number): number {
    return Date.now() + this.clock.toRealMs(at - now);
  }

  reset(): void {
    this.usage.clear();
    this.rejected = 0;
  }
}
