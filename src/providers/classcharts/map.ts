import { attendanceTotals as totalsOf } from "../../domain/attendance.js";
/**
 * ClassCharts records (read through wire.ts) → our records. Only the fields we know are copied; dates become
 * YYYY-MM-DD and lesson times HH:MM, both London time; timestamps become ISO with London's offset. A value the
 * record does not carry is left out, never filled with a default that looks real; a record missing what our
 * schema needs comes back undefined, and the caller counts it as unreadable (trust.ts rules 2 and 3).
 */
import type {
  Announcement,
  AttendanceRecord,
  AttendanceStatus,
  AttendanceTotals,
  BehaviourEvent,
  BehaviourResult,
  Detention,
  Homework,
  Lesson,
  Student,
} from "../../domain/index.js";
import { NATIONAL_CODE_MEANING, NATIONAL_CODE_STATUS } from "../../domain/register-codes.js";
import { firstOf, isRecord } from "../common/trust.js";
import {
  ActivityWire,
  AnnouncementWire,
  AttendanceMarkWire,
  DetentionWire,
  dateOnly,
  dateTime,
  FLAT_MARK_KEYS,
  HomeworkWire,
  hhmm,
  LessonWire,
  num,
  PupilWire,
  str,
} from "./wire.js";

export { dateOnly, dateTime, hhmm, num, str } from "./wire.js";

/** The pupil a call was made for, as the records we return name them. */
export interface Whose {
  id: string;
  name?: string | undefined;
}

/** A record read, with whose it says it is (when it says), for the caller to check against the pupil asked. */
export interface Read<T> {
  value: T;
  pupilId?: string | undefined;
  pupilName?: string | undefined;
}

function parse<T>(schema: { safeParse(raw: unknown): { success: boolean; data?: T } }, raw: unknown) {
  const result = schema.safeParse(raw);
  return result.success ? (result.data as T) : undefined;
}

function claimed<T>(
  value: T,
  wire: { pupil_id?: string | undefined; pupil_name?: string | undefined },
): Read<T> {
  return { value, pupilId: wire.pupil_id, pupilName: wire.pupil_name };
}

function owner(whose: Whose): { studentId: string; studentName?: string } {
  return { studentId: whose.id, ...(whose.name ? { studentName: whose.name } : {}) };
}

/** Plain text from the HTML ClassCharts stores in descriptions and notes. */
export function plainText(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const plain = text
    .replace(/<br\s*\/?>|<\/p>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return plain === "" ? undefined : plain;
}

/** A pupil's name: `name`, else first and last names. */
export function pupilName(pupil: PupilWire): string | undefined {
  const full = [pupil.first_name, pupil.last_name].filter(Boolean).join(" ");
  return pupil.name ?? (full === "" ? undefined : full);
}

export function readPupil(raw: unknown): PupilWire | undefined {
  return parse<PupilWire>(PupilWire, raw);
}

export function mapPupil(raw: unknown, connection: string): Student | undefined {
  const pupil = readPupil(raw);
  const name = pupil && pupilName(pupil);
  if (!pupil || !name) return undefined;
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(pupil)) {
    const match = /^((?:homework|detention)_[a-z_]+)_count$/.exec(key);
    const count = num(value);
    if (match?.[1] && count !== undefined) counts[match[1]] = count;
  }
  for (const key of ["announcements_count", "messages_count"]) {
    const count = num(pupil[key]);
    if (count !== undefined) counts[key.replace(/_count$/, "")] = count;
  }
  return {
    connection,
    id: pupil.id,
    firstName: pupil.first_name ?? name.split(" ")[0] ?? name,
    lastName: pupil.last_name ?? name.split(" ").slice(1).join(" "),
    displayName: name,
    ...(pupil.school_name ? { school: pupil.school_name } : {}),
    ...(Object.keys(counts).length > 0 ? { counts } : {}),
  };
}

/** "am" and "pm" as sessions, "P1" for a period whichever case it came in; anything else as sent. */
function registerKey(key: string): string {
  const trimmed = key.trim();
  if (/^(am|pm)$/i.test(trimmed)) return trimmed.toLowerCase();
  return /^p\d+$/i.test(trimmed) ? trimmed.toUpperCase() : trimmed;
}

