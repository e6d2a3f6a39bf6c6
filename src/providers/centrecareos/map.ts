import type { AttendanceRecord } from "../../domain/attendance.js";
import type { Invoice, Payment } from "../../domain/billing.js";
import { WITHHELD } from "../../domain/common.js";
import type { Group } from "../../domain/groups.js";
import type { Message, MessageThread } from "../../domain/messages.js";
import type { Contact, StaffMember, Student, StudentDetail } from "../../domain/people.js";
import { InvalidResponseError } from "../../errors.js";
import { ENROLMENT_FROM_UPSTREAM, INVOICE_STATUSES, PROVIDER } from "./endpoints.js";
import type {
  UpAttendance,
  UpInvoice,
  UpMessage,
  UpPayment,
  UpRoom,
  UpStaff,
  UpStudent,
  UpThread,
} from "./schemas.js";

/** CentreCareOS JSON (already parsed by ./schemas.ts) to our domain records. Every record names its connection. */

const defined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null)) as T;

const fullName = (first?: string | null, last?: string | null, name?: string | null) =>
  (name ?? [first, last].filter(Boolean).join(" ")).trim();

/** {data, pagination} or a bare array; `hasMore` from the pagination, else from X-Total-Count or a full page. */
export function unwrapList(
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
  perPage: number,
  page: number,
): { items: unknown[]; hasMore: boolean; total?: number } {
  if (Array.isArray(body)) {
    const header = headers["x-total-count"];
    const total = Number(Array.isArray(header) ? header[0] : header);
    if (Number.isFinite(total) && header !== undefined) {
      return { items: body, hasMore: page * perPage < total, total };
    }
    return { items: body, hasMore: body.length >= perPage };
  }
  if (body && typeof body === "object" && Array.isArray((body as { data?: unknown }).data)) {
    const { data, pagination } = body as { data: unknown[]; pagination?: Record<string, unknown> };
    const total = Number(pagination?.["total"]);
    const more = pagination?.["hasMore"];
    const hasMore =
      typeof more === "boolean"
        ? more
        : more === "true" || (Number.isFinite(total) ? page * perPage < total : data.length >= perPage);
    return { items: data, hasMore, ...(Number.isFinite(total) ? { total } : {}) };
  }
  throw new InvalidResponseError(PROVIDER, "expected a list");
}

/** {data: {...}} or the bare object. */
export function unwrapOne(body: unknown): unknown {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const data = (body as { data?: unknown }).data;
    if (data && typeof data === "object" && !Array.isArray(data)) return data;
    return body;
  }
  throw new InvalidResponseError(PROVIDER, "expected a record");
}

export function enrolmentStatus(value: string | null | undefined): Student["enrolmentStatus"] {
  if (!value) return undefined;
  return ENROLMENT_FROM_UPSTREAM[value.toLowerCase()] ?? "unknown";
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

/** Parents become contacts; allergies and medical notes only with sensitive:read. */
export function toStudentDetail(
  connection: string,
  raw: UpStudent,
  rooms: ReadonlyMap<string, UpRoom>,
  sensitive: boolean,
): StudentDetail {
  const contacts: Contact[] = (raw.parents ?? []).map((parent) =>
    defined({
      id: parent.id,
      name: fullName(parent.firstName, parent.lastName, parent.name),
      relationship: parent.relationship ?? undefined,
      email: parent.email ?? undefined,
      phone: parent.phone ?? undefined,
      priority: parent.isPrimary === true ? 1 : parent.isPrimary === false ? 2 : undefined,
    }),
  );
  const medical = { allergies: raw.allergies ?? [], notes: raw.medicalNotes ?? null };
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
    rooms: rooms.size > 0 ? roomNames : undefined,
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
    staff: (raw.assignedStaff ?? []).map(staffName).filter(Boolean),
  });
}

/** checked_in while a visit is open, checked_out once collected. */
export function toAttendance(
  connection: string,
  raw: UpAttendance,
  names: { student?: string; room?: string },
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
    note: raw.note ?? undefined,
  }) as AttendanceRecord;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function toInvoice(connection: string, raw: UpInvoice, studentName?: string): Invoice {
  const status = (INVOICE_STATUSES as readonly string[]).includes(raw.status)
    ? (raw.status as Invoice["status"])
    : raw.status === "void"
      ? "void"
      : "unknown";
  const paid = raw.amountPaid ?? undefined;
  return defined({
    connection,
    id: raw.id,
    number: raw.number ?? undefined,
    studentId: raw.studentId ?? undefined,
    studentName,
    status,
    issueDate: raw.issueDate ?? undefined,
    dueDate: raw.dueDate ?? undefined,
    currency: raw.currency ?? "GBP",
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

export function toPayment(connection: string, raw: UpPayment): Payment | undefined {
  const date = raw.paidAt ?? raw.date;
  if (!date) return undefined;
  return defined({
    connection,
    id: raw.id,
    invoiceId: raw.invoiceId ?? undefined,
    studentId: raw.studentId ?? undefined,
    amount: raw.amount,
    currency: raw.currency ?? "GBP",
    date,
    method: raw.method ?? undefined,
    status: raw.status ?? undefined,
  });
}

export function toMessage(raw: UpMessage, threadId?: string): Message {
  return defined({
    id: raw.id,
    threadId: raw.threadId ?? threadId,
    senderType: raw.senderType ?? undefined,
    senderName: raw.senderName ?? undefined,
    content: raw.content,
    sentAt: raw.sentAt,
  });
}

export function toThread(connection: string, raw: UpThread): MessageThread {
  const messages = (raw.messages ?? []).map((m) => toMessage(m, raw.id));
  const participants = (raw.participants ?? []).map((p) => (p.type ? `${p.name} (${p.type})` : p.name));
  return defined({
    connection,
    id: raw.id,
    subject: raw.subject ?? undefined,
    participants: participants.filter(Boolean),
    lastMessageAt: raw.lastMessageAt ?? messages.at(-1)?.sentAt,
    messageCount: messages.length,
    messages,
  });
}
