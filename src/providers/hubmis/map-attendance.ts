// HUBmis register marks to our attendance records, with each code's status.
import type { AttendanceRecord, AttendanceStatus } from "../../domain/index.js";
import { localDay } from "./map.js";
import type { AttendanceWire, CodeWire } from "./wire-attendance.js";

/** Register status from the DfE statistical category of the code (a code or its words, any case). */
export function statusOf(code: CodeWire | undefined): AttendanceStatus {
  switch (code?.statistical_category) {
    case "present":
      return code.is_late ? "late" : "present";
    case "approved_educational_activity":
    case "approved_education_activity":
      return "present";
    case "authorised_absence":
    case "authorized_absence":
      return "absent_authorised";
    case "unauthorised_absence":
    case "unauthorized_absence":
      return "absent_unauthorised";
    case "attendance_not_required":
    case "not_required":
      return "not_required";
    default:
      return "unknown";
  }
}

/** Attendance codes, found by their code ("/", "L", "M" …) or by id. */
export interface Codes {
  byCode: ReadonlyMap<string, CodeWire>;
  byId: ReadonlyMap<string, CodeWire>;
}

const SESSIONS: Record<string, string> = { am: "am", pm: "pm", morning: "am", afternoon: "pm" };

/**
 * One register mark, or undefined when its day cannot be read. A code we cannot find in the code list
 * keeps its status "unknown", which the totals leave out rather than count as present or absent.
 */
export function mapAttendance(
  w: AttendanceWire,
  studentId: string,
  codes: Codes,
  connection: string,
  studentName?: string,
): AttendanceRecord | undefined {
  const date = localDay(w.date) ?? localDay(w.date_time);
  if (!date) return undefined;
  const code =
    (w.attendance_code?.code ? codes.byCode.get(w.attendance_code.code) : undefined) ??
    (w.attendance_code?.id ? codes.byId.get(w.attendance_code.id) : undefined);
  const raw = w.attendance_code?.code ?? code?.code;
  const record: AttendanceRecord = { connection, studentId, date, status: statusOf(code) };
  if (studentName) record.studentName = studentName;
  const session = w.attendance_session ? (SESSIONS[w.attendance_session] ?? w.attendance_session) : undefined;
  if (session) record.session = session;
  if (raw) record.code = raw;
  const meaning = code?.description ?? w.attendance_code?.description;
  if (meaning) record.codeMeaning = meaning;
  if (typeof w.minutes_late === "number" && w.minutes_late > 0) record.lateMinutes = w.minutes_late;
  if (w.description) record.note = w.description;
  return record;
}
