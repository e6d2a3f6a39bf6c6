/** CentreCareOS wire forms of attendance: a visit's day and check-in and check-out times, read strictly. */
import { z } from "zod";
import { localDate, zonedEpoch } from "../../time/local.js";
import { withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { TIME_ZONE } from "./endpoints.js";
import { Day, instantEpoch, isoInstant } from "./wire.js";

const WireAttendance = withAliases(
  {
    studentId: ["student_id", "student.id", "childId", "child_id", "child.id"],
    roomId: ["room_id", "room.id"],
    date: ["attendance_date", "attendanceDate", "day", "visit_date"],
    checkInAt: [
      "check_in_at",
      "checkInTime",
      "check_in_time",
      "checkedInAt",
      "checked_in_at",
      "checkIn.at",
      "check_in.at",
      "check_in.time",
    ],
    checkOutAt: [
      "check_out_at",
      "checkOutTime",
      "check_out_time",
      "checkedOutAt",
      "checked_out_at",
      "checkOut.at",
      "check_out.at",
      "check_out.time",
    ],
    note: ["notes", "comment", "comments"],
  },
  z.object({
    id: Id.optional(),
    studentId: Id,
    roomId: Id.nullish(),
    date: Day.nullish(),
    checkInAt: Text,
    checkOutAt: Text,
    note: Text,
  }),
);

export interface UpAttendance {
  id?: string;
  studentId: string;
  roomId?: string;
  /** The London day of the visit. */
  date: string;
  checkInAt?: string;
  checkOutAt?: string;
  note?: string;
}

/**
 * A visit with its day and times in our form: times may be instants or the register's wall-clock time
 * (HH:MM[:SS], London) on the visit's date; a visit with no date takes its check-in's London day. A time we
 * cannot read, or a visit with no day at all, is unreadable: never a 00:00 or a guessed day.
 */
export function readAttendance(raw: unknown): UpAttendance | undefined {
  const parsed = WireAttendance.safeParse(raw);
  if (!parsed.success) return undefined;
  const wire = parsed.data;
  const time = (value: string | null | undefined): string | null | undefined => {
    if (value === undefined || value === null || value.trim() === "") return undefined;
    const text = value.trim();
    if (/^\d{2}:\d{2}(:\d{2})?$/.test(text)) {
      return wire.date ? isoInstant(zonedEpoch(wire.date, text, TIME_ZONE)) : null;
    }
    const epoch = instantEpoch(text);
    return epoch === undefined ? null : isoInstant(epoch);
  };
  const checkInAt = time(wire.checkInAt);
  const checkOutAt = time(wire.checkOutAt);
  if (checkInAt === null || checkOutAt === null) return undefined;
  const date = wire.date ?? (checkInAt ? localDate(Date.parse(checkInAt), TIME_ZONE) : undefined);
  if (!date) return undefined;
  return {
    ...(wire.id === undefined ? {} : { id: wire.id }),
    studentId: wire.studentId,
    ...(wire.roomId ? { roomId: wire.roomId } : {}),
    date,
    ...(checkInAt ? { checkInAt } : {}),
    ...(checkOutAt ? { checkOutAt } : {}),
    ...(wire.note ? { note: wire.note } : {}),
  };
}
