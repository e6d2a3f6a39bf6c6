import { daysBetween } from "../../time/local.js";
import { attendanceId } from "./data-attendance.js";
import type { AttendanceRecord } from "./model.js";
import { ApiError, validation } from "./reply.js";
import type { NurseryStore } from "./store.js";
import { dateParam, idField, objectBody, onlyFields, text } from "./validate.js";

const MAX_RANGE_DAYS = 366;
/** Recorded as checkedInBy/checkedOutBy for writes made through the API. */
const API_ACTOR = "API integration";

/**
 * GET /attendance: ?date= (default today, the nursery's London day), or ?from=&to= (at most 366 days);
 * ?studentId= and ?roomId= narrow. Only what has happened by now is served. `undated: "all"` is the
 * reading of a server whose date filter is optional in the literal sense: no date, every visit there is.
 */
export function queryAttendance(
  store: NurseryStore,
  query: URLSearchParams,
  options: { undated: "today" | "all" } = { undated: "today" },
): AttendanceRecord[] {
  const date = dateParam(query.get("date"), "date");
  let from = dateParam(query.get("from"), "from");
  let to = dateParam(query.get("to"), "to");
  if (date && (from || to)) throw validation("Send either date or from/to, not both");
  if (date) from = to = date;
  // "" sorts before every date: no lower bound.
  if (!from && !to && options.undated === "all") return visitsBetween(store, "", store.today(), query);
  if (!from && !to) from = to = store.today();
  from ??= to;
  to ??= from;
  if (!from || !to) throw validation("from and to must be dates as YYYY-MM-DD");
  if (from > to) throw validation("from must not be after to");
  if (daysBetween(from, to) >= MAX_RANGE_DAYS)
    throw validation(`The date range must be at most ${MAX_RANGE_DAYS} days`);
  return visitsBetween(store, from, to, query);
}

function visitsBetween(
  store: NurseryStore,
  from: string,
  to: string,
  query: URLSearchParams,
): AttendanceRecord[] {
  const studentId = query.get("studentId");
  const roomId = query.get("roomId");
  return store
    .attendance(
      store.data.attendance.filter(
        (r) =>
          r.date >= from &&
          r.date <= to &&
          (!studentId || r.studentId === studentId) &&
          (!roomId || r.roomId === roomId),
      ),
    )
    .sort((a, b) => a.date.localeCompare(b.date) || (a.checkInAt ?? "").localeCompare(b.checkInAt ?? ""));
}

/** The stored visit of a child who is in now (checked in today, not yet collected). */
function openRecord(store: NurseryStore, studentId: string): AttendanceRecord | undefined {
  const today = store.today();
  return store.data.attendance.find((r) => {
    if (r.studentId !== studentId || r.date !== today) return false;
    const now = store.visit(r);
    return now !== undefined && now.checkInAt !== null && now.checkOutAt === null;
  });
}

/**
 * A write changes the course of the child's day: the visits scheduled for later today no longer happen
 * (the child is here now, or has been collected), so they never appear beside the written one.
 */
function dropScheduledLater(store: NurseryStore, studentId: string): void {
  const today = store.today();
  store.data.attendance = store.data.attendance.filter(
    (r) => r.studentId !== studentId || r.date !== today || store.visit(r) !== undefined,
  );
}

function writeBody(raw: unknown): { studentId: string; note: string | undefined } {
  const body = objectBody(raw);
  onlyFields(body, ["studentId", "note"]);
  return { studentId: idField(body, "studentId"), note: text(body, "note", { max: 500 }) };
}

/**
 * POST /attendance/check-in. A child already in (checked in today, not yet collected) is refused with 400:
 * the service keeps one open visit per child. A child collected earlier today may come back: a new visit.
 */
export function checkIn(store: NurseryStore, raw: unknown): AttendanceRecord {
  const { studentId, note } = writeBody(raw);
  const student = store.student(studentId);
  if (student.enrollmentStatus !== "enrolled" || student.roomId === null) {
    throw validation(`Student ${studentId} is not enrolled in a room`);
  }
  if (openRecord(store, studentId)) throw validation(`Student ${studentId} is already checked in`);
  dropScheduledLater(store, studentId);
  const today = store.today();
  const base = attendanceId(today, studentId);
  const visits = store.data.attendance.filter((r) => r.id === base || r.id.startsWith(`${base}_`)).length;
  const record: AttendanceRecord = {
    id: visits === 0 ? base : `${base}_${visits + 1}`,
    studentId,
    roomId: student.roomId,
    date: today,
    checkInAt: store.stamp(),
    checkOutAt: null,
    checkedInBy: API_ACTOR,
    checkedOutBy: null,
    note: note ?? null,
  };
  store.data.attendance.push(record);
  return record;
}

/** POST /attendance/check-out. A child with no open visit today is refused with 400, nothing written. */
export function checkOut(store: NurseryStore, raw: unknown): AttendanceRecord {
  const { studentId, note } = writeBody(raw);
  store.student(studentId);
  const record = openRecord(store, studentId);
  if (!record) throw new ApiError(400, "VALIDATION_ERROR", `Student ${studentId} is not checked in`);
  dropScheduledLater(store, studentId);
  record.checkOutAt = store.stamp();
  record.checkedOutBy = API_ACTOR;
  if (note) record.note = record.note ? `${record.note}; ${note}` : note;
  return record;
}
