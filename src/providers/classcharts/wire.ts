/**
 * What we read from ClassCharts JSON, one schema per record type, and every alternative name and form for a
 * field declared here, once (trust.ts rule 2). The API is unofficial: the notes give the field names a
 * client has seen (the canonical keys below); the aliases are the other names a server writing from the same
 * notes plausibly uses (`subject` / `subject_name`, `badge_name` for a reason, `pupil_id` / `student_id`,
 * nested `{name}` objects or flat strings). Values are read leniently: ids as numbers or strings, counts and
 * flags as numbers, strings or booleans, "" and null as absent. A field we cannot read is absent, never a
 * default; a record missing what its type needs fails its schema and is counted as unreadable by the caller.
 */
import { z } from "zod";
import { localDate, localIso, localParts, zonedEpoch } from "../../time/local.js";
import { isRecord, withAliases } from "../common/trust.js";
import { TIME_ZONE } from "./endpoints.js";

// ---- values ---------------------------------------------------------------------------------------------

/** Text as sent, trimmed; numbers read as their digits; "" and anything else absent. */
export function str(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** yes/no flags: "yes", 1, "1", true and their opposites; anything else is unknown. */
export function flag(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === "1") return true;
  if (value === false || value === 0 || value === "0") return false;
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (word === "yes" || word === "true") return true;
    if (word === "no" || word === "false") return false;
  }
  return undefined;
}

/** A thing's name: a string, or an object's `name`. */
function labelOf(value: unknown): string | undefined {
  return isRecord(value) ? str(value["name"]) : str(value);
}

/** A person as a string, or `{name}`, or `{title, last_name}` ("Mr Hale"), or first and last names. */
function personOf(value: unknown): string | undefined {
  if (!isRecord(value)) return str(value);
  const named = str(value["name"]) ?? str(value["full_name"]);
  if (named) return named;
  const title = str(value["title"]);
  const last = str(value["last_name"]);
  if (title && last) return `${title} ${last}`;
  const full = [str(value["first_name"]), last].filter(Boolean).join(" ");
  return full === "" ? undefined : full;
}

/** A lenient optional field: what `read` makes of the value, or absent. */
function lenient<T>(read: (value: unknown) => T | undefined) {
  return z.unknown().transform(read).optional();
}

const Text = lenient(str);
const Id = z.unknown().transform(str).pipe(z.string());
const Count = lenient(num);
const Flag = lenient(flag);
const Label = lenient(labelOf);
const Person = lenient(personOf);

/** A date-time with an explicit zone (Z or ±HH:MM), e.g. "2026-06-01T08:50:00+01:00". */
const ZONED = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i;
/** A London wall-clock date-time without a zone, e.g. "2026-06-01 08:50:00". */
const WALL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** The instant a zoned date-time names; undefined for a plain date or a wall-clock time without a zone. */
function zonedInstant(text: string): number | undefined {
  const match = ZONED.exec(text);
  if (!match) return undefined;
  const offset = match[3] ?? "Z";
  const zone = offset.toUpperCase() === "Z" ? "Z" : offset.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The London day of "2026-03-02", "2026-03-02 09:10:00" or "2026-03-02T09:10:00+00:00": a zoned time is read
 * in London (23:00Z on 30 June is already 1 July there), a plain one is taken as written.
 */
export function dateOnly(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) return localDate(instant, TIME_ZONE);
  const date = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text)?.[1];
  return date && !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ? date : undefined;
}

/** HH:MM on London's wall clock: "...T08:50:00+01:00" and "...T07:50:00Z" both read 08:50, as does "08:50". */
export function hhmm(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) return localParts(instant, TIME_ZONE).time.slice(0, 5);
  const match = /(?:^|[T ])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?$/.exec(text);
  return match?.[1] ? `${match[1].padStart(2, "0")}:${match[2]}` : undefined;
}

/**
 * An instant as ISO with London's offset in force ("2026-06-01T08:50:00+01:00"), whichever form it came in:
 * another offset, Z, or London wall time without a zone. A bare date stays a date: no time is made up.
 */
export function dateTime(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) return localIso(instant, TIME_ZONE);
  const wall = WALL.exec(text);
  if (wall?.[1]) return localIso(zonedEpoch(wall[1], `${wall[2]}:${wall[3] ?? "00"}`, TIME_ZONE), TIME_ZONE);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? dateOnly(text) : undefined;
}

// ---- records --------------------------------------------------------------------------------------------

/** Whose record it is, where the record says (parent calls name a pupil; the answer may not be theirs). */
const PUPIL_ALIASES = {
  pupil_id: ["student_id", "pupil.id", "student.id"],
  pupil_name: ["student_name", "pupil.name"],
} as const;
const PupilClaim = { pupil_id: Text, pupil_name: Text };

/** A pupil, as the parent's pupils list and the student ping describe them; flags and counters kept raw. */
export const PupilWire = withAliases(
  {
    id: ["pupil_id", "student_id", "user_id"],
    name: ["full_name", "display_name"],
    school_name: ["school.name", "school"],
  },
  z.looseObject({ id: Id, name: Text, first_name: Text, last_name: Text, school_name: Text }),
);
export type PupilWire = z.output<typeof PupilWire>;

