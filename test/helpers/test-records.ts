import { WITHHELD } from "../../src/domain/common.js";
import type { Connector } from "../../src/domain/connector.js";
import type {
  Announcement,
  BehaviourEvent,
  Detention,
  Group,
  Homework,
  Invoice,
  MessageThread,
  Payment,
  ProgressReport,
  SchoolCalendar,
  StaffMember,
  WellbeingEvent,
} from "../../src/domain/index.js";
import type { LearningSupportRecord } from "../../src/domain/support.js";
import { ForbiddenError, NotFoundError } from "../../src/errors.js";
import { createTestConnector, type TestConnector } from "./test-connector.js";

/**
 * Fixed records for every operation the test connector does not answer by default, so each tool can be
 * called over it. Sensitive parts are withheld the way providers withhold them: by the call's scopes.
 */
export const RECORDS = {
  staff: [
    {
      id: "s1",
      firstName: "Priya",
      lastName: "Patel",
      displayName: "Mrs Patel",
      role: "Room lead",
      rooms: ["Robins"],
    },
    { id: "s2", firstName: "Tom", lastName: "Hart", displayName: "Mr Hart", role: "Practitioner" },
  ] satisfies StaffMember[],
  groups: [
    { id: "g1", name: "Robins", kind: "room", capacity: 12, occupancy: 9, staff: ["Mrs Patel"] },
    { id: "g2", name: "9R", kind: "form", memberCount: 28 },
  ] satisfies Group[],
  behaviour: {
    events: [
      {
        id: "b1",
        studentId: "1",
        studentName: "Ada Test",
        timestamp: "2026-12-01T10:00:00Z",
        type: "behaviour",
        polarity: "positive",
        reason: "Kindness",
        score: 2,
        teacher: "Mr Hart",
      },
    ],
    totals: { positive: 2, negative: 1, byReason: { Kindness: { polarity: "positive", count: 2 } } },
    detentions: [
      {
        id: "d1",
        studentId: "1",
        studentName: "Ada Test",
        date: "2026-12-09",
        time: "15:30",
        location: "Room 4",
        attended: "pending",
        reason: "Late homework",
      },
    ],
  } satisfies { events: BehaviourEvent[]; totals: unknown; detentions: Detention[] },
  homework: [
    {
      id: "h1",
      studentId: "1",
      studentName: "Ada Test",
      title: "Fractions worksheet",
      subject: "Maths",
      teacher: "Mr Hart",
      issueDate: "2026-12-01",
      dueDate: "2026-12-08",
      status: "todo",
    },
  ] satisfies Homework[],
  announcements: [
    {
      id: "a1",
      title: "Nativity play",
      description: "Costumes by Friday, please.",
      timestamp: "2026-12-01T09:00:00Z",
      author: "Head teacher",
    },
    { id: "a2", title: "Snow day", description: "School closed.", timestamp: "2026-12-03T07:00:00Z" },
  ] satisfies Announcement[],
  invoices: [
    {
      id: "i1",
      number: "INV-001",
      studentName: "Ada Test",
      status: "overdue",
      dueDate: "2026-11-30",
      currency: "GBP",
      total: 420,
      balance: 120,
      lineItems: [{ description: "November fees", quantity: 1, amount: 420 }],
    },
  ] satisfies Invoice[],
  payments: [
    { id: "p1", invoiceId: "i1", amount: 300, currency: "GBP", date: "2026-11-20", method: "card" },
  ] satisfies Payment[],
  threads: [
    {
      id: "t1",
      subject: "Pick-up time",
      participants: ["Mrs Patel", "Ada's mum"],
      lastMessageAt: "2026-12-01T16:00:00Z",
      messages: [
        {
          id: "m1",
          senderName: "Ada's mum",
          content: "Grandad collects today.",
          sentAt: "2026-12-01T15:00:00Z",
        },
        { id: "m2", senderName: "Mrs Patel", content: "Thanks, noted.", sentAt: "2026-12-01T16:00:00Z" },
      ],
    },
  ] satisfies MessageThread[],
  wellbeing: [
    {
      id: "w1",
      type: "event",
      studentId: "1",
      studentName: "Ada Test",
      date: "2026-12-01",
      category: "Friendship",
      severity: "low",
      severityRank: 1,
      status: "open",
      title: "Upset at break",
      detail: "Said a friend left her out.",
    },
    {
      id: "w2",
      type: "plan",
      studentId: "2",
      studentName: "Bo Test",
      date: "2026-11-20",
      category: "Safeguarding",
      severity: "high",
      severityRank: 3,
      status: "active",
      title: "Support plan",
      detail: "Weekly check-in with the designated lead.",
    },
  ] satisfies WellbeingEvent[],
  medical: "Peanut allergy",
  /** The academic year 2026/27: one closure and one inset day in the autumn term, the Christmas holiday. */
  calendar: {
    terms: [
      { name: "Autumn term", from: "2026-09-03", to: "2026-12-18" },
      { name: "Spring term", from: "2027-01-05", to: "2027-03-26" },
    ],
    holidays: [{ name: "Christmas holiday", from: "2026-12-19", to: "2027-01-04" }],
    insetDays: [{ from: "2026-11-27", to: "2026-11-27" }],
    closures: [{ name: "Boiler repair", from: "2026-12-10", to: "2026-12-10" }],
  } satisfies SchoolCalendar,
  /** Oldest first, as an upstream might send them; the tool puts the newest first. */
  reports: [
    {
      id: "r1",
      studentId: "1",
      title: "Summer report",
      date: "2026-07-15",
      subjects: [{ subject: "Maths", attainment: "5", effort: "2", comment: "Steady work." }],
    },
    {
      id: "r2",
      studentId: "1",
      title: "Autumn report",
      date: "2026-12-01",
      subjects: [
        { subject: "Maths", attainment: "6", effort: "1", comment: "Excellent progress." },
        { subject: "Art" },
      ],
    },
  ] satisfies ProgressReport[],
  support: [
    {
      id: "ls1",
      studentId: "1",
      studentName: "Ava Jones",
      yearGroup: "Year 9",
      need: "Dyslexia",
      severity: "Moderate",
      status: "Active",
      ehcp: false,
      since: "2025-09-03",
    },
    {
      id: "ls2",
      studentId: "2",
      studentName: "Ben Smith",
      yearGroup: "Year 10",
      need: "Autism spectrum",
      status: "Active",
      ehcp: true,
    },
  ] satisfies LearningSupportRecord[],
};

