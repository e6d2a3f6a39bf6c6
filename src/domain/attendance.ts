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

export const AttendanceTotals = z.object({
  sessions: z.number(),
  present: z.number(),
  late: z.number(),
  absent: z.number(),
  authorisedAbsent: z.number().optional(),
  unauthorisedAbsent: z.number().optional(),
  checkedIn: z.number().optional(),
  checkedOut: z.number().optional(),
  notArrived: z.number().optional(),
  percentage: z.number().optional(),
});
export type AttendanceTotals = z.infer<typeof AttendanceTotals>;
