import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { Invoice, Payment } from "../../src/domain/billing.js";
import { Group } from "../../src/domain/groups.js";
import { MessageThread } from "../../src/domain/messages.js";
import { StaffMember, Student, StudentDetail } from "../../src/domain/people.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { NotFoundError, UserInputError } from "../../src/errors.js";
import type { CentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/** Reads: the connector against the simulated CentreCareOS over loopback HTTP. */
let harness: CentreCareOsHarness;
let sandbox: CentreCareOsSandbox;
let connector: CentreCareOsOps;
const ctx = callContext(SCOPES.filter((s) => s !== "sensitive:read"));

/** Parses with the domain schema and checks nothing was stripped: no upstream field leaked through. */
function expectExact<T>(schema: z.ZodType<T>, value: unknown) {
  expect(schema.parse(value)).toEqual(value);
}

beforeAll(async () => {
  harness = await startCentreCareOsHarness({ seed: 21 });
  ({ sandbox, connector } = harness);
});
afterAll(() => harness.close());

describe("students", () => {
  it("lists children as domain records, filtered by room name or id", async () => {
    const robins = await connector.listStudents({ groupId: "Robins" }, ctx);
    const expected = sandbox.state.store.data.students.filter((s) => s.roomId === "room_1").map((s) => s.id);
    expect(robins.items.map((s) => s.id).sort()).toEqual(expected.sort());
    for (const student of robins.items) {
      expectExact(Student, student);
      expect(student).toMatchObject({ connection: "little-acorns", room: "Robins", roomId: "room_1" });
    }
    const byId = await connector.listStudents({ groupId: "room_1" }, ctx);
    expect(byId.items.map((s) => s.id)).toEqual(robins.items.map((s) => s.id));
    expect((await connector.listStudents({ groupId: "the robins room" }, ctx)).items).toHaveLength(
      expected.length,
    );
  });

  it("refuses a room name that matches nothing, listing the rooms, and names an unknown room id", async () => {
    const name = connector.listStudents({ groupId: "Year 9" }, ctx);
    await expect(name).rejects.toBeInstanceOf(UserInputError);
    await expect(name).rejects.toThrow("Rooms: Robins, Wrens, Owls, Kingfishers");
    const id = connector.listStudents({ groupId: "room_77" }, ctx);
    await expect(id).rejects.toBeInstanceOf(NotFoundError);
    await expect(id).rejects.toThrow("room_77");
    await expect(connector.listStudents({ form: "9R" }, ctx)).rejects.toBeInstanceOf(UserInputError);
  });

  it("filters by enrolment status and name, and pages with a cursor across upstream pages", async () => {
    const left = await connector.listStudents({ enrolmentStatus: "left" }, ctx);
    expect(left.items.length).toBeGreaterThan(0);
    expect(left.items.every((s) => s.enrolmentStatus === "left")).toBe(true);
    await expect(connector.listStudents({ enrolmentStatus: "inactive" }, ctx)).rejects.toBeInstanceOf(
      UserInputError,
    );
    const someone = sandbox.state.store.data.students[5];
    const found = await connector.listStudents({ search: someone?.lastName.toUpperCase() }, ctx);
    expect(found.items.map((s) => s.id)).toContain(someone?.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await connector.listStudents({ limit: 30, ...(cursor ? { cursor } : {}) }, ctx);
      expect(page.items.length).toBeLessThanOrEqual(30);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(71);
    await expect(connector.listStudents({ cursor: "bogus" }, ctx)).rejects.toBeInstanceOf(UserInputError);
  });

  it("gets one child with parents as contacts, medical detail only with sensitive:read", async () => {
    const upstream = sandbox.state.store.data.students.find(
      (s) => s.medicalNotes !== null || s.allergies.length,
    );
    if (!upstream) throw new Error("the seed should give some child medical notes or allergies");
    const plain = await connector.getStudent(upstream.id, ctx);
    expectExact(StudentDetail, plain);
    expect(plain.contacts?.length).toBe(upstream.parents.length);
    expect(plain.medical).toBe("withheld (needs sensitive:read)");
    expect(plain.withheld).toEqual(["medical"]);
    const full = await connector.getStudent(upstream.id, { ...ctx, scopes: new Set(SCOPES) });
    // Each part is there when the record states it: no notes is no "notes" key, never an invented "none".
    expect(full.medical).toEqual({
      allergies: upstream.allergies,
      ...(upstream.medicalNotes === null ? {} : { notes: upstream.medicalNotes }),
    });
    expect(full.withheld).toBeUndefined();
    await expect(connector.getStudent("stu_404", ctx)).rejects.toThrow(/stu_404/);
  });
});

describe("rooms and staff", () => {
  it("lists rooms with capacity, staff names, children assigned and children in now", async () => {
    const groups = await connector.listGroups({}, ctx);
    expect(groups.map((g) => g.name)).toEqual(["Robins", "Wrens", "Owls", "Kingfishers"]);
    const { store } = sandbox.state;
    const today = store.today();
    for (const group of groups) {
      expectExact(Group, group);
      const inNow = store
        .attendance()
        .filter((r) => r.date === today && r.roomId === group.id && r.checkInAt && !r.checkOutAt).length;
      expect(group.occupancy, group.name).toBe(inNow);
      expect(group.capacity).toBe(store.room(group.id).capacity);
      expect(group.staff).toEqual(
        store.room(group.id).assignedStaff.map((s) => `${s.firstName} ${s.lastName}`),
      );
      expect(group.memberCount).toBe(
        store.data.students.filter((s) => s.roomId === group.id && s.enrollmentStatus === "enrolled").length,
      );
    }
    expect(await connector.listGroups({ kind: "form" }, ctx)).toEqual([]);
    expect((await connector.listGroups({ search: "owl" }, ctx)).map((g) => g.name)).toEqual(["Owls"]);
  });

  it("lists staff with their rooms, searched by name and paged", async () => {
    const all = await connector.listStaff({}, ctx);
    expect(all.items).toHaveLength(14);
    for (const member of all.items) expectExact(StaffMember, member);
    expect(all.items.some((m) => m.rooms?.includes("Wrens"))).toBe(true);
    const first = all.items[4];
    const found = await connector.listStaff({ search: first?.lastName.toLowerCase() }, ctx);
    expect(found.items.map((m) => m.id)).toContain(first?.id);
    const page = await connector.listStaff({ limit: 10 }, ctx);
    const rest = await connector.listStaff({ limit: 10, cursor: page.nextCursor }, ctx);
    expect([...page.items, ...rest.items].map((m) => m.id)).toEqual(all.items.map((m) => m.id));
    expect(rest.nextCursor).toBeUndefined();
  });
});

describe("billing", () => {
  it("lists invoices by status with child names, and refuses an unknown status", async () => {
    const overdue = await connector.listInvoices({ status: "overdue" }, ctx);
    const expected = sandbox.state.store.data.invoices.filter((i) => i.status === "overdue");
    expect(overdue.items).toHaveLength(expected.length);
    for (const invoice of overdue.items) {
      expectExact(Invoice, invoice);
      expect(invoice.status).toBe("overdue");
      expect(invoice.studentName).toMatch(/\w+ \w+/);
      expect(invoice.lineItems).toBeUndefined();
    }
    await expect(connector.listInvoices({ status: "unpaid" }, ctx)).rejects.toBeInstanceOf(UserInputError);
  });

  it("gets an invoice with line items, and names an unknown invoice id", async () => {
    const upstream = sandbox.state.store.data.invoices.find((i) => i.status === "partially_paid");
    if (!upstream) throw new Error("the seed should have a partially paid invoice");
    const invoice = await connector.getInvoice(upstream.id, ctx);
    expectExact(Invoice, invoice);
    expect(invoice).toMatchObject({
      total: upstream.total,
      amountPaid: upstream.amountPaid,
      balance: upstream.balance,
    });
    expect(invoice.lineItems).toEqual(
      upstream.lineItems.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unitPrice,
        amount: l.amount,
      })),
    );
    await expect(connector.getInvoice("inv_1", ctx)).rejects.toThrow(/inv_1/);
  });

  it("lists payments, for one invoice or all, paged", async () => {
    const invoice = sandbox.state.store.data.payments[0]?.invoiceId ?? "";
    const payments = await connector.listPayments({ invoiceId: invoice }, ctx);
    expect(payments.items.length).toBeGreaterThan(0);
    for (const payment of payments.items) {
      expectExact(Payment, payment);
      expect(payment.invoiceId).toBe(invoice);
    }
    const first = await connector.listPayments({ limit: 120 }, ctx);
    expect(first.items).toHaveLength(120);
    const second = await connector.listPayments({ limit: 120, cursor: first.nextCursor }, ctx);
    expect(first.items.length + second.items.length).toBe(sandbox.state.store.data.payments.length);
  });
});

describe("messages and check", () => {
  it("lists threads newest first, and one thread with its messages", async () => {
    const threads = await connector.listMessages({}, ctx);
    expect(threads.items.length).toBe(sandbox.state.store.threads().length);
    expect(threads.items.map((t) => t.id)).toEqual(sandbox.state.store.threads().map((t) => t.id));
    for (const thread of threads.items) expectExact(MessageThread, thread);
    const one = await connector.listMessages({ threadId: threads.items[1]?.id ?? "" }, ctx);
    expect(one.items).toHaveLength(1);
    expect(one.items[0]?.messages?.length).toBeGreaterThan(0);
    expect(one.items[0]?.participants.some((p) => p.endsWith("(parent)"))).toBe(true);
    await expect(connector.listMessages({ threadId: "thr_9" }, ctx)).rejects.toThrow(/thr_9/);
  });

  it("checks the connection with one cheap call", async () => {
    const before = sandbox.server.stats.requests;
    const { detail } = await connector.check(ctx);
    expect(detail).toMatch(/4 room\(s\); \d+ of 1000 requests left this hour/);
    expect(sandbox.server.stats.requests - before).toBe(1);
  });
});
