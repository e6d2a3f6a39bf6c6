/**
 * What we read from HUBmis JSON, and nothing more: unknown fields are dropped here. The reference shows
 * samples for a few records (a student, a staff member, a form, a house, a room) and none for most of what
 * we read (registers, lessons, wellbeing records, academic years, terms, codes), so each record type
 * declares here, once, the other names and forms its open fields may take (rule 2 of
 * src/providers/common/trust.ts): the reference's own conventions first (`date_start`/`date_end`,
 * `date_from`/`date_to`, `time_from`/`time_to`, `date_time`), then the common alternatives; ids as numbers
 * or strings; a reference as an object, a bare name or a bare id; flags as booleans, 1/0 or words. A value
 * none of them holds is absent. Reading a list never skips a record quietly: callers read items with
 * `readEach`, which counts what could not be read.
 */
import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import { firstOf, isRecord, withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER } from "./endpoints.js";

const Count = z
  .union([z.number(), z.string().regex(/^\d+$/)])
  .transform(Number)
  .nullish()
  .catch(undefined);

/** true/false, 1/0, "true"/"yes"/"1": a flag in any of its spellings; anything else is absent. */
export const Flag = z
  .unknown()
  .transform((v) => {
    if (typeof v === "boolean") return v;
    if (v === 1 || v === "1" || v === "true" || v === "yes") return true;
    if (v === 0 || v === "0" || v === "false" || v === "no") return false;
    return undefined;
  })
  .optional();

/** Optional text that tolerates a wrong type as absent rather than failing the record. */
export const Words = Text.catch(undefined);

const RefObject = withAliases(
  { name: ["title", "label", "display_name"], code: ["room_code", "short_code", "abbreviation"] },
  z.object({ id: Id.optional().catch(undefined), name: Words, code: Words }),
);

/** A reference: `{id, name, code}`, a bare name ("Mathematics"), or a bare id (211 or "211" for form_id). */
export const Ref = z
  .union([
    z.number().transform((id) => ({ id: String(id), name: undefined, code: undefined })),
    z.string().transform((value) => ({ id: undefined, name: value, code: undefined })),
    RefObject,
  ])
  .nullish()
  .catch(undefined);
export type Ref = z.infer<typeof Ref>;

/** A reference given by id: a number or a string of digits in an `..._id` field. */
const IdRef = z
  .union([
    Id.refine((id) => /^\d+$/.test(id)).transform((id) => ({ id, name: undefined, code: undefined })),
    Ref,
  ])
  .nullish()
  .catch(undefined);

/** A name out of a reference: its name, else its code. */
export function refName(ref: Ref): string | undefined {
  return ref?.name ?? ref?.code ?? undefined;
}

const PersonObject = withAliases(
  {
    first_name: ["forename", "given_name", "firstname"],
    last_name: ["surname", "family_name", "lastname"],
    name: ["full_name", "display_name"],
  },
  z.object({
    id: Id.optional().catch(undefined),
    title: Ref,
    first_name: Words,
    last_name: Words,
    name: Words,
  }),
);

/** A person: `{id, title, first_name, last_name}`, a full `name`, a bare name, or a bare id. */
export const PersonRef = z
  .union([
    z.number().transform((id) => ({ id: String(id) }) as PersonObjectType),
    z.string().transform((name) => ({ name }) as PersonObjectType),
    PersonObject,
  ])
  .nullable();
type PersonObjectType = z.infer<typeof PersonObject>;
export type PersonRef = z.infer<typeof PersonRef>;

/** A list of people, or one person where a list was expected. */
export const People = z
  .union([z.array(PersonRef.catch(null)), PersonRef.transform((p) => (p ? [p] : []))])
  .nullish()
  .catch(undefined);

export const RefList = z
  .union([z.array(Ref), Ref.transform((r) => (r ? [r] : []))])
  .nullish()
  .catch(undefined);

