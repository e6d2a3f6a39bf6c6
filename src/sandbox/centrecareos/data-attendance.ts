import { addDays, isoDate, isWeekday } from "../common/clock.js";
import type { Random } from "../common/random.js";
import type { AttendanceRecord, Room, StaffMember, Student } from "./model.js";

const DROP_OFF_NOTES = [
  "Dropped off by parent",
  "Dropped off by grandparent",
  "Had breakfast at home",
  "Tired today, short night",
  "Bringing spare clothes tomorrow",
] as const;

/** Minutes after midnight as HH:MM:00. */
function clockTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}:00`;
}

export function attendanceId(date: string, studentId: string): string {
  return `att_${date.replaceAll("-", "")}_${studentId.replace(/^stu_/, "")}`;
}

interface Context {
  today: string;
  rooms: Room[];
  staff: StaffMember[];
  students: Student[];
}

/**
 * Today: most enrolled children checked in this morning, some collected at lunchtime (half days), some not
 * yet arrived (no record, as on the real service). Before today: `historyDays` weekdays of full and half days.
 */
export function generateAttendance(
  random: Random,
  { today, rooms, staff, students }: Context,
  sizes: { historyDays: number },
): AttendanceRecord[] {
  const enrolled = students.filter((s) => s.enrollmentStatus === "enrolled" && s.roomId !== null);
  const staffName = (roomId: string | null): string => {
    const room = rooms.find((r) => r.id === roomId);
    const member = room ? random.pick(room.assignedStaff) : undefined;
    const fallback = staff[0];
    return member
      ? `${member.firstName} ${member.lastName}`
      : `${fallback?.firstName ?? "Office"} ${fallback?.lastName ?? ""}`.trim();
  };
  const days: string[] = [];
  let cursor = addDays(new Date(`${today}T00:00:00Z`), -1);
  while (days.length < sizes.historyDays) {
    if (isWeekday(cursor)) days.unshift(isoDate(cursor));
    cursor = addDays(cursor, -1);
  }
  const records: AttendanceRecord[] = [];
  for (const date of days) {
    for (const child of enrolled) {
      if (child.startDate > date || !random.chance(0.88)) continue;
      const inAt = random.int(450, 570);
      const outAt = random.chance(0.2) ? random.int(735, 810) : random.int(900, 1080);
      records.push(record(date, child, inAt, outAt, staffName(child.roomId), staffName(child.roomId), null));
    }
  }
  for (const child of enrolled) {
    const roll = random.next();
    if (roll < 0.12) continue;
    const note = random.chance(0.25) ? random.pick(DROP_OFF_NOTES) : null;
    const inAt = random.int(450, 570);
    const collected = roll < 0.22;
    const outAt = collected ? random.int(735, 810) : null;
    const outBy = collected ? staffName(child.roomId) : null;
    records.push(record(today, child, inAt, outAt, staffName(child.roomId), outBy, note));
  }
  return records;
}

function record(
  date: string,
  child: Student,
  inMinutes: number,
  outMinutes: number | null,
  inBy: string,
  outBy: string | null,
  note: string | null,
): AttendanceRecord {
  return {
    id: attendanceId(date, child.id),
    studentId: child.id,
    roomId: child.roomId,
    date,
    checkInAt: `${date}T${clockTime(inMinutes)}Z`,
    checkOutAt: outMinutes === null ? null : `${date}T${clockTime(outMinutes)}Z`,
    checkedInBy: inBy,
    checkedOutBy: outMinutes === null ? null : outBy,
    note,
  };
}
