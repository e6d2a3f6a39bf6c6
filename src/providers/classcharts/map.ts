/**
 * ClassCharts JSON → our records. Only the fields we know are copied (unknown ones are dropped); ids become
 * strings; numbers sent as strings are read; dates become YYYY-MM-DD and lesson times HH:MM, both London
 * time (TIME_ZONE): a date-time that carries a zone is read in London, one without is London wall time already.
 * A record missing something our schema needs comes back undefined, and the caller counts it as dropped.
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
import { localDate, localIso, localParts, offsetAt } from "../../time/local.js";
import { TIME_ZONE } from "./endpoints.js";
import { isObject } from "./envelope.js";

type Json = Record<string, unknown>;

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

/** A date-time with an explicit zone (Z or ±HH:MM), e.g. "2026-06-01T08:50:00+01:00". */
const ZONED = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a zoned date-time names; undefined for a plain date or a wall-clock time without a zone. */
function zonedInstant(text: string): number | undefined {
  const match = ZONED.exec(text);
  if (!match) return undefined;
  const zone = match[3]!.toUpperCase() === "Z" ? "Z" : match[3]!.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The London day of "2026-03-02", "2026-03-02 09:10:00" or "2026-03-02T09:10:00+00:00": a zoned time is read
 * in London (23:30Z on 30 June is already 1 July there), a plain one is taken as written.
 */
export function dateOnly(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) return localDate(instant, TIME_ZONE);
  return /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
}

/** HH:MM on London's wall clock ("...T08:50:00+01:00" reads 08:50, as the school sees it; so does 07:50Z). */
export function hhmm(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) return localParts(instant, TIME_ZONE).time.slice(0, 5);
  const match = /(?:^|[T ])(\d{2}):(\d{2})/.exec(text);
  return match ? `${match[1]}:${match[2]}` : undefined;
}

/**
 * "2026-03-02 09:10:00" → "2026-03-02T09:10:00" (London wall time, as sent); a zoned time already in London's
 * offset passes through, one in another offset is rewritten to London's, so its first ten characters are
 * always the London day.
 */
