import { describe, expect, it } from "vitest";
import { TIME_ZONE } from "../../src/providers/centrecareos/endpoints.js";
import { generateNursery } from "../../src/sandbox/centrecareos/data.js";
import { DAYS_AHEAD } from "../../src/sandbox/centrecareos/data-attendance.js";
import { NurseryStore } from "../../src/sandbox/centrecareos/store.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { addDays, isWeekend, localDate, localParts, localToday } from "../../src/time/local.js";
import { INSTANTS } from "../providers/centrecareos-harness.js";

/** The seeded Little Acorns Nursery: deterministic, scheduled in London time, served up to the clock's now. */

/** The nursery as the sandbox holds it when its clock starts at `at` (scale: simulated ms per real ms). */
function nurseryAt(at: string, seed = 1) {
  const clock = createClock(1, at);
  return {
    clock,
    store: new NurseryStore(generateNursery({ seed, today: localToday(clock, TIME_ZONE) }), clock),
  };
}

const localTime = (iso: string) => localParts(Date.parse(iso), TIME_ZONE).time;

/** A clock the test moves by hand, for stepping across midnight between two reads. */
function handClock(at: string) {
  let now = Date.parse(at);
  return { now: () => now, set: (instant: string) => (now = Date.parse(instant)) };
}

describe("Little Acorns data", () => {
  it("gives byte-identical data for the same seed and day, and different data for another seed", () => {
    const a = JSON.stringify(generateNursery({ seed: 42, today: "2026-03-11" }));
    const b = JSON.stringify(generateNursery({ seed: 42, today: "2026-03-11" }));
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThan(100_000);
    expect(JSON.stringify(generateNursery({ seed: 43, today: "2026-03-11" }))).not.toBe(a);
  });

  it.each([
    ["in GMT", "2026-12-07"],
    ["in BST", "2026-07-01"],
  ])("schedules visits on weekdays at London times (%s)", (_zone, today) => {
    const nursery = generateNursery({ seed: 3, today });
    const todays = nursery.attendance.filter((r) => r.date === today);
    expect(todays.length).toBeGreaterThan(40);
    for (const record of nursery.attendance) {
      expect(isWeekend(record.date), record.date).toBe(false);
      expect(localDate(Date.parse(record.checkInAt ?? ""), TIME_ZONE)).toBe(record.date);
      expect(localTime(record.checkInAt ?? "") >= "07:30:00").toBe(true);
      expect(localTime(record.checkInAt ?? "") <= "09:30:00").toBe(true);
      const out = localTime(record.checkOutAt ?? "");
      expect((out >= "12:15:00" && out <= "13:30:00") || (out >= "15:00:00" && out <= "18:00:00"), out).toBe(
        true,
      );
    }
    // London time, not UTC: in summer the same arrivals are an hour earlier in UTC.
    const [from, to] = today === "2026-07-01" ? ["06:30:00", "08:30:00"] : ["07:30:00", "09:30:00"];
    for (const record of todays) {
      expect(record.checkInAt).toMatch(/Z$/);
      const utc = record.checkInAt?.slice(11, 19) ?? "";
      expect(utc >= from && utc <= to, utc).toBe(true);
    }
    for (const thread of nursery.threads) {
      for (const message of thread.messages) expect(localTime(message.sentAt) >= "07:05:00").toBe(true);
    }
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
    // Every payment was made by the evening before the day the data centres on.
    expect(nursery.payments.every((p) => localDate(Date.parse(p.paidAt), TIME_ZONE) < "2026-09-14")).toBe(
      true,
    );
  });

  it("uses clearly fictional surnames and resizes on request", () => {
    const nursery = generateNursery({
      seed: 5,
      today: "2026-03-11",
      sizes: { children: 30, historyDays: 5, invoiceMonths: 1 },
    });
    expect(nursery.students).toHaveLength(30);
    for (const student of nursery.students) {
      expect(student.lastName).toMatch(/(wick|by|ford|thorne|field|more|stead|combe)$/);
    }
    const days = [...new Set(nursery.attendance.map((r) => r.date))].sort();
    // Five weekdays before Wednesday 11 March, that day, and the weekdays of the week ahead.
    expect(DAYS_AHEAD).toBe(7);
    expect(days).toEqual([
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
      "2026-03-12",
      "2026-03-13",
      "2026-03-16",
      "2026-03-17",
      "2026-03-18",
    ]);
  });
});

