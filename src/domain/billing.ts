import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

export const InvoiceStatus = z.enum([
  "draft",
  "pending",
  "paid",
  "overdue",
  "partially_paid",
  "void",
  "unknown",
]);

export const InvoiceLineItem = z.object({
  description: z.string(),
  quantity: z.number().optional(),
  unitAmount: z.number().optional(),
  amount: z.number(),
});

export const Invoice = z.object({
  ...Labelled,
  id: z.string(),
  number: z.string().optional(),
  studentId: z.string().optional(),
  studentName: z.string().optional(),
  status: InvoiceStatus,
  issueDate: IsoDate.optional(),
  dueDate: IsoDate.optional(),
  currency: z.string().optional().describe("ISO code; absent when the provider did not say"),
  total: z.number(),
  amountPaid: z.number().optional(),
  balance: z.number().optional(),
  lineItems: z.array(InvoiceLineItem).optional(),
});
export type Invoice = z.infer<typeof Invoice>;

export const Payment = z.object({
  ...Labelled,
  id: z.string(),
  invoiceId: z.string().optional(),
  studentId: z.string().optional(),
  amount: z.number(),
  currency: z.string().optional().describe("ISO code; absent when the provider did not say"),
  date: IsoDate,
  method: z.string().optional(),
  status: z.string().optional(),
});
export type Payment = z.infer<typeof Payment>;
