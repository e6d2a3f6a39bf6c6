import { addDays, daysBetween, zonedEpoch } from "../../time/local.js";
import type { Random } from "../common/random.js";
import type { Invoice, LineItem, Payment, Student } from "./model.js";
import { TIME_ZONE, utcStamp } from "./time.js";

/** Day rates in pence, by room (younger rooms need more staff per child). */
const DAY_RATE: Record<string, number> = { room_1: 7800, room_2: 7400, room_3: 7000, room_4: 6600 };
const MONTHS = "January February March April May June July August September October November December".split(
  " ",
);
const METHODS = ["card", "bank_transfer", "childcare_voucher", "tax_free_childcare"] as const;

const pounds = (pence: number) => Math.round(pence) / 100;

function line(description: string, quantity: number, unitPence: number): LineItem & { pence: number } {
  const pence = quantity * unitPence;
  return { description, quantity, unitPrice: pounds(unitPence), amount: pounds(pence), pence };
}

/** Invoices go out every 30 days, the latest batch five days ago, so this batch is always still open. */
function batchDate(today: string, batchesAgo: number): string {
  return addDays(today, -(5 + 30 * batchesAgo));
}

/**
 * Monthly invoices per enrolled child for the last `months` batches (drafts, pending and paid in the open one,
 * mostly paid before, a few overdue or partially paid), with the payments that settled them. Amounts are computed in pence
 * so totals add up exactly.
 */
export function generateBilling(
  random: Random,
  today: string,
  students: Student[],
  months: number,
): { invoices: Invoice[]; payments: Payment[] } {
  const invoices: Invoice[] = [];
  const payments: Payment[] = [];
  const enrolled = students.filter((s) => s.enrollmentStatus === "enrolled" && s.roomId !== null);
  for (let monthsAgo = months - 1; monthsAgo >= 0; monthsAgo--) {
    const issueDate = batchDate(today, monthsAgo);
    const dueDate = addDays(issueDate, 13);
    const period = `${MONTHS[Number(issueDate.slice(5, 7)) - 1]} ${issueDate.slice(0, 4)}`;
    for (const child of enrolled) {
      if (child.startDate > dueDate) continue;
      const items = lineItems(random, child, period, today);
      const totalPence = items.reduce((sum, item) => sum + item.pence, 0);
      const status = chooseStatus(random, monthsAgo, dueDate < today);
      const paidPence =
        status === "paid"
          ? totalPence
          : status === "partially_paid"
            ? Math.round((totalPence * random.int(30, 70)) / 10000) * 100
            : 0;
      const invoice: Invoice = {
        id: `inv_${5001 + invoices.length}`,
        number: `INV-${issueDate.slice(0, 4)}-${String(invoices.length + 1).padStart(4, "0")}`,
        studentId: child.id,
        familyId: child.familyId,
        status,
        issueDate,
        dueDate,
        currency: "GBP",
        subtotal: pounds(totalPence),
        total: pounds(totalPence),
        amountPaid: pounds(paidPence),
        balance: pounds(totalPence - paidPence),
        lineItems: items.map(({ pence: _pence, ...item }) => item),
      };
      invoices.push(invoice);
      payments.push(...settle(random, invoice, paidPence, today, payments.length));
    }
  }
  return { invoices, payments };
}

function chooseStatus(random: Random, monthsAgo: number, pastDue: boolean): Invoice["status"] {
  const roll = random.next();
  if (monthsAgo > 0) return roll < 0.85 ? "paid" : roll < 0.93 ? "partially_paid" : "overdue";
  if (roll < 0.12) return "draft";
  if (!pastDue) return roll < 0.4 ? "paid" : "pending";
  return roll < 0.6 ? "paid" : roll < 0.75 ? "partially_paid" : "overdue";
}

function lineItems(random: Random, child: Student, period: string, today: string) {
  const days = random.int(8, 20);
  const items = [line(`Nursery fees, ${period}: full days`, days, DAY_RATE[child.roomId ?? ""] ?? 7000)];
  items.push(line("Lunches and snacks", days, 350));
  const ageMonths = daysBetween(child.dateOfBirth, today) / 30.44;
  if (ageMonths >= 36) items.push(line("Funded hours credit (15 h a week)", 4, -8250));
  if (ageMonths < 30) items.push(line("Nappies and wipes", 1, 1200));
  if (random.chance(0.06)) items.push(line("Late collection fee", 1, 1500));
  return items;
}

function settle(random: Random, invoice: Invoice, paidPence: number, today: string, seq: number): Payment[] {
  const payments: Payment[] = [];
  const base = {
    invoiceId: invoice.id,
    studentId: invoice.studentId,
    currency: invoice.currency,
    reference: invoice.number,
  };
  // Office hours in London, and settled by yesterday evening: nothing is paid later than the clock's now.
  const when = (): string => {
    const from = zonedEpoch(invoice.issueDate, "09:00", TIME_ZONE);
    const until = Math.min(
      zonedEpoch(invoice.dueDate, "17:00", TIME_ZONE),
      zonedEpoch(addDays(today, -1), "17:00", TIME_ZONE),
    );
    const at = from + Math.floor((random.next() * Math.max(0, until - from)) / 60_000) * 60_000;
    return utcStamp(at);
  };
  if (invoice.status === "overdue" && random.chance(0.4)) {
    payments.push({
      ...base,
      id: `pay_${7001 + seq}`,
      amount: invoice.total,
      method: "card",
      status: "failed",
      paidAt: when(),
    });
  }
  if (paidPence > 0) {
    payments.push({
      ...base,
      id: `pay_${7001 + seq + payments.length}`,
      amount: pounds(paidPence),
      method: random.pick(METHODS),
      status: "succeeded",
      paidAt: when(),
    });
  }
  return payments;
}