export function mapLesson(
  raw: unknown,
  whose: Whose,
  askedDate: string,
  connection: string,
): Read<Lesson> | undefined {
  const wire = parse<LessonWire>(LessonWire, raw);
  if (!wire) return undefined;
  const start = hhmm(wire.start_time);
  const end = hhmm(wire.end_time);
  const isBreak = wire.is_break === true;
  const subject =
    wire.subject_name ?? wire.lesson_name ?? (isBreak ? (wire.period_name ?? "Break") : undefined);
  // No times is no lesson we can show: never 00:00.
  if (!start || !end || !subject) return undefined;
  const lesson: Lesson = {
    connection,
    date: dateOnly(wire.date) ?? dateOnly(wire.start_time) ?? askedDate,
    start,
    end,
    subject,
    ...owner(whose),
  };
  // The number ("1") reads the same across providers; the name ("Period 1", "Lunch") is the fallback.
  const period = wire.period_number ?? wire.period_name;
  if (period) lesson.period = period;
  if (wire.lesson_name) {
    lesson.lessonName = wire.lesson_name;
    if (!isBreak) lesson.group = wire.lesson_name;
  }
  if (wire.teacher_name) lesson.teacher = wire.teacher_name;
  if (wire.room_name) lesson.room = wire.room_name;
  if (isBreak) lesson.isBreak = true;
  const note = plainText(wire.note_abstract) ?? plainText(wire.note);
  if (note) lesson.note = note;
  return claimed(lesson, wire);
}

const ATTENDANCE_STATUS: Record<string, AttendanceStatus> = {
  yes: "present",
  present: "present",
  late: "late",
  no: "absent_unauthorised",
  absent: "absent",
  excused: "excused",
  ignore: "not_required",
};

const SESSION_KEYS = new Set(["am", "pm"]);

/** One register mark with the date and register key it was found under. */
export interface RawMark {
  date: unknown;
  key: unknown;
  mark: unknown;
}

/**
 * The marks of an attendance answer: the documented map date -> session or period -> mark, or a flat list of
 * marks that each carry their date and key.
 */
export function attendanceMarks(data: unknown): RawMark[] {
  if (Array.isArray(data)) {
    return data.map((mark) => ({
      date: firstOf(mark, FLAT_MARK_KEYS.date),
      key: firstOf(mark, FLAT_MARK_KEYS.key),
      mark,
    }));
  }
  if (!isRecord(data)) return [];
  return Object.entries(data).flatMap(([date, marks]): RawMark[] =>
    isRecord(marks)
      ? Object.entries(marks).map(([key, mark]) => ({ date, key, mark }))
      : [{ date, key: undefined, mark: marks }],
  );
}

export function mapMark(raw: RawMark, whose: Whose, connection: string): AttendanceRecord | undefined {
  const wire = parse<AttendanceMarkWire>(AttendanceMarkWire, raw.mark);
  const date = dateOnly(raw.date);
  const key = str(raw.key);
  if (!wire || !date || !key) return undefined;
  const code = wire.code;
  const status =
    ATTENDANCE_STATUS[wire.status?.toLowerCase() ?? ""] ??
    (code ? NATIONAL_CODE_STATUS[code.toUpperCase()] : undefined);
  // A mark we cannot read as present or absent is not counted as either.
  if (!status) return undefined;
  const register = registerKey(key);
  const record: AttendanceRecord = {
    connection,
    ...owner(whose),
    date,
    session: SESSION_KEYS.has(register) || !wire.lesson_name ? register : `${register} ${wire.lesson_name}`,
    status,
  };
  if (code) {
    record.code = code;
    const meaning = NATIONAL_CODE_MEANING[code.toUpperCase()];
    if (meaning) record.codeMeaning = meaning;
  }
  if (wire.late_minutes) record.lateMinutes = wire.late_minutes;
  if (wire.room_name) record.room = wire.room_name;
  return record;
}

/**
 * Counts over AM/PM sessions (lesson marks repeat the same day); a school that marks lessons only counts
 * those. The percentage is ours, over exactly these records, so it agrees with the list it comes with.
 */
export function attendanceTotals(records: AttendanceRecord[]): AttendanceTotals {
  const sessions = records.filter((r) => SESSION_KEYS.has(r.session ?? ""));
  return totalsOf(sessions.length > 0 ? sessions : records);
}

