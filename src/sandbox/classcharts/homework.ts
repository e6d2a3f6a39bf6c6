import { addDays, daysBetween, mondayOf } from "../../time/local.js";
import type { Random } from "../common/random.js";
import { type AsOf, londonEpoch, nextSchoolDay } from "./dates.js";
import { lessonsOn, type PupilContext, teacherName } from "./timetable.js";

/** A homework as ClassCharts sends it. */
export interface HomeworkRecord {
  lesson: string;
  subject: string;
  teacher: string;
  homework_type: string;
  id: number;
  title: string;
  meta_title: string;
  description: string;
  issue_date: string;
  due_date: string;
  completion_time_unit: string;
  completion_time_value: string;
  publish_time: string;
  status: {
    id: number;
    state: "not_completed" | "late" | "completed" | null;
    mark: string | null;
    mark_relative: number;
    ticked: "yes" | "no";
    allow_attachments: boolean;
    first_seen_date: string | null;
    last_seen_date: string | null;
    attachments: unknown[];
    has_feedback: boolean;
  };
  validated_links: unknown[];
  validated_attachments: unknown[];
}

const TASKS: Record<string, string[]> = {
  Mathematics: ["Simultaneous equations worksheet", "Sparx practice", "Angles in polygons"],
  English: ["Read chapter 4 and annotate", "Persuasive letter draft", "Poetry comparison plan"],
  Science: ["Cell structure revision cards", "Energy transfer questions", "Write up the titration practical"],
  History: ["Source analysis: the Armada", "Timeline of the Industrial Revolution"],
  Geography: ["River landforms diagram", "Climate graph questions"],
  French: ["Vocabulary test: la ville", "Describe your weekend (80 words)"],
  Art: ["Still life sketch", "Artist research page"],
  Music: ["Practise the riff for Friday", "Listening log"],
  "Physical Education": ["Fitness diary"],
  Computing: ["Python loops exercises", "Binary conversion quiz"],
  Drama: ["Learn lines for scene 2"],
  "Religious Studies": ["Key beliefs glossary", "Ethics essay plan"],
};

/** Roughly one homework every two and a half days, as a pupil's week of lessons sets them. */
const ISSUE_EVERY_DAYS = 2.5;
/** When pupils look at new homework: the evening it is set. */
const SEEN_AT = "18:00:00";

/**
 * Homework set from the term's start to the horizon, each in one of that day's lessons and published as the
 * lesson ends; answers show it only once published (homeworkSoFar). Due dates run up to nine school days
 * past the issue, so the coming week has work due.
 */
export function generateHomework(
  random: Random,
  context: PupilContext & { nextId: () => number },
): HomeworkRecord[] {
  const out: HomeworkRecord[] = [];
  const span = daysBetween(context.termStart, context.horizon);
  for (let i = 0; Math.floor(i * ISSUE_EVERY_DAYS) <= span; i++) {
    const issue = nextSchoolDay(addDays(context.termStart, Math.floor(i * ISSUE_EVERY_DAYS)));
    if (issue > context.horizon) break;
    const lessons = lessonsOn(context, issue);
    const { period, schoolClass } = random.pick(lessons);
    const due = nextSchoolDay(addDays(issue, random.int(2, 9)));
    const state = homeworkState(random, issue, due, context.startDay);
    const id = context.nextId();
    const title = random.pick(TASKS[schoolClass.subject] ?? ["Revision"]);
    out.push({
      lesson: schoolClass.name,
      subject: schoolClass.subject,
      teacher: teacherName(schoolClass.teacher),
      homework_type: random.chance(0.15) ? "Classwork" : "Homework",
      id,
      title,
      meta_title: title,
      description: `<p>${title}. Bring it to your next ${schoolClass.subject} lesson.</p>`,
      issue_date: issue,
      due_date: due,
      completion_time_unit: "minutes",
      completion_time_value: String(random.pick([20, 30, 45, 60])),
      publish_time: `${issue} ${period.end}:00`,
      status: {
        id: id + 100_000,
        state,
        mark: state === "completed" && random.chance(0.3) ? `${random.int(5, 10)}/10` : null,
        mark_relative: 0,
        ticked: state === "completed" ? "yes" : "no",
        allow_attachments: true,
        first_seen_date: `${issue} ${SEEN_AT}`,
        last_seen_date: `${issue} ${SEEN_AT}`,
        attachments: [],
        has_feedback: false,
      },
      validated_links: [],
      validated_attachments: [],
    });
  }
  return out;
}

/** Work set on or after the start day is not done yet; older work is mostly done, some late or missed. */
function homeworkState(
  random: Random,
  issue: string,
  due: string,
  startDay: string,
): HomeworkRecord["status"]["state"] {
  const roll = random.next();
  if (issue >= startDay) return null;
  if (due >= startDay) return roll < 0.25 ? "completed" : null;
  if (roll < 0.7) return "completed";
  return roll < 0.85 ? "late" : "not_completed";
}

/**
 * Homework published by `at`; a pupil has seen it only once the evening it was set has come. Both happen on
 * the issue day, so only today's need the clock's time of day.
 */
export function homeworkSoFar(records: HomeworkRecord[], at: AsOf): HomeworkRecord[] {
  const by = (h: HomeworkRecord, time: string) =>
    h.issue_date < at.today || (h.issue_date === at.today && londonEpoch(h.issue_date, time) <= at.now);
  return records
    .filter((h) => by(h, h.publish_time.slice(11)))
    .map((h) =>
      by(h, SEEN_AT) ? h : { ...h, status: { ...h.status, first_seen_date: null, last_seen_date: null } },
    );
}

export type HomeworkDisplayDate = "due_date" | "issue_date";

/** The homeworks endpoint over published homework: filter by the chosen date field, this week's counters in meta. */
export function homeworkAnswer(
  records: HomeworkRecord[],
  query: { displayDate: HomeworkDisplayDate; from?: string; to?: string; today: string },
): { data: HomeworkRecord[]; meta: Record<string, unknown> } {
  const field = query.displayDate;
  const data = records.filter(
    (h) => (!query.from || h[field] >= query.from) && (!query.to || h[field] <= query.to),
  );
  const weekStart = mondayOf(query.today);
  const weekEnd = addDays(weekStart, 6);
  const dueThisWeek = records.filter((h) => h.due_date >= weekStart && h.due_date <= weekEnd);
  return {
    data,
    meta: {
      display_type: field,
      max_files_allowed: 5,
      allowed_file_types: ["pdf", "docx", "jpg", "png"],
      this_week_due_count: dueThisWeek.length,
      this_week_outstanding_count: dueThisWeek.filter((h) => h.status.state !== "completed").length,
      this_week_completed_count: dueThisWeek.filter((h) => h.status.state === "completed").length,
      start_date: query.from ?? records[0]?.issue_date ?? query.today,
      end_date: query.to ?? query.today,
    },
  };
}

/** Counters the parent's pupil list carries. */
export function homeworkCounts(records: HomeworkRecord[], today: string): Record<string, number> {
  const todo = records.filter((h) => h.status.state === null && h.due_date >= today).length;
  return {
    homework_todo_count: todo,
    homework_late_count: records.filter((h) => h.status.state === "late").length,
    homework_not_completed_count: records.filter((h) => h.status.state === "not_completed").length,
    homework_excused_count: 0,
    homework_completed_count: records.filter((h) => h.status.state === "completed").length,
    homework_submitted_count: 0,
  };
}
