/**
 * HUBmis under each sandbox variant (src/sandbox/common/variants.ts): the readings the reference
 * (hubmis-api-reference.txt) and the assumed paths (hubmis-paths.md) leave open, laid over the default
 * answers, so the default (the demo's picture) stays exactly as it is. Requests are rewritten before a route
 * sees them and answers reshaped after; the routes themselves know nothing of variants.
 *
 * - Filters (ignoreUndocumentedFilters). Each route applies only the query parameters the reference lists
 *   for its operation, read literally: the pastoral and wellbeing lists' "Range filter for date/time" has
 *   no name in the reference, so `filter[dateTime][...]` does nothing there; no sort field is named anywhere,
 *   so `sort[...]` does nothing; staff's `filter[status]` is typed as an integer status id, so "current"
 *   filters nothing; `filter[dateTime][from|to]` on attendance is typed date-time, so a bare date is that
 *   day's 00:00 UTC and a date-time without an offset is UTC (a bare `to` date leaves its day out); the
 *   timetable calendar's `filter[date]` names the week that holds it unless `filter[dateFrom]` and
 *   `filter[dateTo]` are given.
 * - Pages (pageCap). Every route the reference pages (`page[number]`, `page[size]`) answers at most pageCap
 *   records a page, whatever `page[size]` asks, with nothing in the answer to say so (the reference promises
 *   no paging metadata). Routes the reference does not page answer in full.
 * - Field names and forms (altFields). Lists come as `{data: [...]}`, single records as `{data: {...}}`, the
 *   calendar as a bare list, a single pastoral event as a bare object. Records rotate through the other
 *   plausible forms of each field the reference shows no sample for: the reference's own conventions first
 *   (`date_start`/`date_end`, `date_from`/`date_to`, `time_from`/`time_to`, `date_time`), ids as strings,
 *   references by id alone (`category_id`, `room_id`, `attendance_code_id`, `form: {id}`), names for codes
 *   ("Authorised absence"), title-case statuses, a status as an object, lesson times as date-times or inside
 *   the period, a date and time apart, a wall-clock date-time without a zone, no current-year flag.
 * - Unknown fields on every record and envelope (extraFields).
 * - Nulls where a field is optional (nulls), including a register's `date` beside its `date_time` and the
 *   academic year's current flag.
 * - Offsets (offsets): every UTC date-time ("...Z") is written with London's offset instead (+01:00 in
 *   summer, +00:00 in winter), the same instant.
 */
import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { addDays, localIso, localParts, mondayOf, zonedEpoch } from "../../time/local.js";
import type { VariantFlags } from "../common/variants.js";
import { ALT_MORE, NULLS_MORE } from "./variants-more.js";

type Json = Record<string, unknown>;

const PAGING = ["page[number]", "page[size]"];
const WELLBEING = [
  ...PAGING,
  "search",
  "filter[assignedTo]",
  "filter[category]",
  "filter[status]",
  "filter[severity]",
];
const CALENDAR = ["filter[dateFrom]", "filter[dateTo]", "filter[date]"];

/** The query parameters the reference lists for each route (the router's patterns). */
const DOCUMENTED: Readonly<Record<string, readonly string[]>> = {
  students: [
    ...PAGING,
    "search",
    "filter[gender]",
    "filter[academicYear]",
    "filter[boardingType]",
    "filter[form]",
    "filter[yearGroup]",
    "filter[enrolmentStatus]",
    "filter[house]",
    "filter[tutorGroup]",
  ],
  "students/:id/attendance": [
    "filter[attendanceCode]",
    "filter[attendanceSession]",
    "filter[dateTime][from]",
    "filter[dateTime][to]",
  ],
  "students/:id/timetable/calendar": CALENDAR,
  "staff/:id/timetable/calendar": CALENDAR,
  "pastoral/events": [
    ...WELLBEING,
    "filter[type]",
    "filter[yearGroup]",
    "filter[form]",
    "filter[includePastStudents]",
  ],
  "pastoral/events/summary": [
    "search",
    "filter[type]",
    "filter[yearGroup]",
    "filter[form]",
    "filter[category]",
    "filter[status]",
    "filter[severity]",
    "filter[assignedTo]",
    "filter[includePastStudents]",
  ],
  "students/:id/wellbeing-events": WELLBEING,
  "students/:id/wellbeing-plans": WELLBEING,
  staff: [
    ...PAGING,
    "search",
    "filter[department]",
    "filter[section]",
    "filter[status]",
    "filter[subject]",
    "filter[form]",
    "filter[subjectSet]",
    "filter[tutorGroup]",
    "filter[yearGroup]",
    "filter[gender]",
  ],
  contacts: [...PAGING, "search", "filter[status]"],
  houses: ["filter[houseType]", "filter[isActive]"],
  "houses/:id/students": [
    "search",
    "filter[gender]",
    "filter[boardingType]",
    "filter[form]",
    "filter[yearGroup]",
  ],
  "academic-years/:academicYearId/forms": ["search", "filter[yearGroup]", "filter[section]"],
  "academic-years/:academicYearId/tutor-groups": ["search", "filter[section]"],
  "academic-years/:academicYearId/year-groups": ["filter[section]"],
  "academic-years/:academicYearId/subject-sets": [
    ...PAGING,
    "search",
    "filter[section]",
    "filter[subject]",
    "filter[yearGroup]",
  ],
  rooms: [...PAGING, "search", "filter[location]"],
  "attendance-codes": ["filter[display]"],
  "learning-support/records": [...PAGING, "search", "filter[yearGroup]"],
};

