import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallContext } from "../../src/domain/connector.js";
import { createReadReport } from "../../src/domain/read-report.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { ConflictError } from "../../src/errors.js";
import { VARIANT_NAMES, variantFlags } from "../../src/sandbox/common/variants.js";
import { addDays } from "../../src/time/local.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/**
 * The connector against every sandbox variant (src/sandbox/centrecareos/variants.ts): each is a server a
 * careful reader of the portal could have written, and the core answers must be those of the default
 * sandbox. Both run the same seed on one pinned instant, a Monday mid-morning after drop-off and before the
 * first collection, so the day looks the same however long the suite takes.
 */
const AT = "2026-12-07T10:30:00Z";
const TODAY = "2026-12-07";
const SEED = 73;

const context = (): CallContext & { report: ReturnType<typeof createReadReport> } => ({
  ...callContext(SCOPES),
  report: createReadReport(),
});

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));
const byKey = <T extends { studentId: string; date: string; checkInAt?: string | null }>(records: T[]) =>
  [...records].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.studentId.localeCompare(b.studentId) ||
      (a.checkInAt ?? "").localeCompare(b.checkInAt ?? ""),
  );

/** Every record of a paged list, walked by cursor with a small limit. */
async function walk<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string }>,
  limit: number,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list(cursor);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  expect(cursor).toBeUndefined();
  return all;
}

let reference: CentreCareOsHarness;
beforeAll(async () => {
  reference = await startCentreCareOsHarness({ seed: SEED, at: AT });
});
afterAll(() => reference.close());

