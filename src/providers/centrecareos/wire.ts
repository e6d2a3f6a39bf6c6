import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import { localDate, zonedEpoch } from "../../time/local.js";
import { isRecord, withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER, TIME_ZONE } from "./endpoints.js";

/**
 * What we read from CentreCareOS. The portal names a handful of fields (the SDK's camelCase firstName,
 * lastName, dateOfBirth, roomId, studentId, threadId, content, note); every other name and form is assumed,
 * so each record type declares here, once, the alternatives a tenant may send (snake_case, nested
 * references, other words for the same thing), and each form is read strictly: a value we cannot read makes
 * the record unreadable (counted by the caller), never a default that looks real. Unknown fields are
 * stripped by zod's default object parsing.
 */

const Num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

const NAIVE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The epoch of a date-time: zoned as given, or a wall-clock one read as the nursery's London time. */
export function instantEpoch(value: string): number | undefined {
  const text = value.trim();
  if (ZONED.test(text)) {
    const epoch = Date.parse(text);
    return Number.isNaN(epoch) ? undefined : epoch;
  }
  const naive = NAIVE.exec(text);
  if (naive?.[1] && naive[2]) return zonedEpoch(naive[1], naive[2], TIME_ZONE);
  return undefined;
}

/** One form for every instant we show: UTC, whole seconds without a fraction (2026-07-01T07:05:00Z). */
export function isoInstant(epoch: number): string {
  const iso = new Date(epoch).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** A date-time in any zone or none (London), as our one form. */
const Instant = z.string().transform((value, ctx) => {
  const epoch = instantEpoch(value);
  if (epoch === undefined) {
    ctx.addIssue({ code: "custom", message: "not a date-time" });
    return z.NEVER;
  }
  return isoInstant(epoch);
});
const OptionalInstant = z.union([Instant, z.null(), z.literal("")]).optional();

/** A date, or a date-time whose London date it is. */
const Day = z.string().transform((value, ctx) => {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const epoch = instantEpoch(text);
  if (epoch === undefined) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return localDate(epoch, TIME_ZONE);
});

/** A value written as a code or a display name ("Partially paid", "PARTIALLY-PAID") as its code. */
export const code = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

// ---- people and rooms ---------------------------------------------------------------------------------

const NAME_ALIASES = {
  firstName: ["first_name", "firstname", "given_name"],
  lastName: ["last_name", "lastname", "surname", "family_name"],
  name: ["full_name", "fullName", "display_name", "displayName"],
} as const;

export const UpStaffRef = z.union([
  z.string().transform((name) => ({ name })),
  withAliases(NAME_ALIASES, z.object({ id: Id.optional(), firstName: Text, lastName: Text, name: Text })),
]);

export const UpRoom = withAliases(
  {
    name: ["room_name", "roomName", "title"],
    capacity: ["max_capacity", "maxCapacity"],
    assignedStaff: ["assigned_staff", "staff", "teachers"],
  },
  z.object({
    id: Id,
    name: z.string(),
    capacity: Num.nullish(),
    assignedStaff: z.array(UpStaffRef).nullish(),
  }),
);
export type UpRoom = z.infer<typeof UpRoom>;

export const UpParent = withAliases(
  {
    ...NAME_ALIASES,
    relationship: ["relation", "relationship_type", "relationshipType"],
    email: ["email_address", "emailAddress"],
    phone: ["phone_number", "phoneNumber", "mobile", "telephone"],
    isPrimary: ["is_primary", "primary", "primaryContact", "primary_contact"],
  },
  z.object({
    id: Id.optional(),
    firstName: Text,
    lastName: Text,
    name: Text,
    relationship: Text,
    email: Text,
    phone: Text,
    isPrimary: z.boolean().nullish(),
  }),
);

/** Words a tenant writes where no allergy or condition is known: never shown as one. */
const NOT_A_CONDITION = new Set(["", "unspecified", "unknown", "not specified", "n/a", "na", "null"]);
const NONE = new Set(["none", "no allergies", "nkda", "none known"]);

/**
 * Allergies as names, or null when the record does not say. Entries may be names or objects naming the
 * allergen, a list or one comma-separated text; "none" is the provider saying none (an empty list), and an
 * entry such as "unspecified" is no allergy at all.
 */
const Allergies = z
  .union([
    z.string(),
    z.array(
      z.union([
        z.string(),
        withAliases(
          { name: ["allergen", "substance", "description", "label", "title"] },
          z.object({ name: Text }),
        ).transform((a) => a.name ?? ""),
      ]),
    ),
  ])
  .transform((value) => {
    const names = (typeof value === "string" ? value.split(/[,;]/) : value).map((n) => n.trim());
    if (names.some((n) => NONE.has(n.toLowerCase()))) return [];
    return names.filter((n) => !NOT_A_CONDITION.has(n.toLowerCase()));
  });

/** Medical notes as text; a list of conditions joins into one; "unspecified" is no note. */
const MedicalNotes = z.union([z.string(), z.array(z.string())]).transform((value) => {
  const parts = (typeof value === "string" ? [value] : value)
    .map((p) => p.trim())
    .filter((p) => !NOT_A_CONDITION.has(p.toLowerCase()));
  return parts.length ? parts.join("; ") : undefined;
});

export const UpStudent = withAliases(
  {
    ...NAME_ALIASES,
    preferredName: ["preferred_name", "knownAs", "known_as", "nickname"],
    dateOfBirth: ["date_of_birth", "dob", "birthDate", "birth_date"],
    roomId: ["room_id", "room.id", "classroomId", "classroom_id", "classroom.id"],
    enrollmentStatus: ["enrollment_status", "enrolmentStatus", "enrolment_status", "status"],
    startDate: ["start_date", "enrollmentDate", "enrollment_date", "enrolledOn", "enrolled_on"],
    parents: ["guardians", "contacts", "parent_contacts", "parentContacts"],
    allergies: ["medical.allergies", "medical_info.allergies", "medicalInfo.allergies"],
    medicalNotes: [
      "medical_notes",
      "medical.notes",
      "medical_info.notes",
      "medicalInfo.notes",
      "medicalConditions",
      "medical_conditions",
      "medical.conditions",
    ],
  },
  z.object({
    id: Id,
    firstName: z.string(),
    lastName: z.string(),
    preferredName: Text,
    dateOfBirth: Day.nullish(),
    gender: Text,
    roomId: Id.nullish(),
    enrollmentStatus: Text,
    startDate: Day.nullish(),
    parents: z.array(UpParent).nullish(),
    allergies: Allergies.nullish(),
    medicalNotes: MedicalNotes.nullish(),
  }),
);
export type UpStudent = z.infer<typeof UpStudent>;

/** Staff rooms as ids, given as ids or as room references. */
const RoomIds = z.array(
  z.union([Id, withAliases({ id: ["room_id", "roomId"] }, z.object({ id: Id })).transform((r) => r.id)]),
);

export const UpStaff = withAliases(
  {
    ...NAME_ALIASES,
    role: ["job_title", "jobTitle", "position"],
    email: ["email_address", "emailAddress"],
    status: ["employment_status", "employmentStatus"],
    roomIds: ["room_ids", "rooms", "assignedRooms", "assigned_rooms"],
  },
  z.object({
    id: Id,
    firstName: z.string(),
    lastName: z.string(),
    role: Text,
    email: Text,
    status: Text,
    roomIds: RoomIds.nullish(),
  }),
);
export type UpStaff = z.infer<typeof UpStaff>;

// ---- attendance ---------------------------------------------------------------------------------------

const WireAttendance = withAliases(
  {
    studentId: ["student_id", "student.id", "childId", "child_id", "child.id"],
    roomId: ["room_id", "room.id"],
    date: ["attendance_date", "attendanceDate", "day", "visit_date"],
    checkInAt: [
      "check_in_at",
      "checkInTime",
      "check_in_time",
      "checkedInAt",
      "checked_in_at",
      "checkIn.at",
      "check_in.at",
      "check_in.time",
    ],
    checkOutAt: [
      "check_out_at",
      "checkOutTime",
      "check_out_time",
      "checkedOutAt",
      "checked_out_at",
      "checkOut.at",
      "check_out.at",
      "check_out.time",
    ],
    note: ["notes", "comment", "comments"],
  },
  z.object({
    id: Id.optional(),
    studentId: Id,
    roomId: Id.nullish(),
    date: Day.nullish(),
    checkInAt: Text,
    checkOutAt: Text,
    note: Text,
  }),
);

export interface UpAttendance {
  id?: string;
  studentId: string;
  roomId?: string;
  /** The London day of the visit. */
  date: string;
  checkInAt?: string;
  checkOutAt?: string;
  note?: string;
}

/**
 * A visit with its day and times in our form: times may be instants or the register's wall-clock time
 * (HH:MM[:SS], London) on the visit's date; a visit with no date takes its check-in's London day. A time we
 * cannot read, or a visit with no day at all, is unreadable: never a 00:00 or a guessed day.
 */
export function readAttendance(raw: unknown): UpAttendance | undefined {
  const parsed = WireAttendance.safeParse(raw);
  if (!parsed.success) return undefined;
  const wire = parsed.data;
  const time = (value: string | null | undefined): string | null | undefined => {
    if (value === undefined || value === null || value.trim() === "") return undefined;
    const text = value.trim();
    if (/^\d{2}:\d{2}(:\d{2})?$/.test(text)) {
      return wire.date ? isoInstant(zonedEpoch(wire.date, text, TIME_ZONE)) : null;
    }
    const epoch = instantEpoch(text);
    return epoch === undefined ? null : isoInstant(epoch);
  };
  const checkInAt = time(wire.checkInAt);
  const checkOutAt = time(wire.checkOutAt);
  if (checkInAt === null || checkOutAt === null) return undefined;
  const date = wire.date ?? (checkInAt ? localDate(Date.parse(checkInAt), TIME_ZONE) : undefined);
  if (!date) return undefined;
  return {
    ...(wire.id === undefined ? {} : { id: wire.id }),
    studentId: wire.studentId,
    ...(wire.roomId ? { roomId: wire.roomId } : {}),
    date,
    ...(checkInAt ? { checkInAt } : {}),
    ...(checkOutAt ? { checkOutAt } : {}),
    ...(wire.note ? { note: wire.note } : {}),
  };
}

// ---- billing ------------------------------------------------------------------------------------------

export const UpLineItem = withAliases(
  {
    description: ["name", "title", "label"],
    quantity: ["qty"],
    unitPrice: ["unit_price", "unitAmount", "unit_amount", "rate"],
    amount: ["total", "line_total", "lineTotal", "amount_total"],
  },
  z.object({
    description: z.string(),
    quantity: Num.nullish(),
    unitPrice: Num.nullish(),
    amount: Num,
  }),
);

export const UpInvoice = withAliases(
  {
    number: ["invoice_number", "invoiceNumber", "invoice_no"],
    studentId: ["student_id", "student.id", "childId", "child_id", "child.id"],
    issueDate: ["issue_date", "issuedOn", "issued_on", "issuedAt", "issued_at", "invoice_date", "date"],
    dueDate: ["due_date", "dueOn", "due_on"],
    currency: ["currency_code", "currencyCode"],
    total: ["total_amount", "totalAmount", "amount_total", "amount"],
    amountPaid: ["amount_paid", "paid_amount", "paidAmount"],
    balance: ["balance_due", "balanceDue", "amount_due", "amountDue", "outstanding"],
    lineItems: ["line_items", "items", "lines"],
  },
  z.object({
    id: Id,
    number: Text,
    studentId: Id.nullish(),
    status: z.string().transform(code),
    issueDate: Day.nullish(),
    dueDate: Day.nullish(),
    currency: Text,
    total: Num,
    amountPaid: Num.nullish(),
    balance: Num.nullish(),
    lineItems: z.array(UpLineItem).nullish(),
  }),
);
export type UpInvoice = z.infer<typeof UpInvoice>;

export const UpPayment = withAliases(
  {
    invoiceId: ["invoice_id", "invoice.id"],
    studentId: ["student_id", "student.id", "childId", "child_id"],
    currency: ["currency_code", "currencyCode"],
    method: ["payment_method", "paymentMethod"],
    paidAt: [
      "paid_at",
      "paidOn",
      "paid_on",
      "paymentDate",
      "payment_date",
      "date",
      "processedAt",
      "processed_at",
      "createdAt",
      "created_at",
    ],
  },
  z.object({
    id: Id,
    invoiceId: Id.nullish(),
    studentId: Id.nullish(),
    amount: Num,
    currency: Text,
    method: Text,
    status: Text,
    // A payment with no day is unreadable: listing it undated would misplace it in every range.
    paidAt: Day,
  }),
);
export type UpPayment = z.infer<typeof UpPayment>;

// ---- messages -----------------------------------------------------------------------------------------

/** A participant as a bare name or an object; either way a name and, when given, "parent" or "staff". */
export const UpParticipant = z.union([
  z.string().transform((name) => ({ name, type: undefined as string | undefined })),
  withAliases(
    { ...NAME_ALIASES, type: ["role", "kind", "participant_type", "participantType"] },
    z.object({ id: Id.optional(), type: Text, name: Text, firstName: Text, lastName: Text }),
  ).transform((p) => ({
    name: (p.name ?? [p.firstName, p.lastName].filter(Boolean).join(" ")).trim(),
    type: p.type ? code(p.type) : undefined,
  })),
]);

export const UpMessage = withAliases(
  {
    threadId: ["thread_id", "thread.id", "conversationId", "conversation_id"],
    senderType: ["sender_type", "sender.type", "sender.role", "from.type", "from.role"],
    senderName: ["sender_name", "sender.name", "sender.full_name", "sender.fullName", "from.name"],
    content: ["body", "text", "message"],
    sentAt: ["sent_at", "createdAt", "created_at", "timestamp", "sentOn"],
  },
  z.object({
    id: Id,
    threadId: Id.nullish(),
    senderType: Text,
    senderName: Text,
    content: z.string(),
    sentAt: Instant,
  }),
);
export type UpMessage = z.infer<typeof UpMessage>;

/** The answer to a send: the message, flat or under `message`. */
export const UpSent = z.preprocess(
  (raw) => (isRecord(raw) && isRecord(raw["message"]) && raw["id"] === undefined ? raw["message"] : raw),
  UpMessage,
);

export const UpThread = withAliases(
  {
    subject: ["title", "topic"],
    participants: ["members", "recipients"],
    lastMessageAt: ["last_message_at", "lastActivityAt", "last_activity_at", "updatedAt", "updated_at"],
    messages: ["thread_messages", "items"],
  },
  z.object({
    id: Id,
    subject: Text,
    participants: z.array(UpParticipant).nullish(),
    lastMessageAt: OptionalInstant,
    // Read one by one by the caller, so one unreadable message is counted, not the thread lost.
    messages: z.array(z.unknown()).nullish(),
  }),
);
export type UpThread = z.infer<typeof UpThread>;

/** Parses or fails with a typed error naming the field, never the value. */
export function parseAs<T>(schema: z.ZodType<T, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new InvalidResponseError(PROVIDER, `unexpected ${what}${where}`);
}
