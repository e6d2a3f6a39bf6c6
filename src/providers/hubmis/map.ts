/**
 * HUBmis records to our domain records. Every function builds a fresh object from named fields only, so no
 * upstream field reaches a tool by accident; ids become strings, dates YYYY-MM-DD, times HH:MM.
 */
import type {
  AttendanceRecord,
  AttendanceStatus,
  Contact,
  Group,
  Lesson,
  StaffMember,
  Student,
  WellbeingEvent,
} from "../../domain/index.js";
import { WITHHELD } from "../../domain/index.js";
import { localDate, localParts } from "../../time/local.js";
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
} from "./wire.js";
import { type ContactRelationWire, type Ref, refName } from "./wire.js";

const DATE = /^\d{4}-\d{2}-\d{2}/;
const ZONED = /[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isoDay(value: string | null | undefined): string | undefined {
  const match = value ? DATE.exec(value) : null;
  return match ? match[0] : undefined;
}

function instant(value: string): number {
  return Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

/**
 * The London day of a date or date-time: an instant with an offset or Z ("2026-06-30T23:30:00Z") is read in
 * London (there it is already 1 July); a bare date or a wall time without an offset is taken as written.
 */
export function localDay(value: string | null | undefined): string | undefined {
  const day = isoDay(value);
  if (!day || !value || !ZONED.test(value)) return day;
  const ms = instant(value);
  return Number.isNaN(ms) ? day : localDate(ms, TIME_ZONE);
}

/**
 * The London wall time ("HH:MM") of a time of day ("12:10", "12:10:00") or a date-time: with an offset or Z
 * it is rewritten to London's time, without one it is taken as written. Anything else is absent: a time we
 * cannot read is never shown as 00:00.
 */
export function localTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const bare = /^(\d{1,2}):(\d{2})(:\d{2}(\.\d+)?)?$/.exec(text);
  if (bare) return Number(bare[1]) < 24 ? `${(bare[1] as string).padStart(2, "0")}:${bare[2]}` : undefined;
  if (!DATE.test(text)) return undefined;
  if (ZONED.test(text)) {
    const ms = instant(text);
    return Number.isNaN(ms) ? undefined : localParts(ms, TIME_ZONE).time.slice(0, 5);
  }
  const wall = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})/.exec(text);
  return wall ? `${wall[1]}:${wall[2]}` : undefined;
}

/** "Mr Dev Patel": a full name when given, else title, first and last name, whichever are present. */
export function personName(person: PersonRef | null | undefined): string | undefined {
  if (!person) return undefined;
  if (person.name?.trim()) return person.name.trim();
  const parts = [refName(person.title), person.first_name, person.last_name].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** Group records by id, so a reference given by id alone still reads as the group's name. */
export interface GroupIndex {
  form(id: string | undefined): { code: string; yearGroupId?: string } | undefined;
  yearGroup(id: string | undefined): string | undefined;
  house(id: string | undefined): string | undefined;
  tutorGroup(id: string | undefined): string | undefined;
  /** Year group name of a form id (HUBmis puts the form, not the year group, on a pupil). */
  yearOfForm(formId: string | undefined): string | undefined;
}

/** A form's name from its reference: its code, else the form's code by id, else the reference's name. */
export function formName(ref: Ref, index: GroupIndex | undefined): string | undefined {
  return ref?.code ?? index?.form(ref?.id)?.code ?? ref?.name ?? undefined;
}

/** A year group's name from its reference, by id when the reference has no name, else from the form. */
export function yearGroupName(ref: Ref, form: Ref, index: GroupIndex | undefined): string | undefined {
  return refName(ref) ?? index?.yearGroup(ref?.id) ?? index?.yearOfForm(form?.id);
}

const ENROLMENT: Record<string, Student["enrolmentStatus"]> = {
  current: "enrolled",
  enrolled: "enrolled",
  past: "left",
  left: "left",
  leaver: "left",
  applicant: "applicant",
};

export interface StudentContext {
  connection: string;
  groups: GroupIndex;
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
  const yearGroup = yearGroupName(w.year_group, w.form, ctx.groups);
  if (yearGroup) student.yearGroup = yearGroup;
  const form = formName(w.form, ctx.groups);
  if (form) student.form = form;
  const tutorGroup = refName(w.tutor_group) ?? ctx.groups.tutorGroup(w.tutor_group?.id) ?? ctx.tutorGroup;
  if (tutorGroup) student.tutorGroup = tutorGroup;
  const house = refName(w.academic_house) ?? ctx.groups.house(w.academic_house?.id);
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
  if (w.contact?.primary_email) contact.email = w.contact.primary_email;
  if (w.contact?.primary_phone) contact.phone = w.contact.primary_phone;
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
    displayName: personName({ title: w.title, first_name: w.first_name, last_name: w.last_name }) as string,
  };
  const title = refName(w.title);
  if (title) staff.title = title;
  if (w.job_title) staff.role = w.job_title;
  if (w.email) staff.email = w.email;
  if (w.status) staff.status = w.status;
  const rooms = (w.rooms ?? []).map((r) => r?.code ?? r?.name).filter((r): r is string => Boolean(r));
  if (rooms.length > 0) staff.rooms = rooms;
  return staff;
}

