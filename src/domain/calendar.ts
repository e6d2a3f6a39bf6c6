import { z } from "zod";
import { Labelled } from "./common.js";

/** A term, holiday, inset day or closure: its name where the provider gives one, first and last local day. */
export const CalendarPeriod = z.object({
  name: z.string().optional(),
  from: z.string(),
  to: z.string(),
});
export type CalendarPeriod = z.infer<typeof CalendarPeriod>;

/** The school calendar of the academic year: terms, holidays, inset days and closure dates. */
export const SchoolCalendar = z.object({
  ...Labelled,
  terms: z.array(CalendarPeriod),
  holidays: z.array(CalendarPeriod),
  insetDays: z.array(CalendarPeriod),
  closures: z.array(CalendarPeriod),
});
export type SchoolCalendar = z.infer<typeof SchoolCalendar>;

/** Whether pupils are in school on a day, and why: `open` is null when the calendar does not reach it. */
export const SchoolDay = z.object({
  ...Labelled,
  date: z.string(),
  open: z.boolean().nullable(),
  reason: z.string(),
});
export type SchoolDay = z.infer<typeof SchoolDay>;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function within(date: string, periods: CalendarPeriod[]): CalendarPeriod | undefined {
  return periods.find((p) => p.from <= date && date <= p.to);
}

const named = (p: CalendarPeriod, fallback: string) =>
  p.name ? `${p.name} (${p.from} to ${p.to})` : fallback;

/**
 * A day read against the calendar: closed on a closure date, an inset day (staff only), in a holiday, at a
 * weekend or outside every term; open on a weekday of a term. A day before the first or after the last dated
 * item is not known, never guessed.
 */
export function schoolDay(calendar: SchoolCalendar, date: string): SchoolDay {
  const base = calendar.connection ? { connection: calendar.connection } : {};
  const closure = within(date, calendar.closures);
  if (closure)
    return { ...base, date, open: false, reason: `closure date: ${named(closure, "school closed")}` };
  const inset = within(date, calendar.insetDays);
  if (inset)
    return { ...base, date, open: false, reason: `inset day: ${named(inset, "staff training, no pupils")}` };
  const holiday = within(date, calendar.holidays);
  if (holiday) return { ...base, date, open: false, reason: `holiday: ${named(holiday, "school holiday")}` };
  // A calendar date's weekday, the same in every zone.
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const all = [...calendar.terms, ...calendar.holidays, ...calendar.insetDays, ...calendar.closures];
  const first = all.reduce<string | undefined>((min, p) => (!min || p.from < min ? p.from : min), undefined);
  const last = all.reduce<string | undefined>((max, p) => (!max || p.to > max ? p.to : max), undefined);
  if (!first || !last || date < first || date > last) {
    return {
      ...base,
      date,
      open: null,
      reason: first
        ? `not known: the calendar the school publishes runs ${first} to ${last}`
        : "not known: the school publishes no calendar",
    };
  }
  const term = within(date, calendar.terms);
  if (weekday === 0 || weekday === 6) {
    return {
      ...base,
      date,
      open: false,
      reason: `${WEEKDAYS[weekday]}${term ? ` in ${named(term, "term")}` : ""}`,
    };
  }
  if (!term) return { ...base, date, open: false, reason: "outside every term" };
  return { ...base, date, open: true, reason: `a ${WEEKDAYS[weekday]} in ${named(term, "term")}` };
}
