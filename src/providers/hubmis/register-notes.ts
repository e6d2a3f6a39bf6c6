/**
 * What a register answer says besides its records: whether a range can hold registers at all (weekends,
 * holidays, the future), why none came back, and what today's registers mean so far.
 */
import type { AttendanceQuery, AttendanceRecord, CallContext } from "../../domain/index.js";
import { dayOfWeek, eachDay, isWeekend } from "../../time/local.js";
import type { DatedItem } from "./reference.js";
import type { StudentDeps } from "./students.js";

function weekdaysIn(from: string, to: string): string[] {
  return eachDay(from, to).filter((d) => !isWeekend(d));
}

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const within = (d: string, item: DatedItem) => item.start_date <= d && d <= item.end_date;
/** Inset days and closures are single days: looked up only when this few days are left to explain. */
const FEW_DAYS = 3;

/**
 * Whether the range may hold registers: a weekday up to today in a term and not in a holiday. Terms and
 * holidays are reference data, two requests cached for hours; inset days and closures (a few single days a
 * year) are not worth two more before every group question.
 */
export async function mayHoldRegisters(
  deps: StudentDeps,
  from: string,
  to: string,
  today: string,
  ctx: CallContext,
): Promise<boolean> {
  if (from > today) return false;
  const weekdays = weekdaysIn(from, to < today ? to : today);
  if (weekdays.length === 0) return false;
  const { terms, holidays } = await deps.reference.calendar(ctx);
  return weekdays.some((d) => terms.some((t) => within(d, t)) && !holidays.some((h) => within(d, h)));
}

/** Why a day has no registers (a weekend, a holiday, outside term, an inset day), or undefined for a school day. */
async function noSchool(deps: StudentDeps, date: string, ctx: CallContext): Promise<string | undefined> {
  if (isWeekend(date)) return `it is a ${DAY_NAMES[dayOfWeek(date)]}`;
  const { terms, holidays } = await deps.reference.calendar(ctx);
  const holiday = holidays.find((h) => within(date, h));
  if (holiday) {
    return `it is in the ${holiday.name ?? "a holiday"} (${holiday.start_date} to ${holiday.end_date})`;
  }
  if (!terms.some((t) => within(date, t))) return "it is outside term time";
  const closure = (await deps.reference.closures(ctx)).find((c) => within(date, c));
  return closure ? `the school is closed to pupils (${closure.name ?? "a closure date"})` : undefined;
}

async function todayNote(deps: StudentDeps, today: string, ctx: CallContext): Promise<string> {
  const reason = await noSchool(deps, today, ctx);
  return reason
    ? `No registers today (${today}): ${reason}.`
    : `No registers yet today (${today}): registers are taken during the school day, and none has been recorded so far.`;
}

/**
 * What an answer should say about its range: why it is empty, or, when the range holds today, that today
 * has no registers (yet, or at all) or only the morning's so far.
 */
export async function registerNotes(
  deps: StudentDeps,
  q: AttendanceQuery,
  records: readonly AttendanceRecord[],
  today: string,
  ctx: CallContext,
): Promise<string[]> {
  if (records.length === 0) return [await whyNoRegisters(deps, q.from, q.to, today, ctx)];
  if (q.from > today || today > q.to) return [];
  const todays = records.filter((r) => r.date === today);
  if (todays.length === 0) return [await todayNote(deps, today, ctx)];
  if (q.session === undefined && !todays.some((r) => r.session === "pm")) {
    return [`Today (${today}) only the morning register has been taken so far.`];
  }
  return [];
}

/**
 * Why a range has no registers: the weekend, a holiday, outside term time, an inset day, or the future.
 * Terms and holidays are reference data, so this costs at most a few requests once, and only when needed.
 */
export async function whyNoRegisters(
  deps: StudentDeps,
  from: string,
  to: string,
  today: string,
  ctx: CallContext,
): Promise<string> {
  if (from > today) return `No registers: ${from} is in the future, and registers are taken on the day.`;
  if (from === today && to === today) return todayNote(deps, today, ctx);
  const weekdays = weekdaysIn(from, to);
  const holdsToday = from <= today && today <= to;
  if (weekdays.length === 0) {
    const also = holdsToday ? ` Today (${today}) is a ${DAY_NAMES[dayOfWeek(today)]}.` : "";
    return `No registers: ${from} to ${to} holds only weekend days.${also}`;
  }
  const { terms, holidays } = await deps.reference.calendar(ctx);
  const reasons = holidays
    .filter((h) => weekdays.some((d) => within(d, h)))
    .map((h) => `${h.name ?? "a holiday"} (${h.start_date} to ${h.end_date})`);
  if (weekdays.some((d) => !terms.some((t) => within(d, t)))) reasons.push("days outside term time");
  const open = weekdays.filter((d) => terms.some((t) => within(d, t)) && !holidays.some((h) => within(d, h)));
  const past = open.filter((d) => d < today);
  if (past.length > 0 && past.length <= FEW_DAYS) {
    const closures = await deps.reference.closures(ctx);
    for (const c of closures.filter((c) => past.some((d) => within(d, c)))) {
      const name = c.name ?? "a closure date";
      reasons.push(
        c.start_date === c.end_date
          ? `${name} (${c.start_date})`
          : `${name} (${c.start_date} to ${c.end_date})`,
      );
    }
  }
  if (open.includes(today)) reasons.push(`today's registers, not taken yet`);
  if (open.some((d) => d > today)) reasons.push("days after today");
  return reasons.length > 0
    ? `No registers for ${from} to ${to}: ${reasons.join("; ")}.`
    : `No registers were recorded for ${from} to ${to}.`;
}
