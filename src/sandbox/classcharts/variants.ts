/**
 * ClassCharts under each sandbox variant (src/sandbox/common/variants.ts): the readings its unofficial
 * reference and the client's notes leave open, laid over the default answers so the default (the demo's
 * picture) stays exactly as it is.
 *
 * - Filters (ignoreUndocumentedFilters). Every parameter the reference names is applied (`from`/`to` on
 *   activity, behaviour, homeworks and attendance, `display_date`, the timetable's `date`, `last_id`), but as
 *   literally as the reference allows: its own notice says `from` on the activity feed is not a filter (the
 *   feed runs back from `to`), and a `to` date is read as the instant that day begins, so the `to` day itself
 *   is left out. Nothing else in a query does anything.
 * - Pages (pageCap). Only the activity feed pages (`last_id`, "at most 50"); it returns pageCap points a page
 *   with a truthful `last_id` and no `step_size` to give the cap away. The other endpoints have no paging.
 * - Field names and forms (altFields): ids as strings, yes/no flags as booleans or 1/0, counters as strings,
 *   `school` nested, lesson times as "HH:MM", `subject`/`teacher`/`room` without the `_name` suffix (the
 *   classes endpoint's own names) and back, `badge_name` for a point's reason, wall-clock timestamps
 *   ("YYYY-MM-DD HH:MM:SS") without a zone, flat detentions (`pupil_id`, `reason`, `teacher_name`), lower-case
 *   register keys and title-case statuses; the envelope with `success: true` and `{}` for an empty meta.
 * - Unknown fields on every record and envelope (extraFields).
 * - Nulls where a field is optional (nulls): empty strings, notes, descriptions, marks, logos, an empty meta,
 *   an empty list, and `last_id: null` where the feed ends.
 * - Offsets (offsets): the default writes London's offset (+01:00 / +00:00); this writes the same instants in
 *   UTC (Z, or +00:00 on lesson times), and homework dates as the UTC instant their London day begins.
 */
import { addDays } from "../../time/local.js";
import type { SandboxReply } from "../common/http.js";
import type { VariantFlags } from "../common/variants.js";
import { londonEpoch } from "./dates.js";

type Json = Record<string, unknown>;

/** The answers a variant may reshape, by what they carry. */
export type AnswerKind =
  | "pupils"
  | "student-ping"
  | "parent-ping"
  | "timetable"
  | "homeworks"
  | "activity"
  | "detentions"
  | "announcements"
  | "attendance"
  | "other";

/**
 * The range an endpoint applies for a query's `from` / `to` (inclusive London days), under the variant's
 * reading of the documented filters.
 */
export function readRange(
  endpoint: string,
  query: { from?: string | undefined; to?: string | undefined },
  flags: VariantFlags,
): { from?: string; to?: string } {
  if (!flags.ignoreUndocumentedFilters) return withDefined(query);
  return withDefined({
    from: endpoint === "activity" ? undefined : query.from,
    to: query.to === undefined ? undefined : addDays(query.to, -1),
  });
}

/** The activity feed's real page size under the variant. */
export function activityPageSize(documented: number, flags: VariantFlags): number {
  return flags.pageCap === undefined ? documented : Math.min(documented, flags.pageCap);
}

/** The success envelope of an answer, reshaped for the variant. */
export function present(
  kind: AnswerKind,
  data: unknown,
  meta: Json,
  flags: VariantFlags,
  context: { pupilId?: number } = {},
): SandboxReply {
  const varied = flags.altFields || flags.extraFields || flags.nulls || flags.offsets;
  if (!varied) {
    return { status: 200, json: { success: 1, data, meta: Object.keys(meta).length === 0 ? [] : meta } };
  }
  let body = structuredClone(data);
  let head = structuredClone(meta);
  for (const step of STEPS) {
    if (!flags[step]) continue;
    body = reshape(kind, body, (record, type) => RECORD_STEPS[step][type](record, context));
    head = META_STEPS[step](kind, head);
  }
  if (flags.altFields && kind === "attendance") body = lowerCaseKeys(body);
  if (flags.nulls) body = emptyToNull(body);
  const empty = Object.keys(head).length === 0;
  const json: Json = {
    success: flags.altFields ? true : 1,
    data: flags.nulls && Array.isArray(body) && body.length === 0 ? null : body,
    meta: empty ? (flags.nulls ? null : flags.altFields ? {} : []) : head,
  };
  if (flags.extraFields) json["request_ref"] = "sbx-7f3a";
  return { status: 200, json };
}

