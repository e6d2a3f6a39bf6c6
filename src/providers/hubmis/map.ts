/**
 * HUBmis records to our domain records. Every function builds a fresh object from named fields only, so no
 * upstream field reaches a tool by accident; ids become strings, dates YYYY-MM-DD, times HH:MM.
 */
import type {
  AttendanceRecord,
  AttendanceStatus,
  AttendanceTotals,
  Contact,
  Group,
  Lesson,
  StaffMember,
  Student,
  WellbeingEvent,
} from "../../domain/index.js";
import { WITHHELD } from "../../domain/index.js";
import { localDate } from "../../time/local.js";
import { TIME_ZONE } from "./endpoints.js";
import type {
  AttendanceWire,
  CodeWire,
  FormWire,
  HouseWire,
  LessonWire,
  PastoralWire,
  PersonRef,
  StaffWire,
  StudentWire,
  TutorGroupWire,
  YearGroupWire,
} from "./schemas.js";
import { type ContactRelationWire, refName } from "./schemas.js";

const DATE = /^\d{4}-\d{2}-\d{2}/;

export function isoDay(value: string | null | undefined): string | undefined {
  const match = value ? DATE.exec(value) : null;
  return match ? match[0] : undefined;
}

/**
 * The London day of a date or date-time: an instant with an offset or Z ("2026-06-30T23:30:00Z") is read in
 * London (there it is already 1 July); a bare date or a wall time without an offset is taken as written.
 */
export function localDay(value: string | null | undefined): string | undefined {
  const day = isoDay(value);
  if (!day || !value || !/[T ]\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(value)) return day;
  const ms = Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(ms) ? day : localDate(ms, TIME_ZONE);
}

/** "12:10:00" or "2026-11-26T12:10:00Z" to "12:10". */
export function hhmm(value: string | null | undefined): string {
  const match = value ? /(\d{2}):(\d{2})/.exec(value) : null;
  return match ? `${match[1]}:${match[2]}` : "00:00";
}

