/**
 * Fixed reference lists for the simulated school: DfE attendance codes, pastoral categories and severities,
 * subjects with their share of a two-week timetable, and the school day's periods.
 */

/** DfE statistical categories, used by the register and by percentage calculations. */
export type AttendanceCategory =
  | "present"
  | "approved_educational_activity"
  | "authorised_absence"
  | "unauthorised_absence"
  | "attendance_not_required";

export interface AttendanceCode {
  id: number;
  code: string;
  description: string;
  statisticalCategory: AttendanceCategory;
  isLate: boolean;
  display: boolean;
}

const CODES: Array<[string, string, AttendanceCategory, boolean?]> = [
  ["/", "Present (AM)", "present"],
  ["\\", "Present (PM)", "present"],
  ["L", "Late (before registers closed)", "present", true],
  ["B", "Educated off site", "approved_educational_activity"],
  ["D", "Dual registered", "approved_educational_activity"],
  ["J", "Interview", "approved_educational_activity"],
  ["P", "Approved sporting activity", "approved_educational_activity"],
  ["V", "Educational visit or trip", "approved_educational_activity"],
  ["W", "Work experience", "approved_educational_activity"],
  ["C", "Other authorised circumstances", "authorised_absence"],
  ["E", "Excluded (no alternative provision)", "authorised_absence"],
  ["H", "Authorised family holiday", "authorised_absence"],
  ["I", "Illness (not medical or dental appointment)", "authorised_absence"],
  ["M", "Medical or dental appointment", "authorised_absence"],
  ["R", "Religious observance", "authorised_absence"],
  ["S", "Study leave", "authorised_absence"],
  ["T", "Traveller absence", "authorised_absence"],
  ["G", "Unauthorised family holiday", "unauthorised_absence"],
  ["N", "No reason yet provided for absence", "unauthorised_absence"],
  ["O", "Other unauthorised absence", "unauthorised_absence"],
  ["U", "Late (after registers closed)", "unauthorised_absence", true],
  ["X", "Not required to attend", "attendance_not_required"],
  ["Y", "Unable to attend due to exceptional circumstances", "attendance_not_required"],
  ["Z", "Pupil not on roll", "attendance_not_required"],
  ["#", "Planned whole-school closure", "attendance_not_required"],
];

export const ATTENDANCE_CODES: readonly AttendanceCode[] = CODES.map(
  ([code, description, category, late], index) => ({
    id: index + 1,
    code,
    description,
    statisticalCategory: category,
    isLate: late === true,
    // Codes a register clerk would not pick by hand are hidden from the register's pick list.
    display: !["D", "Z", "#"].includes(code),
  }),
);

