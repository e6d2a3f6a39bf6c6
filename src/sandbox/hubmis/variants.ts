/**
 * HUBmis under each sandbox variant (src/sandbox/common/variants.ts): the readings the reference
 * (hubmis-api-reference.txt) and the assumed paths (hubmis-paths.md) leave open, laid over the default
 * answers, so the default (the demo's picture) stays exactly as it is. Requests are rewritten before a route
 * sees them and answers reshaped after; the routes themselves know nothing of variants.
 * This file rewrites the query, picks each route's record type and shape and wraps the answer; the forms
 * each record type takes are in variants-school, -people, -attendance, -timetable, -pastoral and -more.ts.
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
import { addDays, localIso, mondayOf } from "../../time/local.js";
import type { VariantFlags } from "../common/variants.js";
import { ALT_ATTENDANCE, NULLS_ATTENDANCE } from "./variants-attendance.js";
import { isJson, type Json, type Place, type Step, same } from "./variants-json.js";
import { ALT_MORE, NULLS_MORE } from "./variants-more.js";
import { ALT_PASTORAL, NULLS_PASTORAL } from "./variants-pastoral.js";
import { ALT_PEOPLE, NULLS_PEOPLE } from "./variants-people.js";
import { ALT_SCHOOL, NULLS_SCHOOL } from "./variants-school.js";
import { ALT_TIMETABLE, NULLS_TIMETABLE } from "./variants-timetable.js";

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

// ---- alternative names and forms, and nulls where optional, by record type ------------------------------

const ALT: Record<RecordType, Step> = {
  ...ALT_SCHOOL,
  ...ALT_PEOPLE,
  ...ALT_ATTENDANCE,
  ...ALT_TIMETABLE,
  ...ALT_PASTORAL,
  ...ALT_MORE,
  any: same,
};

const NULLS: Record<RecordType, Step> = {
  ...NULLS_SCHOOL,
  ...NULLS_PEOPLE,
  ...NULLS_ATTENDANCE,
  ...NULLS_TIMETABLE,
  ...NULLS_PASTORAL,
  ...NULLS_MORE,
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
