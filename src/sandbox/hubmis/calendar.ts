import { addDays, dayOfWeek, daysBetween, eachDay, isWeekend, mondayOf } from "../../time/local.js";

/**
 * Oakfield's school calendar: fixed rules of an English independent school, applied to the real dates of
 * each academic year, so "today" can be in term, at a weekend or in a holiday, as it falls. Every rule below
 * shows up in the served terms, holidays, inset days and closure dates; nothing else closes the school.
 *
 * For the academic year starting in September of year Y:
 * - the year runs 1 September Y to 31 August Y+1;
 * - Autumn Term: the first weekday on or after 3 September to the Friday on or before 18 December, with
 *   half-term the week (Monday to Friday) beginning on the last Monday of October;
 * - Christmas holiday: the day after the Autumn Term to the day before the Spring Term;
 * - Spring Term: the first Monday on or after 4 January to the Friday nine days before Easter Sunday, with
 *   half-term the week beginning on the third Monday of February;
 * - Easter holiday: the two weeks from that Saturday to the Sunday after Easter (Good Friday and Easter
 *   Monday always fall in it);
 * - Summer Term: the Monday eight days after Easter to the Friday on or before 10 July, with half-term the
 *   week beginning on the last Monday of May (the spring bank holiday);
 * - Summer holiday: the day after the Summer Term to 31 August;
 * - inset days: the first day of each term (staff training; pupils start the day after);
 * - closure dates: the early May bank holiday (first Monday of May) and the polling station closure (first
 *   Thursday of May, local election day).
 * A school day is a weekday in a term that is not in a holiday, an inset day or a closure date.
 */

export interface AcademicYear {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
  current: boolean;
}

export interface DatedItem {
  id: number;
  academicYearId: number;
  name: string;
  startDate: string;
  endDate: string;
}

export interface SchoolCalendar {
  academicYears: AcademicYear[];
  terms: DatedItem[];
  holidays: DatedItem[];
  insetDays: DatedItem[];
  closureDates: DatedItem[];
  /** The term that holds the day the calendar was built for; none in a holiday between terms. */
  currentTermId: number | undefined;
}

export const CURRENT_YEAR_ID = 12;
export const PREVIOUS_YEAR_ID = 11;

/** The year in which the academic year holding `date` began. */
export function academicStartYear(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 9 ? year : year - 1;
}

function onOrAfter(date: string, weekday: number): string {
  return addDays(date, (weekday - dayOfWeek(date) + 7) % 7);
}

function onOrBefore(date: string, weekday: number): string {
  return addDays(date, -((dayOfWeek(date) - weekday + 7) % 7));
}

function firstWeekdayFrom(date: string): string {
  let day = date;
  while (isWeekend(day)) day = addDays(day, 1);
  return day;
}

const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;

/** Easter Sunday of a year (Gregorian; the anonymous algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

interface YearDates {
  start: string;
  end: string;
  terms: Array<{ name: string; start: string; end: string }>;
  holidays: Array<{ name: string; start: string; end: string }>;
  closures: Array<{ name: string; date: string }>;
}

/** The rules above, for the academic year that starts in September of `y`. */
export function yearDates(y: number): YearDates {
  const next = y + 1;
  const autumn = { start: firstWeekdayFrom(`${y}-09-03`), end: onOrBefore(`${y}-12-18`, FRIDAY) };
  const spring = { start: onOrAfter(`${next}-01-04`, MONDAY), end: addDays(easterSunday(next), -9) };
  const summer = { start: addDays(easterSunday(next), 8), end: onOrBefore(`${next}-07-10`, FRIDAY) };
  const week = (monday: string) => ({ start: monday, end: addDays(monday, 4) });
  return {
    start: `${y}-09-01`,
    end: `${next}-08-31`,
    terms: [
      { name: "Autumn Term", ...autumn },
      { name: "Spring Term", ...spring },
      { name: "Summer Term", ...summer },
    ],
    holidays: [
      { name: "Autumn half-term", ...week(mondayOf(`${y}-10-31`)) },
      { name: "Christmas holiday", start: addDays(autumn.end, 1), end: addDays(spring.start, -1) },
      { name: "Spring half-term", ...week(onOrAfter(`${next}-02-15`, MONDAY)) },
      { name: "Easter holiday", start: addDays(spring.end, 1), end: addDays(summer.start, -1) },
      { name: "Summer half-term", ...week(mondayOf(`${next}-05-31`)) },
      { name: "Summer holiday", start: addDays(summer.end, 1), end: `${next}-08-31` },
    ],
    closures: [
      { name: "Early May bank holiday", date: onOrAfter(`${next}-05-01`, MONDAY) },
      { name: "Polling station closure", date: onOrAfter(`${next}-05-01`, THURSDAY) },
    ],
  };
}

