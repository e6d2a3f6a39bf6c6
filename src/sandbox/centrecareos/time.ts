/**
 * The nursery keeps London time (the connector's zone, named once in its endpoint table). Data is scheduled
 * as local wall-clock times and served as UTC instants, the form the portal's ISO 8601 fields take here.
 */
import { TIME_ZONE } from "../../providers/centrecareos/endpoints.js";
import { zonedEpoch } from "../../time/local.js";

export { TIME_ZONE };

/** ISO 8601 in UTC with whole seconds, e.g. 2026-07-01T07:05:00Z. */
export function utcStamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** A local date and wall-clock time (HH:MM[:SS]) at the nursery, as the instant the portal serves. */
export function localStamp(date: string, time: string): string {
  return utcStamp(zonedEpoch(date, time, TIME_ZONE));
}

/** True when an ISO instant has come by `now` (epoch ms); a missing one never has. */
export function hasHappened(iso: string | null | undefined, now: number): iso is string {
  return typeof iso === "string" && Date.parse(iso) <= now;
}