/** Register status from the DfE statistical category of the code (a code or its words, any case). */
export function statusOf(code: CodeWire | undefined): AttendanceStatus {
  switch (code?.statistical_category) {
    case "present":
      return code.is_late ? "late" : "present";
    case "approved_educational_activity":
    case "approved_education_activity":
      return "present";
    case "authorised_absence":
    case "authorized_absence":
      return "absent_authorised";
    case "unauthorised_absence":
    case "unauthorized_absence":
      return "absent_unauthorised";
    case "attendance_not_required":
    case "not_required":
      return "not_required";
    default:
      return "unknown";
  }
}

/** Attendance codes, found by their code ("/", "L", "M" …) or by id. */
export interface Codes {
  byCode: ReadonlyMap<string, CodeWire>;
  byId: ReadonlyMap<string, CodeWire>;
}

const SESSIONS: Record<string, string> = { am: "am", pm: "pm", morning: "am", afternoon: "pm" };

/**
 * One register mark, or undefined when its day cannot be read. A code we cannot find in the code list
 * keeps its status "unknown", which the totals leave out rather than count as present or absent.
 */
export function mapAttendance(
  w: AttendanceWire,
  studentId: string,
  codes: Codes,
  connection: string,
  studentName?: string,
): AttendanceRecord | undefined {
  const date = localDay(w.date) ?? localDay(w.date_time);
  if (!date) return undefined;
  const code =
    (w.attendance_code?.code ? codes.byCode.get(w.attendance_code.code) : undefined) ??
    (w.attendance_code?.id ? codes.byId.get(w.attendance_code.id) : undefined);
  const raw = w.attendance_code?.code ?? code?.code;
  const record: AttendanceRecord = { connection, studentId, date, status: statusOf(code) };
  if (studentName) record.studentName = studentName;
  const session = w.attendance_session ? (SESSIONS[w.attendance_session] ?? w.attendance_session) : undefined;
  if (session) record.session = session;
  if (raw) record.code = raw;
  const meaning = code?.description ?? w.attendance_code?.description;
  if (meaning) record.codeMeaning = meaning;
  if (typeof w.minutes_late === "number" && w.minutes_late > 0) record.lateMinutes = w.minutes_late;
  if (w.description) record.note = w.description;
  return record;
}

/**
 * One lesson, or undefined when its day, subject, start or end cannot be read: a lesson is never given a
 * made-up time. A room given only by id is named from `roomName`.
 */
