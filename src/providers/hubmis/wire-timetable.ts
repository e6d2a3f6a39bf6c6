// HUBmis rooms, academic years, terms and closure dates, and timetabled lessons as we read them.
import { z } from "zod";
import { withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { Flag, IdRef, People, Ref, Word, Words } from "./wire.js";

export const RoomWire = withAliases(
  { room_code: ["code", "timetable_code", "name"] },
  z.object({ id: Id, room_code: z.string() }),
);

/** An academic year. The reference shows no sample: its dated records use `date_start` / `date_end`. */
export const AcademicYearWire = withAliases(
  {
    name: ["title", "code"],
    start_date: ["date_start", "date_from", "start", "starts_on"],
    end_date: ["date_end", "date_to", "end", "ends_on"],
    is_current: ["current", "is_current_year"],
  },
  z.object({ id: Id, name: Words, start_date: Words, end_date: Words, is_current: Flag, status: Word }),
);
export type AcademicYearWire = z.infer<typeof AcademicYearWire>;

/**
 * A term, holiday, inset day or closure date: a name and its first and last day. The reference shows no
 * sample; a single day may come as one `date` (or `date_time`), a span under the reference's own names or
 * the common ones, each a date or a date-time (read as its London day).
 */
export const DatedWire = withAliases(
  {
    name: ["title", "description", "label"],
    start_date: ["date_start", "date_from", "start", "date", "date_time"],
    end_date: ["date_end", "date_to", "end", "date", "date_time", "date_start", "start_date"],
  },
  z.object({ name: Words, start_date: z.string(), end_date: z.string() }),
);
export type DatedWireRaw = z.infer<typeof DatedWire>;

/**
 * A lesson on the timetable calendar. The reference shows no sample: times may be times of day under the
 * reference's timetable names (`time_from`/`time_to`) or the common ones, date-times (whose London day is
 * the lesson's date when no date is given), or sit inside the period; the room may be an object, a name or
 * an id.
 */
export const LessonWire = withAliases(
  {
    date: ["lesson_date", "day_date"],
    start_time: [
      "time_from",
      "time_start",
      "start",
      "starts_at",
      "start_date_time",
      "date_time_start",
      "period.start_time",
      "period.time_from",
      "period.start",
    ],
    end_time: [
      "time_to",
      "time_end",
      "end",
      "ends_at",
      "end_date_time",
      "date_time_end",
      "period.end_time",
      "period.time_to",
      "period.end",
    ],
    subject: ["subject_name", "subject_code"],
    group: ["group_name", "class", "class_name", "subject_set"],
    staff: ["teachers", "teacher", "staff_member"],
    room: ["room_name", "room_code", "room_id"],
  },
  z.object({
    date: Words,
    start_time: Words,
    end_time: Words,
    period: Ref,
    subject: Ref,
    group: Ref,
    staff: People,
    room: IdRef,
  }),
);
export type LessonWire = z.infer<typeof LessonWire>;
