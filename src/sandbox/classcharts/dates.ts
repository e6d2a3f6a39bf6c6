/**
 * The sandbox schools' calendar and clock. Dates are London calendar days (YYYY-MM-DD, zone-free arithmetic
 * from src/time/local.ts); times of day are London wall-clock times, turned into instants with the zone the
 * provider names. These schools publish no holidays, so every weekday is a school day.
 */
import { TIME_ZONE } from "../../providers/classcharts/endpoints.js";
import type { Clock } from "../../time/clock.js";
import { addDays, isWeekend, localDate, localIso, zonedEpoch } from "../../time/local.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function isSchoolDay(date: string): boolean {
  return !isWeekend(date);
}

/** The next school day on or after `date`. */
export function nextSchoolDay(date: string): string {
  let day = date;
  while (!isSchoolDay(day)) day = addDays(day, 1);
  return day;
}

/** The last school day strictly before `date`. */
export function previousSchoolDay(date: string): string {
  let day = addDays(date, -1);
  while (!isSchoolDay(day)) day = addDays(day, -1);
  return day;
}

/** The instant of a London wall-clock time (HH:MM or HH:MM:SS) on a date. */
export function londonEpoch(date: string, time: string): number {
  return zonedEpoch(date, time, TIME_ZONE);
}

/** A London wall-clock time as ClassCharts writes it: ISO with the offset in force, e.g. 2026-06-01T08:50:00+01:00. */
export function localDateTime(date: string, time: string): string {
  return localIso(londonEpoch(date, time), TIME_ZONE);
}

/**
 * The instant an answer is given at, and its London day. Every answer shows only what has happened by `now`:
 * the dataset runs ahead of it, and today fills in as the clock moves.
 */
export interface AsOf {
  now: number;
  today: string;
}

export function asOf(clock: Clock): AsOf {
  const now = clock.now();
  return { now, today: localDate(now, TIME_ZONE) };
}
