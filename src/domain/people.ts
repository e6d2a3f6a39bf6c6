import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

export const EnrolmentStatus = z.enum(["enrolled", "waitlisted", "applicant", "left", "inactive", "unknown"]);

export const Student = z.object({
  ...Labelled,
  id: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().optional(),
  displayName: z.string(),
  dateOfBirth: IsoDate.optional(),
  enrolmentStatus: EnrolmentStatus.optional(),
  yearGroup: z.string().optional(),
  form: z.string().optional(),
  tutorGroup: z.string().optional(),
  house: z.string().optional(),
  /** Nursery room, or the group a provider places the child in. */
  room: z.string().optional(),
  roomId: z.string().optional(),
  school: z.string().optional(),
  /** Provider counters worth surfacing (ClassCharts: homework_todo, detention_pending, ...). */
  counts: z.record(z.string(), z.number()).optional(),
});
export type Student = z.infer<typeof Student>;

export const Contact = z.object({
  id: z.string().optional(),
  name: z.string(),
  relationship: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  priority: z.number().optional(),
  livesWithStudent: z.boolean().optional(),
});
export type Contact = z.infer<typeof Contact>;

/** Sensitive categories come back as data with sensitive:read, otherwise as the WITHHELD marker. */
const SensitiveText = z.union([
  z.string(),
  z.record(z.string(), z.unknown()),
  z.array(z.unknown()),
  z.null(),
]);

export const StudentDetail = Student.extend({
  gender: z.string().optional(),
  enrolment: z
    .object({
      admissionDate: IsoDate.optional(),
      leavingDate: IsoDate.optional(),
      boarding: z.string().optional(),
      previousSchool: z.string().optional(),
    })
    .optional(),
  contacts: z.array(Contact).optional(),
  medical: SensitiveText.optional(),
  learningSupport: SensitiveText.optional(),
  doctor: SensitiveText.optional(),
  /** Names of the sensitive categories left out because sensitive:read was not granted. */
  withheld: z.array(z.string()).optional(),
});
export type StudentDetail = z.infer<typeof StudentDetail>;

export const StaffMember = z.object({
  ...Labelled,
  id: z.string(),
  title: z.string().optional(),
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  role: z.string().optional(),
  email: z.string().optional(),
  status: z.string().optional(),
  rooms: z.array(z.string()).optional(),
  /** Single record only: the emergency contact line the provider keeps. */
  emergencyContact: z.string().optional(),
  /** Single record only: the default working week, day by day (local times). */
  workingHours: z.array(z.object({ day: z.string(), from: z.string(), to: z.string() })).optional(),
});
export type StaffMember = z.infer<typeof StaffMember>;