/** Words such as "Authorised absence", "AUTHORISED_ABSENCE" or `{code, name}` as one snake_case code. */
export function codeWord(value: unknown): string | undefined {
  const raw = isRecord(value) ? firstOf(value, ["code", "name", "value"]) : value;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

const Word = z.unknown().transform(codeWord).optional();

export const StudentWire = withAliases(
  {
    first_name: ["forename", "given_name"],
    last_name: ["surname", "family_name"],
    form: ["form_id", "form_group", "form_code"],
    year_group: ["year_group_id"],
    tutor_group: ["tutor_group_id"],
    academic_house: ["academic_house_id", "house", "house_id"],
    boarding_house: ["boarding_house_id"],
    enrolment_status: ["enrolment.status", "enrolment_status_code"],
    date_of_birth: ["dob", "birth_date"],
  },
  z.object({
    id: Id,
    first_name: z.string(),
    last_name: z.string(),
    middle_name: Words,
    preferred_name: Words,
    date_of_birth: Words,
    enrolment_status: Word,
    gender: Ref,
    form: IdRef,
    year_group: IdRef,
    tutor_group: IdRef,
    academic_house: IdRef,
    boarding_house: IdRef,
    medical_condition_severity: z
      .array(
        withAliases(
          { medical_condition: ["condition", "name"], severity: ["severity_level"] },
          z.object({ medical_condition: Ref, severity: Ref }),
        ),
      )
      .nullish()
      .catch(undefined),
    learning_support_record_summary: z
      .array(
        withAliases(
          { learning_support_type: ["type", "need"], severity: ["severity_level"] },
          z.object({ learning_support_type: Ref, severity: Ref, ehcp: Flag }),
        ),
      )
      .nullish()
      .catch(undefined),
  }),
);
export type StudentWire = z.infer<typeof StudentWire>;

export const EnrolmentWire = withAliases(
  {
    start_date: ["date_start", "admission_date", "enrolment_date"],
    leaving_date: ["date_end", "leave_date", "end_date"],
  },
  z.object({ enrolment_status: Word, start_date: Words, leaving_date: Words }),
);

/** A contact relation: the contact nested under `contact`, or its fields flat beside the relation's. */
export const ContactRelationWire = z.preprocess(
  (raw) => {
    if (!isRecord(raw) || isRecord(raw["contact"]) || isRecord(raw["person"])) return raw;
    const { id, contact_id, ...person } = raw;
    return { ...raw, id, contact: { ...person, id: contact_id } };
  },
  withAliases(
    {
      contact: ["person", "contact_person"],
      relationship: ["relationship_type", "relation"],
      priority: ["contact_priority", "order"],
      lives_with_student: ["lives_with"],
    },
    z.object({
      id: Id.optional().catch(undefined),
      contact: withAliases(
        { primary_email: ["email", "email_address"], primary_phone: ["phone", "mobile", "telephone"] },
        z.object({
          id: Id.optional().catch(undefined),
          title: Ref,
          first_name: Words,
          last_name: Words,
          primary_email: Words,
          primary_phone: Words,
        }),
      )
        .nullish()
        .catch(undefined),
      relationship: Ref,
      priority: Count,
      lives_with_student: Flag,
    }),
  ),
);
export type ContactRelationWire = z.infer<typeof ContactRelationWire>;

export const DoctorWire = withAliases(
  {
    first_name: ["forename"],
    last_name: ["surname"],
    phone: ["telephone", "phone_number"],
    address: ["formatted_address"],
  },
  z.object({
    title: Ref,
    first_name: Words,
    last_name: Words,
    name: Words,
    phone: Words,
    email: Words,
    address: Words,
  }),
);

export const LearningSupportWire = z.object({
  authority: Ref,
  authority_type: Ref,
  disability: Flag,
  disability_description: Words,
  placement_date: Words,
});

export const StaffWire = withAliases(
  {
    first_name: ["forename", "given_name"],
    last_name: ["surname", "family_name"],
    email: ["primary_email", "email_address"],
    job_title: ["job_role"],
  },
  z.object({
    id: Id,
    title: Ref,
    first_name: z.string(),
    last_name: z.string(),
    preferred_name: Words,
    email: Words,
    job_title: Words,
    status: Word,
    rooms: RefList,
  }),
);
export type StaffWire = z.infer<typeof StaffWire>;

const GROUP_ALIASES = {
  code: ["timetable_code", "short_name"],
  name: ["title"],
  student_count: ["students_count", "number_of_students", "member_count"],
  staff: ["tutors", "teachers"],
  year_group: ["year_group_id"],
} as const;

const GroupBase = z.object({
  id: Id,
  code: Words,
  name: z.string(),
  student_count: Count,
  staff: People,
  year_group: IdRef,
});

export const FormWire = withAliases(GROUP_ALIASES, GroupBase);
export type FormWire = z.infer<typeof FormWire>;
export const TutorGroupWire = withAliases(GROUP_ALIASES, GroupBase);
export type TutorGroupWire = z.infer<typeof TutorGroupWire>;
export const SubjectSetWire = withAliases(
  { ...GROUP_ALIASES, subject: ["subject_id"] },
  GroupBase.extend({ subject: IdRef }),
);
export type SubjectSetWire = z.infer<typeof SubjectSetWire>;
export const ActivityWire = withAliases(GROUP_ALIASES, GroupBase);
export type ActivityWire = z.infer<typeof ActivityWire>;
export const YearGroupWire = withAliases(
  { ...GROUP_ALIASES, position: ["order", "rank"], year_group_heads: ["heads", "head_of_year"] },
  GroupBase.extend({ position: Count, total_student_count: Count, year_group_heads: People }),
);
export type YearGroupWire = z.infer<typeof YearGroupWire>;
export const HouseWire = withAliases(
  { ...GROUP_ALIASES, is_active: ["active", "isActive"] },
  GroupBase.extend({ house_type: Word, is_active: Flag }),
);
export type HouseWire = z.infer<typeof HouseWire>;

export const RoomWire = withAliases(
  { room_code: ["code", "timetable_code", "name"] },
  z.object({ id: Id, room_code: z.string() }),
);

/** An academic year. The reference shows no sample: its dated records use `date_start` / `date_end`. */
export const AcademicYearWire = withAliases(
  {
    name: ["title", "code"],
    start_date: ["date_start", "date_from", "start", "starts_on"],
    end_date: ["date_end", "date_to", "end", "ends_on"],
    is_current: ["current", "is_current_year"],
  },
  z.object({ id: Id, name: Words, start_date: Words, end_date: Words, is_current: Flag, status: Word }),
);
export type AcademicYearWire = z.infer<typeof AcademicYearWire>;

/**
 * A term, holiday, inset day or closure date: a name and its first and last day. The reference shows no
 * sample; a single day may come as one `date` (or `date_time`), a span under the reference's own names or
 * the common ones, each a date or a date-time (read as its London day).
 */
export const DatedWire = withAliases(
  {
    name: ["title", "description", "label"],
    start_date: ["date_start", "date_from", "start", "date", "date_time"],
    end_date: ["date_end", "date_to", "end", "date", "date_time", "date_start", "start_date"],
  },
  z.object({ name: Words, start_date: z.string(), end_date: z.string() }),
);
export type DatedWireRaw = z.infer<typeof DatedWire>;

export const CodeWire = withAliases(
  {
    code: ["short_code", "mark", "symbol"],
    description: ["name", "meaning", "label"],
    statistical_category: ["category", "dfe_category", "statistical_category_code"],
    is_late: ["late"],
  },
  z.object({
    id: Id,
    code: z.string(),
    description: Words,
    statistical_category: Word,
    is_late: Flag,
  }),
);
export type CodeWire = z.infer<typeof CodeWire>;

/** A register mark's code: the code itself, its id (digits: DfE codes are never digits), or an object. */
const MarkCode = z
  .union([
    z.number().transform((id) => ({ id: String(id), code: undefined, description: undefined })),
    z
      .string()
      .transform((value) =>
        /^\d+$/.test(value)
          ? { id: value, code: undefined, description: undefined }
          : { id: undefined, code: value, description: undefined },
      ),
    withAliases(
      { code: ["short_code", "mark", "symbol"], description: ["name", "meaning", "label"] },
      z.object({ id: Id.optional().catch(undefined), code: Words, description: Words }),
    ),
  ])
  .nullish()
  .catch(undefined);

export const AttendanceWire = withAliases(
  {
    date: ["attendance_date", "day"],
    date_time: ["datetime", "date_time_start"],
    attendance_session: ["session", "session_type", "attendance_session_type"],
    attendance_code: ["code", "mark", "attendance_code_id"],
    minutes_late: ["late_minutes"],
    description: ["note", "comment", "notes"],
    student: ["student_id", "pupil_id"],
  },
  z.object({
    date: Words,
    date_time: Words,
    attendance_session: Word,
    attendance_code: MarkCode,
    minutes_late: Count,
    description: Words,
    student: IdRef,
  }),
);
export type AttendanceWire = z.infer<typeof AttendanceWire>;

/**
 * A lesson on the timetable calendar. The reference shows no sample: times may be times of day under the
 * reference's timetable names (`time_from`/`time_to`) or the common ones, date-times (whose London day is
 * the lesson's date when no date is given), or sit inside the period; the room may be an object, a name or
 * an id.
 */
export const LessonWire = withAliases(
  {
    date: ["lesson_date", "day_date"],
    start_time: [
      "time_from",
      "time_start",
      "start",
      "starts_at",
      "start_date_time",
      "date_time_start",
      "period.start_time",
      "period.time_from",
      "period.start",
    ],
    end_time: [
      "time_to",
      "time_end",
      "end",
      "ends_at",
      "end_date_time",
      "date_time_end",
      "period.end_time",
      "period.time_to",
      "period.end",
    ],
    subject: ["subject_name", "subject_code"],
    group: ["group_name", "class", "class_name", "subject_set"],
    staff: ["teachers", "teacher", "staff_member"],
    room: ["room_name", "room_code", "room_id"],
  },
  z.object({
    date: Words,
    start_time: Words,
    end_time: Words,
    period: Ref,
    subject: Ref,
    group: Ref,
    staff: People,
    room: IdRef,
  }),
);
export type LessonWire = z.infer<typeof LessonWire>;

const PastoralStudent = withAliases(
  {
    first_name: ["forename"],
    last_name: ["surname"],
    name: ["full_name", "display_name"],
    form: ["form_id"],
    year_group: ["year_group_id"],
    enrolment_status: ["status"],
  },
  z.object({
    id: Id,
    first_name: Words,
    last_name: Words,
    name: Words,
    form: IdRef,
    year_group: IdRef,
    enrolment_status: Word,
  }),
);

/**
 * A wellbeing event or plan. The reference shows no sample: the date may be a `date_time` (with Z, an
 * offset or none), or a date and a time apart; category and severity may be objects, names or ids; the
 * status a word or an object; the pupil nested or flat; per-pupil lists may leave the type to the path.
 */
export const PastoralWire = z.preprocess(
  (raw) => {
    if (!isRecord(raw) || isRecord(raw["student"]) || isRecord(raw["pupil"])) return raw;
    const id = firstOf(raw, ["student_id", "pupil_id"]);
    if (id === undefined) return raw;
    return { ...raw, student: { id, name: firstOf(raw, ["student_name", "pupil_name"]) } };
  },
  withAliases(
    {
      type: ["record_type", "event_type", "pastoral_type"],
      title: ["summary", "headline"],
      description: ["details", "narrative", "notes"],
      date_time: ["datetime", "date_time_start", "occurred_at", "event_date_time"],
      date: ["event_date"],
      time: ["event_time"],
      status: ["state"],
      category: ["category_id", "category_name", "pastoral_category"],
      severity: ["severity_id", "severity_level", "severity_name"],
      student: ["pupil"],
      assigned_to: ["assigned_staff", "assignees", "assigned_to_id"],
    },
    z.object({
      id: Id,
      type: Word,
      title: Words,
      description: Words,
      date_time: Words,
      date: Words,
      time: Words,
      status: Word,
      category: IdRef,
      severity: z
        .union([
          withAliases(
            { name: ["title", "label"], position: ["level", "rank", "order"] },
            z.object({ id: Id.optional().catch(undefined), name: Words, position: Count }),
          ),
          IdRef,
        ])
        .nullish()
        .catch(undefined),
      student: PastoralStudent.nullish().catch(undefined),
      assigned_to: People,
    }),
  ),
);
export type PastoralWire = z.infer<typeof PastoralWire>;

export const CategoryWire = withAliases(
  { name: ["title", "label"], position: ["order", "rank"] },
  z.object({ id: Id, name: z.string(), position: Count }),
);
export const SeverityWire = withAliases(
  { name: ["title", "label"], position: ["level", "rank", "order"] },
  z.object({ id: Id, name: z.string(), position: Count }),
);

/** The keys a list may sit under in an object answer: JSON:API-style `data`, or the calendar's own key. */
const LIST_KEYS = ["data", "calendar", "items", "results"] as const;

/**
 * The raw items of a list answer: a bare array, or an object holding one under `data` (also
 * `data.calendar`), `calendar`, `items` or `results`. Anything else is an InvalidResponseError naming what
 * we were reading, never what the body said.
 */
export function listItems(data: unknown, what: string): unknown[] {
  const items = findList(data, 2);
  if (!items) throw new InvalidResponseError(PROVIDER, `${what} was not a list`);
  return items;
}

function findList(data: unknown, depth: number): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (!isRecord(data) || depth === 0) return undefined;
  for (const key of LIST_KEYS) {
    const found = findList(data[key], depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** Paging facts an answer may volunteer in a `meta` object (the reference promises none). */
export function listMeta(data: unknown): { total?: number; pageSize?: number } {
  const meta = isRecord(data) ? data["meta"] : undefined;
  if (!isRecord(meta)) return {};
  const number = (names: string[]) => {
    const value = firstOf(meta, names);
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const total = number(["total", "pagination.total", "page.total", "total_count"]);
  const pageSize = number(["per_page", "pagination.per_page", "page.size", "page_size"]);
  return { ...(total === undefined ? {} : { total }), ...(pageSize ? { pageSize } : {}) };
}

/** A single-record answer: a bare object, `{data: {...}}`, or a one-element list (pastoral events). */
export function parseOne<S extends z.ZodType>(data: unknown, schema: S, what: string): z.infer<S> {
  let value = data;
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (isRecord(value) && isRecord(value["data"])) value = value["data"];
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidResponseError(PROVIDER, `${what} had an unexpected shape`);
  return parsed.data;
}
