/**
 * Refresh-and-replay around a provider's authenticator: an auth failure refreshes once and the attempt is
 * replayed. Concurrent failures share one refresh, and a failure on credentials added before the latest
 * refresh only replays, so a burst of calls holding an expired token refreshes it once.
 */
import type { Logger } from "../log.js";
import { createSingleFlight } from "./single-flight.js";
import type { Authenticator } from "./types.js";

export class AuthReplay {
  private readonly refreshFlight = createSingleFlight<void>();
  /** Counts completed refreshes; an auth failure on headers older than the last refresh just replays. */
  private epoch = 0;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly log: Logger,
  ) {}

  /** Adds credentials to the headers; returns the refresh count they were added under, for refresh(). */
  async authorize(headers: Record<string, string>, signal: AbortSignal | undefined): Promise<number> {
    const epoch = this.epoch;
    await this.authenticator.authorize(headers, signal);
    return epoch;
  }

  isFailure(status: number, bodyOf: () => unknown): boolean {
    if (status === 401) return true;
    const check = this.authenticator.isAuthFailure;
    return check ? check.call(this.authenticator, status, bodyOf()) : false;
  }

  async refresh(seenEpoch: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.epoch !== seenEpoch) return;
    await this.refreshFlight.run("refresh", async () => {
      this.log.info("refreshing upstream authentication");
      await this.authenticator.refresh(signal);
      this.epoch++;
    });
  }
}