const sensitive = (ctx: { scopes: ReadonlySet<string> }) => ctx.scopes.has("sensitive:read");

/** Adds every remaining operation, answered from RECORDS, to a connector (a test connector by default). */
export function connectorWithRecords(
  id: string,
  base: TestConnector = createTestConnector(id),
): TestConnector {
  const c = base;
  const log = (method: string, args: unknown) => {
    c.calls.push({ method, args });
    if (c.failWith) throw c.failWith;
  };
  Object.assign(c, {
    async getStudent(studentId: string, ctx: { scopes: ReadonlySet<string> }) {
      log("getStudent", studentId);
      if (studentId !== "1") throw new NotFoundError(`No student with id ${studentId}.`);
      const open = sensitive(ctx);
      return {
        id: "1",
        firstName: "Ada",
        lastName: "Test",
        displayName: "Ada Test",
        yearGroup: "Reception",
        contacts: [{ name: "Jo Test", relationship: "Mother" }],
        medical: open ? RECORDS.medical : WITHHELD,
        ...(open ? {} : { withheld: ["medical"] }),
      };
    },
    async getTimetable(query: { from: string }) {
      log("getTimetable", query);
      return [
        { date: query.from, start: "10:15", end: "10:30", subject: "Break", isBreak: true },
        {
          date: query.from,
          start: "09:00",
          end: "10:00",
          subject: "Maths",
          period: "1",
          teacher: "Mr Hart",
          room: "R4",
        },
      ];
    },
    async recordAttendance(input: { studentId: string; action: string }) {
      log("recordAttendance", input);
      return {
        outcome: input.action === "check_in" ? "checked_in" : "checked_out",
        record: { studentId: input.studentId, date: "2026-12-07", status: "checked_in" },
      };
    },
    async saveStudent(input: { id?: string; firstName?: string; lastName?: string }) {
      log("saveStudent", input);
      const firstName = input.firstName ?? "Ada";
      const lastName = input.lastName ?? "Test";
      return { id: input.id ?? "new-1", firstName, lastName, displayName: `${firstName} ${lastName}` };
    },
    async listStaff(query: unknown) {
      log("listStaff", query);
      return { items: RECORDS.staff };
    },
    async listGroups(query: unknown) {
      log("listGroups", query);
      return RECORDS.groups;
    },
    async listBehaviour(query: unknown) {
      log("listBehaviour", query);
      return RECORDS.behaviour;
    },
    async listHomework(query: unknown) {
      log("listHomework", query);
      return RECORDS.homework;
    },
    async listAnnouncements(query: unknown) {
      log("listAnnouncements", query);
      return RECORDS.announcements;
    },
    async listInvoices(query: unknown) {
      log("listInvoices", query);
      return { items: RECORDS.invoices };
    },
    async getInvoice(invoiceId: string) {
      log("getInvoice", invoiceId);
      const invoice = RECORDS.invoices.find((i) => i.id === invoiceId);
      if (!invoice) throw new NotFoundError(`No invoice with id ${invoiceId}.`);
      return invoice;
    },
    async listPayments(query: unknown) {
      log("listPayments", query);
      return { items: RECORDS.payments };
    },
    async listMessages(query: { threadId?: string }) {
      log("listMessages", query);
      // A thread list carries no messages; one thread comes with them, as providers answer.
      if (query.threadId) return { items: RECORDS.threads.filter((t) => t.id === query.threadId) };
      return { items: RECORDS.threads.map(({ messages: _m, ...t }) => ({ ...t, messageCount: 2 })) };
    },
    async listWellbeingEvents(query: unknown, ctx: { scopes: ReadonlySet<string> }) {
      log("listWellbeingEvents", query);
      const open = sensitive(ctx);
      return { items: RECORDS.wellbeing.map((e) => ({ ...e, detail: open ? e.detail : WITHHELD })) };
    },
    async getSchoolCalendar(query: unknown) {
      log("getSchoolCalendar", query);
      return RECORDS.calendar;
    },
    async listLearningSupport(query: { yearGroup?: string }, ctx: { scopes: ReadonlySet<string> }) {
      log("listLearningSupport", query);
      if (!sensitive(ctx)) throw new ForbiddenError("learning support needs sensitive:read");
      const records = RECORDS.support.filter((r) => !query.yearGroup || r.yearGroup === query.yearGroup);
      return { records, complete: true };
    },
    async listProgressReports(query: { studentId: string }) {
      log("listProgressReports", query);
      if (query.studentId !== "1") throw new NotFoundError(`No student with id ${query.studentId}.`);
      return RECORDS.reports;
    },
  } satisfies Partial<Connector>);
  return c;
}