export function mapHomework(raw: unknown, whose: Whose, connection: string): Read<Homework> | undefined {
  const wire = parse<HomeworkWire>(HomeworkWire, raw);
  if (!wire) return undefined;
  const title = plainText(wire.title);
  const issueDate = dateOnly(wire.issue_date);
  const dueDate = dateOnly(wire.due_date);
  if (!title || !issueDate || !dueDate) return undefined;
  const homework: Homework = {
    connection,
    id: wire.id,
    ...owner(whose),
    title,
    issueDate,
    dueDate,
    status: homeworkStatus(wire.status),
  };
  if (wire.subject) homework.subject = wire.subject;
  if (wire.teacher) homework.teacher = wire.teacher;
  const description = plainText(wire.description);
  if (description) homework.description = description;
  const amount = wire.completion_time_value;
  const unit = wire.completion_time_unit ?? "";
  // Without its unit an amount is not a time: "45" could be minutes or hours.
  if (amount !== undefined && /hour/i.test(unit)) homework.estimatedMinutes = amount * 60;
  else if (amount !== undefined && /min/i.test(unit)) homework.estimatedMinutes = amount;
  return claimed(homework, wire);
}

function homeworkStatus(status: HomeworkWire["status"]): Homework["status"] {
  if (!status) return "unknown";
  const state = status.state?.toLowerCase();
  if (state === "completed" || state === "complete" || status.ticked === true) return "completed";
  if (state === "late") return "late";
  if (state === "not_completed") return "not_completed";
  // ClassCharts' "not marked yet" is state null.
  return state === null || state === undefined ? "todo" : "unknown";
}

export function mapActivity(
  raw: unknown,
  whose: Whose,
  connection: string,
): Read<BehaviourEvent> | undefined {
  const wire = parse<ActivityWire>(ActivityWire, raw);
  if (!wire) return undefined;
  const timestamp = dateTime(wire.timestamp);
  const polarity = wire.polarity?.toLowerCase();
  const signed = polarity === "positive" || polarity === "negative" ? polarity : "neutral";
  // A notice carries no score; a positive or negative point without one cannot be counted.
  const score = wire.score ?? (signed === "neutral" ? 0 : undefined);
  if (!timestamp || !wire.type || score === undefined) return undefined;
  const event: BehaviourEvent = {
    connection,
    id: wire.id,
    ...owner(whose),
    timestamp,
    type: wire.type,
    polarity: signed,
    reason: wire.reason ?? "",
    score,
  };
  if (wire.teacher_name) event.teacher = wire.teacher_name;
  if (wire.lesson_name) event.lesson = wire.lesson_name;
  const note = plainText(wire.note);
  if (note) event.note = note;
  return claimed(event, wire);
}

/** Totals by polarity and reason over the points listed, so they agree with the list they come with. */
export function behaviourTotals(events: BehaviourEvent[]): BehaviourResult["totals"] {
  const totals: BehaviourResult["totals"] = { positive: 0, negative: 0, byReason: {} };
  for (const event of events) {
    if (event.polarity === "neutral") continue;
    const points = Math.abs(event.score);
    totals[event.polarity] += points;
    if (event.reason === "") continue;
    const other = totals.byReason[event.reason];
    const key =
      other && other.polarity !== event.polarity ? `${event.reason} (${event.polarity})` : event.reason;
    const entry = totals.byReason[key] ?? { polarity: event.polarity, count: 0 };
    entry.count += points;
    totals.byReason[key] = entry;
  }
  return totals;
}

export function mapDetention(raw: unknown, whose: Whose, connection: string): Read<Detention> | undefined {
  const wire = parse<DetentionWire>(DetentionWire, raw);
  const date = wire && dateOnly(wire.date);
  if (!wire || !date) return undefined;
  const detention: Detention = { connection, id: wire.id, ...owner(whose), date, attended: wire.attended };
  const time = hhmm(wire.time);
  if (time) detention.time = time;
  if (wire.length !== undefined) detention.lengthMinutes = wire.length;
  if (wire.location) detention.location = wire.location;
  if (wire.reason) detention.reason = wire.reason;
  if (wire.teacher) detention.teacher = wire.teacher;
  if (wire.detention_type) detention.type = wire.detention_type;
  return claimed(detention, wire);
}

export function mapAnnouncement(raw: unknown, connection: string): Announcement | undefined {
  const wire = parse<AnnouncementWire>(AnnouncementWire, raw);
  if (!wire) return undefined;
  const title = plainText(wire.title);
  const timestamp = dateTime(wire.timestamp);
  if (!title || !timestamp) return undefined;
  const announcement: Announcement = { connection, id: wire.id, title, timestamp };
  if (wire.sticky !== undefined) announcement.sticky = wire.sticky;
  if (wire.requires_consent !== undefined) announcement.requiresConsent = wire.requires_consent;
  const description = plainText(wire.description);
  if (description) announcement.description = description;
  if (wire.teacher_name) announcement.author = wire.teacher_name;
  if (wire.school_name) announcement.school = wire.school_name;
  return announcement;
}
