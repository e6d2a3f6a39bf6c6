import { NotSupportedError } from "../errors.js";
import type { Logger } from "../log.js";
import type { AttendanceRecord, AttendanceTotals } from "./attendance.js";
import type { Invoice, Payment } from "./billing.js";
import type { SchoolCalendar } from "./calendar.js";
import type { Announcement, Badge, BehaviourEvent, Detention, Homework } from "./classroom.js";
import type { Page } from "./common.js";
import type { Group, GroupKind } from "./groups.js";
import type { MessageThread } from "./messages.js";
import type { StaffMember, Student, StudentDetail } from "./people.js";
import type { ProgressReport } from "./reports.js";
import type { Scope } from "./scopes.js";
import type { LearningSupportList } from "./support.js";
import type { Lesson } from "./timetable.js";
import type { WellbeingEvent } from "./wellbeing.js";

/** What the tool wrapper hands every connector call. */
export interface CallContext {
  /** Scopes granted by both the connection and the caller. Connectors use it for sensitive data and cache keys. */
  scopes: ReadonlySet<Scope>;
  signal?: AbortSignal;
  /** Progress for long, budget-bound work (MCP progress notifications when the client asked for them). */
  progress?: (done: number, total: number | undefined, message: string) => void;
  /** Epoch ms by which the connector should return what it has (with a continuation cursor). */
  deadline?: number;
  /** Who is calling, for the audit log (token name over HTTP, "stdio" locally). Never personal data. */
  caller: string;
  logger: Logger;
  /** Where the connector states what it could not read or left out; the answer carries it (per connection). */
  report?: ReadReport;
  /** Counts this call's upstream requests (cache answers cost nothing), so the answer can state its cost. */
  meter?: { count(): void };
}

/** What a connector could not read or had to leave out, for the answer to state in words. */
export interface ReadReport {
  /** `count` records of `what` ("wellbeing records") could not be read. */
  unreadable(what: string, count: number): void;
  /** `count` records came back that contradict the question's filter and were left out. */
  filteredOut(what: string, count: number): void;
}

/** A partial answer: the connector stopped at its deadline and says what finishing would cost. */
export interface Continuation {
  cursor: string;
  remainingRequests: number;
  estimatedSeconds: number;
  reason: string;
}

export interface DateRange {
  from: string;
  to: string;
}

export interface ListStudentsQuery {
  search?: string;
  groupId?: string;
  yearGroup?: string;
  form?: string;
  tutorGroup?: string;
  house?: string;
  enrolmentStatus?: string;
  limit?: number;
  cursor?: string;
}

export interface GroupsQuery {
  id?: string;
  kind?: GroupKind;
  search?: string;
}

export interface StaffQuery {
  id?: string;
  search?: string;
  limit?: number;
  cursor?: string;
}

export interface AttendanceQuery extends DateRange {
  studentId?: string;
  groupId?: string;
  session?: "am" | "pm";
  cursor?: string;
}

export interface AttendanceResult {
  records: AttendanceRecord[];
  totals: AttendanceTotals;
  /** For a nursery room today: who is in, who has gone home, who has not arrived. */
  roomStatus?: { present: string[]; collected: string[]; notArrived: string[] };
  continuation?: Continuation;
  notes?: string[];
}

export interface RecordAttendanceInput {
  studentId: string;
  action: "check_in" | "check_out";
  note?: string;
}

export interface RecordAttendanceResult {
  /** "checked_in" / "checked_out" when we wrote; "already_checked_in" / "already_checked_out" when not. */
  outcome: "checked_in" | "checked_out" | "already_checked_in" | "already_checked_out";
  record: AttendanceRecord;
}

export interface TimetableQuery extends DateRange {
  studentId?: string;
  staffId?: string;
}

export interface WellbeingQuery extends Partial<DateRange> {
  /** One record by its id: the other filters do not apply. */
  id?: string;
  studentId?: string;
  type?: "event" | "plan";
  yearGroup?: string;
  form?: string;
  category?: string;
  status?: string;
  severity?: string;
  assignedTo?: string;
  includePastStudents?: boolean;
  limit?: number;
  cursor?: string;
}

export interface SendMessageInput {
  threadId?: string;
  recipients?: string[];
  subject?: string;
  content: string;
}

export interface SentMessage {
  threadId: string;
  messageId: string;
  sentAt: string;
  recipients: string[];
}

export interface SaveStudentInput {
  id?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  roomId?: string;
  enrolmentStatus?: string;
}

export interface BehaviourResult {
  events: BehaviourEvent[];
  totals: {
    positive: number;
    negative: number;
    byReason: Record<string, { polarity: string; count: number }>;
  };
  detentions: Detention[];
  /** Badges awarded in the range, where the provider has them. */
  badges?: Badge[];
}

/** A connector operation: a query in, an answer out, with the call's context. */
type Operation<Q, R> = (query: Q, ctx: CallContext) => Promise<R>;
const declare = <Q, R>(): Operation<Q, R> | undefined => undefined;

