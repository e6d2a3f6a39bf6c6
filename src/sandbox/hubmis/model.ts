import type { SchoolCalendar } from "./calendar.js";
import type {
  AttendanceCode,
  PastoralCategory,
  PastoralType,
  PeriodDef,
  SeverityLevel,
} from "./reference.js";

/**
 * The simulated school as plain records with numeric ids, the way the MIS stores them. server views turn
 * these into the API's snake_case JSON.
 */

export interface Section {
  id: number;
  code: string;
  name: string;
}

export interface YearGroup {
  id: number;
  code: string;
  name: string;
  year: number;
  position: number;
  keyStage: string;
  sectionId: number;
  headStaffId: number;
}

export interface Form {
  id: number;
  code: string;
  name: string;
  yearGroupId: number;
  tutorStaffId: number;
  roomId: number;
}

export interface TutorGroup {
  id: number;
  code: string;
  name: string;
  yearGroupId: number;
  sectionId: number;
  staffId: number;
}

export interface House {
  id: number;
  code: string;
  name: string;
  houseType: "academic" | "boarding";
  staffIds: number[];
  colour: string;
}

export interface Room {
  id: number;
  code: string;
  description: string;
  capacity: number;
  location: string;
}

export interface Subject {
  id: number;
  code: string;
  name: string;
  department: string;
}

/** A teaching set of one subject in one year group ("9 Maths Set 2"), with its pupils. */
export interface SubjectSet {
  id: number;
  code: string;
  name: string;
  subjectId: number;
  yearGroupId: number;
  sectionId: number;
  staffIds: number[];
  studentIds: number[];
}

/** An extra-curricular activity ("Orchestra"), the year groups it is open to and its members. */
export interface Activity {
  id: number;
  code: string;
  name: string;
  yearGroupIds: number[];
  staffIds: number[];
  studentIds: number[];
}

export interface Staff {
  id: number;
  title: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  gender: "Male" | "Female";
  email: string;
  jobTitle: string;
  status: "current" | "past";
  department: string | null;
  subjectIds: number[];
  roomId: number | null;
  timetableCode: string;
}

export interface MedicalCondition {
  condition: string;
  severity: string;
}

export interface LearningSupport {
  need: string;
  severity: string;
  ehcp: boolean;
  placementDate: string;
  authority: string;
}

export interface Doctor {
  title: string;
  firstName: string;
  lastName: string;
  phone: string;
  address: string;
}

export interface Student {
  id: number;
  externalId: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  preferredName: string | null;
  dateOfBirth: string;
  gender: "Male" | "Female";
  enrolmentStatus: "current" | "past" | "applicant";
  yearGroupId: number | null;
  formId: number | null;
  tutorGroupId: number | null;
  houseId: number | null;
  startDate: string;
  leavingDate: string | null;
  email: string;
  candidateNumber: string;
  upn: string;
  medical: MedicalCondition[];
  learningSupport: LearningSupport | null;
  doctor: Doctor;
}

export interface Contact {
  id: number;
  title: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  status: "active" | "inactive";
}

export interface StudentContact {
  id: number;
  studentId: number;
  contactId: number;
  relationship: string;
  priority: number;
  livesWithStudent: boolean;
  parentalResponsibility: boolean;
}

export interface TimetableSlot {
  id: number;
  week: "A" | "B";
  /** 1 = Monday … 5 = Friday. */
  day: number;
  periodId: number;
  formId: number;
  subjectId: number;
  staffId: number | null;
  roomId: number;
}

export interface AttendanceMark {
  id: number;
  studentId: number;
  date: string;
  session: "am" | "pm";
  codeId: number;
  minutesLate: number | null;
  note: string | null;
}

export interface PastoralRecord {
  id: number;
  type: PastoralType;
  studentId: number;
  categoryId: number;
  severityId: number;
  status: "active" | "inactive";
  dateTime: string;
  title: string;
  description: string;
  assignedStaffIds: number[];
  createdByStaffId: number;
  reviewDate: string | null;
}

export interface HubmisDataset {
  school: { name: string; realm: string; today: string };
  calendar: SchoolCalendar;
  sections: Section[];
  yearGroups: YearGroup[];
  forms: Form[];
  tutorGroups: TutorGroup[];
  houses: House[];
  rooms: Room[];
  subjects: Subject[];
  subjectSets: SubjectSet[];
  activities: Activity[];
  periods: readonly PeriodDef[];
  staff: Staff[];
  students: Student[];
  contacts: Contact[];
  studentContacts: StudentContact[];
  timetable: TimetableSlot[];
  attendanceCodes: readonly AttendanceCode[];
  attendance: AttendanceMark[];
  pastoralCategories: readonly PastoralCategory[];
  severityLevels: readonly SeverityLevel[];
  pastoral: PastoralRecord[];
}
