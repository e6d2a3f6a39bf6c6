import { addDays, eachDay, mondayOf } from "../../time/local.js";
import type { Random } from "../common/random.js";
import {
  type AsOf,
  isSchoolDay,
  localDateTime,
  londonEpoch,
  nextSchoolDay,
  previousSchoolDay,
} from "./dates.js";
import { lessonsOn, type PupilContext, teacherName } from "./timetable.js";

/** An activity-feed item as ClassCharts sends it. */
export interface ActivityPoint {
  id: number;
  type: "detention" | "notice" | "attendance_event" | "question" | "event" | "behaviour";
  polarity: "positive" | "blank" | "negative" | null;
  reason: string;
  score: number;
  timestamp: string;
  timestamp_custom_time: string | null;
  style: { border_color: string | null; custom_class: string | null };
  pupil_name: string;
  lesson_name: string | null;
  teacher_name: string | null;
  room_name: string | null;
  note: string | null;
  _can_delete: boolean;
  badges: string;
  detention_date: string | null;
  detention_time: string | null;
  detention_location: string | null;
  detention_type: string | null;
}

export interface DetentionRecord {
  id: number;
  /** As generated, the outcome; answers say "pending" until the detention is over (detentionsAsOf). */
  attended: "yes" | "no" | "upscaled" | "pending";
  date: string;
  length: number;
  location: string;
  notes: string | null;
  time: string;
  pupil: { id: number; first_name: string; last_name: string; school: { opt_notes_names: string } };
  lesson: { id: number; name: string; subject: { id: number; name: string } } | null;
  lesson_pupil_behaviour: { reason: string };
  teacher: { id: number; first_name: string; last_name: string; title: string } | null;
  detention_type: { name: string };
}

export const POSITIVE_REASONS = ["Excellent work", "Effort", "Helping others", "Participation", "Resilience"];
export const NEGATIVE_REASONS = ["Disruption", "Late to lesson", "No homework", "Lack of equipment"];
const NOTICES = ["Reminder: bring PE kit", "Trip letter sent home"];

export const ACTIVITY_PAGE_SIZE = 50;

/**
 * Points given in lessons from the term's start to the horizon, newest first; answers show a point only once
 * it has been given (pointsSoFar). From the last school day before the start day on, every school day has
 * two or three, one of them in the first two lessons, so "yesterday" and "this morning" have an answer.
 */
export function generateActivity(
  random: Random,
  context: PupilContext & { nextId: () => number },
): ActivityPoint[] {
  const points: ActivityPoint[] = [];
  const busyFrom = previousSchoolDay(context.startDay);
  for (const date of eachDay(context.termStart, context.horizon)) {
    if (!isSchoolDay(date)) continue;
    const lessons = lessonsOn(context, date).sort((a, b) => a.period.start.localeCompare(b.period.start));
    let chosen: typeof lessons;
    if (date >= busyFrom) {
      const morning = random.pick(lessons.slice(0, 2));
      const rest = random.shuffle(lessons.filter((l) => l !== morning)).slice(0, random.int(1, 2));
      chosen = [morning, ...rest];
    } else {
      chosen = random.shuffle(lessons).slice(0, random.int(0, 4));
    }
    chosen.sort((a, b) => a.period.start.localeCompare(b.period.start));
    for (const { period, schoolClass } of chosen) {
      const roll = random.next();
      const polarity = roll < 0.72 ? "positive" : roll < 0.95 ? "negative" : null;
      const reason =
        polarity === "positive"
          ? random.pick(POSITIVE_REASONS)
          : polarity === "negative"
            ? random.pick(NEGATIVE_REASONS)
            : random.pick(NOTICES);
      const at = addMinutes(period.start, random.int(3, 55));
      points.push({
        id: context.nextId(),
        type: polarity === null ? "notice" : "behaviour",
        polarity,
        reason,
        score: polarity === "positive" ? (random.chance(0.15) ? 2 : 1) : polarity === "negative" ? -1 : 0,
        timestamp: localDateTime(date, at),
        timestamp_custom_time: null,
        style: { border_color: null, custom_class: null },
        pupil_name: context.pupilName,
        lesson_name: schoolClass.name,
        teacher_name: teacherName(schoolClass.teacher),
        room_name: schoolClass.room,
        note: random.chance(0.2) ? "Well done today." : null,
        _can_delete: false,
        badges: "",
        detention_date: null,
        detention_time: null,
        detention_location: null,
        detention_type: null,
      });
    }
  }
  return points.reverse();
}

/** The points given by `at`, newest first. */
export function pointsSoFar(points: ActivityPoint[], at: AsOf): ActivityPoint[] {
  return points.filter((p) => Date.parse(p.timestamp) <= at.now);
}