const STEPS = ["altFields", "offsets", "nulls", "extraFields"] as const;
type Step = (typeof STEPS)[number];
type RecordType = "pupil" | "lesson" | "homework" | "point" | "detention" | "announcement" | "mark" | "any";
type RecordStep = (record: Json, context: { pupilId?: number }) => Json;

/** Applies `each` to every record an answer carries, by the record's type. */
function reshape(kind: AnswerKind, data: unknown, each: (record: Json, type: RecordType) => Json): unknown {
  const list = (type: RecordType) =>
    Array.isArray(data) ? data.map((r) => (isJson(r) ? each(r, type) : r)) : data;
  switch (kind) {
    case "pupils":
      return list("pupil");
    case "student-ping":
      return isJson(data) && isJson(data["user"]) ? { ...data, user: each(data["user"], "pupil") } : data;
    case "parent-ping":
      return isJson(data) && isJson(data["user"]) ? { ...data, user: each(data["user"], "any") } : data;
    case "timetable":
      return list("lesson");
    case "homeworks":
      return list("homework");
    case "activity":
      return list("point");
    case "detentions":
      return list("detention");
    case "announcements":
      return list("announcement");
    case "attendance":
      return attendanceDays(data, each);
    default:
      return Array.isArray(data) ? list("any") : isJson(data) ? each(data, "any") : data;
  }
}

/** Attendance is a map date -> register key -> mark; the keys themselves are a form alt-fields varies. */
function attendanceDays(data: unknown, each: (record: Json, type: RecordType) => Json): unknown {
  if (!isJson(data)) return data;
  const out: Json = {};
  for (const [date, day] of Object.entries(data)) {
    if (!isJson(day)) {
      out[date] = day;
      continue;
    }
    const marks: Json = {};
    for (const [key, mark] of Object.entries(day)) marks[key] = isJson(mark) ? each(mark, "mark") : mark;
    out[date] = marks;
  }
  return out;
}

const same: RecordStep = (record) => record;

// ---- alternative names and forms ------------------------------------------------------------------------

