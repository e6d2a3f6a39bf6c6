/**
 * The one table of HUBmis paths and query names (../shared/api-docs/hubmis-paths.md). The reference text
 * lost its URL paths, so these are assumptions: when a real tenant shows otherwise, fix them here.
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
  formStudents: (id: Id) => `/forms/${id}/students`,
  tutorGroupStudents: (id: Id) => `/tutor-groups/${id}/students`,
  houses: "/houses",
  houseStudents: (id: Id) => `/houses/${id}/students`,
  students: "/students",
  student: (id: Id) => `/students/${id}`,
  studentEnrolment: (id: Id) => `/students/${id}/enrolment`,
  studentContacts: (id: Id) => `/students/${id}/contacts`,
  studentDoctor: (id: Id) => `/students/${id}/doctor`,
  studentLearningSupport: (id: Id) => `/students/${id}/learning-support`,
  studentAttendance: (id: Id) => `/students/${id}/attendance`,
  studentCalendar: (id: Id) => `/students/${id}/timetable/calendar`,
  studentWellbeingEvents: (id: Id) => `/students/${id}/wellbeing-events`,
  studentWellbeingPlans: (id: Id) => `/students/${id}/wellbeing-plans`,
  staff: "/staff",
  staffCalendar: (id: Id) => `/staff/${id}/timetable/calendar`,
  attendanceCodes: "/attendance-codes",
  pastoralEvents: "/pastoral/events",
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