export function mapLesson(
  w: LessonWire,
  connection: string,
  who: { studentId?: string; staffId?: string },
  roomName: (id: string | undefined) => string | undefined = () => undefined,
): Lesson | undefined {
  const start = localTime(w.start_time);
  const end = localTime(w.end_time);
  const date = localDay(w.date) ?? localDay(w.start_time);
  const subject = refName(w.subject);
  if (!date || !subject || !start || !end) return undefined;
  const lesson: Lesson = { connection, date, start, end, subject };
  const period = refName(w.period);
  if (period) lesson.period = period;
  const teachers = (w.staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (teachers.length > 0) lesson.teacher = teachers.join(", ");
  const room = w.room?.code ?? w.room?.name ?? roomName(w.room?.id);
  if (room) lesson.room = room;
  const group = w.group?.code ?? refName(w.group);
  if (group) lesson.group = group;
  if (who.studentId) lesson.studentId = who.studentId;
  if (who.staffId) lesson.staffId = who.staffId;
  return lesson;
}

/** Pastoral categories and severity levels, to name what a record gives by id. */
export interface PastoralNames {
  categories: ReadonlyArray<{ id: string; name: string }>;
  severities: ReadonlyArray<{ id: string; name: string; rank: number }>;
}

export interface WellbeingContext {
  connection: string;
  sensitive: boolean;
  pastoral: PastoralNames;
  groups?: GroupIndex;
  /** The type the path implies (a pupil's events or plans), for records that leave it out. */
  type?: WellbeingEvent["type"];
  /** The pupil the path names, for records that leave the pupil out. */
  studentId?: string;
}

const STATUS_WORDS: Record<string, string> = {
  active: "active",
  open: "active",
  current: "active",
  inactive: "inactive",
  closed: "inactive",
  resolved: "inactive",
  archived: "inactive",
};

/** A pastoral status in the filter's words (active, inactive), whatever its case or form. */
export function pastoralStatus(word: string | undefined): string | undefined {
  return word === undefined ? undefined : (STATUS_WORDS[word] ?? word);
}

/** A pastoral type as event or plan ("wellbeing_event", "Wellbeing plan", "plan"), else undefined. */
export function pastoralType(word: string | undefined): WellbeingEvent["type"] | undefined {
  if (word?.includes("plan")) return "plan";
  if (word?.includes("event")) return "event";
  return undefined;
}

export interface WellbeingRead {
  event: WellbeingEvent;
  categoryId?: string;
  severityId?: string;
  yearGroupId?: string;
  formId?: string;
  enrolment?: string;
  assignedIds: string[];
}

/**
 * One wellbeing record, or undefined when its pupil, day or type cannot be read. A category given only by
 * an id we cannot name reads "category <id>"; a severity without a rank has no severityRank.
 */
export function mapWellbeing(w: PastoralWire, ctx: WellbeingContext): WellbeingRead | undefined {
  const date = localDay(w.date_time) ?? localDay(w.date);
  const studentId = w.student?.id ?? ctx.studentId;
  const type = pastoralType(w.type) ?? ctx.type;
  if (!date || !studentId || !type) return undefined;
  const category = w.category
    ? (refName(w.category) ??
      ctx.pastoral.categories.find((c) => c.id === w.category?.id)?.name ??
      (w.category.id ? `category ${w.category.id}` : undefined))
    : undefined;
  const severityRef = w.severity;
  const severityById = ctx.pastoral.severities.find((s) => s.id === severityRef?.id);
  const severityName = (severityRef && "name" in severityRef ? severityRef.name : undefined) ?? undefined;
  const severityByName = severityName
    ? ctx.pastoral.severities.find((s) => s.name.toLowerCase() === severityName.toLowerCase())
    : undefined;
  const severity = severityName ?? severityById?.name;
  const position = severityRef && "position" in severityRef ? severityRef.position : undefined;
  const rank = typeof position === "number" ? position : (severityById ?? severityByName)?.rank;
  const event: WellbeingEvent = {
    connection: ctx.connection,
    id: w.id,
    type,
    studentId,
    date,
  };
  // Absent is absent: no "Uncategorised" or "unknown" that reads like the provider's own word.
  if (category) event.category = category;
  const status = pastoralStatus(w.status);
  if (status) event.status = status;
  const name = w.student?.name ?? [w.student?.first_name, w.student?.last_name].filter(Boolean).join(" ");
  if (name) event.studentName = name;
  const yearGroup = yearGroupName(w.student?.year_group, w.student?.form, ctx.groups);
  if (yearGroup) event.yearGroup = yearGroup;
  const form = formName(w.student?.form, ctx.groups);
  if (form) event.form = form;
  if (severity) event.severity = severity;
  if (typeof rank === "number") event.severityRank = rank;
  const assigned = (w.assigned_to ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (assigned.length > 0) event.assignedTo = assigned;
  if (w.title) event.title = w.title;
  if (w.description) event.detail = ctx.sensitive ? w.description : WITHHELD;
  const read: WellbeingRead = {
    event,
    assignedIds: (w.assigned_to ?? []).map((p) => p?.id).filter((id): id is string => Boolean(id)),
  };
  const categoryId = w.category?.id ?? ctx.pastoral.categories.find((c) => c.name === category)?.id;
  if (categoryId) read.categoryId = categoryId;
  const severityId = severityRef?.id ?? severityByName?.id;
  if (severityId) read.severityId = severityId;
  const yearGroupId = w.student?.year_group?.id ?? ctx.groups?.form(w.student?.form?.id)?.yearGroupId;
  if (yearGroupId) read.yearGroupId = yearGroupId;
  if (w.student?.form?.id) read.formId = w.student.form.id;
  if (w.student?.enrolment_status) read.enrolment = w.student.enrolment_status;
  return read;
}

function staffNames(staff: ReadonlyArray<PersonRef | null> | null | undefined): string[] | undefined {
  const names = (staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names : undefined;
}

function group(connection: string, id: string, name: string, kind: Group["kind"]): Group {
  return { connection, id, name, kind };
}

export function mapForm(w: FormWire, connection: string, index?: GroupIndex): Group {
  return mapListedGroup(w, "form", w.code ?? w.name, connection, index);
}

/** A group of a year's list (a form, a subject set, an activity): members, staff and year where given. */
export function mapListedGroup(
  w: Pick<FormWire, "id" | "student_count" | "staff" | "year_group">,
  kind: Group["kind"],
  name: string,
  connection: string,
  index?: GroupIndex,
): Group {
  const g = group(connection, `${kind}:${w.id}`, name, kind);
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  const year = refName(w.year_group) ?? index?.yearGroup(w.year_group?.id);
  if (year) g.yearGroup = year;
  return g;
}

export function mapTutorGroup(w: TutorGroupWire, connection: string, index?: GroupIndex): Group {
  const g = mapListedGroup(w, "tutor_group", w.name, connection, index);
  // The reference's tutor group has no year group field; its name says it ("Year 9 Tutor Group X").
  const year = g.yearGroup ?? /\bYear \d{1,2}\b/.exec(w.name)?.[0];
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
