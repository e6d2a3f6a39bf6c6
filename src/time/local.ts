/**
 * Dates people read are local to the provider: a register's day, "today", a range's ends. These helpers turn
 * an instant into a provider's local date and time and back, for any IANA zone, through Intl (no table of
 * offsets to keep). Calendar dates are plain YYYY-MM-DD strings; arithmetic on them is zone-free.
 */
import type { Clock } from "./clock.js";

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, f);
  }
  return f;
}

interface LocalParts {
  date: string;
  time: string;
  /** Minutes east of UTC at that instant. */
  offsetMinutes: number;
}

export function localParts(epochMs: number, zone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  const asUtc = Date.parse(`${date}T${time}Z`);
  const offsetMinutes = Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
  return { date, time, offsetMinutes };
}

/** The provider-local calendar date of an instant. */
export function localDate(epochMs: number, zone: string): string {
  return localParts(epochMs, zone).date;
}

/** Today in the provider's zone, by the given clock. */
export function localToday(clock: Clock, zone: string): string {
  return localDate(clock.now(), zone);
}

/** "+01:00" / "+00:00": the zone's offset at an instant. */
export function offsetAt(epochMs: number, zone: string): string {
  return formatOffset(localParts(epochMs, zone).offsetMinutes);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/**
 * The instant a local wall-clock time names (`time` HH:MM or HH:MM:SS). In the autumn overlap the earlier
 * instant wins; a time skipped in spring resolves to the instant an hour later, as clocks do.
 */
export function zonedEpoch(date: string, time: string, zone: string): number {
  const wall = Date.parse(`${date}T${time.length === 5 ? `${time}:00` : time}Z`);
  if (Number.isNaN(wall)) throw new Error(`not a local date-time: ${date} ${time}`);
  // The offsets either side of the day cover any transition in it; keep the candidates that read back as
  // the asked wall time, earliest first. None reads back only inside a spring gap: the earlier offset wins.
  const candidates = [-12, 12].map(
    (hours) => wall - localParts(wall + hours * 3_600_000, zone).offsetMinutes * 60_000,
  );
  const exact = candidates.filter((epoch) => epoch + localParts(epoch, zone).offsetMinutes * 60_000 === wall);
  return exact.length > 0 ? Math.min(...exact) : (candidates[0] as number);
}

/** ISO 8601 with the zone's offset, e.g. 2026-07-01T08:05:00+01:00. */
export function localIso(epochMs: number, zone: string): string {
  const { date, time, offsetMinutes } = localParts(epochMs, zone);
  return `${date}T${time}${formatOffset(offsetMinutes)}`;
}

/** The first instant of a local day, as ISO with offset: what a date-time filter's lower end must carry. */
export function startOfLocalDay(date: string, zone: string): string {
  return localIso(zonedEpoch(date, "00:00:00", zone), zone);
}

/** The last second of a local day, as ISO with offset: an inclusive upper end for a date-time filter. */
export function endOfLocalDay(date: string, zone: string): string {
  return localIso(zonedEpoch(addDays(date, 1), "00:00:00", zone) - 1000, zone);
}

/** Adds calendar days to YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday, for a calendar date. */
export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = dayOfWeek(date);
  return day === 0 || day === 6;
}

/** Monday of the week containing `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/** No caller walks more than ten years of days; a range past it is a bug upstream of here, not a loop to run. */
export const MAX_WALK_DAYS = 3_660;

/** Every date from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  if (daysBetween(from, to) > MAX_WALK_DAYS)
    throw new RangeError(`refusing to walk ${from} to ${to}: over ${MAX_WALK_DAYS} days`);
  const out: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) out.push(day);
  return out;
}