/**
 * Everything a provider may answer, declared once, each with its query and answer types. A connector
 * implements the ones it can; what it can answer is read off what it implements (`capabilitiesOf`), and a
 * tool names the operations it uses in its definition.
 */
export const OPERATIONS = {
  listStudents: declare<ListStudentsQuery, Page<Student>>(),
  getStudent: declare<string, StudentDetail>(),
  saveStudent: declare<SaveStudentInput, Student>(),
  /** With an id: that one member, with contact details and working hours where the provider has them. */
  listStaff: declare<StaffQuery, Page<StaffMember>>(),
  /** With an id: that one group (read on its own where the provider has a single-record call). */
  listGroups: declare<GroupsQuery, Group[]>(),
  getAttendance: declare<AttendanceQuery, AttendanceResult>(),
  recordAttendance: declare<RecordAttendanceInput, RecordAttendanceResult>(),
  getTimetable: declare<TimetableQuery, Lesson[]>(),
  /** The academic year's terms, holidays, inset days and closure dates. */
  getSchoolCalendar: declare<Record<string, never>, SchoolCalendar>(),
  /** A pupil's progress reports, newest first. */
  listProgressReports: declare<{ studentId: string }, ProgressReport[]>(),
  listWellbeingEvents: declare<WellbeingQuery, Page<WellbeingEvent>>(),
  /** The learning support (SEN) list, by year group; sensitive: the connector refuses without sensitive:read. */
  listLearningSupport: declare<{ yearGroup?: string; search?: string }, LearningSupportList>(),
  listMessages: declare<{ threadId?: string; limit?: number; cursor?: string }, Page<MessageThread>>(),
  sendMessage: declare<SendMessageInput, SentMessage>(),
  /** Resolves recipients (ids or names such as a room) to the people a message would reach, without sending. */
  resolveRecipients: declare<SendMessageInput, string[]>(),
  listBehaviour: declare<DateRange & { studentId?: string }, BehaviourResult>(),
  listHomework: declare<DateRange & { studentId?: string; by?: "due_date" | "issue_date" }, Homework[]>(),
  listAnnouncements: declare<{ studentId?: string }, Announcement[]>(),
  listInvoices: declare<
    { status?: string; studentId?: string; limit?: number; cursor?: string },
    Page<Invoice>
  >(),
  getInvoice: declare<string, Invoice>(),
  listPayments: declare<{ invoiceId?: string; limit?: number; cursor?: string }, Page<Payment>>(),
};

export type Capability = keyof typeof OPERATIONS;
export type ConnectorOperations = { [K in Capability]: NonNullable<(typeof OPERATIONS)[K]> };
export type QueryOf<K extends Capability> = Parameters<ConnectorOperations[K]>[0];
export type AnswerOf<K extends Capability> = Awaited<ReturnType<ConnectorOperations[K]>>;

/** An operation bound to one connection and one call: what a tool handler calls. */
export type BoundOperation<K extends Capability> = (query: QueryOf<K>) => Promise<AnswerOf<K>>;

/** The operations a tool uses (every one present) and may use (present where the connection has it). */
export type BoundOperations<U extends Capability, M extends Capability = never> = {
  [K in U]: BoundOperation<K>;
} & { [K in M]?: BoundOperation<K> };

const CAPABILITIES = Object.keys(OPERATIONS) as Capability[];

export interface Connector extends Partial<ConnectorOperations> {
  /** The connection id from the config. */
  readonly id: string;
  /** The provider's name from its descriptor ("hubmis"). */
  readonly provider: string;
  /** Human label, e.g. "Oakfield School (HUBmis)". */
  readonly label: string;
  /** The IANA zone the provider's dates are local to ("today", a register's day, a range's ends). */
  readonly timeZone: string;
  /** Signs in and makes one cheap call; throws a typed error when that fails. */
  check(ctx: CallContext): Promise<{ detail: string }>;
  close(): Promise<void>;
}

/** What a connector can answer: the operations it implements. */
export function capabilitiesOf(connector: Connector): Capability[] {
  return CAPABILITIES.filter((capability) => supports(connector, capability));
}

export function supports<C extends Capability>(
  connector: Connector,
  capability: C,
): connector is Connector & Pick<ConnectorOperations, C> {
  return typeof connector[capability] === "function";
}

/** The connector's operation bound to it and to one call's context. */
export function bindOperation<K extends Capability>(
  connector: Connector,
  capability: K,
  ctx: CallContext,
): BoundOperation<K> {
  const fn = connector[capability] as ConnectorOperations[K] | undefined;
  if (typeof fn !== "function") {
    throw new NotSupportedError(
      `${connector.label} cannot answer this: its provider does not offer ${capability}.`,
    );
  }
  return ((query: QueryOf<K>) =>
    (fn as Operation<QueryOf<K>, AnswerOf<K>>).call(connector, query, ctx)) as BoundOperation<K>;
}
