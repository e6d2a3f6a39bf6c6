import type { RateLimitPolicy } from "../../upstream/index.js";

/**
 * Everything we know or assume about the CentreCareOS API, in one place (see
 * ../shared/api-docs/centrecareos-developer-portal.txt and centrecareos-assumptions.md). A wrong assumption
 * is a one-line fix here once a real tenant shows the truth.
 *
 * What the portal guarantees, and what this connector therefore may rely on:
 * - The endpoints and the scope each needs (PATHS), the Bearer key and its format, the error envelope
 *   `{"error":{"code","message","status"}}` with 400/401/403/404/429/500, and the hourly and daily limits.
 * - Three query parameters, through its SDK examples: attendance `date` (one day), invoice `status`, and
 *   messages `threadId` (the JS SDK's name; the Python SDK says thread_id, so even its wire name is open).
 *   These are sent and still verified on every record that comes back (trust.ts rule 1).
 * - The SDK's camelCase body fields for writes: firstName, lastName, dateOfBirth, roomId, studentId,
 *   threadId, content, note.
 *
 * What is only a hint, sent to save work and applied again to the answer:
 * - Every other filter: attendance `studentId`, `roomId`, `from`/`to` (never relied on: a range is asked
 *   a day at a time with `date`), student `roomId` / `enrollmentStatus` / `search`, invoice `studentId`,
 *   payment `invoiceId`. A server may ignore any of them and answer everyone's records.
 * - Paging: `page`/`perPage`, the `{data, pagination}` envelope (or a bare array with X-Total-Count), and
 *   the 100-record page. The server's real page may be smaller than asked without saying so, so lists are
 *   walked until an empty page, a page shorter than the longest seen, or a stated total (hasMore only when
 *   no total is given); the page size an answer echoes is never taken as the size it used.
 * - Every field name and form beyond the SDK's: ./schemas.ts declares the alternatives per record type
 *   (snake_case, nested references, display names for codes, numbers as strings, nulls, date-times in any
 *   offset or in London wall-clock time). A visit need not carry a room (the assumed record has none): a
 *   room's visits are its children's, and a visit's room is its child's.
 * - The answers to writes: a check-in or send is settled by reading the state back when its answer is
 *   unreadable, names another child or thread, or never came (WriteOutcomeUnknownError otherwise).
 */

export const PROVIDER = "CentreCareOS";

/** The zone every date this provider shows is local to: a day, "today" and a range's ends are London days. */
export const TIME_ZONE = "Europe/London";

/** The portal's base URL; a newer copy shows https://centrecareos.com/api, so the config may override it. */
export const DEFAULT_BASE_URL = "https://www.centrecareos.com/api/v1";

const id = (value: string) => encodeURIComponent(value);

/** Paths under the base URL, with the portal scope each needs. */
export const PATHS = {
  students: "/students", // GET students:read, POST students:write
  student: (studentId: string) => `/students/${id(studentId)}`, // GET students:read, PATCH/PUT students:write
  attendance: "/attendance", // GET attendance:read
  checkIn: "/attendance/check-in", // POST attendance:write
  checkOut: "/attendance/check-out", // POST attendance:write
  invoices: "/invoices", // GET billing:read
  invoice: (invoiceId: string) => `/invoices/${id(invoiceId)}`, // GET billing:read (with line items)
  payments: "/payments", // GET billing:read
  rooms: "/rooms", // GET rooms:read
  room: (roomId: string) => `/rooms/${id(roomId)}`, // GET rooms:read
  roomStudents: (roomId: string) => `/rooms/${id(roomId)}/students`, // GET rooms:read
  staff: "/staff", // GET staff:read
  staffMember: (staffId: string) => `/staff/${id(staffId)}`, // GET staff:read
  messages: "/messages", // GET messages:read (threadId filter), POST messages:write
} as const;

/** Query parameter names (camelCase like the SDK's fields; only date, status and threadId are the SDK's). */
export const QUERY = {
  page: "page",
  perPage: "perPage",
  date: "date",
  studentId: "studentId",
  roomId: "roomId",
  enrollmentStatus: "enrollmentStatus",
  search: "search",
  status: "status",
  threadId: "threadId",
  invoiceId: "invoiceId",
} as const;

/** The assumed page-size cap: we always ask for the biggest page to spend fewer requests. */
export const MAX_PER_PAGE = 100;

/** Longest message the service takes (assumed; the sandbox enforces the same). Checked before sending. */
export const MAX_MESSAGE_LENGTH = 5_000;
/** Recipients of one new thread (assumed). */
export const MAX_RECIPIENTS = 200;

/** The widest attendance range we ask for in one call, as the tools promise. */
/** Attendance requests one call may spend before answering with a continuation (a day is read whole). */
export const MAX_ATTENDANCE_REQUESTS_PER_CALL = 40;
/** Attendance records one call answers with at most (about; the day that crosses it is kept whole). */
export const MAX_ATTENDANCE_RECORDS_PER_CALL = 2_000;

/** Enterprise plan: 1,000 requests an hour and 10,000 a day per key. */
export const RATE_LIMIT: RateLimitPolicy = {
  windows: [
    { limit: 1_000, intervalMs: 3_600_000 },
    { limit: 10_000, intervalMs: 86_400_000 },
  ],
  concurrency: 6,
  maxQueueWaitMs: 30_000,
};

/** Our enrolment statuses and CentreCareOS's (US spelling in the field name: enrollmentStatus). */
export const ENROLMENT_TO_UPSTREAM = {
  enrolled: "enrolled",
  waitlisted: "waitlisted",
  applicant: "pending",
  left: "withdrawn",
} as const;

export const ENROLMENT_FROM_UPSTREAM: Record<
  string,
  "enrolled" | "waitlisted" | "applicant" | "left" | "inactive"
> = {
  enrolled: "enrolled",
  active: "enrolled",
  waitlisted: "waitlisted",
  waitlist: "waitlisted",
  pending: "applicant",
  applicant: "applicant",
  withdrawn: "left",
  left: "left",
  graduated: "left",
  inactive: "inactive",
};

/** Invoice statuses the portal's status filter takes. */
export const INVOICE_STATUSES = ["draft", "pending", "paid", "overdue", "partially_paid"] as const;
