/**
 * Every ClassCharts path, parameter and form field the connector uses, in one table (see
 * ../shared/api-docs/classcharts-notes.md). The API is unofficial: when the service moves something, this is
 * the file to change.
 *
 * What the documents guarantee, and what the connector only takes as a hint (src/providers/common/trust.ts):
 * - The pupil in the path is documented (a parent call must name one). Records that say whose they are
 *   (`pupil_id`, `student_id`, a nested `pupil`, or a name that is recognisably the other child's) are
 *   checked against it.
 * - `from` / `to` are documented as dates on activity, behaviour, homeworks and (in the notes) attendance, but
 *   not whether `to` includes its day: the range sent is a day wider at each end and what comes back is
 *   checked against it, then cut to the London days asked, both ends included.
 * - `from` on the activity feed is documented as not a filter: the feed runs back from `to`, paged by
 *   `last_id` until an empty page or `last_id: false`; a short page is not the end (the notes' "at most 50"
 *   is a ceiling, not the size). Paging stops once a page reaches before `from`.
 * - `display_date` (due_date or issue_date) is documented; the chosen date is checked on every homework.
 * - `date` on the timetable is documented and required; a lesson dated another day is left out and counted.
 * - Detentions and announcements take no filter: the range is ours, applied here.
 * - Field names come from a client's notes, not a specification: every name and form is open, and each
 *   record type's alternatives are declared once in wire.ts. Totals (behaviour, attendance) are computed
 *   from the records listed, never taken from the service's own summaries, so they agree with the list.
 */
export type Role = "student" | "parent";

export const DEFAULT_BASE_URL = "https://www.classcharts.com";

/** The zone every date this provider shows is local to: a day, "today" and a range's ends are London days. */
export const TIME_ZONE = "Europe/London";

export const LOGIN_PATH: Record<Role, string> = {
  student: "/student/login",
  parent: "/parent/login",
};

/** The cookie whose URL-encoded JSON value holds `session_id`. */
export const CREDENTIAL_COOKIE: Record<Role, string> = {
  student: "student_session_credentials",
  parent: "parent_session_credentials",
};

const API_BASE: Record<Role, string> = {
  student: "/apiv2student",
  parent: "/apiv2parent",
};

/** Endpoints that take a pupil id as their last path segment. */
export type PupilEndpoint =
  | "activity"
  | "behaviour"
  | "homeworks"
  | "timetable"
  | "attendance"
  | "detentions"
  | "eventbadges"
  | "announcements";

export const PATHS = {
  ping: (role: Role) => `${API_BASE[role]}/ping`,
  /** Parent only: the pupils the parent may see. */
  pupils: () => `${API_BASE.parent}/pupils`,
  pupil: (role: Role, endpoint: PupilEndpoint, pupilId: string) =>
    `${API_BASE[role]}/${endpoint}/${encodeURIComponent(pupilId)}`,
};

export const LOGIN_FORM = {
  student: (code: string, dob: string): Record<string, string> => ({
    _method: "POST",
    code,
    dob,
    remember_me: "1",
    "recaptcha-token": "no-token-available",
  }),
  parent: (email: string, password: string): Record<string, string> => ({
    _method: "POST",
    email,
    logintype: "existing",
    password,
    "recaptcha-token": "no-token-available",
  }),
};

export const PING_FORM = { include_data: "true" };

/** Query parameter names. */
export const PARAMS = {
  from: "from",
  to: "to",
  lastId: "last_id",
  date: "date",
  displayDate: "display_date",
} as const;

/** The pupil flag that says whether the school shares a feature with the apps. */
export const DISPLAY_FLAG = {
  timetable: "display_timetable",
  attendance: "display_attendance",
  homework: "display_homework",
  behaviour: "display_behaviour",
  detentions: "display_detentions",
  announcements: "display_announcements",
} as const;
export type Feature = keyof typeof DISPLAY_FLAG;