export function dateTime(value: unknown): string | undefined {
  const text = str(value);
  if (!text || !/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const instant = zonedInstant(text);
  if (instant !== undefined) {
    const offset = offsetAt(instant, TIME_ZONE);
    const sent = text.slice(-6);
    if (sent === offset || (offset === "+00:00" && /z$/i.test(text))) return text.replace(" ", "T");
    return localIso(instant, TIME_ZONE);
  }
  return text.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2");
}

function yes(value: unknown): boolean {
  return value === true || value === 1 || value === "yes" || value === "1";
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

export function mapPupil(raw: Json, connection: string): Student | undefined {
  const id = str(raw["id"]);
  const first = str(raw["first_name"]);
  const last = str(raw["last_name"]);
  const name = str(raw["name"]) ?? [first, last].filter(Boolean).join(" ");
  if (!id || !name) return undefined;
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const match = /^((?:homework|detention)_[a-z_]+)_count$/.exec(key);
    const count = num(value);
    if (match?.[1] && count !== undefined) counts[match[1]] = count;
  }
  for (const key of ["announcements_count", "messages_count"]) {
    const count = num(raw[key]);
    if (count !== undefined) counts[key.replace(/_count$/, "")] = count;
  }
  const school = str(raw["school_name"]);
  return {
    connection,
    id,
    firstName: first ?? name.split(" ")[0] ?? name,
    lastName: last ?? name.split(" ").slice(1).join(" "),
    displayName: name,
    ...(school ? { school } : {}),
    ...(Object.keys(counts).length > 0 ? { counts } : {}),
  };
}

export function mapLesson(raw: Json, pupilId: string, askedDate: string, connection: string) {
  const start = hhmm(raw["start_time"]);
  const end = hhmm(raw["end_time"]);
  const isBreak = yes(raw["is_break"]);
  const lessonName = str(raw["lesson_name"]);
  const subject = str(raw["subject_name"]) ?? lessonName ?? (isBreak ? "Break" : undefined);
  if (!start || !end || !subject) return undefined;
  const note = plainText(raw["note_abstract"]) ?? plainText(raw["note"]);
  const lesson: Lesson = {
    connection,
    date: dateOnly(raw["date"]) ?? dateOnly(raw["start_time"]) ?? askedDate,
    start,
    end,
    subject,
    studentId: pupilId,
  };
  // The number ("1") reads the same across providers; the name ("Period 1", "Lunch") is the fallback.
  const period = str(raw["period_number"]) ?? str(raw["period_name"]);
  if (period) lesson.period = period;
  if (lessonName) {
    lesson.lessonName = lessonName;
    if (!isBreak) lesson.group = lessonName;
  }
  const teacher = str(raw["teacher_name"]);
  if (teacher) lesson.teacher = teacher;
  const room = str(raw["room_name"]);
  if (room) lesson.room = room;
  if (isBreak) lesson.isBreak = true;
  if (note) lesson.note = note;
  return lesson;
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

/** The national register codes (England), to say what a mark means. */
const CODE_MEANING: Record<string, string> = {
  "/": "Present (morning)",
  "\\": "Present (afternoon)",
  L: "Late, before the register closed",
  U: "Late, after the register closed",
  B: "Off-site educational activity",
  C: "Authorised absence (other)",
  D: "Dual registered",
  E: "Excluded",
  H: "Authorised holiday",
  I: "Illness",
  M: "Medical or dental appointment",
  N: "Absent, no reason yet",
  O: "Unauthorised absence",
  P: "Approved sporting activity",
  R: "Religious observance",
  S: "Study leave",
  V: "Educational visit or trip",
  W: "Work experience",
  X: "Not required to attend",
  G: "Unauthorised holiday",
  "#": "School closed",
};

const SESSION_KEYS = new Set(["am", "pm"]);

export function mapAttendance(
  data: unknown,
  meta: Json,
  pupilId: string,
  connection: string,
  onlySession?: "am" | "pm",
): { records: AttendanceRecord[]; totals: AttendanceTotals } {
  const records: AttendanceRecord[] = [];
  for (const [day, marks] of Object.entries(isObject(data) ? data : {})) {
    const date = dateOnly(day);
    if (!date || !isObject(marks)) continue;
    for (const [key, mark] of Object.entries(marks)) {
      if (!isObject(mark)) continue;
      const isSession = SESSION_KEYS.has(key.toLowerCase());
      if (onlySession && key.toLowerCase() !== onlySession) continue;
      const status = ATTENDANCE_STATUS[String(mark["status"]).toLowerCase()] ?? "unknown";
      const code = str(mark["code"]);
      const lessonName = str(mark["lesson_name"]);
      const record: AttendanceRecord = {
        connection,
        studentId: pupilId,
        date,
        session: isSession ? key.toLowerCase() : lessonName ? `${key} ${lessonName}` : key,
        status,
      };
      if (code) {
        record.code = code;
        const meaning = CODE_MEANING[code.toUpperCase()];
        if (meaning) record.codeMeaning = meaning;
      }
      const late = num(mark["late_minutes"]);
      if (late) record.lateMinutes = late;
      const room = str(mark["room_name"]);
      if (room) record.room = room;
      records.push(record);
    }
  }
  records.sort((a, b) => a.date.localeCompare(b.date));
  const percentage = num(meta["percentage"]);
  return { records, totals: attendanceTotals(records, percentage) };
}

/** Counts over AM/PM sessions (lesson marks repeat the same day); a school that marks lessons only counts those. */
export function attendanceTotals(records: AttendanceRecord[], percentage?: number): AttendanceTotals {
  const sessions = records.filter((r) => SESSION_KEYS.has(r.session ?? ""));
  const counted = sessions.length > 0 ? sessions : records;
  const count = (...statuses: AttendanceStatus[]) =>
    counted.filter((r) => statuses.includes(r.status)).length;
  const totals: AttendanceTotals = {
    sessions: counted.filter((r) => r.status !== "not_required").length,
    present: count("present"),
    late: count("late"),
    absent: count("absent", "absent_authorised", "absent_unauthorised", "excused"),
    authorisedAbsent: count("absent_authorised", "excused"),
    unauthorisedAbsent: count("absent_unauthorised"),
  };
  if (percentage !== undefined) totals.percentage = percentage;
  else if (totals.sessions > 0)
    totals.percentage = Math.round(((totals.present + totals.late) * 1000) / totals.sessions) / 10;
  return totals;
}

export function mapHomework(raw: Json, pupilId: string, connection: string): Homework | undefined {
  const id = str(raw["id"]);
  const title = plainText(raw["title"]) ?? plainText(raw["meta_title"]);
  const issueDate = dateOnly(raw["issue_date"]);
  const dueDate = dateOnly(raw["due_date"]);
  if (!id || !title || !issueDate || !dueDate) return undefined;
  const homework: Homework = {
    connection,
    id,
    studentId: pupilId,
    title,
    issueDate,
    dueDate,
    status: homeworkStatus(raw["status"]),
  };
  const subject = str(raw["subject"]);
  if (subject) homework.subject = subject;
  const teacher = str(raw["teacher"]);
  if (teacher) homework.teacher = teacher;
  const description = plainText(raw["description"]);
  if (description) homework.description = description;
  const amount = num(raw["completion_time_value"]);
  if (amount !== undefined) {
    homework.estimatedMinutes = /hour/i.test(String(raw["completion_time_unit"])) ? amount * 60 : amount;
  }
  return homework;
}

function homeworkStatus(status: unknown): Homework["status"] {
  if (!isObject(status)) return "unknown";
  const state = status["state"];
  if (state === "completed" || yes(status["ticked"])) return "completed";
  if (state === "late") return "late";
  if (state === "not_completed") return "not_completed";
  return state === null || state === undefined ? "todo" : "unknown";
}

export function mapActivity(raw: Json, pupilId: string, connection: string): BehaviourEvent | undefined {
  const id = str(raw["id"]);
  const timestamp = dateTime(raw["timestamp"]);
  if (!id || !timestamp) return undefined;
  const polarity =
    raw["polarity"] === "positive" || raw["polarity"] === "negative" ? raw["polarity"] : "neutral";
  const event: BehaviourEvent = {
    connection,
    id,
    studentId: pupilId,
    timestamp,
    type: str(raw["type"]) ?? "behaviour",
    polarity,
    reason: str(raw["reason"]) ?? "",
    score: num(raw["score"]) ?? 0,
  };
  const teacher = str(raw["teacher_name"]);
  if (teacher) event.teacher = teacher;
  const lesson = str(raw["lesson_name"]);
  if (lesson) event.lesson = lesson;
  const note = plainText(raw["note"]);
  if (note) event.note = note;
  return event;
}

/** Totals by reason from the behaviour endpoint (positive_reasons / negative_reasons maps). */
export function mapBehaviourTotals(data: unknown): BehaviourResult["totals"] {
  const totals: BehaviourResult["totals"] = { positive: 0, negative: 0, byReason: {} };
  if (!isObject(data)) return totals;
  for (const polarity of ["positive", "negative"] as const) {
    const reasons = data[`${polarity}_reasons`];
    if (!isObject(reasons)) continue;
    for (const [reason, value] of Object.entries(reasons)) {
      const count = num(value) ?? 0;
      totals[polarity] += count;
      const key =
        totals.byReason[reason] && totals.byReason[reason].polarity !== polarity
          ? `${reason} (${polarity})`
          : reason;
      const entry = totals.byReason[key] ?? { polarity, count: 0 };
      entry.count += count;
      totals.byReason[key] = entry;
    }
  }
  return totals;
}

const ATTENDED = new Set(["yes", "no", "upscaled", "pending"]);

export function mapDetention(raw: Json, pupilId: string, connection: string): Detention | undefined {
  const id = str(raw["id"]);
  const date = dateOnly(raw["date"]);
  if (!id || !date) return undefined;
  const attended = String(raw["attended"]);
  const detention: Detention = {
    connection,
    id,
    studentId: pupilId,
    date,
    attended: ATTENDED.has(attended) ? (attended as Detention["attended"]) : "pending",
  };
  const time = hhmm(raw["time"]);
  if (time) detention.time = time;
  const length = num(raw["length"]);
  if (length !== undefined) detention.lengthMinutes = length;
  const location = str(raw["location"]);
  if (location) detention.location = location;
  const behaviour = raw["lesson_pupil_behaviour"];
  const reason = isObject(behaviour) ? str(behaviour["reason"]) : undefined;
  if (reason) detention.reason = reason;
  const teacher = raw["teacher"];
  if (isObject(teacher)) {
    const name = [str(teacher["title"]), str(teacher["last_name"])].filter(Boolean).join(" ");
    if (name) detention.teacher = name;
  }
  const type = raw["detention_type"];
  const typeName = isObject(type) ? str(type["name"]) : str(type);
  if (typeName) detention.type = typeName;
  return detention;
}

export function mapAnnouncement(raw: Json, connection: string): Announcement | undefined {
  const id = str(raw["id"]);
  const title = plainText(raw["title"]);
  const timestamp = dateTime(raw["timestamp"]);
  if (!id || !title || !timestamp) return undefined;
  const announcement: Announcement = {
    connection,
    id,
    title,
    timestamp,
    sticky: yes(raw["sticky"]),
    requiresConsent: yes(raw["requires_consent"]),
  };
  const description = plainText(raw["description"]);
  if (description) announcement.description = description;
  const author = str(raw["teacher_name"]);
  if (author) announcement.author = author;
  const school = str(raw["school_name"]);
  if (school) announcement.school = school;
  return announcement;
}
