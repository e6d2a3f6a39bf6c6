import { addDays, eachDay, isWeekend } from "../../time/local.js";
import type { Random } from "../common/random.js";
import type { AttendanceRecord, Room, StaffMember, Student } from "./model.js";
import { localStamp } from "./time.js";

const DROP_OFF_NOTES = [
  "Dropped off by parent",
  "Dropped off by grandparent",
  "Had breakfast at home",
  "Tired today, short night",
  "Bringing spare clothes tomorrow",
] as const;

/**
 * Days after today that are scheduled too, so a clock that runs on (a time-scaled demo, a run across
 * midnight) meets a nursery day as it would have happened; each stays hidden until its times come.
 */
export const DAYS_AHEAD = 7;

/** Minutes after midnight as HH:MM:00. */
function clockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`;
}

export function attendanceId(date: string, studentId: string): string {
  return `att_${date.replaceAll("-", "")}_${studentId.replace(/^stu_/, "")}`;
}

/** The nursery opens on weekdays: `historyDays` of them before today, then today and the week ahead. */
export function openDays(today: string, historyDays: number): string[] {
  const before: string[] = [];
  for (let day = addDays(today, -1); before.length < historyDays; day = addDays(day, -1)) {
    if (!isWeekend(day)) before.unshift(day);
  }
  return [...before, ...eachDay(today, addDays(today, DAYS_AHEAD)).filter((day) => !isWeekend(day))];
}

interface Context {
  today: string;
  rooms: Room[];
  staff: StaffMember[];
  students: Student[];
}

/**
 * Every open day's visits as scheduled, in London time: most enrolled children arrive between 07:30 and
 * 09:30; one in five goes home at lunchtime (12:15 to 13:30), the rest between 15:00 and 18:00; about one in
 * eight does not come (no record, as on the real service). The store serves a visit once its check-in has
 * come and its check-out once that has, so today ends at the clock's now. Each day draws from its own
 * stream, so a longer history leaves the other days as they were.
 */
export function generateAttendance(
  random: Random,
  { today, rooms, staff, students }: Context,
  sizes: { historyDays: number },
): AttendanceRecord[] {
  const enrolled = students.filter((s) => s.enrollmentStatus === "enrolled" && s.roomId !== null);
  const records: AttendanceRecord[] = [];
  for (const date of openDays(today, sizes.historyDays)) {
    const day = random.fork(date);
    const staffName = (roomId: string | null): string => {
      const room = rooms.find((r) => r.id === roomId);
      const member = room ? day.pick(room.assignedStaff) : undefined;
      const fallback = staff[0];
      return member
        ? `${member.firstName} ${member.lastName}`
        : `${fallback?.firstName ?? "Office"} ${fallback?.lastName ?? ""}`.trim();
    };
    for (const child of enrolled) {
      if (child.startDate > date || !day.chance(0.88)) continue;
      const inAt = day.int(450, 570);
      const outAt = day.chance(0.2) ? day.int(735, 810) : day.int(900, 1080);
      const note = day.chance(0.25) ? day.pick(DROP_OFF_NOTES) : null;
      records.push({
        id: attendanceId(date, child.id),
        studentId: child.id,
        roomId: child.roomId,
        date,
        checkInAt: localStamp(date, clockTime(inAt)),
        checkOutAt: localStamp(date, clockTime(outAt)),
        checkedInBy: staffName(child.roomId),
        checkedOutBy: staffName(child.roomId),
        note,
      });
    }
  }
  return records;
}
