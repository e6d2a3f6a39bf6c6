import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER } from "./endpoints.js";

/**
 * What we read from CentreCareOS, tolerantly: ids as strings or numbers, numbers as numbers or strings,
 * nulls where a field is empty. Unknown fields are stripped by zod's default object parsing.
 */

const Num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
/** A date or a date-time; we keep the date part. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}/)
  .transform((value) => value.slice(0, 10));

export const UpStaffRef = z.union([
  z.string().transform((name) => ({ name })),
  z.object({ id: Id.optional(), firstName: Text, lastName: Text, name: Text }),
]);

export const UpRoom = z.object({
  id: Id,
  name: z.string(),
  capacity: Num.nullish(),
  assignedStaff: z.array(UpStaffRef).nullish(),
});
export type UpRoom = z.infer<typeof UpRoom>;

export const UpParent = z.object({
  id: Id.optional(),
  firstName: Text,
  lastName: Text,
  name: Text,
  relationship: Text,
  email: Text,
  phone: Text,
  isPrimary: z.boolean().nullish(),
});

export const UpStudent = z.object({
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
  allergies: z.array(z.string()).nullish(),
  medicalNotes: Text,
});
export type UpStudent = z.infer<typeof UpStudent>;

export const UpStaff = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  role: Text,
  email: Text,
  status: Text,
  roomIds: z.array(Id).nullish(),
});
export type UpStaff = z.infer<typeof UpStaff>;

export const UpAttendance = z.object({
  id: Id.optional(),
  studentId: Id,
  roomId: Id.nullish(),
  date: Day,
  checkInAt: Text,
  checkOutAt: Text,
  note: Text,
});
export type UpAttendance = z.infer<typeof UpAttendance>;

export const UpLineItem = z.object({
  description: z.string(),
  quantity: Num.nullish(),
  unitPrice: Num.nullish(),
  amount: Num,
});

export const UpInvoice = z.object({
  id: Id,
  number: Text,
  studentId: Id.nullish(),
  status: z.string(),
  issueDate: Day.nullish(),
  dueDate: Day.nullish(),
  currency: Text,
  total: Num,
  amountPaid: Num.nullish(),
  balance: Num.nullish(),
  lineItems: z.array(UpLineItem).nullish(),
});
export type UpInvoice = z.infer<typeof UpInvoice>;

export const UpPayment = z.object({
  id: Id,
  invoiceId: Id.nullish(),
  studentId: Id.nullish(),
  amount: Num,
  currency: Text,
  method: Text,
  status: Text,
  paidAt: Day.nullish(),
  date: Day.nullish(),
});
export type UpPayment = z.infer<typeof UpPayment>;

/** A participant as a bare name or an object; either way a name and, when given, "parent" or "staff". */
export const UpParticipant = z.union([
  z.string().transform((name) => ({ name, type: undefined as string | undefined })),
  z.object({ id: Id.optional(), type: Text, name: Text, firstName: Text, lastName: Text }).transform((p) => ({
    name: (p.name ?? [p.firstName, p.lastName].filter(Boolean).join(" ")).trim(),
    type: p.type ?? undefined,
  })),
]);

export const UpMessage = z.object({
  id: Id,
  threadId: Id.nullish(),
  senderType: Text,
  senderName: Text,
  content: z.string(),
  sentAt: z.string(),
});
export type UpMessage = z.infer<typeof UpMessage>;

export const UpThread = z.object({
  id: Id,
  subject: Text,
  participants: z.array(UpParticipant).nullish(),
  lastMessageAt: Text,
  messages: z.array(UpMessage).nullish(),
});
export type UpThread = z.infer<typeof UpThread>;

/** Parses or fails with a typed error naming the field, never the value. */
export function parseAs<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new InvalidResponseError(PROVIDER, `unexpected ${what}${where}`);
}
