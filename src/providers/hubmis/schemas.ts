/**
 * What we read from HUBmis JSON, and nothing more: unknown fields are dropped here. The documented variants
 * are tolerated (a bare array or an object with `data`, ids and counts as numbers or strings, a title as a
 * reference object or a plain string); a container of the wrong shape is an InvalidResponseError that names
 * what we were reading, never what the body said.
 */
import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER } from "./endpoints.js";

const Count = z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number);

/** `{id, name, code}` reference, or a bare string naming the thing. */
export const Ref = z
  .union([
    z.string().transform((name) => ({ id: undefined, name, code: undefined })),
    z.object({ id: Id.optional(), name: Text, code: Text }),
  ])
  .nullish();
export type Ref = z.infer<typeof Ref>;

/** A name out of a reference: its name, else its code. */
export function refName(ref: Ref): string | undefined {
  return ref?.name ?? ref?.code ?? undefined;
}

export const PersonRef = z.object({
  id: Id.optional(),
  title: Ref,
  first_name: Text,
  last_name: Text,
});
export type PersonRef = z.infer<typeof PersonRef>;

export const StudentWire = z.object({
  id: Id,
  first_name: z.string(),
  last_name: z.string(),
  middle_name: Text,
  preferred_name: Text,
  date_of_birth: Text,
  enrolment_status: Text,
  gender: Ref,
  form: Ref,
  year_group: Ref,
  tutor_group: Ref,
  academic_house: Ref,
  medical_condition_severity: z.array(z.object({ medical_condition: Ref, severity: Ref })).nullish(),
  learning_support_record_summary: z
    .array(z.object({ learning_support_type: Ref, severity: Ref, ehcp: z.boolean().nullish() }))
    .nullish(),
});
export type StudentWire = z.infer<typeof StudentWire>;

export const EnrolmentWire = z.object({
  enrolment_status: Text,
  start_date: Text,
  leaving_date: Text,
});

export const ContactRelationWire = z.object({
  id: Id.optional(),
  contact: PersonRef.extend({
    primary_email: Text,
    email: Text,
    primary_phone: Text,
    phone: Text,
  }).nullish(),
  relationship: Ref,
  priority: Count.nullish(),
  lives_with_student: z.boolean().nullish(),
});
export type ContactRelationWire = z.infer<typeof ContactRelationWire>;

export const DoctorWire = PersonRef.extend({ phone: Text, email: Text, address: Text });

export const LearningSupportWire = z.object({
  authority: Ref,
  authority_type: Ref,
  disability: z.boolean().nullish(),
  disability_description: Text,
  placement_date: Text,
});

export const StaffWire = PersonRef.extend({
  id: Id,
  first_name: z.string(),
  last_name: z.string(),
  preferred_name: Text,
  email: Text,
  job_title: Text,
  status: Text,
  rooms: z.array(z.object({ room_code: Text, name: Text })).nullish(),
});
export type StaffWire = z.infer<typeof StaffWire>;

const GroupBase = z.object({
  id: Id,
  code: Text,
  name: z.string(),
  student_count: Count.nullish(),
  staff: z.array(PersonRef.nullable()).nullish(),
});

export const FormWire = GroupBase.extend({ year_group: Ref });
export type FormWire = z.infer<typeof FormWire>;
export const TutorGroupWire = GroupBase.extend({ year_group: Ref });
export type TutorGroupWire = z.infer<typeof TutorGroupWire>;
export const YearGroupWire = GroupBase.extend({
  position: Count.nullish(),
  total_student_count: Count.nullish(),
  year_group_heads: z.array(PersonRef.nullable()).nullish(),
});
export type YearGroupWire = z.infer<typeof YearGroupWire>;
export const HouseWire = GroupBase.extend({ house_type: Text, is_active: z.boolean().nullish() });
export type HouseWire = z.infer<typeof HouseWire>;

export const AcademicYearWire = z.object({
  id: Id,
  name: z.string(),
  start_date: Text,
  end_date: Text,
  is_current: z.boolean().nullish(),
  status: Text,
});

