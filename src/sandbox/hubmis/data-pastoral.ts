import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { addDays, isWeekend, zonedEpoch } from "../../time/local.js";
import type { Random } from "../common/random.js";
import { isSchoolDay, type SchoolCalendar } from "./calendar.js";
import type { Structure } from "./data-structure.js";
import type { PastoralRecord, Student } from "./model.js";
import { PASTORAL_CATEGORIES, type PastoralCategory, SEVERITY_LEVELS } from "./reference.js";

/**
 * Wellbeing events and plans, recorded on school days during the school day (London time). Recent records are
 * mostly still active; older ones mostly closed. Year 9 always holds a few open high-severity concerns from
 * the last school days before today, so the head-of-year questions have answers at any hour. A record of
 * today may be timed later than now: the server shows it only once its time has come.
 */

const OBSERVATIONS = [
  "Raised by the form tutor after a change in mood was noticed over several days.",
  "The pupil asked to speak to someone during break and was seen the same day.",
  "A parent contacted the school office with a concern about the pupil's wellbeing.",
  "Subject teacher noticed the pupil was withdrawn and not completing work.",
  "Peers reported a concern to a member of staff, who followed it up.",
];
const ACTIONS = [
  "Agreed a weekly check-in with the tutor and a review in two weeks.",
  "Referred to the school counsellor; parents informed.",
  "Seating plan changed and lunchtime club offered.",
  "Head of year to meet the pupil and family.",
  "Monitoring only; no further action at this stage.",
];

export interface PastoralSizes {
  events: number;
  plans: number;
  pastStudentEvents: number;
}

export const DEFAULT_PASTORAL: PastoralSizes = { events: 170, plans: 40, pastStudentEvents: 8 };

export function buildPastoral(
  random: Random,
  structure: Structure,
  students: readonly Student[],
  calendar: SchoolCalendar,
  today: string,
  sizes: PastoralSizes = DEFAULT_PASTORAL,
): PastoralRecord[] {
  const current = students.filter((s) => s.enrolmentStatus === "current");
  const past = students.filter((s) => s.enrolmentStatus === "past");
  const eventCategories = PASTORAL_CATEGORIES.filter((c) => c.type === "wellbeing_event");
  const planCategories = PASTORAL_CATEGORIES.filter((c) => c.type === "wellbeing_plan");
  const counsellor = structure.staff.find((s) => s.jobTitle === "School Counsellor");
  // Leavers have no head of year or tutor any more; their records sit with the pastoral deputy.
  const deputy = structure.staff.find((s) => s.jobTitle.startsWith("Deputy Head"));
  const records: PastoralRecord[] = [];
  let nextId = 20001;

  const severity = (roll: number) => {
    const index = roll < 0.4 ? 0 : roll < 0.75 ? 1 : roll < 0.95 ? 2 : 3;
    return (SEVERITY_LEVELS[index] as (typeof SEVERITY_LEVELS)[number]).id;
  };
  // The latest school day on or before `daysAgo`; before the calendar's first year, the latest weekday.
  const schoolDate = (daysAgo: number) => {
    const day = addDays(today, -daysAgo);
    for (let date = day, tries = 0; tries < 60; date = addDays(date, -1), tries++) {
      if (isSchoolDay(calendar, date)) return date;
    }
    let date = day;
    while (isWeekend(date)) date = addDays(date, -1);
    return date;
  };
  const add = (
    type: PastoralRecord["type"],
    student: Student,
    categories: readonly PastoralCategory[],
    daysAgo: number,
    options: { severityId?: number; status?: PastoralRecord["status"] } = {},
  ) => {
    const category = random.pick(categories);
    const date = schoolDate(daysAgo);
    const form = structure.forms.find((f) => f.id === student.formId);
    const yearGroup = structure.yearGroups.find((y) => y.id === student.yearGroupId);
    const assigned = [
      yearGroup?.headStaffId,
      random.chance(0.4) ? counsellor?.id : form?.tutorStaffId,
    ].filter((id): id is number => id !== undefined);
    if (assigned.length === 0 && deputy) assigned.push(deputy.id);
    const status = options.status ?? (random.chance(daysAgo < 21 ? 0.8 : 0.25) ? "active" : "inactive");
    const hour = String(random.int(8, 16)).padStart(2, "0");
    const minute = String(random.int(0, 11) * 5).padStart(2, "0");
    records.push({
      id: nextId++,
      type,
      studentId: student.id,
      categoryId: category.id,
      severityId: options.severityId ?? severity(random.next()),
      status,
      dateTime: new Date(zonedEpoch(date, `${hour}:${minute}`, TIME_ZONE))
        .toISOString()
        .replace(".000Z", "Z"),
      title: random.pick(category.titles),
      description: `${random.pick(OBSERVATIONS)} ${random.pick(ACTIONS)}`,
      assignedStaffIds: [...new Set(assigned)],
      createdByStaffId: form?.tutorStaffId ?? assigned[0] ?? 1001,
      reviewDate: status === "active" ? addDays(date, 14) : null,
    });
  };

  for (let i = 0; i < sizes.events; i++) {
    add("wellbeing_event", random.pick(current), eventCategories, Math.floor(random.next() ** 1.6 * 100));
  }
  for (let i = 0; i < sizes.plans; i++) {
    add("wellbeing_plan", random.pick(current), planCategories, Math.floor(random.next() * 80));
  }
  for (let i = 0; i < sizes.pastStudentEvents && past.length > 0; i++) {
    add("wellbeing_event", random.pick(past), eventCategories, 120 + random.int(0, 180), {
      status: "inactive",
    });
  }
  const year9 = structure.yearGroups.find((y) => y.year === 9);
  const year9Students = current.filter((s) => s.yearGroupId === year9?.id);
  for (let i = 0; i < 4 && year9Students.length > 0; i++) {
    const severityId = (SEVERITY_LEVELS[i === 0 ? 3 : 2] as (typeof SEVERITY_LEVELS)[number]).id;
    add("wellbeing_event", random.pick(year9Students), eventCategories, i + 1, {
      severityId,
      status: "active",
    });
  }
  return records.sort((a, b) => a.id - b.id);
}