export function generateDetentions(
  random: Random,
  context: PupilContext & { schoolName: string; nextId: () => number },
): DetentionRecord[] {
  const [firstName, ...rest] = context.pupilName.split(" ");
  // Booked around the start day: five sat (or missed) before it, two still to come.
  const offsets = [-70, -48, -30, -16, -6, 2, 6];
  return offsets.map((offset, index) => {
    const date = nextSchoolDay(addDays(context.startDay, offset));
    const lesson = random.pick(lessonsOn(context, date));
    const attended: DetentionRecord["attended"] = index === 2 ? "upscaled" : index === 3 ? "no" : "yes";
    const lunchtime = random.chance(0.4);
    return {
      id: context.nextId(),
      attended,
      date,
      length: lunchtime ? 20 : random.pick([30, 45, 60]),
      location: lunchtime ? "Room H4" : random.pick(["Library", "Hall", "Room S2"]),
      notes: random.chance(0.3) ? "Bring a reading book." : null,
      time: lunchtime ? "12:20" : "15:10",
      pupil: {
        id: context.pupilId,
        first_name: firstName ?? "",
        last_name: rest.join(" "),
        school: { opt_notes_names: context.schoolName },
      },
      lesson: {
        id: lesson.schoolClass.id,
        name: lesson.schoolClass.name,
        subject: { id: lesson.schoolClass.id % 1000, name: lesson.schoolClass.subject },
      },
      lesson_pupil_behaviour: { reason: random.pick(NEGATIVE_REASONS) },
      teacher: {
        id: lesson.schoolClass.teacher.id,
        first_name: lesson.schoolClass.teacher.first_name,
        last_name: lesson.schoolClass.teacher.last_name,
        title: lesson.schoolClass.teacher.title,
      },
      detention_type: { name: lunchtime ? "Lunchtime" : "After school" },
    };
  });
}

/**
 * Detentions as the service shows them at `at`: booked ones ahead are listed, but whether a pupil attended is
 * known only once the detention has ended; until then it is pending.
 */
export function detentionsAsOf(records: DetentionRecord[], at: AsOf): DetentionRecord[] {
  return records.map((d) =>
    londonEpoch(d.date, d.time) + d.length * 60_000 > at.now ? { ...d, attended: "pending" } : d,
  );
}

function addMinutes(time: string, minutes: number): string {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** A point's London day: its timestamp is written in London time. */
function dateOf(point: ActivityPoint): string {
  return point.timestamp.slice(0, 10);
}

/**
 * One page of the activity feed: newest first, at most `pageSize` (50) items, `last_id` continuing below an
 * id. An empty page carries `last_id: false`. A server whose pages are smaller says nothing about it: only
 * the documented page size is announced in `step_size`.
 */
export function activityPage(
  points: ActivityPoint[],
  query: {
    from?: string | undefined;
    to?: string | undefined;
    lastId?: number | undefined;
    pageSize?: number;
  },
): { data: ActivityPoint[]; meta: Record<string, unknown> } {
  const pageSize = query.pageSize ?? ACTIVITY_PAGE_SIZE;
  const data = points
    .filter(
      (p) =>
        (!query.from || dateOf(p) >= query.from) &&
        (!query.to || dateOf(p) <= query.to) &&
        (query.lastId === undefined || p.id < query.lastId),
    )
    .slice(0, pageSize);
  const last = data[data.length - 1];
  return {
    data,
    meta: {
      start_date: query.from ?? null,
      end_date: query.to ?? null,
      last_id: last ? last.id : false,
      ...(pageSize === ACTIVITY_PAGE_SIZE ? { step_size: ACTIVITY_PAGE_SIZE } : {}),
      detention_alias_uc: "Detention",
    },
  };
}

/** The behaviour endpoint: weekly timeline and counts by reason over a range. */
export function behaviourTotals(
  points: ActivityPoint[],
  query: { from: string; to: string },
): Record<string, unknown> {
  const inRange = points.filter((p) => dateOf(p) >= query.from && dateOf(p) <= query.to);
  const positive: Record<string, number> = {};
  const negative: Record<string, number> = {};
  for (const p of inRange) {
    if (p.polarity === "positive") positive[p.reason] = (positive[p.reason] ?? 0) + p.score;
    if (p.polarity === "negative") negative[p.reason] = (negative[p.reason] ?? 0) - p.score;
  }
  const timeline: { positive: number; negative: number; name: string; start: string; end: string }[] = [];
  for (let week = mondayOf(query.from); week <= query.to; week = addDays(week, 7)) {
    const end = addDays(week, 6);
    const inWeek = inRange.filter((p) => dateOf(p) >= week && dateOf(p) <= end);
    timeline.push({
      positive: inWeek.filter((p) => p.polarity === "positive").reduce((sum, p) => sum + p.score, 0),
      negative: inWeek.filter((p) => p.polarity === "negative").reduce((sum, p) => sum - p.score, 0),
      name: `w/c ${week}`,
      start: `${week} 00:00:00`,
      end: `${end} 23:59:59`,
    });
  }
  return {
    timeline,
    positive_reasons: positive,
    negative_reasons: negative,
    other_positive: [],
    other_negative: [],
    other_positive_count: [],
    other_negative_count: [],
  };
}

export function detentionCounts(records: DetentionRecord[]): Record<string, number> {
  const count = (state: DetentionRecord["attended"]) => records.filter((d) => d.attended === state).length;
  return {
    detention_yes_count: count("yes"),
    detention_no_count: count("no"),
    detention_pending_count: count("pending"),
    detention_upscaled_count: count("upscaled"),
  };
}