/** A term or holiday: a name and its first and last day. */
export const DatedWire = z.object({ name: z.string(), start_date: z.string(), end_date: z.string() });
export type DatedWire = z.infer<typeof DatedWire>;

/**
 * An inset day or closure date. The reference shows no sample: read a single `date`, or a `start_date` and
 * `end_date` as terms have; one with neither is unreadable and dropped.
 */
export const ClosureWire = z
  .object({ name: z.string(), date: Text, start_date: Text, end_date: Text })
  .transform((w, ctx) => {
    const start = w.start_date ?? w.date;
    const end = w.end_date ?? w.date ?? w.start_date;
    if (!start || !end) {
      ctx.addIssue({ code: "custom", message: "a closure without a date" });
      return z.NEVER;
    }
    return { name: w.name, start_date: start.slice(0, 10), end_date: end.slice(0, 10) };
  });

export const CodeWire = z.object({
  id: Id,
  code: z.string(),
  description: Text,
  statistical_category: Text,
  is_late: z.boolean().nullish(),
});
export type CodeWire = z.infer<typeof CodeWire>;

export const AttendanceWire = z.object({
  date: Text,
  date_time: Text,
  attendance_session: Text,
  attendance_code: z
    .union([z.string(), z.object({ id: Id.optional(), code: Text, description: Text })])
    .nullish(),
  minutes_late: Count.nullish(),
  description: Text,
});
export type AttendanceWire = z.infer<typeof AttendanceWire>;

export const LessonWire = z.object({
  date: z.string(),
  start_time: Text,
  end_time: Text,
  period: Ref,
  subject: Ref,
  group: Ref,
  staff: z.array(PersonRef.nullable()).nullish(),
  room: z.object({ room_code: Text, name: Text }).nullish(),
});
export type LessonWire = z.infer<typeof LessonWire>;

export const PastoralWire = z.object({
  id: Id,
  type: z.string(),
  title: Text,
  description: Text,
  date_time: z.string(),
  status: Text,
  category: Ref,
  severity: z.object({ id: Id.optional(), name: Text, position: Count.nullish() }).nullish(),
  student: PersonRef.extend({ id: Id, form: Ref, year_group: Ref }).nullish(),
  assigned_to: z.array(PersonRef.nullable()).nullish(),
});
export type PastoralWire = z.infer<typeof PastoralWire>;

export const CategoryWire = z.object({ id: Id, name: z.string(), position: Count.nullish() });
export const SeverityWire = z.object({ id: Id, name: z.string(), position: Count.nullish() });

/** The items of a list answer: a bare array, or `{data: [...]}`. Items that do not parse are skipped. */
export function parseList<S extends z.ZodType>(
  data: unknown,
  item: S,
  what: string,
  logger?: Logger,
): z.infer<S>[] {
  const items = Array.isArray(data)
    ? data
    : data && typeof data === "object" && Array.isArray((data as { data?: unknown }).data)
      ? (data as { data: unknown[] }).data
      : undefined;
  if (!items) throw new InvalidResponseError(PROVIDER, `${what} was not a list`);
  const out: z.infer<S>[] = [];
  let skipped = 0;
  for (const raw of items) {
    const parsed = item.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
    else skipped++;
  }
  if (skipped > 0) logger?.warn("skipped unreadable HUBmis records", { what, skipped });
  return out;
}

/** A single-record answer: a bare object, `{data: {...}}`, or a one-element list (pastoral events). */
export function parseOne<S extends z.ZodType>(data: unknown, schema: S, what: string): z.infer<S> {
  let value = data;
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (value && typeof value === "object" && !Array.isArray(value) && "data" in value) {
    value = (value as { data: unknown }).data;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidResponseError(PROVIDER, `${what} had an unexpected shape`);
  return parsed.data;
}

/** The calendar answer: `{calendar: [...]}` or a bare list. */
export function calendarItems(data: unknown): unknown {
  if (data && typeof data === "object" && !Array.isArray(data) && "calendar" in data) {
    return (data as { calendar: unknown }).calendar;
  }
  return data;
}