/** Filters the reference types as integer ids: any other value filters nothing. */
const INTEGER_FILTERS: Readonly<Record<string, readonly string[]>> = {
  staff: ["filter[status]"],
  contacts: ["filter[status]"],
};

/** Routes the reference pages. */
const PAGED = new Set([
  "students",
  "staff",
  "contacts",
  "rooms",
  "pastoral/events",
  "students/:id/wellbeing-events",
  "students/:id/wellbeing-plans",
  "academic-years/:academicYearId/subject-sets",
  "learning-support/records",
]);

/** The sandbox's page size when none is asked for (src/sandbox/hubmis/query.ts). */
const DEFAULT_PAGE_SIZE = 25;

/** The query a route sees under the variant. The default's query is returned as it came. */
export function variantQuery(pattern: string, query: URLSearchParams, flags: VariantFlags): URLSearchParams {
  if (!flags.ignoreUndocumentedFilters && flags.pageCap === undefined) return query;
  const out = new URLSearchParams();
  const documented = DOCUMENTED[pattern] ?? [];
  const integers = INTEGER_FILTERS[pattern] ?? [];
  for (const [key, value] of query) {
    if (flags.ignoreUndocumentedFilters) {
      if (!documented.includes(key)) continue;
      if (integers.includes(key) && !/^\d+$/.test(value)) continue;
      if (key.startsWith("filter[dateTime]")) {
        out.append(key, literalDateTime(value));
        continue;
      }
    }
    out.append(key, value);
  }
  if (flags.ignoreUndocumentedFilters && CALENDAR.every((k) => k === "filter[date]" || !out.has(k))) {
    const date = out.get("filter[date]");
    if (date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date)) {
      // The day alone names its week: Monday to Friday around it.
      out.delete("filter[date]");
      out.set("filter[dateFrom]", mondayOf(date));
      out.set("filter[dateTo]", addDays(mondayOf(date), 4));
    }
  } else if (flags.ignoreUndocumentedFilters && out.has("filter[dateFrom]")) {
    out.delete("filter[date]");
  }
  if (flags.pageCap !== undefined && PAGED.has(pattern)) {
    const asked = Number(out.get("page[size]") ?? DEFAULT_PAGE_SIZE);
    const size = Number.isInteger(asked) && asked > 0 ? Math.min(asked, flags.pageCap) : flags.pageCap;
    out.set("page[size]", String(size));
  }
  return out;
}