describe.each(VARIANT_NAMES)("against the %s variant", (variant) => {
  let subject: CentreCareOsHarness;
  let ours: CentreCareOsOps;
  let theirs: CentreCareOsOps;
  const flags = variantFlags(variant);

  /** The same question to both; the answers compared after `shape`. */
  async function same<T>(
    ask: (c: CentreCareOsOps, ctx: CallContext) => Promise<T>,
    shape = (v: T): unknown => v,
  ) {
    const expected = await ask(ours, context());
    const ctx = context();
    const actual = await ask(theirs, ctx);
    expect(shape(actual)).toEqual(shape(expected));
    // A variant never makes a record unreadable: every form it sends is one the connector reads.
    expect(ctx.report.tally().unreadable).toEqual([]);
    return { expected, actual, ctx };
  }

  beforeAll(async () => {
    subject = await startCentreCareOsHarness({ seed: SEED, at: AT, sandbox: { variant } });
    ours = reference.connector;
    theirs = subject.connector;
    expect(subject.sandbox.state.store.today()).toBe(TODAY);
  });
  afterAll(() => subject.close());

  const store = () => subject.sandbox.state.store;
  const inToday = () =>
    store()
      .attendance()
      .filter((r) => r.date === TODAY && !r.checkOutAt);
  const notArrived = () =>
    store().data.students.filter(
      (s) =>
        s.enrollmentStatus === "enrolled" &&
        s.roomId !== null &&
        !store()
          .attendance()
          .some((r) => r.studentId === s.id && r.date === TODAY),
    );

  describe("lists are complete", () => {
    it("lists every child, with a total, in one call", async () => {
      const { actual } = await same(
        (c, ctx) => c.listStudents({ limit: 500 }, ctx),
        (p) => ({
          items: byId(p.items),
          nextCursor: p.nextCursor,
          total: p.total,
        }),
      );
      expect(actual.items).toHaveLength(71);
      expect(actual.total).toBe(71);
    });

    it("walks the children by cursor, a small page at a time, to the same list", async () => {
      const all = (c: CentreCareOsOps) =>
        walk((cursor) => c.listStudents({ limit: 9, ...(cursor ? { cursor } : {}) }, context()), 9);
      const [expected, actual] = [await all(ours), await all(theirs)];
      expect(byId(actual)).toEqual(byId(expected));
      expect(new Set(actual.map((s) => s.id)).size).toBe(71);
    });

    it("lists a room's children, a status and a name search, applying each filter itself", async () => {
      const robins = await same(
        (c, ctx) => c.listStudents({ groupId: "Robins" }, ctx),
        (p) => byId(p.items),
      );
      expect(robins.actual.items.length).toBeGreaterThan(3);
      expect(robins.actual.items.every((s) => s.roomId === "room_1")).toBe(true);
      const left = await same(
        (c, ctx) => c.listStudents({ enrolmentStatus: "left" }, ctx),
        (p) => byId(p.items),
      );
      expect(left.actual.items.length).toBeGreaterThan(0);
      const someone = store().data.students[12];
      const found = await same(
        (c, ctx) => c.listStudents({ search: someone?.lastName ?? "" }, ctx),
        (p) => byId(p.items),
      );
      expect(found.actual.items.map((s) => s.id)).toContain(someone?.id);
    });

    it("lists staff and rooms with occupancy by the same day", async () => {
      await same((c, ctx) => c.listStaff({}, ctx));
      const { actual } = await same((c, ctx) => c.listGroups({}, ctx));
      expect(actual.map((g) => g.name)).toEqual(["Robins", "Wrens", "Owls", "Kingfishers"]);
      expect(actual.reduce((n, g) => n + (g.occupancy ?? 0), 0)).toBe(
        new Set(inToday().map((r) => r.studentId)).size,
      );
    });
  });

  describe("single records", () => {
    it("reads a child with contacts and medical detail, and never claims 'no allergies' it was not told", async () => {
      const students = store().data.students;
      const allergic = students.find((s) => s.allergies.length > 0);
      const none = students.find((s) => s.allergies.length === 0 && s.medicalNotes === null);
      for (const child of [allergic, none]) {
        if (!child) throw new Error("the seed should have children with and without allergies");
        const expected = await ours.getStudent(child.id, context());
        const actual = await theirs.getStudent(child.id, context());
        if (flags.nulls && child.allergies.length === 0) {
          // The variant sends null for an empty list: not stated, so not "none".
          expect(actual.medical).toEqual({});
          expect({ ...actual, medical: expected.medical }).toEqual(expected);
        } else expect(actual).toEqual(expected);
        expect(JSON.stringify(actual.medical)).not.toMatch(/unspecified/i);
      }
    });

    it("reads one room (GET /rooms/:id) and one member of staff (GET /staff/:id) as the lists give them", async () => {
      const all = await theirs.listGroups({}, context());
      const robins = all.find((g) => g.name === "Robins");
      const { actual: room } = await same((c, ctx) => c.listGroups({ id: robins?.id ?? "" }, ctx));
      expect(room).toEqual([robins]);
      const staff = (await theirs.listStaff({}, context())).items;
      const member = staff[1];
      const { actual: one } = await same((c, ctx) => c.listStaff({ id: member?.id ?? "" }, ctx));
      expect(one.items).toEqual([member]);
      const asked = subject.sandbox.state.store.data;
      expect(asked.rooms.some((r) => r.id === robins?.id)).toBe(true);
      await expect(theirs.listGroups({ id: "room-missing" }, context())).rejects.toThrow(/no room with id/);
      await expect(theirs.listStaff({ id: "staff-missing" }, context())).rejects.toThrow(
        /no member of staff/,
      );
    });

    it("reads an invoice with its line items", async () => {
      const invoice = store().data.invoices.find((i) => i.status === "partially_paid");
      const { actual } = await same((c, ctx) => c.getInvoice(invoice?.id ?? "", ctx));
      expect(actual.lineItems?.length).toBeGreaterThan(0);
      expect(actual.balance).toBe(invoice?.balance);
    });
  });

  describe("attendance", () => {
    it("answers today's register for everyone", async () => {
      const { actual } = await same(
        (c, ctx) => c.getAttendance({ from: TODAY, to: TODAY }, ctx),
        (r) => ({ records: byKey(r.records), totals: r.totals }),
      );
      expect(actual.totals.checkedIn).toBeGreaterThan(30);
      for (const record of actual.records) {
        expect(record.date).toBe(TODAY);
        // Real times, never a midnight made up for a time that could not be read.
        if (record.checkInAt) expect(record.checkInAt).not.toMatch(/T00:00/);
      }
    });

    it("answers 'who is in Robins today' with the room's children only", async () => {
      const { actual } = await same(
        (c, ctx) => c.getAttendance({ from: TODAY, to: TODAY, groupId: "Robins" }, ctx),
        (r) => ({ records: byKey(r.records), roomStatus: r.roomStatus, totals: r.totals }),
      );
      const robins = new Set(
        store()
          .data.students.filter((s) => s.roomId === "room_1")
          .map((s) => s.id),
      );
      expect(actual.records.every((r) => robins.has(r.studentId) && r.room === "Robins")).toBe(true);
      expect(actual.roomStatus?.present.length).toBeGreaterThan(0);
    });

    it("answers 'is this child in?' with that child's visit only", async () => {
      const child = inToday()[0];
      const { actual } = await same(
        (c, ctx) => c.getAttendance({ from: TODAY, to: TODAY, studentId: child?.studentId ?? "" }, ctx),
        (r) => byKey(r.records),
      );
      expect(actual.records.map((r) => [r.studentId, r.status])).toEqual([[child?.studentId, "checked_in"]]);
    });

    it("gives a child's last four days, both ends included, and a single past day", async () => {
      const from = addDays(TODAY, -3);
      const child = store().data.students.find((s) =>
        [from, TODAY].every((day) =>
          store()
            .attendance()
            .some((r) => r.studentId === s.id && r.date === day),
        ),
      );
      if (!child) throw new Error("the seed should have a child in on both ends of the range");
      const range = await same(
        (c, ctx) => c.getAttendance({ from, to: TODAY, studentId: child.id }, ctx),
        (r) => byKey(r.records),
      );
      const dates = range.actual.records.map((r) => r.date);
      expect(dates).toContain(from);
      expect(dates).toContain(TODAY);
      expect(range.actual.records.every((r) => r.studentId === child.id && r.date >= from)).toBe(true);
      const single = await same(
        (c, ctx) => c.getAttendance({ from, to: from, studentId: child.id }, ctx),
        (r) => byKey(r.records),
      );
      expect(single.actual.records.map((r) => r.date)).toEqual([from]);
    });

    it("gives a room's last week", async () => {
      const from = addDays(TODAY, -7);
      const to = addDays(TODAY, -1);
      const { actual } = await same(
        (c, ctx) => c.getAttendance({ from, to, groupId: "Owls" }, ctx),
        (r) => byKey(r.records),
      );
      // Monday to Sunday: the nursery's five open days, the first day of the range among them.
      expect([...new Set(actual.records.map((r) => r.date))].sort()).toEqual([
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
        "2026-12-03",
        "2026-12-04",
      ]);
      expect(actual.records.every((r) => r.room === "Owls" && r.date >= from && r.date <= to)).toBe(true);
      expect(actual.records.length).toBeGreaterThan(20);
    });
  });

  describe("billing", () => {
    it("lists invoices by status and by child, and payments of an invoice, complete", async () => {
      const overdue = await same(
        (c, ctx) => c.listInvoices({ status: "overdue" }, ctx),
        (p) => byId(p.items),
      );
      expect(overdue.actual.items.length).toBe(
        store().data.invoices.filter((i) => i.status === "overdue").length,
      );
      const child = store().data.invoices[3]?.studentId ?? "";
      const own = await same(
        (c, ctx) => c.listInvoices({ studentId: child }, ctx),
        (p) => byId(p.items),
      );
      expect(own.actual.items.every((i) => i.studentId === child)).toBe(true);
      expect(own.actual.items.length).toBe(store().data.invoices.filter((i) => i.studentId === child).length);
      const invoiceId = store().payments()[0]?.invoiceId ?? "";
      const paid = await same(
        (c, ctx) => c.listPayments({ invoiceId }, ctx),
        (p) => byId(p.items),
      );
      expect(paid.actual.items.length).toBeGreaterThan(0);
      expect(paid.actual.items.every((p) => p.invoiceId === invoiceId)).toBe(true);
    });

    it("walks every payment by cursor", async () => {
      const all = (c: CentreCareOsOps) =>
        walk((cursor) => c.listPayments({ limit: 60, ...(cursor ? { cursor } : {}) }, context()), 60);
      const [expected, actual] = [await all(ours), await all(theirs)];
      expect(byId(actual)).toEqual(byId(expected));
      expect(actual.length).toBe(store().payments().length);
    });
  });

  describe("messages", () => {
    it("lists the threads, one thread by id, and previews a reply to that thread's own people", async () => {
      await same((c, ctx) => c.listMessages({}, ctx));
      const thread = store().threads()[4];
      const one = await same((c, ctx) => c.listMessages({ threadId: thread?.id ?? "" }, ctx));
      expect(one.actual.items.map((t) => t.id)).toEqual([thread?.id]);
      const preview = await same((c, ctx) =>
        c.resolveRecipients({ threadId: thread?.id ?? "", content: "Hi" }, ctx),
      );
      expect(preview.actual).toEqual(thread?.participants.map((p) => `${p.name} (${p.type})`));
    });
  });

  describe("writes", () => {
    it("checks in a child whose only visits today are other children's, once", async () => {
      const child = notArrived()[0];
      if (!child) throw new Error("the seed should leave a child not yet arrived");
      const result = await theirs.recordAttendance({ studentId: child.id, action: "check_in" }, context());
      expect(result.outcome).toBe("checked_in");
      expect(result.record).toMatchObject({
        studentId: child.id,
        studentName: `${child.firstName} ${child.lastName}`,
        date: TODAY,
        status: "checked_in",
      });
      const again = await theirs.recordAttendance({ studentId: child.id, action: "check_in" }, context());
      expect(again.outcome).toBe("already_checked_in");
      expect(again.record.studentId).toBe(child.id);
      const visits = store()
        .attendance()
        .filter((r) => r.studentId === child.id && r.date === TODAY);
      expect(visits).toHaveLength(1);
    });

    it("refuses to check out a child who is not in while others are, writing nothing", async () => {
      const child = notArrived()[0];
      if (!child) throw new Error("the seed should leave a child not yet arrived");
      const before = JSON.stringify(store().data.attendance);
      const attempt = theirs.recordAttendance({ studentId: child.id, action: "check_out" }, context());
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      expect(JSON.stringify(store().data.attendance)).toBe(before);
    });

    it("checks out a child who is in", async () => {
      const visit = inToday()[0];
      const result = await theirs.recordAttendance(
        { studentId: visit?.studentId ?? "", action: "check_out" },
        context(),
      );
      expect(result).toMatchObject({ outcome: "checked_out", record: { studentId: visit?.studentId } });
      expect(result.record.checkOutAt).toBeTruthy();
    });

    it("replies in a thread and reads the reply back in it", async () => {
      const thread = store().threads()[6];
      const sent = await theirs.sendMessage({ threadId: thread?.id ?? "", content: "Thank you!" }, context());
      expect(sent.threadId).toBe(thread?.id);
      expect(sent.sentAt).toMatch(/Z$/);
      const read = await theirs.listMessages({ threadId: thread?.id ?? "" }, context());
      expect(read.items[0]?.messages?.at(-1)).toMatchObject({ id: sent.messageId, content: "Thank you!" });
    });
  });
});
