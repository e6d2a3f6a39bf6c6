/**
 * The one table of HUBmis paths and query names (../shared/api-docs/hubmis-paths.md). The reference text
 * lost its URL paths, so these are assumptions: when a real tenant shows otherwise, fix them here.
 *
 * What the reference guarantees, and what is only a hint (src/providers/common/trust.ts says what each
 * kind of thing may be trusted with):
 * - Documented filters, by name and type: students `filter[enrolmentStatus]`, `[yearGroup]`, `[form]`,
 *   `[house]`, `[tutorGroup]` and `search`; a pupil's attendance `filter[dateTime][from|to]` (date-time),
 *   `filter[attendanceSession]` (am|pm); the timetable calendar `filter[dateFrom]`, `[dateTo]`, `[date]`
 *   (dates); pastoral events `filter[type]`, `[yearGroup]`, `[form]`, `[category]`, `[status]`
 *   (active|inactive), `[severity]`, `[assignedTo]`, `[includePastStudents]`; staff `filter[status]` and
 *   `search`. They are sent and still checked against each record that comes back, where the record
 *   carries the field.
 * - Hints: the pastoral and wellbeing date range (the reference says "Range filter for date/time" and gives
 *   no name; we send `filter[dateTime][from|to]`), every `sort[...]` (no field is named), staff
 *   `filter[status]=current` (typed there as a status id), and a lone `filter[date]` on the calendar (we
 *   always send `dateFrom`/`dateTo`). Their results are applied again here: dates, order and status are
 *   ours.
 * - Paging: `page[number]` and `page[size]` on the lists the reference pages; the largest page the server
 *   serves is not documented (we ask for 100) and no count comes back, so lists are read to an empty page
 *   or one shorter than the path is known to fill (src/providers/hubmis/paging.ts).
 * - Record shapes: samples exist for a student, a staff member, a form, a tutor group, a year group, a
 *   house and a room; registers, lessons, wellbeing records, academic years, terms, holidays, inset days,
 *   closure dates, attendance codes, contacts and categories have none. Their fields are read through the
 *   alternatives declared once per record type in src/providers/hubmis/schemas.ts, and a value none of them
 *   holds is absent.
 * - Lists are bare arrays in the samples; `{data: [...]}` (JSON:API, whose query style the reference uses)
 *   is read too, and a `meta` count or page size is used when one is volunteered.
 */

export const PROVIDER = "HUBmis";

/** The zone every date this provider shows is local to: a day, "today" and a range's ends are London days. */
export const TIME_ZONE = "Europe/London";
export const DEFAULT_BASE_URL = "https://api.hubmis.com/api/v1";

/** The largest page the API accepts; every page costs one request of a 12-a-minute budget. */
export const PAGE_SIZE = 100;

type Id = string | number;

export const PATHS = {
  token: "/token",
  academicYears: "/academic-years",
  terms: (academicYearId: Id) => `/academic-years/${academicYearId}/terms`,
  holidays: (academicYearId: Id) => `/academic-years/${academicYearId}/holidays`,
  insetDays: (academicYearId: Id) => `/academic-years/${academicYearId}/inset-days`,
  closureDates: (academicYearId: Id) => `/academic-years/${academicYearId}/closure-dates`,
  forms: (academicYearId: Id) => `/academic-years/${academicYearId}/forms`,
  tutorGroups: (academicYearId: Id) => `/academic-years/${academicYearId}/tutor-groups`,
  yearGroups: (academicYearId: Id) => `/academic-years/${academicYearId}/year-groups`,
  subjectSets: (academicYearId: Id) => `/academic-years/${academicYearId}/subject-sets`,
  activities: (academicYearId: Id) => `/academic-years/${academicYearId}/extra-curricular-activities`,
  /** Not in the paths table: the reference lists departments per academic year and sections per school. */
  departments: (academicYearId: Id) => `/academic-years/${academicYearId}/departments`,
  sections: "/sections",
  formStudents: (id: Id) => `/forms/${id}/students`,
  subjectSetStudents: (id: Id) => `/subject-sets/${id}/students`,
  /** Not in the reference (it lists activities but no members call): the path other groups' members take. */
  activityStudents: (id: Id) => `/extra-curricular-activities/${id}/students`,
  tutorGroupStudents: (id: Id) => `/tutor-groups/${id}/students`,
  houses: "/houses",
  houseStudents: (id: Id) => `/houses/${id}/students`,
  students: "/students",
  student: (id: Id) => `/students/${id}`,
  studentEnrolment: (id: Id) => `/students/${id}/enrolment`,
  studentContacts: (id: Id) => `/students/${id}/contacts`,
  studentDoctor: (id: Id) => `/students/${id}/doctor`,
  studentLearningSupport: (id: Id) => `/students/${id}/learning-support`,
  studentProgressReports: (id: Id) => `/students/${id}/progress-reports`,
  studentAttendance: (id: Id) => `/students/${id}/attendance`,
  studentCalendar: (id: Id) => `/students/${id}/timetable/calendar`,
  studentWellbeingEvents: (id: Id) => `/students/${id}/wellbeing-events`,
  studentWellbeingPlans: (id: Id) => `/students/${id}/wellbeing-plans`,
  /** "Learning Support Records: List" (filter[yearGroup], search, paging): not in the paths table. */
  learningSupport: "/learning-support/records",
  staff: "/staff",
  staffMember: (id: Id) => `/staff/${id}`,
  staffContactDetails: (id: Id) => `/staff/${id}/contact-details`,
  /** "Staff Default Working Hours: List" takes no staff id: the school's default week. */
  staffWorkingHours: "/staff/default-working-hours",
  staffCalendar: (id: Id) => `/staff/${id}/timetable/calendar`,
  attendanceCodes: "/attendance-codes",
  rooms: "/rooms",
  pastoralEvents: "/pastoral/events",
  pastoralEvent: (id: Id) => `/pastoral/events/${id}`,
  pastoralCategories: (type: "wellbeing_event" | "wellbeing_plan") => `/pastoral/categories/${type}`,
  severityLevels: "/pastoral/severity-levels/wellbeing",
} as const;

export const HEADERS = {
  realm: "Realm",
  academicYear: "academic-year-id",
} as const;

/** Query parameter names, JSON-API style. */
export const Q = {
  pageNumber: "page[number]",
  pageSize: "page[size]",
  search: "search",
  filter: (name: string) => `filter[${name}]`,
  dateTimeFrom: "filter[dateTime][from]",
  dateTimeTo: "filter[dateTime][to]",
  dateFrom: "filter[dateFrom]",
  dateTo: "filter[dateTo]",
  date: "filter[date]",
  sort: (field: string) => `sort[${field}]`,
} as const;

/** Our enrolment words to HUBmis's. */
export const ENROLMENT_STATUS: Record<string, "current" | "past" | "applicant"> = {
  enrolled: "current",
  current: "current",
  left: "past",
  past: "past",
  applicant: "applicant",
};

/** Documented usage limits. */
export const LIMITS = {
  perMinute: 12,
  bucketCapacity: 500,
  refillEveryMs: 5_000,
} as const;
