import { NotSupportedError } from "../errors.js";
import type { Logger } from "../log.js";
import type { AttendanceRecord, AttendanceTotals } from "./attendance.js";
import type { Invoice, Payment } from "./billing.js";
import type { Announcement, BehaviourEvent, Detention, Homework } from "./classroom.js";
import type { Page } from "./common.js";
import type { Group, GroupKind } from "./groups.js";
import type { MessageThread } from "./messages.js";
import type { StaffMember, Student, StudentDetail } from "./people.js";
import type { Scope } from "./scopes.js";
import type { Lesson } from "./timetable.js";
import type { WellbeingEvent } from "./wellbeing.js";

export type ProviderName = "centrecareos" | "hubmis" | "classcharts" | "test";

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
}

/**
 * Everything a provider may answer. A connector implements only what it can and lists those names in
 * `capabilities`; tools ask "who can answer this?" through that list.
 */
export interface ConnectorOperations {
  listStudents(q: ListStudentsQuery, ctx: CallContext): Promise<Page<Student>>;
  getStudent(studentId: string, ctx: CallContext): Promise<StudentDetail>;
  saveStudent(input: SaveStudentInput, ctx: CallContext): Promise<Student>;
  listStaff(
    q: { search?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<StaffMember>>;
  listGroups(q: { kind?: GroupKind; search?: string }, ctx: CallContext): Promise<Group[]>;
  getAttendance(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult>;
  recordAttendance(input: RecordAttendanceInput, ctx: CallContext): Promise<RecordAttendanceResult>;
  getTimetable(q: TimetableQuery, ctx: CallContext): Promise<Lesson[]>;
  listWellbeingEvents(q: WellbeingQuery, ctx: CallContext): Promise<Page<WellbeingEvent>>;
  listMessages(
    q: { threadId?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<MessageThread>>;
  sendMessage(input: SendMessageInput, ctx: CallContext): Promise<SentMessage>;
  /** Resolves recipients (ids or names such as a room) to the people a message would reach, without sending. */
  resolveRecipients(input: SendMessageInput, ctx: CallContext): Promise<string[]>;
  listBehaviour(q: DateRange & { studentId?: string }, ctx: CallContext): Promise<BehaviourResult>;
  listHomework(
    q: DateRange & { studentId?: string; by?: "due_date" | "issue_date" },
    ctx: CallContext,
  ): Promise<Homework[]>;
  listAnnouncements(q: { studentId?: string }, ctx: CallContext): Promise<Announcement[]>;
  listInvoices(
    q: { status?: string; studentId?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<Invoice>>;
  getInvoice(invoiceId: string, ctx: CallContext): Promise<Invoice>;
  listPayments(
    q: { invoiceId?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<Payment>>;
}

export type Capability = keyof ConnectorOperations;

export interface Connector extends Partial<ConnectorOperations> {
  /** The connection id from the config. */
  readonly id: string;
  readonly provider: ProviderName;
  /** Human label, e.g. "Oakfield School (HUBmis)". */
  readonly label: string;
  readonly capabilities: readonly Capability[];
  /** The IANA zone the provider's dates are local to ("today", a register's day, a range's ends). */
  readonly timeZone: string;
  /** Signs in and makes one cheap call; throws a typed error when that fails. */
  check(ctx: CallContext): Promise<{ detail: string }>;
  close(): Promise<void>;
}

/**
 * The connector's own function for an operation, bound to it: what a tool calls instead of asserting the
 * optional method exists. A connector that lacks it gets a plain "not supported" answer.
 */
export function operation<C extends Capability>(connector: Connector, capability: C): ConnectorOperations[C] {
  const fn = connector[capability] as ConnectorOperations[C] | undefined;
  if (typeof fn !== "function") {
    throw new NotSupportedError(
      `${connector.label} cannot answer this: its provider does not offer ${capability}.`,
    );
  }
  return fn.bind(connector) as ConnectorOperations[C];
}

export function supports<C extends Capability>(
  connector: Connector,
  capability: C,
): connector is Connector & Pick<ConnectorOperations, C> {
  return connector.capabilities.includes(capability) && typeof connector[capability] === "function";
}
