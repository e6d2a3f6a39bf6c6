/** Answers built from the dataset that belong to no single feature module: pupils, timetable, classes. */
import { addDays, mondayOf } from "../../time/local.js";
import { must } from "../common/must.js";
import { announcementsSoFar } from "./announcements.js";
import type { ActivityPoint } from "./behaviour.js";
import { detentionCounts, detentionsAsOf } from "./behaviour.js";
import type { ClassChartsData, Pupil } from "./data.js";
import { type AsOf, isSchoolDay, localDateTime } from "./dates.js";
import { homeworkCounts, homeworkSoFar } from "./homework.js";
import { lessonsOn, PERIODS, teacherName } from "./timetable.js";

/**
 * A pupil as the parent's pupil list and the student ping describe them, with the display_* flags and the
 * counters as they stand at `at`.
 */
export function pupilView(data: ClassChartsData, pupil: Pupil, at: AsOf): Record<string, unknown> {
  const school = must(
    data.schools.find((s) => s.id === pupil.schoolId),
    "pupil's school",
  );
  return {
    id: pupil.id,
    name: `${pupil.first_name} ${pupil.last_name}`,
    first_name: pupil.first_name,
    last_name: pupil.last_name,
    avatar_url: `https://sandbox.classcharts.test/avatars/${pupil.id}.png`,
    ...pupil.flags,
    pusher_channel_name: `pupil-${pupil.id}`,
    has_birthday: false,
    has_new_survey: false,
    survey_id: null,
    announcements_count: announcementsSoFar(data.announcements, at).filter((a) =>
      a.pupilIds.includes(pupil.id),
    ).length,
    messages_count: 0,
    ...detentionCounts(detentionsAsOf(pupil.detentions, at)),
    ...homeworkCounts(homeworkSoFar(pupil.homework, at), at.today),
    school_name: school.name,
    school_logo: school.logo,
    timezone: school.timezone,
    is_disabled: false,
  };
}

export function parentView(data: ClassChartsData): Record<string, unknown> {
  const parent = data.parent;
  return {
    id: parent.id,
    name: `${parent.first_name} ${parent.last_name}`,
    first_name: parent.first_name,
    last_name: parent.last_name,
    email: parent.email,
    logout_url: "/parent/logout",
    has_consented_to_terms: true,
  };
}

/**
 * One day of a pupil's timetable: lessons with breaks between them, times in the school's local offset. A
 * timetable is a plan, so future days answer as fully as past ones.
 */
export function timetableDay(
  pupil: Pupil,
  date: string,
): { data: Record<string, unknown>[]; meta: Record<string, unknown> } {
  const lessons = isSchoolDay(date) ? lessonsOn(pupil, date) : [];
  const data: Record<string, unknown>[] = [];
  for (const period of PERIODS) {
    const lesson = lessons.find((l) => l.period.number === period.number);
    const isBreak = !lesson;
    if (isBreak && lessons.length === 0) continue;
    const dayIndex = Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
    const note = lesson && (lesson.schoolClass.id + dayIndex) % 7 === 0 ? "Bring your exercise book." : "";
    data.push({
      teacher_name: lesson ? teacherName(lesson.schoolClass.teacher) : "",
      teacher_id: lesson ? String(lesson.schoolClass.teacher.id) : "",
      lesson_id: lesson ? String(lesson.schoolClass.id) : "",
      lesson_name: lesson ? lesson.schoolClass.name : period.number === "break" ? "Break" : "Lunch",
      subject_name: lesson ? lesson.schoolClass.subject : "",
      is_alternative_lesson: false,
      is_break: isBreak,
      period_name: isBreak ? (period.number === "break" ? "Break" : "Lunch") : `P${period.number}`,
      period_number: period.number,
      room_name: lesson ? lesson.schoolClass.room : "",
      date,
      start_time: localDateTime(date, period.start),
      end_time: localDateTime(date, period.end),
      key: dayIndex * 10 + PERIODS.indexOf(period),
      note_abstract: note,
      note,
      pupil_note_abstract: "",
      pupil_note: "",
      pupil_note_raw: "",
    });
  }
  const monday = mondayOf(date);
  const week = [0, 1, 2, 3, 4].map((offset) => addDays(monday, offset));
  return {
    data,
    meta: {
      dates: week,
      timetable_dates: week,
      periods: PERIODS.map((p) => ({ number: p.number, start_time: p.start, end_time: p.end })),
      start_time: PERIODS[0].start,
      end_time: must(PERIODS[PERIODS.length - 1], "last period").end,
    },
  };
}

export function classesView(pupil: Pupil): Record<string, unknown>[] {
  return pupil.classes.map((c) => ({
    id: c.id,
    name: c.name,
    room: c.room,
    subject: c.subject,
    teacher: teacherName(c.teacher),
    teachers: [{ id: c.teacher.id, title: c.teacher.title, last_name: c.teacher.last_name }],
  }));
}

/** Badges earned: one per positive reason the pupil has at least five points for. */
export function eventBadges(points: ActivityPoint[]): Record<string, unknown>[] {
  const byReason = new Map<string, ActivityPoint[]>();
  for (const point of points) {
    if (point.polarity !== "positive") continue;
    byReason.set(point.reason, [...(byReason.get(point.reason) ?? []), point]);
  }
  return [...byReason.entries()]
    .filter(([, earned]) => earned.length >= 5)
    .map(([reason, earned], index) => ({
      id: index + 1,
      name: `${reason} star`,
      icon_url: "https://sandbox.classcharts.test/badges/star.png",
      colour: "gold",
      created_date: must(earned[earned.length - 1], "badge award").timestamp,
      pupil_badges: earned.slice(0, 5).map((p) => ({
        timestamp: p.timestamp,
        lesson_pupil_behaviour: { reason: p.reason },
      })),
    }));
}
