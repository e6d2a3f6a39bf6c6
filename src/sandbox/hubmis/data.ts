import { isoDate, startOfDay } from "../common/clock.js";
import { createRandom } from "../common/random.js";
import { buildCalendar, CURRENT_YEAR_ID, schoolDaysSoFar } from "./calendar.js";
import { buildAttendance } from "./data-attendance.js";
import { buildPastoral, DEFAULT_PASTORAL, type PastoralSizes } from "./data-pastoral.js";
import { buildStructure } from "./data-structure.js";
import { buildPeople, DEFAULT_SIZES, type StudentSizes } from "./data-students.js";
import { buildTimetable } from "./data-timetable.js";
import type { HubmisDataset } from "./model.js";
import { ATTENDANCE_CODES, PASTORAL_CATEGORIES, PERIODS, SEVERITY_LEVELS } from "./reference.js";

export const OAKFIELD_REALM = "S999";

export interface GenerateOptions {
  seed: number;
  /** The day the data is built around (default: the machine's today, UTC). */
  today?: Date;
  students?: StudentSizes;
  pastoral?: PastoralSizes;
}

/**
 * Oakfield School, deterministic for a seed and a day: the same inputs give byte-identical data. Every part
 * draws from its own forked random stream so growing one part never reshuffles another.
 */
export function generateHubmisData(options: GenerateOptions): HubmisDataset {
  const today = startOfDay(options.today ?? new Date());
  const random = createRandom(options.seed);
  const calendar = buildCalendar(today);
  const structure = buildStructure(random.fork("structure"));
  const currentYear = calendar.academicYears.find((y) => y.id === CURRENT_YEAR_ID);
  const startYear = Number(currentYear?.name.slice(0, 4) ?? today.getUTCFullYear());
  const people = buildPeople(
    random.fork("people"),
    structure,
    startYear,
    isoDate(today),
    options.students ?? DEFAULT_SIZES,
  );
  const patel = structure.staff.find((s) => s.lastName === "Patel");
  const timetable = buildTimetable(random.fork("timetable"), structure, patel?.id ?? 0);
  const attendance = buildAttendance(
    random.fork("attendance"),
    people.students,
    structure.forms,
    schoolDaysSoFar(calendar, today),
  );
  const pastoral = buildPastoral(
    random.fork("pastoral"),
    structure,
    people.students,
    today,
    options.pastoral ?? DEFAULT_PASTORAL,
  );
  const { teachersBySubject: _unused, ...rest } = structure;
  return {
    school: { name: "Oakfield School", realm: OAKFIELD_REALM, today: isoDate(today) },
    calendar,
    ...rest,
    periods: PERIODS,
    ...people,
    timetable,
    attendanceCodes: ATTENDANCE_CODES,
    attendance,
    pastoralCategories: PASTORAL_CATEGORIES,
    severityLevels: SEVERITY_LEVELS,
    pastoral,
  };
}
