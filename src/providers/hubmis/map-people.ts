// HUBmis students, contacts and staff to our domain records.
import type { Contact, StaffMember, Student } from "../../domain/index.js";
import { formName, type GroupIndex, isoDay, personName, yearGroupName } from "./map.js";
import { refName } from "./wire.js";
import type { ContactRelationWire, StaffWire, StudentWire } from "./wire-people.js";

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
