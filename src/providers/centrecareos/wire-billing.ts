/** CentreCareOS wire forms of billing: invoices with their line items, and payments. */
import { z } from "zod";
import { withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { code, Day, Num } from "./wire.js";

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