/** A date-time filter read as the reference types it: a bare date is 00:00 UTC, no offset means UTC. */
function literalDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`;
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return `${value.replace(" ", "T")}Z`;
  return value;
}

type RecordType =
  | "year"
  | "dated"
  | "day"
  | "form"
  | "tutor"
  | "yearGroup"
  | "house"
  | "student"
  | "profile"
  | "contact"
  | "staff"
  | "code"
  | "mark"
  | "lesson"
  | "pastoral"
  | "studentPastoral"
  | "category"
  | "severity"
  | "group"
  | "hours"
  | "staffContact"
  | "support"
  | "any";

type Shape = "list" | "one" | "calendar" | "oneInList";

const ANSWERS: Readonly<Record<string, { type: RecordType; shape: Shape }>> = {
  "academic-years": { type: "year", shape: "list" },
  "academic-years/:academicYearId/terms": { type: "dated", shape: "list" },
  "academic-years/:academicYearId/holidays": { type: "dated", shape: "list" },
  "academic-years/:academicYearId/inset-days": { type: "day", shape: "list" },
  "academic-years/:academicYearId/closure-dates": { type: "day", shape: "list" },
  "academic-years/:academicYearId/forms": { type: "form", shape: "list" },
  "academic-years/:academicYearId/tutor-groups": { type: "tutor", shape: "list" },
  "academic-years/:academicYearId/year-groups": { type: "yearGroup", shape: "list" },
  houses: { type: "house", shape: "list" },
  "houses/:id": { type: "house", shape: "one" },
  students: { type: "student", shape: "list" },
  "forms/:id/students": { type: "student", shape: "list" },
  "tutor-groups/:id/students": { type: "student", shape: "list" },
  "houses/:id/students": { type: "student", shape: "list" },
  "students/:id": { type: "profile", shape: "one" },
  "students/:id/enrolment": { type: "any", shape: "one" },
  "students/:id/doctor": { type: "any", shape: "one" },
  "students/:id/learning-support": { type: "any", shape: "one" },
  "students/:id/contacts": { type: "contact", shape: "list" },
  staff: { type: "staff", shape: "list" },
  "staff/:id": { type: "staff", shape: "one" },
  rooms: { type: "any", shape: "list" },
  "attendance-codes": { type: "code", shape: "list" },
  "students/:id/attendance": { type: "mark", shape: "list" },
  "students/:id/timetable/calendar": { type: "lesson", shape: "calendar" },
  "staff/:id/timetable/calendar": { type: "lesson", shape: "calendar" },
  "pastoral/events": { type: "pastoral", shape: "list" },
  "pastoral/events/:id": { type: "pastoral", shape: "oneInList" },
  "students/:id/wellbeing-events": { type: "studentPastoral", shape: "list" },
  "students/:id/wellbeing-plans": { type: "studentPastoral", shape: "list" },
  "pastoral/categories/:type": { type: "category", shape: "list" },
  "pastoral/severity-levels/:module": { type: "severity", shape: "list" },
  "academic-years/:academicYearId/departments": { type: "group", shape: "list" },
  "academic-years/:academicYearId/departments/:id": { type: "group", shape: "one" },
  sections: { type: "group", shape: "list" },
  "sections/:id": { type: "group", shape: "one" },
  "staff/default-working-hours": { type: "hours", shape: "list" },
  "staff/:id/contact-details": { type: "staffContact", shape: "one" },
  "learning-support/records": { type: "support", shape: "list" },
  "learning-support/records/:id": { type: "support", shape: "one" },
};

/** Where a record sits: its place in the answer (forms rotate by it) and the route's path ids. */
interface Place {
  index: number;
  params: Record<string, string>;
}

/** An answer reshaped for the variant. The default's answer is returned as it came. */
export function variantAnswer(
  pattern: string,
  json: unknown,
  params: Record<string, string>,
  flags: VariantFlags,
): unknown {
  if (!(flags.altFields || flags.extraFields || flags.nulls || flags.offsets)) return json;
  const answer = ANSWERS[pattern] ?? { type: "any" as const, shape: "one" as const };
  let records = recordsOf(json, answer.shape);
  records = records.map((record, index) => {
    if (!isJson(record)) return record;
    let out = structuredClone(record);
    const place = { index, params };
    if (flags.altFields) out = ALT[answer.type](out, place);
    if (flags.nulls) out = NULLS[answer.type](out, place);
    if (flags.extraFields) out = { ...out, ...EXTRA(pattern, place) };
    if (flags.offsets) out = withOffsets(out) as Json;
    return out;
  });
  return envelope(json, records, answer.shape, flags);
}

function recordsOf(json: unknown, shape: Shape): unknown[] {
  if (shape === "calendar") {
    const list = isJson(json) ? json["calendar"] : undefined;
    return Array.isArray(list) ? list : [];
  }
  if (shape === "one") return [json];
  return Array.isArray(json) ? json : [json];
}

function envelope(original: unknown, records: unknown[], shape: Shape, flags: VariantFlags): unknown {
  const extra = flags.extraFields ? { request_id: "sbx-4c1d", api_version: "1.2.0" } : {};
  if (shape === "calendar") {
    if (flags.altFields) return records;
    return { calendar: records, ...extra };
  }
  if (shape === "one") {
    return flags.altFields ? { data: records[0], ...extra } : records[0];
  }
  if (shape === "oneInList") return flags.altFields ? records[0] : records;
  if (!Array.isArray(original)) return original;
  return flags.altFields ? { data: records, ...extra } : records;
}

type Step = (record: Json, place: Place) => Json;
const same: Step = (record) => record;

// ---- alternative names and forms ------------------------------------------------------------------------

const ALT: Record<RecordType, Step> = {
  ...ALT_MORE,
  year(y) {
    const { start_date, end_date, is_current: _flag, ...rest } = y;
    return { ...rest, id: String(y["id"]), date_start: start_date, date_end: end_date };
  },
  dated(d, { index }) {
    const { start_date, end_date, ...rest } = d;
    if (index % 3 === 0) return { ...rest, date_start: start_date, date_end: end_date };
    if (index % 3 === 1) return { ...rest, date_from: start_date, date_to: end_date };
    return { ...rest, start_date: localMidnight(start_date), end_date: localMidnight(end_date) };
  },
  day(d, { index }) {
    const { date, name, ...rest } = d;
    if (index % 2 === 0) return { ...rest, name, date_start: date, date_end: date };
    return { ...rest, description: name, date_time: localMidnight(date) };
  },
  form(f) {
    const { code: _code, year_group, ...rest } = f;
    return {
      ...rest,
      id: String(f["id"]),
      student_count: String(f["student_count"]),
      year_group: isJson(year_group) ? { id: year_group["id"] } : year_group,
    };
  },
  tutor: (t) => ({ ...t, id: String(t["id"]), student_count: String(t["student_count"]) }),
  yearGroup: (y) => ({
    ...y,
    id: String(y["id"]),
    position: String(y["position"]),
    total_student_count: String(y["total_student_count"]),
  }),
  house(h) {
    const { is_active, ...rest } = h;
    return { ...rest, id: String(h["id"]), active: is_active ? 1 : 0 };
  },
  student(s, { index }) {
    const { form, academic_house, gender, ...rest } = s;
    const out: Json = { ...rest, id: String(s["id"]), gender: isJson(gender) ? gender["name"] : gender };
    if (index % 2 === 0) {
      out["form"] = isJson(form) ? { id: form["id"] } : form;
      out["academic_house"] = isJson(academic_house)
        ? { id: academic_house["id"], name: academic_house["name"] }
        : academic_house;
    } else {
      out["form_id"] = isJson(form) ? form["id"] : null;
      out["academic_house_id"] = isJson(academic_house) ? String(academic_house["id"]) : null;
    }
    return out;
  },
  profile(p, place) {
    const out = ALT.student(p, { ...place, index: 0 });
    const medical = p["medical_condition_severity"];
    const support = p["learning_support_record_summary"];
    return {
      ...out,
      medical_condition_severity: Array.isArray(medical)
        ? medical.map((m: Json) => ({
            condition: nameOf(m["medical_condition"]),
            severity: nameOf(m["severity"]),
          }))
        : medical,
      learning_support_record_summary: Array.isArray(support)
        ? support.map((r: Json) => ({
            type: r["learning_support_type"],
            severity: nameOf(r["severity"]),
            ehcp: r["ehcp"] ? 1 : 0,
          }))
        : support,
    };
  },
  contact(c) {
    const { contact, relationship, priority, lives_with_student, ...rest } = c;
    const person = isJson(contact) ? contact : {};
    return {
      ...rest,
      contact_id: person["id"],
      title: nameOf(person["title"]),
      first_name: person["first_name"],
      last_name: person["last_name"],
      email: person["primary_email"],
      phone: person["primary_phone"],
      relationship: nameOf(relationship),
      priority: String(priority),
      lives_with_student: lives_with_student ? 1 : 0,
    };
  },
  staff(s) {
    const rooms = s["rooms"];
    return {
      ...s,
      id: String(s["id"]),
      title: nameOf(s["title"]),
      rooms: Array.isArray(rooms) ? rooms.map((r: Json) => ({ id: r["id"], name: r["room_code"] })) : rooms,
    };
  },
  code(c, { index }) {
    const { description, statistical_category, is_late, ...rest } = c;
    const category = String(statistical_category);
    const words = category.charAt(0).toUpperCase() + category.slice(1).replaceAll("_", " ");
    if (index % 2 === 0) {
      return {
        ...rest,
        id: String(c["id"]),
        name: description,
        statistical_category: { code: category, name: words },
        is_late,
      };
    }
    return { ...rest, description, category: words, is_late: is_late ? 1 : 0 };
  },
  mark(m, { index, params }) {
    const { date, date_time, attendance_session, attendance_code, minutes_late, description, ...rest } = m;
    const code = isJson(attendance_code) ? attendance_code : {};
    const student = params["id"] === undefined ? {} : { student_id: params["id"] };
    const late = minutes_late === null || minutes_late === undefined ? null : String(minutes_late);
    if (index % 3 === 0) {
      return {
        ...rest,
        ...student,
        date_time,
        session: String(attendance_session).toUpperCase(),
        attendance_code: code["code"],
        minutes_late: late,
        note: description,
      };
    }
    if (index % 3 === 1) {
      return {
        ...rest,
        ...student,
        date,
        attendance_session,
        attendance_code_id: code["id"],
        minutes_late: late,
        comment: description,
      };
    }
    return {
      ...rest,
      date: `${String(date)} 00:00:00`,
      attendance_session,
      attendance_code: { id: code["id"], code: code["code"] },
      minutes_late,
      description,
    };
  },
  lesson(l, { index }) {
    const { date, start_time, end_time, period, subject, group, staff, room, ...rest } = l;
    const roomRef = isJson(room) ? room : undefined;
    const periodRef = isJson(period) ? period : {};
    const teachers = Array.isArray(staff)
      ? staff.map((p: Json) => (isJson(p) ? { ...p, title: nameOf(p["title"]) } : p))
      : staff;
    if (index % 3 === 0) {
      return {
        ...rest,
        date,
        time_from: start_time,
        time_to: end_time,
        period,
        subject: nameOf(subject),
        group: isJson(group) ? { id: group["id"], code: group["code"] } : group,
        staff: teachers,
        room: roomRef ? { id: roomRef["id"], name: roomRef["room_code"] } : room,
      };
    }
    if (index % 3 === 1) {
      return {
        ...rest,
        start: utcOf(String(date), start_time),
        end: utcOf(String(date), end_time),
        period: nameOf(period),
        subject: isJson(subject) ? { id: subject["id"], name: subject["name"] } : subject,
        group_name: isJson(group) ? group["code"] : group,
        staff: teachers,
        room_name: roomRef ? roomRef["room_code"] : null,
      };
    }
    return {
      ...rest,
      date,
      period: { ...periodRef, start_time, end_time },
      subject_name: nameOf(subject),
      group,
      staff: teachers,
      room_id: roomRef ? roomRef["id"] : null,
    };
  },
  pastoral: (p, place) => pastoralAlt(p, place, true),
  studentPastoral: (p, place) => pastoralAlt(p, place, false),
  category(c) {
    const { name, position, ...rest } = c;
    return { ...rest, id: String(c["id"]), title: name, position: String(position) };
  },
  severity(s) {
    const { position, ...rest } = s;
    return { ...rest, level: position };
  },
  any: same,
};

function pastoralAlt(p: Json, { index }: Place, typed: boolean): Json {
  const { type, date_time, status, category, severity, student, assigned_to, ...rest } = p;
  const pupil = isJson(student) ? student : {};
  const people = Array.isArray(assigned_to) ? (assigned_to as Json[]) : [];
  const at = Date.parse(String(date_time));
  const local = localParts(at, TIME_ZONE);
  const out: Json = { ...rest, id: String(p["id"]) };
  if (typed) out["type"] = index % 3 === 1 ? String(type).replace("wellbeing_", "") : type;
  const statusName = String(status).charAt(0).toUpperCase() + String(status).slice(1);
  if (index % 3 === 0) {
    Object.assign(out, {
      date: local.date,
      time: local.time,
      status: statusName,
      category_id: isJson(category) ? category["id"] : null,
      severity_id: isJson(severity) ? severity["id"] : null,
      student: {
        id: pupil["id"],
        first_name: pupil["first_name"],
        last_name: pupil["last_name"],
        enrolment_status: pupil["enrolment_status"],
        form: isJson(pupil["form"]) ? { id: pupil["form"]["id"] } : null,
        year_group: isJson(pupil["year_group"]) ? { id: pupil["year_group"]["id"] } : null,
      },
      assigned_to: people.map((s) => (isJson(s) ? { id: s["id"], name: fullName(s) } : s)),
    });
  } else if (index % 3 === 1) {
    Object.assign(out, {
      date_time: localIso(at, TIME_ZONE),
      status: { id: status === "active" ? 1 : 2, name: statusName },
      category: nameOf(category),
      severity: isJson(severity) ? { id: severity["id"], name: severity["name"] } : severity,
      student: {
        id: String(pupil["id"]),
        name: `${String(pupil["first_name"])} ${String(pupil["last_name"])}`,
        enrolment_status: pupil["enrolment_status"],
        form: isJson(pupil["form"]) ? { id: pupil["form"]["id"], code: pupil["form"]["code"] } : null,
        year_group: pupil["year_group"],
      },
      assigned_to: people,
    });
  } else {
    Object.assign(out, {
      date_time: `${local.date} ${local.time}`,
      status,
      category,
      severity: nameOf(severity),
      student,
      assigned_to: people.length === 1 ? people[0] : people,
    });
  }
  return out;
}

// ---- nulls where optional -------------------------------------------------------------------------------

const NULLS: Record<RecordType, Step> = {
  ...NULLS_MORE,
  year: (y) => ({ ...y, is_current: null }),
  dated: same,
  day: same,
  form: (f) => ({ ...f, short_description: null, staff_report_writers: null, rooms: null }),
  tutor: (t) => ({ ...t, short_description: null, rooms: null }),
  yearGroup: (y) => ({ ...y, uuid: null, dfe_year: null }),
  house: (h) => ({ ...h, note: null, phone: null, address: null, profile_image: null }),
  student: (s) => ({ ...s, middle_name: null, external_id: null, primary_email: null, boarding_house: null }),
  profile: (p) => ({ ...NULLS.student(p, { index: 0, params: {} }), last_login: null, tags: null }),
  contact: (c) => ({ ...c, parental_responsibility: null }),
  staff: (s) => ({ ...s, middle_name: null, preferred_name: null, email: null, departments: null }),
  code: (c) => ({ ...c, display: null }),
  mark: (m) => ({
    ...m,
    ...("date_time" in m && m["date_time"] ? { date: null } : {}),
    ...(Number(m["minutes_late"] ?? 0) > 0 ? {} : { minutes_late: null }),
    ...(m["description"] ? {} : { description: null }),
  }),
  lesson: (l) => ({ ...l, week: null, day: null }),
  pastoral: (p) => ({ ...p, review_date: null, created_by: null }),
  studentPastoral: (p) => ({ ...p, review_date: null, created_by: null }),
  category: (c) => ({ ...c, sections: null, deleted_at: null }),
  severity: (s) => ({ ...s, color: null }),
  any: same,
};

// ---- unknown extra fields -------------------------------------------------------------------------------

function EXTRA(pattern: string, { index }: Place): Json {
  return {
    uuid: `5b1c0de0-0000-4000-8000-${String(index).padStart(12, "0")}`,
    updated_at: "2026-08-24T14:15:22Z",
    _links: { self: `/api/v1/${pattern}` },
    custom_fields: [],
  };
}

// ---- offsets --------------------------------------------------------------------------------------------

const UTC_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

function withOffsets(value: unknown): unknown {
  if (typeof value === "string" && UTC_DATE_TIME.test(value)) return localIso(Date.parse(value), TIME_ZONE);
  if (Array.isArray(value)) return value.map(withOffsets);
  if (isJson(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withOffsets(v)]));
  return value;
}

// ---- helpers --------------------------------------------------------------------------------------------

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nameOf(ref: unknown): unknown {
  return isJson(ref) ? (ref["name"] ?? ref["code"]) : ref;
}

function fullName(person: Json): string {
  return [nameOf(person["title"]), person["first_name"], person["last_name"]].filter(Boolean).join(" ");
}

/** A day as London's midnight, written with its offset. */
function localMidnight(date: unknown): unknown {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return localIso(zonedEpoch(date, "00:00", TIME_ZONE), TIME_ZONE);
}

/** A London wall time on a day as the UTC instant ("...Z"). */
function utcOf(date: string, time: unknown): unknown {
  if (typeof time !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return time;
  return new Date(zonedEpoch(date, time.slice(0, 8), TIME_ZONE)).toISOString().replace(".000Z", "Z");
}