const ALT: Record<RecordType, RecordStep> = {
  pupil(p) {
    const out: Json = {};
    for (const [key, value] of Object.entries(p)) {
      if (key === "name" || key === "school_name" || key === "school_logo") continue;
      if (key.startsWith("display_") && typeof value === "boolean") out[key] = value ? 1 : 0;
      else if (key.endsWith("_count") && typeof value === "number") out[key] = String(value);
      else out[key] = value;
    }
    out["id"] = String(p["id"]);
    out["school"] = { name: p["school_name"], logo: p["school_logo"] };
    return out;
  },
  lesson(l) {
    const { teacher_name, room_name, subject_name, ...rest } = l;
    const period = l["period_number"];
    return {
      ...rest,
      teacher: teacher_name,
      room: room_name,
      subject: subject_name,
      is_break: l["is_break"] ? 1 : 0,
      period_number: typeof period === "string" && /^\d+$/.test(period) ? Number(period) : period,
      start_time: wallTime(l["start_time"]),
      end_time: wallTime(l["end_time"]),
    };
  },
  homework(h) {
    const { subject, teacher, lesson, title: _title, ...rest } = h;
    const status = isJson(h["status"])
      ? { ...h["status"], ticked: h["status"]["ticked"] === "yes" }
      : h["status"];
    return {
      ...rest,
      id: String(h["id"]),
      subject_name: subject,
      teacher_name: teacher,
      lesson_name: lesson,
      completion_time_value: Number(h["completion_time_value"]),
      status,
    };
  },
  point(p, context) {
    const { reason, lesson_name, teacher_name, ...rest } = p;
    return {
      ...rest,
      id: String(p["id"]),
      badge_name: reason,
      lesson: lesson_name,
      teacher: teacher_name,
      polarity: p["polarity"] ?? "blank",
      score: String(p["score"]),
      timestamp: wallDateTime(p["timestamp"]),
      ...(context.pupilId === undefined ? {} : { pupil_id: String(context.pupilId) }),
    };
  },
  detention(d) {
    const { pupil, lesson_pupil_behaviour, teacher, detention_type, ...rest } = d;
    return {
      ...rest,
      id: String(d["id"]),
      date: `${String(d["date"])} 00:00:00`,
      time: `${String(d["time"])}:00`,
      length: String(d["length"]),
      pupil_id: isJson(pupil) ? String(pupil["id"]) : pupil,
      reason: isJson(lesson_pupil_behaviour) ? lesson_pupil_behaviour["reason"] : null,
      teacher_name: isJson(teacher) ? `${String(teacher["title"])} ${String(teacher["last_name"])}` : null,
      detention_type: isJson(detention_type) ? detention_type["name"] : detention_type,
    };
  },
  announcement(a) {
    const { teacher_name, ...rest } = a;
    const out: Json = { ...rest, id: String(a["id"]), author: teacher_name };
    for (const [key, value] of Object.entries(rest)) {
      if (value === "yes" || value === "no") out[key] = value === "yes";
    }
    out["timestamp"] = wallDateTime(a["timestamp"]);
    return out;
  },
  mark(m) {
    const { lesson_name, room_name, status, ...rest } = m;
    return {
      ...rest,
      status: typeof status === "string" ? status.charAt(0).toUpperCase() + status.slice(1) : status,
      late_minutes: String(m["late_minutes"]),
      ...(lesson_name === undefined ? {} : { lesson: lesson_name }),
      ...(room_name === undefined ? {} : { room: room_name }),
    };
  },
  any: same,
};

// ---- UTC instead of London's offset ---------------------------------------------------------------------

const OFFSETS: Record<RecordType, RecordStep> = {
  pupil: same,
  lesson: (l) => ({
    ...l,
    start_time: utc(l["start_time"], "+00:00"),
    end_time: utc(l["end_time"], "+00:00"),
  }),
  homework: (h) => ({
    ...h,
    issue_date: londonMidnightUtc(h["issue_date"]),
    due_date: londonMidnightUtc(h["due_date"]),
    publish_time: h["publish_time"],
  }),
  point: (p) => ({ ...p, timestamp: utc(p["timestamp"], ".000Z") }),
  detention: same,
  announcement: (a) => ({ ...a, timestamp: utc(a["timestamp"], "Z") }),
  mark: same,
  any: same,
};

// ---- nulls where optional -------------------------------------------------------------------------------

const NULLS: Record<RecordType, RecordStep> = {
  pupil: (p) => ({
    ...p,
    avatar_url: null,
    survey_id: null,
    pusher_channel_name: null,
    messages_count: null,
    ...("school_logo" in p ? { school_logo: null } : {}),
  }),
  lesson: (l) => ({
    ...l,
    note: l["note"] || null,
    note_abstract: l["note_abstract"] || null,
    pupil_note: null,
  }),
  homework: (h) => ({
    ...h,
    description: null,
    completion_time_unit: null,
    completion_time_value: null,
    status: isJson(h["status"]) ? { ...h["status"], mark: null, first_seen_date: null } : h["status"],
  }),
  point: (p) => ({ ...p, note: null, room_name: null, badges: null, timestamp_custom_time: null }),
  detention: (d) => ({ ...d, notes: null, lesson: null }),
  announcement: (a) => ({ ...a, description: null, state: null, consent: null, school_logo: null }),
  mark: (m) => ({
    lesson_name: null,
    room_name: null,
    ...m,
    late_minutes: Number(m["late_minutes"]) === 0 ? null : m["late_minutes"],
  }),
  any: same,
};