export const LessonWire = withAliases(
  {
    date: ["lesson_date", "day"],
    start_time: ["start", "starts_at", "period.start_time"],
    end_time: ["end", "ends_at", "period.end_time"],
    subject_name: ["subject"],
    lesson_name: ["lesson", "class_name", "class"],
    teacher_name: ["teacher", "staff_name"],
    room_name: ["room", "room.name"],
    period_number: ["period.number", "period"],
    period_name: ["period.name"],
    is_break: ["break"],
    ...PUPIL_ALIASES,
  },
  z.object({
    date: Text,
    start_time: Text,
    end_time: Text,
    subject_name: Label,
    lesson_name: Label,
    teacher_name: Person,
    room_name: Label,
    period_number: Text,
    period_name: Text,
    is_break: Flag,
    note_abstract: Text,
    note: Text,
    ...PupilClaim,
  }),
);
export type LessonWire = z.output<typeof LessonWire>;

/** A homework's status: the nested `status{state, ticked}`, or a flat state string; absent when neither. */
const HomeworkStatus = lenient((value) => {
  if (isRecord(value)) {
    const state = value["state"];
    return { state: state === null ? null : str(state), ticked: flag(value["ticked"]) };
  }
  const state = str(value);
  return state ? { state, ticked: undefined } : undefined;
});

export const HomeworkWire = withAliases(
  {
    title: ["meta_title", "name"],
    subject: ["subject_name"],
    teacher: ["teacher_name"],
    lesson: ["lesson_name"],
    issue_date: ["issued_date", "set_date", "issue_date_time"],
    due_date: ["due", "due_date_time"],
    status: ["homework_status", "state"],
    ...PUPIL_ALIASES,
  },
  z.object({
    id: Id,
    title: Text,
    description: Text,
    subject: Label,
    teacher: Person,
    lesson: Label,
    issue_date: Text,
    due_date: Text,
    completion_time_unit: Text,
    completion_time_value: Count,
    status: HomeworkStatus,
    ...PupilClaim,
  }),
);
export type HomeworkWire = z.output<typeof HomeworkWire>;

/** A point in the activity feed. */
export const ActivityWire = withAliases(
  {
    type: ["activity_type"],
    reason: ["badge_name", "reason_name", "behaviour.reason"],
    timestamp: ["date_time", "datetime", "awarded_at", "created_at"],
    lesson_name: ["lesson"],
    teacher_name: ["teacher"],
    ...PUPIL_ALIASES,
  },
  z.object({
    id: Id,
    type: Text,
    polarity: Text,
    reason: Text,
    score: Count,
    timestamp: Text,
    lesson_name: Label,
    teacher_name: Person,
    note: Text,
    ...PupilClaim,
  }),
);
export type ActivityWire = z.output<typeof ActivityWire>;

const ATTENDED = ["yes", "no", "upscaled", "pending"] as const;
type Attended = (typeof ATTENDED)[number];
const Attendance = z.unknown().transform((value): Attended | undefined => {
  const word = str(value)?.toLowerCase();
  if (word && (ATTENDED as readonly string[]).includes(word)) return word as Attended;
  const yes = flag(value);
  return yes === undefined ? undefined : yes ? "yes" : "no";
});

export const DetentionWire = withAliases(
  {
    date: ["detention_date", "date_time", "start_date"],
    time: ["detention_time", "start_time"],
    length: ["length_minutes", "duration", "minutes"],
    location: ["detention_location", "room_name", "room"],
    reason: ["lesson_pupil_behaviour.reason", "behaviour.reason", "reason_name"],
    teacher: ["teacher_name", "staff_name", "staff"],
    detention_type: ["type", "detention_type_name"],
    ...PUPIL_ALIASES,
  },
  z.object({
    id: Id,
    attended: Attendance.pipe(z.enum(ATTENDED)),
    date: Text,
    time: Text,
    length: Count,
    location: Label,
    notes: Text,
    reason: Text,
    teacher: Person,
    detention_type: Label,
    ...PupilClaim,
  }),
);
export type DetentionWire = z.output<typeof DetentionWire>;

export const AnnouncementWire = withAliases(
  {
    timestamp: ["published_at", "sent_at", "created_at", "date"],
    teacher_name: ["author", "teacher", "sender_name"],
    description: ["content", "body"],
  },
  z.object({
    id: Id,
    title: Text,
    description: Text,
    timestamp: Text,
    teacher_name: Person,
    school_name: Text,
    sticky: Flag,
    requires_consent: Flag,
  }),
);
export type AnnouncementWire = z.output<typeof AnnouncementWire>;

/** One register mark: the value under date -> session or period in the attendance map. */
export const AttendanceMarkWire = withAliases(
  {
    status: ["attendance_status", "mark", "state"],
    code: ["attendance_code", "mark_code"],
    late_minutes: ["minutes_late", "late_mins"],
    lesson_name: ["lesson", "lesson.name"],
    room_name: ["room", "room.name"],
  },
  z.object({
    status: Text,
    code: Text,
    late_minutes: Count,
    lesson_name: Label,
    room_name: Label,
  }),
);
export type AttendanceMarkWire = z.output<typeof AttendanceMarkWire>;

/** The flat form of a mark (a list instead of the date -> key map): where its date and register key are. */
export const FLAT_MARK_KEYS = {
  date: ["date", "attendance_date", "day"],
  key: ["session", "period", "register", "key"],
} as const;