describe.each(INSTANTS)("what the store serves at $name", (instant) => {
  const { clock, store } = nurseryAt(instant.at);
  const now = clock.now();
  const scheduled = store.data.attendance.filter((r) => r.date === instant.today);
  const served = store.attendance();
  const todays = served.filter((r) => r.date === instant.today);

  it("has the nursery's London date as today", () => {
    expect(store.today()).toBe(instant.today);
    expect(scheduled.length > 0).toBe(instant.open);
  });

  it("serves no check-in, check-out, message or payment later than now", () => {
    expect(served.length).toBeGreaterThan(100);
    for (const record of served) {
      expect(Date.parse(record.checkInAt ?? "")).toBeLessThanOrEqual(now);
      if (record.checkOutAt !== null) expect(Date.parse(record.checkOutAt)).toBeLessThanOrEqual(now);
      else expect(record.checkedOutBy).toBeNull();
      expect(record.date <= instant.today).toBe(true);
    }
    const threads = store.threads();
    expect(threads.length).toBeGreaterThanOrEqual(10);
    for (const thread of threads) {
      expect(thread.messages.length).toBeGreaterThan(0);
      expect(thread.lastMessageAt).toBe(thread.messages.at(-1)?.sentAt);
      for (const message of thread.messages) expect(Date.parse(message.sentAt)).toBeLessThanOrEqual(now);
    }
    const times = threads.map((t) => Date.parse(t.lastMessageAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(store.payments().length).toBeGreaterThan(50);
    expect(store.payments().every((p) => Date.parse(p.paidAt) <= now)).toBe(true);
  });

  it(`today: arrivals ${instant.arrived}, collections ${instant.collected}`, () => {
    const arrived = { none: 0, some: -1, all: scheduled.length }[instant.arrived];
    if (arrived >= 0) expect(todays).toHaveLength(arrived);
    else {
      expect(todays.length).toBeGreaterThan(0);
      expect(todays.length).toBeLessThan(scheduled.length);
    }
    const collected = todays.filter((r) => r.checkOutAt !== null).length;
    if (instant.collected === "none") expect(collected).toBe(0);
    if (instant.collected === "all") expect(collected).toBe(todays.length);
    if (instant.collected === "some") {
      expect(collected).toBeGreaterThan(0);
      expect(collected).toBeLessThan(todays.length);
    }
  });

  it("leaves earlier days as they were scheduled", () => {
    const earlier = store.data.attendance.filter((r) => r.date < instant.today);
    expect(earlier.length).toBeGreaterThan(1000);
    expect(served.filter((r) => r.date < instant.today)).toEqual(earlier);
  });
});

describe("a clock that crosses midnight", () => {
  it("moves today to the new date, where nobody has arrived yet, and keeps yesterday", () => {
    const clock = handClock("2026-12-02T23:59:50Z");
    const store = new NurseryStore(generateNursery({ seed: 1, today: "2026-12-02" }), clock);
    expect(store.today()).toBe("2026-12-02");
    const before = store.attendance().filter((r) => r.date === "2026-12-02");
    expect(before.length).toBeGreaterThan(40);
    expect(before.every((r) => r.checkOutAt !== null)).toBe(true);
    clock.set("2026-12-03T00:00:01Z");
    expect(store.today()).toBe(addDays("2026-12-02", 1));
    expect(store.attendance().filter((r) => r.date === "2026-12-03")).toEqual([]);
    expect(store.attendance().filter((r) => r.date === "2026-12-02")).toEqual(before);
    // The new day goes on as scheduled: by 07:45 the first children are in.
    clock.set("2026-12-03T07:45:00Z");
    const arrived = store.attendance().filter((r) => r.date === "2026-12-03");
    expect(arrived.length).toBeGreaterThan(0);
    expect(arrived.every((r) => r.checkInAt !== null && r.checkInAt <= "2026-12-03T07:45:00Z")).toBe(true);
  });
});
