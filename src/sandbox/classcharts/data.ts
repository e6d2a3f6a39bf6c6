/**
 * The seeded ClassCharts world: one parent with two pupils at two fictional schools, each pupil with a
 * student login, a weekly timetable, homework, activity points, detentions, attendance and announcements.
 * Everything is dated relative to the London day it is generated on, from about a term before it to a
 * horizon a fortnight after, and the same seed and day give byte-identical data. What an answer shows is cut
 * at the sandbox clock's now (see dates.ts AsOf), so records appear as the clock reaches them.
 */
import { TIME_ZONE } from "../../providers/classcharts/endpoints.js";
import { systemClock } from "../../time/clock.js";
import { addDays, localToday } from "../../time/local.js";
import { must } from "../common/must.js";
import { createRandom, fictionalName, type Random } from "../common/random.js";
import { type AnnouncementRecord, generateAnnouncements } from "./announcements.js";
import { type AttendanceDay, generateAttendance } from "./attendance.js";
import {
  type ActivityPoint,
  type DetentionRecord,
  generateActivity,
  generateDetentions,
} from "./behaviour.js";
import { generateHomework, type HomeworkRecord } from "./homework.js";
import { buildWeek, type SchoolClass, SUBJECTS, type Teacher, type WeeklyLesson } from "./timetable.js";

export interface School {
  id: number;
  name: string;
  logo: string;
  timezone: string;
  /** Whether the school shares attendance with the apps (one sandbox school does not). */
  displayAttendance: boolean;
}

/** The display_* feature flags ClassCharts puts on every pupil object. */
export type DisplayFlags = Record<`display_${string}`, boolean>;

export interface Pupil {
  id: number;
  first_name: string;
  last_name: string;
  /** Student login: pupil code (upper case) and date of birth (YYYY-MM-DD). */
  code: string;
  dob: string;
  schoolId: number;
  yearGroup: string;
  form: string;
  flags: DisplayFlags;
  classes: SchoolClass[];
  week: WeeklyLesson[];
  homework: HomeworkRecord[];
  /** Newest first, the order the activity feed pages in. */
  activity: ActivityPoint[];
  detentions: DetentionRecord[];
  attendance: Record<string, AttendanceDay>;
  customFields: { id: number; name: string; graphic: string; value: string }[];
}

export interface ParentAccount {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  password: string;
  pupilIds: number[];
}

export interface ClassChartsData {
  /** The London day the data was generated on. */
  startDay: string;
  termStart: string;
  /** The last day with records; the clock reaching past it finds the school quiet. */
  horizon: string;
  schools: School[];
  parent: ParentAccount;
  pupils: Pupil[];
  announcements: AnnouncementRecord[];
}

export interface GenerateOptions {
  seed: number;
  /** The London day (YYYY-MM-DD) to generate around; defaults to today's by the wall clock. */
  startDay?: string;
  /** Days of history before the start day (about a term). */
  historyDays?: number;
  /** Days generated after the start day, for a clock that runs on (a demo at speed, a test over midnight). */
  horizonDays?: number;
}

export const SANDBOX_PARENT_EMAIL = "parent@sandbox.classcharts.test";
export const SANDBOX_PARENT_PASSWORD = "sandbox-parent-pass";

const SCHOOLS = [
  { name: "Kestrel Vale Academy", displayAttendance: true },
  { name: "Bramblewick High School", displayAttendance: false },
] as const;

const TITLES = ["Mr", "Ms", "Mrs", "Dr", "Miss"] as const;

export function generateClassChartsData(options: GenerateOptions): ClassChartsData {
  const root = createRandom(options.seed);
  const startDay = options.startDay ?? localToday(systemClock, TIME_ZONE);
  const termStart = addDays(startDay, -(options.historyDays ?? 105));
  const horizon = addDays(startDay, options.horizonDays ?? 14);
  const ids = idSequences(root.fork("ids"));
  const family = fictionalName(root.fork("family"));

  const schools: School[] = SCHOOLS.map((s, index) => ({
    id: 1200 + index * 37,
    name: s.name,
    logo: `https://sandbox.classcharts.test/logos/${1200 + index * 37}.png`,
    timezone: TIME_ZONE,
    displayAttendance: s.displayAttendance,
  }));

  const pupilSpecs = [
    { school: must(schools[0], "first school"), year: 9, form: "9R" },
    { school: must(schools[1], "second school"), year: 7, form: "7K" },
  ];
  const pupils = pupilSpecs.map((spec, index) => {
    const random = root.fork(`pupil-${index}`);
    const teachers = schoolTeachers(root.fork(`teachers-${spec.school.id}`), ids.nextTeacherId);
    const drawn = fictionalName(random).firstName;
    return generatePupil(random, {
      id: ids.nextPupilId(),
      // The first child is Mia in every seed, so the demo can be asked about her by name.
      firstName: index === 0 ? "Mia" : drawn,
      lastName: family.lastName,
      school: spec.school,
      year: spec.year,
      form: spec.form,
      teachers,
      startDay,
      termStart,
      horizon,
      nextClassId: ids.nextClassId,
      nextActivityId: ids.nextActivityId,
      nextRecordId: ids.nextRecordId,
    });
  });

  const parent: ParentAccount = {
    id: ids.nextRecordId(),
    first_name: fictionalName(root.fork("parent")).firstName,
    last_name: family.lastName,
    email: SANDBOX_PARENT_EMAIL,
    password: SANDBOX_PARENT_PASSWORD,
    pupilIds: pupils.map((p) => p.id),
  };

  const announcements = schools.flatMap((school) =>
    generateAnnouncements(root.fork(`announcements-${school.id}`), {
      school,
      pupilIds: pupils.filter((p) => p.schoolId === school.id).map((p) => p.id),
      startDay,
      nextId: ids.nextRecordId,
    }),
  );

  return { startDay, termStart, horizon, schools, parent, pupils, announcements };
}

