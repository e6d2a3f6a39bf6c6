import { eachDay } from "../../time/local.js";
import { must } from "../common/must.js";
import type { Random } from "../common/random.js";
import { type AsOf, isSchoolDay, londonEpoch } from "./dates.js";
import { lessonsOn, type PupilContext, TEACHING_PERIODS } from "./timetable.js";

export interface AttendanceMark {
  code: string;
  status: "yes" | "present" | "ignore" | "no" | "absent" | "excused" | "late";
  late_minutes: number;
  lesson_name?: string;
  room_name?: string;
}

/** One date's marks keyed by session ("AM", "PM") or lesson period ("P1" ... "P5"). */
export type AttendanceDay = Record<string, AttendanceMark>;

export const SESSIONS = ["AM", "PM"] as const;

/**
 * When each register is taken (London time): morning registration just before period 1, the afternoon one as
 * period 4 starts after lunch, and each lesson's at its start. A mark exists only from then on.
 */
export const REGISTER_TIMES: Record<string, string> = {
  AM: "08:45",
  PM: "13:00",
  ...Object.fromEntries(TEACHING_PERIODS.map((p) => [`P${p.number}`, p.start])),
};

/**
 * Register marks for every school day from the term's start to the horizon: mostly present, some late
 * mornings, the odd day off ill and a rare unexplained absence, so the percentage is realistic rather than
 * 100. Answers show a mark only once its register has been taken (attendanceSoFar).
 */
export function generateAttendance(random: Random, context: PupilContext): Record<string, AttendanceDay> {
  const out: Record<string, AttendanceDay> = {};
  for (const date of eachDay(context.termStart, context.horizon)) {
    if (!isSchoolDay(date)) continue;
    const roll = random.next();
    const kind = roll < 0.9 ? "present" : roll < 0.95 ? "late" : roll < 0.985 ? "ill" : "unauthorised";
    const lateMinutes = kind === "late" ? random.int(4, 25) : 0;
    const day: AttendanceDay = {
      AM: sessionMark(kind, "/", lateMinutes),
      PM: sessionMark(kind === "late" ? "present" : kind, "\\", 0),
    };
    lessonsOn(context, date).forEach(({ period, schoolClass }, index) => {
      const lessonKind = kind === "late" && index > 0 ? "present" : kind;
      day[`P${period.number}`] = {
        ...lessonMark(lessonKind, index === 0 ? lateMinutes : 0),
        lesson_name: schoolClass.name,
        room_name: schoolClass.room,
      };
    });
    out[date] = day;
  }
  return out;
}

function sessionMark(kind: string, presentCode: string, lateMinutes: number): AttendanceMark {
  switch (kind) {
    case "late":
      return { code: "L", status: "late", late_minutes: lateMinutes };
    case "ill":
      return { code: "I", status: "excused", late_minutes: 0 };
    case "unauthorised":
      return { code: "O", status: "no", late_minutes: 0 };
    default:
      return { code: presentCode, status: "yes", late_minutes: 0 };
  }
}

function lessonMark(kind: string, lateMinutes: number): AttendanceMark {
  switch (kind) {
    case "late":
      return { code: "L", status: "late", late_minutes: lateMinutes };
    case "ill":
      return { code: "I", status: "excused", late_minutes: 0 };
    case "unauthorised":
      return { code: "N", status: "absent", late_minutes: 0 };
    default:
      return { code: "/", status: "present", late_minutes: 0 };
  }
}

const ATTENDED = new Set(["yes", "present", "late"]);

/** Percentage of AM/PM sessions attended (late counts as attended), as the service sends it: a string. */
function percentage(days: [string, AttendanceDay][]): string {
  let counted = 0;
  let attended = 0;
  for (const [, day] of days) {
    for (const session of SESSIONS) {
      const mark = day[session];
      if (!mark || mark.status === "ignore") continue;
      counted++;
      if (ATTENDED.has(mark.status)) attended++;
    }
  }
  return counted === 0 ? "0" : ((attended * 100) / counted).toFixed(1);
}

/** The marks recorded by `at`: earlier days whole, today's registers taken so far, nothing later. */
export function attendanceSoFar(
  records: Record<string, AttendanceDay>,
  at: AsOf,
): Record<string, AttendanceDay> {
  const out: Record<string, AttendanceDay> = {};
  for (const [date, day] of Object.entries(records)) {
    if (date < at.today) out[date] = day;
    if (date !== at.today) continue;
    const taken = Object.entries(day).filter(
      ([key]) => londonEpoch(date, must(REGISTER_TIMES[key], "register time")) <= at.now,
    );
    if (taken.length > 0) out[date] = Object.fromEntries(taken);
  }
  return out;
}

/** The attendance endpoint over marks already recorded (attendanceSoFar). */
export function attendanceAnswer(
  records: Record<string, AttendanceDay>,
  query: { from: string; to: string },
): { data: Record<string, AttendanceDay>; meta: Record<string, unknown> } {
  const all = Object.entries(records);
  const inRange = all.filter(([date]) => date >= query.from && date <= query.to);
  const sessions = new Set<string>();
  for (const [, day] of inRange) for (const key of Object.keys(day)) sessions.add(key);
  return {
    data: Object.fromEntries(inRange),
    meta: {
      dates: inRange.map(([date]) => date),
      sessions: [...sessions],
      start_date: query.from,
      end_date: query.to,
      percentage: percentage(inRange),
      // The service's own spelling.
      percentage_singe_august: percentage(all),
    },
  };
}
