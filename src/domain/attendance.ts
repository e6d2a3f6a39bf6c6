import { z } from "zod";
import { IsoDate, IsoDateTime, Labelled } from "./common.js";

/**
 * One normalised status across providers. School registers (HUBmis, ClassCharts) use present/late/absent;
 * nurseries (CentreCareOS) use checked_in / checked_out / not_arrived.
 */
export const AttendanceStatus = z.enum([
  "present",
  "late",
  "absent_authorised",
  "absent_unauthorised",
  "absent",
  "excused",
  "not_required",
  "checked_in",
  "checked_out",
  "not_arrived",
  "unknown",
]);
export type AttendanceStatus = z.infer<typeof AttendanceStatus>;

export const AttendanceRecord = z.object({
  ...Labelled,
  studentId: z.string(),
  studentName: z.string().optional(),
  date: IsoDate,
  /** "am", "pm", a lesson or period name; absent for a nursery day. */
  session: z.string().optional(),
  status: AttendanceStatus,
  code: z.string().optional(),
  codeMeaning: z.string().optional(),
  lateMinutes: z.number().optional(),
  checkInAt: IsoDateTime.nullable().optional(),
  checkOutAt: IsoDateTime.nullable().optional(),
  room: z.string().optional(),
  note: z.string().optional(),
});
export type AttendanceRecord = z.infer<typeof AttendanceRecord>;

/** What each total means, the same for every provider (a nursery day counts as one session). */
export const AttendanceTotals = z
  .object({
    sessions: z.number().describe("Sessions counted: every mark but not-required and unknown ones"),
    present: z.number().describe("Sessions attended, late included; a nursery child checked in or out"),
    late: z.number().describe("Attended sessions marked late"),
    absent: z.number().describe("Sessions missed, authorised or not; a nursery child not arrived"),
    authorisedAbsent: z.number().optional().describe("Absences the school authorised or excused"),
    unauthorisedAbsent: z.number().optional(),
    checkedIn: z.number().optional().describe("Nursery: still in"),
    checkedOut: z.number().optional().describe("Nursery: collected"),
    notArrived: z.number().optional().describe("Nursery: not arrived"),
    percentage: z.number().optional().describe("School registers: present / sessions, to one decimal place"),
  })
  .describe("Totals over the records listed, computed here the same way for every provider");
export type AttendanceTotals = z.infer<typeof AttendanceTotals>;

const ATTENDED: ReadonlySet<AttendanceStatus> = new Set(["present", "late", "checked_in", "checked_out"]);
const AUTHORISED: ReadonlySet<AttendanceStatus> = new Set(["absent_authorised", "excused"]);
const MISSED: ReadonlySet<AttendanceStatus> = new Set([
  "absent",
  "absent_authorised",
  "absent_unauthorised",
  "excused",
  "not_arrived",
]);
const NURSERY: ReadonlySet<AttendanceStatus> = new Set(["checked_in", "checked_out", "not_arrived"]);

/**
 * The totals of the records given, from their normalised statuses alone, so a fanned-out answer means one
 * thing by each field whichever provider a record came from. A provider passes the records that are
 * sessions (ClassCharts' lesson marks repeat its AM/PM registers and are left out when both exist).
 */
export function attendanceTotals(records: readonly AttendanceRecord[]): AttendanceTotals {
  const counted = records.filter((r) => r.status !== "not_required" && r.status !== "unknown");
  const count = (statuses: ReadonlySet<AttendanceStatus>) =>
    counted.filter((r) => statuses.has(r.status)).length;
  const sessions = counted.length;
  const present = count(ATTENDED);
  const totals: AttendanceTotals = {
    sessions,
    present,
    late: counted.filter((r) => r.status === "late" || (ATTENDED.has(r.status) && (r.lateMinutes ?? 0) > 0))
      .length,
    absent: count(MISSED),
  };
  if (counted.some((r) => NURSERY.has(r.status))) {
    totals.checkedIn = counted.filter((r) => r.status === "checked_in").length;
    totals.checkedOut = counted.filter((r) => r.status === "checked_out").length;
    totals.notArrived = counted.filter((r) => r.status === "not_arrived").length;
    return totals;
  }
  totals.authorisedAbsent = count(AUTHORISED);
  totals.unauthorisedAbsent = counted.filter((r) => r.status === "absent_unauthorised").length;
  if (sessions > 0) totals.percentage = Math.round((present / sessions) * 1000) / 10;
  return totals;
}