/** "Mr Dev Patel": title, first and last name, whichever are present. */
export function personName(person: PersonRef | null | undefined): string | undefined {
  if (!person) return undefined;
  const parts = [refName(person.title), person.first_name, person.last_name].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

const ENROLMENT: Record<string, Student["enrolmentStatus"]> = {
  current: "enrolled",
  past: "left",
  applicant: "applicant",
};

export interface StudentContext {
  connection: string;
  /** Year group name of a form id, from the reference data (HUBmis puts the form, not the year, on a pupil). */
  yearOfForm(formId: string | undefined): string | undefined;
  /** Known tutor group when the list was filtered by one (HUBmis does not put it on the pupil). */
  tutorGroup?: string;
}

export function mapStudent(w: StudentWire, ctx: StudentContext): Student {
  const preferred = w.preferred_name?.trim();
  const student: Student = {
    connection: ctx.connection,
    id: w.id,
    firstName: w.first_name,
    lastName: w.last_name,
    displayName: `${preferred || w.first_name} ${w.last_name}`,
    enrolmentStatus: ENROLMENT[w.enrolment_status ?? ""] ?? "unknown",
  };
  if (preferred) student.preferredName = preferred;
  const dob = isoDay(w.date_of_birth);
  if (dob) student.dateOfBirth = dob;
  const yearGroup = refName(w.year_group) ?? ctx.yearOfForm(w.form?.id);
  if (yearGroup) student.yearGroup = yearGroup;
  const form = w.form?.code ?? refName(w.form);
  if (form) student.form = form;
  const tutorGroup = refName(w.tutor_group) ?? ctx.tutorGroup;
  if (tutorGroup) student.tutorGroup = tutorGroup;
  const house = refName(w.academic_house);
  if (house) student.house = house;
  return student;
}

export function mapContact(w: ContactRelationWire): Contact | undefined {
  const name = [w.contact?.first_name, w.contact?.last_name].filter(Boolean).join(" ");
  if (!name) return undefined;
  const contact: Contact = { name };
  if (w.contact?.id) contact.id = w.contact.id;
  const relationship = refName(w.relationship);
  if (relationship) contact.relationship = relationship;
  const email = w.contact?.primary_email ?? w.contact?.email;
  if (email) contact.email = email;
  const phone = w.contact?.primary_phone ?? w.contact?.phone;
  if (phone) contact.phone = phone;
  if (typeof w.priority === "number") contact.priority = w.priority;
  if (typeof w.lives_with_student === "boolean") contact.livesWithStudent = w.lives_with_student;
  return contact;
}

export function mapStaff(w: StaffWire, connection: string): StaffMember {
  const staff: StaffMember = {
    connection,
    id: w.id,
    firstName: w.first_name,
    lastName: w.last_name,
    displayName: personName(w) ?? `${w.first_name} ${w.last_name}`,
  };
  const title = refName(w.title);
  if (title) staff.title = title;
  if (w.job_title) staff.role = w.job_title;
  if (w.email) staff.email = w.email;
  if (w.status) staff.status = w.status;
  const rooms = (w.rooms ?? []).map((r) => r.room_code ?? r.name).filter((r): r is string => Boolean(r));
  if (rooms.length > 0) staff.rooms = rooms;
  return staff;
}

/** Register status from the DfE statistical category of the code. */
export function statusOf(code: CodeWire | undefined): AttendanceStatus {
  switch (code?.statistical_category) {
    case "present":
      return code.is_late ? "late" : "present";
    case "approved_educational_activity":
      return "present";
    case "authorised_absence":
      return "absent_authorised";
    case "unauthorised_absence":
      return "absent_unauthorised";
    case "attendance_not_required":
      return "not_required";
    default:
      return "unknown";
  }
}

export function mapAttendance(
  w: AttendanceWire,
  studentId: string,
  codes: ReadonlyMap<string, CodeWire>,
  connection: string,
  studentName?: string,
): AttendanceRecord | undefined {
  const date = isoDay(w.date) ?? localDay(w.date_time);
  if (!date) return undefined;
  const raw = typeof w.attendance_code === "string" ? w.attendance_code : w.attendance_code?.code;
  const code = raw ? codes.get(raw) : undefined;
  const record: AttendanceRecord = { connection, studentId, date, status: statusOf(code) };
  if (studentName) record.studentName = studentName;
  if (w.attendance_session) record.session = w.attendance_session;
  if (raw) record.code = raw;
  const meaning =
    code?.description ?? (typeof w.attendance_code === "object" ? w.attendance_code?.description : undefined);
  if (meaning) record.codeMeaning = meaning;
  if (typeof w.minutes_late === "number" && w.minutes_late > 0) record.lateMinutes = w.minutes_late;
  if (w.description) record.note = w.description;
  return record;
}

/** Sessions, attendance and absence, DfE style: approved activities count as attendance; X-type codes don't count. */
export function attendanceTotals(records: readonly AttendanceRecord[]): AttendanceTotals {
  let sessions = 0;
  let present = 0;
  let late = 0;
  let authorised = 0;
  let unauthorised = 0;
  for (const r of records) {
    if (r.status === "not_required" || r.status === "unknown") continue;
    sessions++;
    if (r.status === "present" || r.status === "late") present++;
    if (r.status === "late" || (r.lateMinutes ?? 0) > 0) late++;
    if (r.status === "absent_authorised") authorised++;
    if (r.status === "absent_unauthorised") unauthorised++;
  }
  const totals: AttendanceTotals = {
    sessions,
    present,
    late,
    absent: authorised + unauthorised,
    authorisedAbsent: authorised,
    unauthorisedAbsent: unauthorised,
  };
  if (sessions > 0) totals.percentage = Math.round((present / sessions) * 1000) / 10;
  return totals;
}

export function mapLesson(
  w: LessonWire,
  connection: string,
  who: { studentId?: string; staffId?: string },
): Lesson | undefined {
  const date = isoDay(w.date);
  const subject = refName(w.subject);
  if (!date || !subject) return undefined;
  const lesson: Lesson = { connection, date, start: hhmm(w.start_time), end: hhmm(w.end_time), subject };
  const period = refName(w.period);
  if (period) lesson.period = period;
  const teachers = (w.staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (teachers.length > 0) lesson.teacher = teachers.join(", ");
  const room = w.room?.room_code ?? w.room?.name;
  if (room) lesson.room = room;
  const group = w.group?.code ?? refName(w.group);
  if (group) lesson.group = group;
  if (who.studentId) lesson.studentId = who.studentId;
  if (who.staffId) lesson.staffId = who.staffId;
  return lesson;
}

export function mapWellbeing(
  w: PastoralWire,
  connection: string,
  sensitive: boolean,
): WellbeingEvent | undefined {
  const date = localDay(w.date_time);
  const studentId = w.student?.id;
  if (!date || !studentId) return undefined;
  const event: WellbeingEvent = {
    connection,
    id: w.id,
    type: w.type === "wellbeing_plan" ? "plan" : "event",
    studentId,
    date,
    category: refName(w.category) ?? "Uncategorised",
    status: w.status ?? "unknown",
  };
  const name = [w.student?.first_name, w.student?.last_name].filter(Boolean).join(" ");
  if (name) event.studentName = name;
  const yearGroup = refName(w.student?.year_group);
  if (yearGroup) event.yearGroup = yearGroup;
  const form = w.student?.form?.code ?? refName(w.student?.form);
  if (form) event.form = form;
  if (w.severity?.name) event.severity = w.severity.name;
  if (typeof w.severity?.position === "number") event.severityRank = w.severity.position;
  const assigned = (w.assigned_to ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (assigned.length > 0) event.assignedTo = assigned;
  if (w.title) event.title = w.title;
  if (w.description) event.detail = sensitive ? w.description : WITHHELD;
  return event;
}

function staffNames(staff: ReadonlyArray<PersonRef | null> | null | undefined): string[] | undefined {
  const names = (staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names : undefined;
}

function group(connection: string, id: string, name: string, kind: Group["kind"]): Group {
  return { connection, id, name, kind };
}

export function mapForm(w: FormWire, connection: string): Group {
  const g = group(connection, `form:${w.id}`, w.code ?? w.name, "form");
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  const year = refName(w.year_group);
  if (year) g.yearGroup = year;
  return g;
}

export function mapTutorGroup(w: TutorGroupWire, connection: string): Group {
  const g = group(connection, `tutor_group:${w.id}`, w.name, "tutor_group");
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  // The reference's tutor group has no year group field; its name says it ("Year 9 Tutor Group X").
  const year = refName(w.year_group) ?? /\bYear \d{1,2}\b/.exec(w.name)?.[0];
  if (year) g.yearGroup = year;
  return g;
}

export function mapYearGroup(w: YearGroupWire, connection: string): Group {
  const g = group(connection, `year_group:${w.id}`, w.name, "year_group");
  const count = w.total_student_count ?? w.student_count;
  if (typeof count === "number") g.memberCount = count;
  const staff = staffNames(w.year_group_heads ?? w.staff);
  if (staff) g.staff = staff;
  g.yearGroup = w.name;
  return g;
}

export function mapHouse(w: HouseWire, connection: string): Group {
  const g = group(connection, `house:${w.id}`, w.name, "house");
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  return g;
}
