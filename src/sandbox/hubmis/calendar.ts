import { addDays, isoDate, isWeekday, startOfWeek } from "../common/clock.js";

/**
 * The school calendar, built around "today" so the current term always holds the last eight weeks and the
 * next five: "this morning", "this week" and "this fortnight" always have registers behind them.
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
  /** The term that contains today. */
  currentTermId: number;
}

const TERM_NAMES = ["Autumn Term", "Spring Term", "Summer Term"] as const;
const BREAK_NAMES = ["Christmas holiday", "Easter holiday"] as const;
const TERM_WEEKS = 13;
const BREAK_WEEKS = 2;
/** Weeks of the current term already taught before this week. */
const WEEKS_ELAPSED = 8;

export const CURRENT_YEAR_ID = 12;
export const PREVIOUS_YEAR_ID = 11;

function termIndexFor(today: Date): number {
  const month = today.getUTCMonth();
  if (month >= 8) return 0;
  if (month <= 2) return 1;
  return 2;
}

export function buildCalendar(today: Date): SchoolCalendar {
  const index = termIndexFor(today);
  const currentStart = addDays(startOfWeek(today), -7 * WEEKS_ELAPSED);
  const termStarts: Date[] = [];
  for (let i = 0; i < 3; i++) {
    termStarts.push(addDays(currentStart, (i - index) * 7 * (TERM_WEEKS + BREAK_WEEKS)));
  }
  const termEnd = (start: Date) => addDays(start, 7 * TERM_WEEKS - 3);
  const years: AcademicYear[] = [];
  const terms: DatedItem[] = [];
  const holidays: DatedItem[] = [];
  const insetDays: DatedItem[] = [];
  const closureDates: DatedItem[] = [];
  let nextId = 1;
  for (const [yearId, shiftWeeks] of [
    [PREVIOUS_YEAR_ID, -52],
    [CURRENT_YEAR_ID, 0],
  ] as const) {
    const starts = termStarts.map((d) => addDays(d, shiftWeeks * 7));
    const first = starts[0] as Date;
    const last = termEnd(starts[2] as Date);
    const startYear = first.getUTCFullYear() + (first.getUTCMonth() >= 6 ? 0 : -1);
    years.push({
      id: yearId,
      name: `${startYear}/${String((startYear + 1) % 100).padStart(2, "0")}`,
      startDate: isoDate(first),
      endDate: isoDate(last),
      current: yearId === CURRENT_YEAR_ID,
    });
    starts.forEach((start, i) => {
      terms.push({
        id: yearId * 10 + i + 1,
        academicYearId: yearId,
        name: TERM_NAMES[i] as string,
        startDate: isoDate(start),
        endDate: isoDate(termEnd(start)),
      });
      // Half-term: the week four weeks before the current week, and the same week of every other term.
      const halfTerm = addDays(start, 7 * (WEEKS_ELAPSED - 4));
      holidays.push(dated(nextId++, yearId, `${TERM_NAMES[i]?.split(" ")[0]} half-term`, halfTerm, 4));
      if (i < 2) {
        holidays.push(
          dated(nextId++, yearId, BREAK_NAMES[i] as string, addDays(termEnd(start), 3), 7 * BREAK_WEEKS - 3),
        );
      }
      // Each term opens with a staff training day.
      insetDays.push(dated(nextId++, yearId, "Staff training day", start, 0));
    });
    closureDates.push(
      dated(nextId++, yearId, "Polling station closure", addDays(starts[2] as Date, 7 * 6 + 3), 0),
    );
  }
  const currentTermId = CURRENT_YEAR_ID * 10 + index + 1;
  return { academicYears: years, terms, holidays, insetDays, closureDates, currentTermId };
}

function dated(id: number, academicYearId: number, name: string, start: Date, days: number): DatedItem {
  return { id, academicYearId, name, startDate: isoDate(start), endDate: isoDate(addDays(start, days)) };
}

function within(date: string, item: { startDate: string; endDate: string }): boolean {
  return date >= item.startDate && date <= item.endDate;
}

/** Whether pupils are in school on `date` (YYYY-MM-DD): a weekday in a term, not a holiday or closure. */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (!isWeekday(new Date(`${date}T00:00:00Z`))) return false;
  if (!calendar.terms.some((t) => within(date, t))) return false;
  if (calendar.holidays.some((h) => within(date, h))) return false;
  if (calendar.insetDays.some((d) => within(date, d))) return false;
  return !calendar.closureDates.some((d) => within(date, d));
}

/** Week A or B of the two-week timetable: weeks alternate from the start of the term holding `date`. */
export function timetableWeek(calendar: SchoolCalendar, date: string): "A" | "B" | undefined {
  const term = calendar.terms.find((t) => within(date, t));
  if (!term) return undefined;
  const weeks = Math.floor(
    (startOfWeek(new Date(`${date}T00:00:00Z`)).getTime() -
      new Date(`${term.startDate}T00:00:00Z`).getTime()) /
      (7 * 86_400_000),
  );
  return weeks % 2 === 0 ? "A" : "B";
}

/** School days of the current term from its start up to and including `today`. */
export function schoolDaysSoFar(calendar: SchoolCalendar, today: Date): string[] {
  const term = calendar.terms.find((t) => t.id === calendar.currentTermId);
  if (!term) return [];
  const days: string[] = [];
  const last = isoDate(today);
  for (let d = new Date(`${term.startDate}T00:00:00Z`); isoDate(d) <= last; d = addDays(d, 1)) {
    const date = isoDate(d);
    if (isSchoolDay(calendar, date)) days.push(date);
  }
  return days;
}

/** ISO weekday 1 (Monday) to 5 (Friday). */
export function weekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
