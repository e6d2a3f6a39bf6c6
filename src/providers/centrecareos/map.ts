import type { AttendanceRecord } from "../../domain/attendance.js";
import type { Invoice, Payment } from "../../domain/billing.js";
import { WITHHELD } from "../../domain/common.js";
import type { Group } from "../../domain/groups.js";
import type { Message, MessageThread } from "../../domain/messages.js";
import type { Contact, StaffMember, Student, StudentDetail } from "../../domain/people.js";
import { InvalidResponseError } from "../../errors.js";
import { isRecord } from "../common/trust.js";
import { ENROLMENT_FROM_UPSTREAM, INVOICE_STATUSES, PROVIDER } from "./endpoints.js";
import { code, type UpRoom, type UpStaff, type UpStudent } from "./wire.js";
import type { UpAttendance } from "./wire-attendance.js";
import type { UpInvoice, UpPayment } from "./wire-billing.js";
import type { UpMessage, UpThread } from "./wire-messaging.js";

/** CentreCareOS records (already read by ./schemas.ts) to our domain records. Every record names its connection. */

function defined<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const key in record) {
    const value = record[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out as T;
}

const fullName = (first?: string | null, last?: string | null, name?: string | null) =>
  (name ?? [first, last].filter(Boolean).join(" ")).trim();

/** What one list answer says about the list beyond its records; each is absent unless the answer said it. */
export interface ListAnswer {
  items: unknown[];
  /** Records in the whole list, from `pagination.total` or X-Total-Count. */
  total?: number;
  /** `pagination.hasMore`, when the answer carries it. */
  hasMore?: boolean;
}

const count = (value: unknown): number | undefined => {
  if (value === null || value === undefined || value === "") return undefined;
  const number = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(number) && number >= 0 ? number : undefined;
};

/**
 * {data, pagination} or a bare array (both are assumptions). Only what the answer states is passed on: the
 * page size it echoes is not, since a server may cap the page and echo what was asked.
 */
export function unwrapList(
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): ListAnswer {
  if (Array.isArray(body)) {
    const total = count(headers["x-total-count"]);
    return { items: body, ...(total === undefined ? {} : { total }) };
  }
  if (isRecord(body) && Array.isArray(body["data"])) {
    const pagination = isRecord(body["pagination"]) ? body["pagination"] : {};
    const total = count(pagination["total"]);
    const more = pagination["hasMore"];
    const hasMore =
      typeof more === "boolean" ? more : more === "true" ? true : more === "false" ? false : undefined;
    return {
      items: body["data"],
      ...(total === undefined ? {} : { total }),
      ...(hasMore === undefined ? {} : { hasMore }),
    };
  }
  throw new InvalidResponseError(PROVIDER, "expected a list");
}

/** {data: {...}} or the bare object. */
export function unwrapOne(body: unknown): unknown {
  if (isRecord(body)) {
    const data = body["data"];
    if (isRecord(data)) return data;
    return body;
  }
  throw new InvalidResponseError(PROVIDER, "expected a record");
}

export function enrolmentStatus(value: string | null | undefined): Student["enrolmentStatus"] {
  if (!value) return undefined;
  return ENROLMENT_FROM_UPSTREAM[code(value)] ?? "unknown";
}

export function toStudent(connection: string, raw: UpStudent, rooms: ReadonlyMap<string, UpRoom>): Student {
  const room = raw.roomId ? rooms.get(raw.roomId) : undefined;
  return defined({
    connection,
    id: raw.id,
    firstName: raw.firstName,
    lastName: raw.lastName,
    preferredName: raw.preferredName ?? undefined,
    displayName: fullName(raw.preferredName ?? raw.firstName, raw.lastName),
    dateOfBirth: raw.dateOfBirth ?? undefined,
    enrolmentStatus: enrolmentStatus(raw.enrollmentStatus),
    room: room?.name,
    roomId: raw.roomId ?? undefined,
  });
}

/**
 * Parents become contacts; allergies and medical notes only with sensitive:read. Each medical part is
 * there only when the record states it: an allergy list the record leaves out is not "no allergies".
 */
export function toStudentDetail(
  connection: string,
  raw: UpStudent,
  rooms: ReadonlyMap<string, UpRoom>,
  sensitive: boolean,
): StudentDetail {
  const contacts: Contact[] | undefined = raw.parents?.map((parent) =>
    defined({
      id: parent.id,
      name: fullName(parent.firstName, parent.lastName, parent.name),
      relationship: parent.relationship ?? undefined,
      email: parent.email ?? undefined,
      phone: parent.phone ?? undefined,
      priority: parent.isPrimary === true ? 1 : parent.isPrimary === false ? 2 : undefined,
    }),
  );
  const medical = defined({ allergies: raw.allergies ?? undefined, notes: raw.medicalNotes ?? undefined });
  return defined({
    ...toStudent(connection, raw, rooms),
    gender: raw.gender ?? undefined,
    enrolment: raw.startDate ? { admissionDate: raw.startDate } : undefined,
    contacts,
    medical: sensitive ? medical : WITHHELD,
    withheld: sensitive ? undefined : ["medical"],
  });
}

export function staffName(raw: {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
}) {
  return fullName(raw.firstName, raw.lastName, raw.name);
}

export function toStaffMember(
  connection: string,
  raw: UpStaff,
  rooms: ReadonlyMap<string, UpRoom>,
): StaffMember {
  const roomNames = (raw.roomIds ?? []).map((id) => rooms.get(id)?.name).filter((n): n is string => !!n);
  return defined({
    connection,
    id: raw.id,
    firstName: raw.firstName,
    lastName: raw.lastName,
    displayName: fullName(raw.firstName, raw.lastName),
    role: raw.role ?? undefined,
    email: raw.email ?? undefined,
    status: raw.status ?? undefined,
    rooms: rooms.size > 0 && raw.roomIds ? roomNames : undefined,
  });
}

export function toGroup(
  connection: string,
  raw: UpRoom,
  counts: { occupancy?: number; members?: number },
): Group {
  return defined({
    connection,
    id: raw.id,
    name: raw.name,
    kind: "room" as const,
    capacity: raw.capacity ?? undefined,
    occupancy: counts.occupancy,
    memberCount: counts.members,
    staff: raw.assignedStaff ? raw.assignedStaff.map(staffName).filter(Boolean) : undefined,
  });
}

/** checked_in while a visit is open, checked_out once collected. */
export function toAttendance(
  connection: string,
  raw: UpAttendance,
  names: { student?: string | undefined; room?: string | undefined },
): AttendanceRecord {
  const status = raw.checkOutAt ? "checked_out" : raw.checkInAt ? "checked_in" : "not_arrived";
  return defined({
    connection,
    studentId: raw.studentId,
    studentName: names.student,
    date: raw.date,
    status,
    checkInAt: raw.checkInAt ?? null,
    checkOutAt: raw.checkOutAt ?? null,
    room: names.room,
    note: raw.note,
  }) as AttendanceRecord;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Said when a record gives no currency: no currency is guessed for an amount. */

export function invoiceStatus(value: string): Invoice["status"] {
  const status = code(value);
  if ((INVOICE_STATUSES as readonly string[]).includes(status)) return status as Invoice["status"];
  if (status === "partiallypaid") return "partially_paid";
  return status === "void" || status === "voided" ? "void" : "unknown";
}

export function toInvoice(connection: string, raw: UpInvoice, studentName?: string): Invoice {
  const paid = raw.amountPaid ?? undefined;
  return defined({
    connection,
    id: raw.id,
    number: raw.number ?? undefined,
    studentId: raw.studentId ?? undefined,
    studentName,
    status: invoiceStatus(raw.status),
    issueDate: raw.issueDate ?? undefined,
    dueDate: raw.dueDate ?? undefined,
    ...(raw.currency ? { currency: raw.currency } : {}),
    total: raw.total,
    amountPaid: paid,
    balance: raw.balance ?? (paid === undefined ? undefined : round2(raw.total - paid)),
    lineItems: raw.lineItems?.map((item) =>
      defined({
        description: item.description,
        quantity: item.quantity ?? undefined,
        unitAmount: item.unitPrice ?? undefined,
        amount: item.amount,
      }),
    ),
  });
}

export function toPayment(connection: string, raw: UpPayment): Payment {
  return defined({
    connection,
    id: raw.id,
    invoiceId: raw.invoiceId ?? undefined,
    studentId: raw.studentId ?? undefined,
    amount: raw.amount,
    ...(raw.currency ? { currency: raw.currency } : {}),
    date: raw.paidAt,
    method: raw.method ?? undefined,
    status: raw.status ?? undefined,
  });
}

export function toMessage(raw: UpMessage, threadId?: string): Message {
  return defined({
    id: raw.id,
    threadId: raw.threadId ?? threadId,
    senderType: raw.senderType ? code(raw.senderType) : undefined,
    senderName: raw.senderName ?? undefined,
    content: raw.content,
    sentAt: raw.sentAt,
  });
}

/** A thread with the messages already read (one by one, by the caller). */
export function toThread(connection: string, raw: UpThread, read: UpMessage[]): MessageThread {
  const messages = read.map((m) => toMessage(m, raw.id));
  const latest = messages.reduce<string | undefined>(
    (at, m) => (at === undefined || Date.parse(m.sentAt) > Date.parse(at) ? m.sentAt : at),
    undefined,
  );
  const participants = (raw.participants ?? []).map((p) => (p.type ? `${p.name} (${p.type})` : p.name));
  return defined({
    connection,
    id: raw.id,
    subject: raw.subject ?? undefined,
    participants: participants.filter(Boolean),
    lastMessageAt: raw.lastMessageAt || latest,
    messageCount: raw.messages ? messages.length : undefined,
    messages: raw.messages ? messages : undefined,
  });
}