// ---- unknown extra fields -------------------------------------------------------------------------------

const extra: RecordStep = (record) => ({
  ...record,
  colour: "#2e86de",
  updated_at: "2026-01-05T09:00:00+00:00",
  x_sync: { rev: 3, source: "sandbox" },
  tags: ["sandbox"],
});

const EXTRA: Record<RecordType, RecordStep> = {
  pupil: extra,
  lesson: extra,
  homework: extra,
  point: extra,
  detention: extra,
  announcement: extra,
  mark: extra,
  any: extra,
};

const RECORD_STEPS: Record<Step, Record<RecordType, RecordStep>> = {
  altFields: ALT,
  offsets: OFFSETS,
  nulls: NULLS,
  extraFields: EXTRA,
};

const META_STEPS: Record<Step, (kind: AnswerKind, meta: Json) => Json> = {
  altFields: (kind, meta) =>
    kind === "activity" && typeof meta["last_id"] === "number"
      ? { ...meta, last_id: String(meta["last_id"]) }
      : meta,
  offsets: (_kind, meta) => meta,
  nulls: (kind, meta) =>
    kind === "activity" && meta["last_id"] === false ? { ...meta, last_id: null } : meta,
  extraFields: (kind, meta) =>
    kind === "student-ping" || kind === "parent-ping" ? meta : { ...meta, cache_hint: "short" },
};

// ---- helpers --------------------------------------------------------------------------------------------

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function withDefined(range: { from?: string | undefined; to?: string | undefined }): {
  from?: string;
  to?: string;
} {
  return {
    ...(range.from === undefined ? {} : { from: range.from }),
    ...(range.to === undefined ? {} : { to: range.to }),
  };
}

/** Empty strings (ClassCharts' "nothing here") become null, all the way down. */
function emptyToNull(value: unknown): unknown {
  if (value === "") return null;
  if (Array.isArray(value)) return value.map(emptyToNull);
  if (!isJson(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, emptyToNull(inner)]));
}

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** "2026-12-07T08:50:00+00:00" -> "08:50": the London wall-clock time the default writes. */
function wallTime(value: unknown): unknown {
  return typeof value === "string" && ZONED.test(value) ? value.slice(11, 16) : value;
}

/** "2026-12-07T08:50:00+00:00" -> "2026-12-07 08:50:00": London wall time, no zone. */
function wallDateTime(value: unknown): unknown {
  return typeof value === "string" && ZONED.test(value)
    ? `${value.slice(0, 10)} ${value.slice(11, 19)}`
    : value;
}

/** The same instant written in UTC, ending in `suffix` ("Z", ".000Z" or "+00:00"). */
function utc(value: unknown, suffix: string): unknown {
  if (typeof value !== "string" || !ZONED.test(value)) return value;
  return new Date(Date.parse(value)).toISOString().replace(/\.\d{3}Z$/, suffix);
}

/** A London day written as the UTC instant it begins: "2026-07-01" -> "2026-06-30T23:00:00Z". */
function londonMidnightUtc(value: unknown): unknown {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return new Date(londonEpoch(value, "00:00")).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Register keys as another server writes them: "am", "pm", "p1". */
function lowerCaseKeys(data: unknown): unknown {
  if (!isJson(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([date, day]) => [
      date,
      isJson(day)
        ? Object.fromEntries(Object.entries(day).map(([key, mark]) => [key.toLowerCase(), mark]))
        : day,
    ]),
  );
}
