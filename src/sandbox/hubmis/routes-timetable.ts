import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { daysBetween, eachDay, localToday } from "../../time/local.js";
import { isSchoolDay, timetableWeek, weekday } from "./calendar.js";
import type { AttendanceMark, TimetableSlot } from "./model.js";
import { ApiError, pageOf, parseQuery } from "./query.js";
import { found, type Route, type RouteContext, route } from "./router.js";
import { lessonView } from "./views.js";

/**
 * Timetables, their calendar expansion to dates, and session attendance records. The calendar is a plan, so
 * it answers for any date; a register is a record, so it is served only once it has been taken.
 */

const MAX_CALENDAR_DAYS = 366;
const PERIOD_ORDER = (a: TimetableSlot, b: TimetableSlot) => a.periodId - b.periodId;

function dateRange(ctx: RouteContext): string[] {
  const q = parseQuery(ctx.query, {
    filters: { dateFrom: { kind: "date" }, dateTo: { kind: "date" }, date: { kind: "date" } },
  });
  const { date, dateFrom, dateTo } = q.filters as Record<string, string | undefined>;
  let from: string;
  let to: string;
  if (date !== undefined) {
    from = date;
    to = date;
  } else if (dateFrom !== undefined || dateTo !== undefined) {
    if (dateFrom === undefined || dateTo === undefined) {
      throw new ApiError(400, "invalid_query", "filter[dateFrom] and filter[dateTo] must be given together");
    }
    from = dateFrom;
    to = dateTo;
  } else {
    from = localToday(ctx.clock, TIME_ZONE);
    to = from;
  }
  if (from > to)
    throw new ApiError(400, "invalid_query", "filter[dateFrom] must not be after filter[dateTo]");
  if (daysBetween(from, to) >= MAX_CALENDAR_DAYS) {
    throw new ApiError(400, "invalid_query", `the date range may span at most ${MAX_CALENDAR_DAYS} days`);
  }
  return eachDay(from, to);
}

function calendarFor(ctx: RouteContext, slots: readonly TimetableSlot[]): unknown {
  const { calendar } = ctx.store.data;
  const entries: unknown[] = [];
  for (const date of dateRange(ctx)) {
    if (!isSchoolDay(calendar, date)) continue;
    const week = timetableWeek(calendar, date);
    const day = weekday(date);
    const todays = slots.filter((s) => s.week === week && s.day === day).sort(PERIOD_ORDER);
    for (const slot of todays) entries.push(lessonView(ctx.store, slot, date));
  }
  return { calendar: entries };
}

function studentSlots(ctx: RouteContext): TimetableSlot[] {
  const student = found(ctx.store.students, ctx.params["id"], "Student");
  if (student.formId === null || !ctx.store.isCurrentYear(ctx.academicYearId)) return [];
  return ctx.store.slotsByForm.get(student.formId) ?? [];
}

function staffSlots(ctx: RouteContext): TimetableSlot[] {
  const staff = found(ctx.store.staff, ctx.params["id"], "Staff member");
  if (!ctx.store.isCurrentYear(ctx.academicYearId)) return [];
  return ctx.store.slotsByStaff.get(staff.id) ?? [];
}

function timetable(ctx: RouteContext, slots: TimetableSlot[]): unknown {
  const ordered = [...slots].sort(
    (a, b) => a.week.localeCompare(b.week) || a.day - b.day || PERIOD_ORDER(a, b),
  );
  return {
    timetables: [
      {
        id: 24,
        name: "Oakfield two-week timetable",
        rotating: true,
        duration_days: 10,
        periods: ordered.map((slot) => lessonView(ctx.store, slot)),
      },
    ],
  };
}

/** HUBmis's date-times: UTC with a Z, as the reference's samples show them. */
function utcIso(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function attendance(ctx: RouteContext): unknown {
  const student = found(ctx.store.students, ctx.params["id"], "Student");
  const q = parseQuery(ctx.query, {
    dateTimeRange: true,
    sort: ["date", "attendanceCode", "attendanceSession", "description"],
    filters: { attendanceSession: { kind: "enum", values: ["am", "pm"] }, attendanceCode: { kind: "code" } },
  });
  const wanted = q.filters["attendanceCode"] as string | undefined;
  const codeMatches = (mark: AttendanceMark) => {
    if (wanted === undefined) return true;
    const code = ctx.store.codes.get(mark.codeId);
    return code?.code === wanted || String(code?.id) === wanted;
  };
  const items = ctx.store.attendanceAt(student.id, ctx.clock.now()).filter((mark) => {
    const at = ctx.store.markedAt(mark);
    return (
      (q.from === undefined || at >= q.from) &&
      (q.to === undefined || at <= q.to) &&
      (q.filters["attendanceSession"] === undefined || mark.session === q.filters["attendanceSession"]) &&
      codeMatches(mark)
    );
  });
  const sortValue = (mark: AttendanceMark, field: string): string | number => {
    if (field === "attendanceCode") return ctx.store.codes.get(mark.codeId)?.code ?? "";
    if (field === "attendanceSession") return mark.session;
    if (field === "description") return mark.note ?? "";
    return `${mark.date}${mark.session}`;
  };
  return pageOf(items, q, sortValue, false).map((mark) => {
    const code = ctx.store.codes.get(mark.codeId);
    return {
      id: mark.id,
      date: mark.date,
      date_time: utcIso(ctx.store.markedAt(mark)),
      attendance_session: mark.session,
      attendance_code: code ? { id: code.id, code: code.code, description: code.description } : null,
      minutes_late: mark.minutesLate,
      description: mark.note,
    };
  });
}

export const TIMETABLE_ROUTES: Route[] = [
  route("students/:id/timetable", (ctx) => timetable(ctx, studentSlots(ctx))),
  route("students/:id/timetable/calendar", (ctx) => calendarFor(ctx, studentSlots(ctx))),
  route("staff/:id/timetable", (ctx) => timetable(ctx, staffSlots(ctx))),
  route("staff/:id/timetable/calendar", (ctx) => calendarFor(ctx, staffSlots(ctx))),
  route("students/:id/attendance", attendance),
];