export function codeId(code: string): number {
  const found = ATTENDANCE_CODES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown attendance code ${code}`);
  return found.id;
}

export type PastoralType = "wellbeing_event" | "wellbeing_plan";

export interface PastoralCategory {
  id: number;
  type: PastoralType;
  name: string;
  position: number;
  color: number;
  /** Titles a member of staff might give an event in this category. */
  titles: readonly string[];
}

const EVENT_CATEGORIES: Array<[string, string[]]> = [
  ["Anxiety", ["Anxious before assessments", "Panic in lesson", "Worried about moving sets"]],
  ["Friendship issues", ["Falling out with friendship group", "Isolated at break times"]],
  ["Bullying", ["Reported unkind messages", "Name-calling in corridor"]],
  ["Family circumstances", ["Change at home reported by parent", "Young carer responsibilities"]],
  ["Bereavement", ["Loss of a grandparent", "Loss of a family pet"]],
  ["Low mood", ["Withdrawn in lessons", "Tearful during tutor time"]],
  ["Self-esteem", ["Negative self-talk noticed", "Reluctant to take part in PE"]],
  ["Online safety", ["Concern about online contact", "Sharing of images reported"]],
  ["Attendance concern", ["Pattern of Monday absences", "Repeated late arrival"]],
  ["Eating and body image", ["Skipping lunch noticed", "Comments about body image"]],
];

const PLAN_CATEGORIES: Array<[string, string[]]> = [
  ["Pastoral support plan", ["Weekly check-in with tutor", "Pastoral support plan"]],
  ["Mentoring", ["Peer mentoring", "Sixth-form mentor sessions"]],
  ["Counselling", ["School counsellor sessions", "Referral to counselling"]],
  ["Return to school plan", ["Phased return after absence", "Reduced timetable review"]],
];

export const PASTORAL_CATEGORIES: readonly PastoralCategory[] = [
  ...EVENT_CATEGORIES.map(([name, titles], i) => ({
    id: 61 + i,
    type: "wellbeing_event" as const,
    name,
    position: i + 1,
    color: i % 8,
    titles,
  })),
  ...PLAN_CATEGORIES.map(([name, titles], i) => ({
    id: 81 + i,
    type: "wellbeing_plan" as const,
    name,
    position: i + 1,
    color: (i + 3) % 8,
    titles,
  })),
];

export interface SeverityLevel {
  id: number;
  name: string;
  /** Higher position is more severe. */
  position: number;
  color: string;
}

export const SEVERITY_LEVELS: readonly SeverityLevel[] = [
  { id: 71, name: "Low", position: 1, color: "green" },
  { id: 72, name: "Medium", position: 2, color: "amber" },
  { id: 73, name: "High", position: 3, color: "red" },
  { id: 74, name: "Critical", position: 4, color: "purple" },
];

export interface SubjectDef {
  code: string;
  name: string;
  department: string;
  /** Lessons per two-week cycle (60 periods) for Years 7–9, 10–11 and 12–13. */
  lessons: [number, number, number];
}

export const SUBJECTS: readonly SubjectDef[] = [
  { code: "MA", name: "Mathematics", department: "Mathematics", lessons: [8, 8, 10] },
  { code: "EN", name: "English", department: "English", lessons: [8, 8, 10] },
  { code: "SC", name: "Science", department: "Science", lessons: [8, 10, 0] },
  { code: "BI", name: "Biology", department: "Science", lessons: [0, 0, 10] },
  { code: "HI", name: "History", department: "Humanities", lessons: [4, 4, 10] },
  { code: "GE", name: "Geography", department: "Humanities", lessons: [4, 4, 0] },
  { code: "FR", name: "French", department: "Languages", lessons: [4, 4, 0] },
  { code: "AR", name: "Art", department: "Creative Arts", lessons: [4, 4, 0] },
  { code: "MU", name: "Music", department: "Creative Arts", lessons: [2, 2, 0] },
  { code: "PE", name: "Physical Education", department: "PE", lessons: [6, 4, 0] },
  { code: "CO", name: "Computing", department: "Computing", lessons: [4, 4, 0] },
  { code: "RE", name: "Religious Education", department: "Humanities", lessons: [4, 4, 0] },
  { code: "DR", name: "Drama", department: "Creative Arts", lessons: [2, 2, 0] },
  { code: "PS", name: "PSHE", department: "Pastoral", lessons: [2, 2, 0] },
  { code: "EC", name: "Economics", department: "Humanities", lessons: [0, 0, 10] },
  { code: "PY", name: "Psychology", department: "Science", lessons: [0, 0, 10] },
];

export interface PeriodDef {
  id: number;
  code: string;
  name: string;
  start: string;
  end: string;
}

/** Six teaching periods; morning break and lunch sit between them. */
export const PERIODS: readonly PeriodDef[] = [
  { id: 701, code: "P1", name: "Period 1", start: "08:50", end: "09:50" },
  { id: 702, code: "P2", name: "Period 2", start: "09:50", end: "10:50" },
  { id: 703, code: "P3", name: "Period 3", start: "11:10", end: "12:10" },
  { id: 704, code: "P4", name: "Period 4", start: "12:10", end: "13:10" },
  { id: 705, code: "P5", name: "Period 5", start: "14:00", end: "15:00" },
  { id: 706, code: "P6", name: "Period 6", start: "15:00", end: "16:00" },
];

export const MEDICAL_CONDITIONS = [
  "Asthma",
  "Nut allergy",
  "Type 1 diabetes",
  "Epilepsy",
  "Eczema",
  "Migraine",
];
export const LEARNING_NEEDS = [
  "Dyslexia",
  "Dyspraxia",
  "ADHD",
  "Autism spectrum condition",
  "Hearing impairment",
];
