import { dayOfWeek } from "../../time/local.js";
import { must } from "../common/must.js";
import type { Random } from "../common/random.js";

/** The school day every sandbox school shares: five teaching periods around a break and lunch. */
export const PERIODS = [
  { number: "1", start: "08:50", end: "09:50" },
  { number: "2", start: "09:50", end: "10:50" },
  { number: "break", start: "10:50", end: "11:10" },
  { number: "3", start: "11:10", end: "12:10" },
  { number: "lunch", start: "12:10", end: "13:00" },
  { number: "4", start: "13:00", end: "14:00" },
  { number: "5", start: "14:00", end: "15:00" },
] as const;

export const TEACHING_PERIODS = PERIODS.filter((p) => p.number !== "break" && p.number !== "lunch");

export const SUBJECTS = [
  { name: "Mathematics", code: "Ma", room: "M" },
  { name: "English", code: "En", room: "E" },
  { name: "Science", code: "Sc", room: "S" },
  { name: "History", code: "Hi", room: "H" },
  { name: "Geography", code: "Gg", room: "G" },
  { name: "French", code: "Fr", room: "L" },
  { name: "Art", code: "Ar", room: "A" },
  { name: "Music", code: "Mu", room: "Mu" },
  { name: "Physical Education", code: "PE", room: "Gym" },
  { name: "Computing", code: "Co", room: "IT" },
  { name: "Drama", code: "Dr", room: "D" },
  { name: "Religious Studies", code: "RS", room: "R" },
] as const;

export interface Teacher {
  id: number;
  title: string;
  first_name: string;
  last_name: string;
}

export interface SchoolClass {
  id: number;
  subject: string;
  /** Class code as ClassCharts shows it, e.g. "9R/Ma1". */
  name: string;
  room: string;
  teacher: Teacher;
}

/** One cell of the weekly timetable: weekday 1 (Monday) to 5 (Friday), a teaching period, a class. */
export interface WeeklyLesson {
  weekday: number;
  period: string;
  classId: number;
}

export function teacherName(teacher: Teacher): string {
  return `${teacher.title} ${teacher.last_name}`;
}

/** A pupil's classes (one per subject) and a week of lessons drawn from them. */
export function buildWeek(
  random: Random,
  form: string,
  teachers: Map<string, Teacher>,
  nextClassId: () => number,
): { classes: SchoolClass[]; week: WeeklyLesson[] } {
  const classes: SchoolClass[] = SUBJECTS.map((subject) => ({
    id: nextClassId(),
    subject: subject.name,
    name: `${form}/${subject.code}${random.int(1, 3)}`,
    room: `${subject.room}${random.int(1, 14)}`,
    teacher: must(teachers.get(subject.name), "subject teacher"),
  }));
  const week: WeeklyLesson[] = [];
  for (let weekday = 1; weekday <= 5; weekday++) {
    const today = random.shuffle(classes).slice(0, TEACHING_PERIODS.length);
    TEACHING_PERIODS.forEach((period, index) => {
      week.push({ weekday, period: period.number, classId: must(today[index], "class").id });
    });
  }
  return { classes, week };
}

/** ISO weekday of a YYYY-MM-DD date: 1 Monday ... 7 Sunday. */
export function isoWeekday(date: string): number {
  return dayOfWeek(date) || 7;
}

/** What the per-pupil record generators need to know about the pupil. */
export interface PupilContext {
  pupilId: number;
  pupilName: string;
  classes: SchoolClass[];
  week: WeeklyLesson[];
  termStart: string;
  /** The London day the dataset is generated on. */
  startDay: string;
  /** The last day records are generated for; answers show them only once the clock reaches them. */
  horizon: string;
}

/** The teaching periods of a date with their classes; empty at weekends. */
export function lessonsOn(
  context: Pick<PupilContext, "classes" | "week">,
  date: string,
): { period: (typeof TEACHING_PERIODS)[number]; schoolClass: SchoolClass }[] {
  const weekday = isoWeekday(date);
  return context.week
    .filter((cell) => cell.weekday === weekday)
    .map((cell) => ({
      period: must(
        TEACHING_PERIODS.find((p) => p.number === cell.period),
        "period",
      ),
      schoolClass: must(
        context.classes.find((c) => c.id === cell.classId),
        "class",
      ),
    }));
}
