// HUBmis timetabled lessons to our lessons.
import type { Lesson } from "../../domain/index.js";
import { localDay, localTime, personName } from "./map.js";
import { refName } from "./wire.js";
import type { LessonWire } from "./wire-timetable.js";

/**
 * One lesson, or undefined when its day, subject, start or end cannot be read: a lesson is never given a
 * made-up time. A room given only by id is named from `roomName`.
 */
export function mapLesson(
  w: LessonWire,
  connection: string,
  who: { studentId?: string; staffId?: string },
  roomName: (id: string | undefined) => string | undefined = () => undefined,
): Lesson | undefined {
  const start = localTime(w.start_time);
  const end = localTime(w.end_time);
  const date = localDay(w.date) ?? localDay(w.start_time);
  const subject = refName(w.subject);
  if (!date || !subject || !start || !end) return undefined;
  const lesson: Lesson = { connection, date, start, end, subject };
  const period = refName(w.period);
  if (period) lesson.period = period;
  const teachers = (w.staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (teachers.length > 0) lesson.teacher = teachers.join(", ");
  const room = w.room?.code ?? w.room?.name ?? roomName(w.room?.id);
  if (room) lesson.room = room;
  const group = w.group?.code ?? refName(w.group);
  if (group) lesson.group = group;
  if (who.studentId) lesson.studentId = who.studentId;
  if (who.staffId) lesson.staffId = who.staffId;
  return lesson;
}