/** The current academic year (the one holding `today`) and the one before it. */
export function buildCalendar(today: string): SchoolCalendar {
  const startYear = academicStartYear(today);
  const calendar: SchoolCalendar = {
    academicYears: [],
    terms: [],
    holidays: [],
    insetDays: [],
    closureDates: [],
    currentTermId: undefined,
  };
  let nextId = 1;
  for (const [yearId, y] of [
    [PREVIOUS_YEAR_ID, startYear - 1],
    [CURRENT_YEAR_ID, startYear],
  ] as const) {
    const dates = yearDates(y);
    calendar.academicYears.push({
      id: yearId,
      name: `${y}/${String((y + 1) % 100).padStart(2, "0")}`,
      startDate: dates.start,
      endDate: dates.end,
      current: yearId === CURRENT_YEAR_ID,
    });
    dates.terms.forEach((term, i) => {
      calendar.terms.push({
        id: yearId * 10 + i + 1,
        academicYearId: yearId,
        name: term.name,
        startDate: term.start,
        endDate: term.end,
      });
      calendar.insetDays.push(dated(nextId++, yearId, "Staff training day", term.start, term.start));
    });
    for (const holiday of dates.holidays)
      calendar.holidays.push(dated(nextId++, yearId, holiday.name, holiday.start, holiday.end));
    for (const closure of dates.closures)
      calendar.closureDates.push(dated(nextId++, yearId, closure.name, closure.date, closure.date));
  }
  calendar.currentTermId = calendar.terms.find((t) => within(today, t))?.id;
  return calendar;
}

function dated(id: number, academicYearId: number, name: string, start: string, end: string): DatedItem {
  return { id, academicYearId, name, startDate: start, endDate: end };
}

function within(date: string, item: { startDate: string; endDate: string }): boolean {
  return date >= item.startDate && date <= item.endDate;
}

/** Whether pupils are in school on `date` (YYYY-MM-DD): a weekday in a term, not a holiday or closure. */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (isWeekend(date)) return false;
  if (!calendar.terms.some((t) => within(date, t))) return false;
  if (calendar.holidays.some((h) => within(date, h))) return false;
  if (calendar.insetDays.some((d) => within(date, d))) return false;
  return !calendar.closureDates.some((d) => within(date, d));
}

/** Week A or B of the two-week timetable: weeks alternate from the start of the term holding `date`. */
export function timetableWeek(calendar: SchoolCalendar, date: string): "A" | "B" | undefined {
  const term = calendar.terms.find((t) => within(date, t));
  if (!term) return undefined;
  const weeks = Math.floor(daysBetween(mondayOf(term.startDate), mondayOf(date)) / 7);
  return weeks % 2 === 0 ? "A" : "B";
}

/** School days of the current academic year from its start to `last` (YYYY-MM-DD), both included. */
export function schoolDaysOfYear(calendar: SchoolCalendar, last: string): string[] {
  const year = calendar.academicYears.find((y) => y.id === CURRENT_YEAR_ID);
  if (!year) return [];
  const end = last < year.endDate ? last : year.endDate;
  return end < year.startDate ? [] : eachDay(year.startDate, end).filter((d) => isSchoolDay(calendar, d));
}

/** ISO weekday 1 (Monday) to 7 (Sunday). */
export function weekday(date: string): number {
  const day = dayOfWeek(date);
  return day === 0 ? 7 : day;
}