interface PupilSpec {
  id: number;
  firstName: string;
  lastName: string;
  school: School;
  year: number;
  form: string;
  teachers: Map<string, Teacher>;
  startDay: string;
  termStart: string;
  horizon: string;
  nextClassId: () => number;
  nextActivityId: () => number;
  nextRecordId: () => number;
}

function generatePupil(random: Random, spec: PupilSpec): Pupil {
  const { classes, week } = buildWeek(random.fork("week"), spec.form, spec.teachers, spec.nextClassId);
  const context = {
    pupilId: spec.id,
    pupilName: `${spec.firstName} ${spec.lastName}`,
    classes,
    week,
    termStart: spec.termStart,
    startDay: spec.startDay,
    horizon: spec.horizon,
  };
  const activity = generateActivity(random.fork("activity"), { ...context, nextId: spec.nextActivityId });
  return {
    id: spec.id,
    first_name: spec.firstName,
    last_name: spec.lastName,
    code: pupilCode(random.fork("code")),
    dob: dateOfBirth(random.fork("dob"), spec.startDay, spec.year),
    schoolId: spec.school.id,
    yearGroup: `Year ${spec.year}`,
    form: spec.form,
    flags: {
      display_behaviour: true,
      display_parent_behaviour: true,
      display_homework: true,
      display_rewards: true,
      display_detentions: true,
      display_report_cards: false,
      display_classes: true,
      display_announcements: true,
      display_attendance: spec.school.displayAttendance,
      display_attendance_type: spec.school.displayAttendance,
      display_attendance_percentage: spec.school.displayAttendance,
      display_activity: true,
      display_mental_health: false,
      display_timetable: true,
      display_event_badges: true,
      display_custom_fields: true,
      display_covid_tests: false,
    },
    classes,
    week,
    homework: generateHomework(random.fork("homework"), { ...context, nextId: spec.nextRecordId }),
    activity,
    detentions: generateDetentions(random.fork("detentions"), {
      ...context,
      schoolName: spec.school.name,
      nextId: spec.nextRecordId,
    }),
    attendance: spec.school.displayAttendance ? generateAttendance(random.fork("attendance"), context) : {},
    customFields: [
      { id: 1, name: "Tutor", graphic: "user", value: teacherFor(classes, "English") },
      { id: 2, name: "House", graphic: "home", value: random.pick(["Oak", "Ash", "Elm", "Yew"]) },
    ],
  };
}

function teacherFor(classes: SchoolClass[], subject: string): string {
  const teacher = classes.find((c) => c.subject === subject)?.teacher;
  return teacher ? `${teacher.title} ${teacher.last_name}` : "";
}

function schoolTeachers(random: Random, nextId: () => number): Map<string, Teacher> {
  const teachers = new Map<string, Teacher>();
  for (const subject of SUBJECTS) {
    const name = fictionalName(random);
    teachers.set(subject.name, {
      id: nextId(),
      title: random.pick(TITLES),
      first_name: name.firstName,
      last_name: name.lastName,
    });
  }
  return teachers;
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function pupilCode(random: Random): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += CODE_ALPHABET[random.int(0, CODE_ALPHABET.length - 1)];
  return code;
}

/** A birthday that puts the pupil in the given year group (Year 7 turn 12 during the school year). */
function dateOfBirth(random: Random, today: string, year: number): string {
  const calendarYear = Number(today.slice(0, 4));
  const schoolYearStart = Number(today.slice(5, 7)) >= 9 ? calendarYear : calendarYear - 1;
  const birthYear = schoolYearStart - (year + 4);
  return addDays(`${birthYear}-09-01`, random.int(0, 364));
}

function idSequences(random: Random) {
  let pupil = random.int(2_300_000, 2_400_000);
  let teacher = random.int(40_000, 50_000);
  let classId = random.int(700_000, 800_000);
  let activity = random.int(90_000_000, 91_000_000);
  let record = random.int(5_000_000, 6_000_000);
  return {
    nextPupilId: () => (pupil += 17),
    nextTeacherId: () => (teacher += 3),
    nextClassId: () => (classId += 1),
    nextActivityId: () => (activity += 1),
    nextRecordId: () => (record += 1),
  };
}
