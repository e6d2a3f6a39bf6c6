import { addDays } from "../../time/local.js";
import { createRandom } from "../common/random.js";
import { academicStartYear, buildCalendar, schoolDaysOfYear } from "./calendar.js";
import { buildAttendance } from "./data-attendance.js";
import { buildPastoral, DEFAULT_PASTORAL, type PastoralSizes } from "./data-pastoral.js";
import { buildSets } from "./data-sets.js";
import { buildStructure } from "./data-structure.js";
import { buildPeople, DEFAULT_SIZES, type StudentSizes } from "./data-students.js";
import { buildTimetable } from "./data-timetable.js";
import type { HubmisDataset } from "./model.js";
import { ATTENDANCE_CODES, PASTORAL_CATEGORIES, PERIODS, SEVERITY_LEVELS } from "./reference.js";

export const OAKFIELD_REALM = "S999";

/**
 * Registers are built this many days past today, so a clock that runs on (a time-scaled demo, a test that
 * crosses midnight) finds the next days' registers as they are taken; the server hides each until its time.
 */
export const AHEAD_DAYS = 7;

export interface GenerateOptions {
  seed: number;
  /** The school's local date (YYYY-MM-DD) the data is built around: the sandbox clock's today in London. */
  today: string;
  students?: StudentSizes;
  pastoral?: PastoralSizes;
}

/**
 * Oakfield School, deterministic for a seed and a day: the same inputs give byte-identical data. Every part
 * draws from its own forked random stream so growing one part never reshuffles another. Records may be
 * timed later than the clock's now (today's afternoon register, next week's); the server serves a record
 * only once its time has come.
 */
export function generateHubmisData(options: GenerateOptions): HubmisDataset {
  const { today } = options;
  const random = createRandom(options.seed);
  const calendar = buildCalendar(today);
  const structure = buildStructure(random.fork("structure"));
  const people = buildPeople(
    random.fork("people"),
    structure,
    academicStartYear(today),
    today,
    options.students ?? DEFAULT_SIZES,
  );
  const patel = structure.staff.find((s) => s.lastName === "Patel");
  const timetable = buildTimetable(random.fork("timetable"), structure, patel?.id ?? 0);
  const attendance = buildAttendance(
    random.fork("attendance"),
    people.students,
    structure.forms,
    schoolDaysOfYear(calendar, addDays(today, AHEAD_DAYS)),
    today,
  );
  const pastoral = buildPastoral(
    random.fork("pastoral"),
    structure,
    people.students,
    calendar,
    today,
    options.pastoral ?? DEFAULT_PASTORAL,
  );
  const sets = buildSets(random.fork("sets"), { ...structure, students: people.students });
  const { teachersBySubject: _unused, ...rest } = structure;
  return {
    school: { name: "Oakfield School", realm: OAKFIELD_REALM, today },
    calendar,
    ...rest,
    periods: PERIODS,
    ...people,
    ...sets,
    timetable,
    attendanceCodes: ATTENDANCE_CODES,
    attendance,
    pastoralCategories: PASTORAL_CATEGORIES,
    severityLevels: SEVERITY_LEVELS,
    pastoral,
  };
}
