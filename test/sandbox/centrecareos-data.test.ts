import { describe, expect, it } from "vitest";
import { generateNursery } from "../../src/sandbox/centrecareos/data.js";

/** The seeded Little Acorns Nursery: deterministic, dated around today, shaped like a real nursery. */
describe("Little Acorns data", () => {
  it("gives byte-identical data for the same seed and day, and different data for another seed", () => {
    const a = JSON.stringify(generateNursery({ seed: 42, today: "2026-03-11" }));
    const b = JSON.stringify(generateNursery({ seed: 42, today: "2026-03-11" }));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(100_000);
    expect(JSON.stringify(generateNursery({ seed: 43, today: "2026-03-11" }))).not.toBe(a);
  });

  it("centres on today, so this morning has arrivals, collections and children not yet in", () => {
    const nursery = generateNursery({ seed: 1 });
    const today = new Date().toISOString().slice(0, 10);
    expect(nursery.today).toBe(today);
    const todays = nursery.attendance.filter((r) => r.date === today);
    const enrolled = nursery.students.filter((s) => s.enrollmentStatus === "enrolled");
    const checkedIn = todays.filter((r) => r.checkOutAt === null);
    const collected = todays.filter((r) => r.checkOutAt !== null);
    expect(checkedIn.length).toBeGreaterThan(enrolled.length / 2);
    expect(collected.length).toBeGreaterThan(0);
    expect(enrolled.length - todays.length).toBeGreaterThan(0);
    expect(nursery.attendance.some((r) => r.date < today)).toBe(true);
    expect(nursery.threads[0]?.lastMessageAt.slice(0, 10)).toBe(today);
  });

  it("has four rooms within capacity, staff in every room, and every invoice status", () => {
    const nursery = generateNursery({ seed: 20260901, today: "2026-09-14" });
    expect(nursery.rooms.map((r) => r.name)).toEqual(["Robins", "Wrens", "Owls", "Kingfishers"]);
    for (const room of nursery.rooms) {
      const children = nursery.students.filter((s) => s.roomId === room.id);
      expect(children.length, room.name).toBeLessThanOrEqual(room.capacity);
      expect(room.assignedStaff.length, room.name).toBeGreaterThan(0);
    }
    expect(nursery.students.length).toBe(71);
    expect(nursery.staff.length).toBe(14);
    const statuses = new Set(nursery.invoices.map((i) => i.status));
    expect([...statuses].sort()).toEqual(["draft", "overdue", "paid", "partially_paid", "pending"]);
    for (const invoice of nursery.invoices) {
      const sum = invoice.lineItems.reduce((total, item) => total + Math.round(item.amount * 100), 0);
      expect(sum).toBe(Math.round(invoice.total * 100));
      expect(Math.round((invoice.amountPaid + invoice.balance) * 100)).toBe(Math.round(invoice.total * 100));
    }
    expect(nursery.payments.length).toBeGreaterThan(50);
  });

  it("uses clearly fictional surnames and resizes on request", () => {
    const nursery = generateNursery({ seed: 5, sizes: { children: 30, historyDays: 5, invoiceMonths: 1 } });
    expect(nursery.students).toHaveLength(30);
    for (const student of nursery.students) {
      expect(student.lastName).toMatch(/(wick|by|ford|thorne|field|more|stead|combe)$/);
    }
    const days = new Set(nursery.attendance.map((r) => r.date));
    expect(days.size).toBe(6);
  });
});
