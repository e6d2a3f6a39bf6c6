import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceRecord, AttendanceTotals } from "../../src/domain/attendance.js";
import { ConflictError, UserInputError } from "../../src/errors.js";
import type { CentreCareOsSandboxOptions } from "../../src/sandbox/centrecareos/index.js";
import { addDays } from "../../src/time/local.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsHarnessOptions,
  callContext,
  INSTANTS,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/** Attendance reads and check-in/out writes, connector against sandbox over loopback HTTP. */
const ctx = callContext();
const opened: CentreCareOsHarness[] = [];

async function setup(
  options: Partial<CentreCareOsSandboxOptions> = {},
  more: Partial<CentreCareOsHarnessOptions> = {},
) {
  const harness = await startCentreCareOsHarness({ seed: 31, sandbox: options, ...more });
  opened.push(harness);
  return harness;
}
afterAll(async () => {
  for (const harness of opened) await harness.close();
});

const fullName = (s: { firstName: string; lastName: string }) => `${s.firstName} ${s.lastName}`;
const names = (list: { firstName: string; lastName: string }[]) =>
  list.map(fullName).sort((a, b) => a.localeCompare(b));

/** Children of a room (all rooms by default) in each state now, by what the sandbox serves. */
function byState({ sandbox }: CentreCareOsHarness, roomId?: string) {
  const { store } = sandbox.state;
  const today = store.today();
  const children = store.data.students.filter(
    (s) =>
      (roomId === undefined || s.roomId === roomId) && s.roomId !== null && s.enrollmentStatus === "enrolled",
  );
  const todays = store.attendance().filter((r) => r.date === today);
  const latest = (id: string) => todays.filter((r) => r.studentId === id).at(-1);
  return {
    present: children.filter((s) => latest(s.id) && !latest(s.id)?.checkOutAt),
    collected: children.filter((s) => latest(s.id)?.checkOutAt),
    notArrived: children.filter((s) => !latest(s.id)),
  };
}

describe.each(INSTANTS)("at $name", (instant) => {
  let harness: CentreCareOsHarness;
  const today = instant.today;
  const posts = (path: string) => harness.sandbox.server.stats.byPath.get(`/api/v1/attendance/${path}`) ?? 0;
  beforeAll(async () => {
    harness = await setup({}, { at: instant.at });
  });

  it("answers 'who has not arrived in Owls today' in one call, with room status by name", async () => {
    expect(harness.sandbox.state.store.today()).toBe(today);
    const expected = byState(harness, "room_3");
    const result = await harness.connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    // Room status comes only for the connector's own today: its London date, whatever the UTC date is.
    expect(result.roomStatus).toEqual({
      present: names(expected.present),
      collected: names(expected.collected),
      notArrived: names(expected.notArrived),
    });
    expect(expected.notArrived.length).toBeGreaterThan(0);
    if (instant.arrived === "none") expect(expected.present.length + expected.collected.length).toBe(0);
    if (instant.arrived === "all" && instant.collected === "none")
      expect(expected.present.length).toBeGreaterThan(10);
    if (instant.collected === "all") expect(expected.present).toEqual([]);
    if (instant.collected === "some") expect(expected.collected.length).toBeGreaterThan(0);
    expect(result.totals).toEqual({
      sessions: result.records.length,
      present: expected.present.length + expected.collected.length,
      late: 0,
      absent: expected.notArrived.length,
      checkedIn: expected.present.length,
      checkedOut: expected.collected.length,
      notArrived: expected.notArrived.length,
    });
    AttendanceTotals.parse(result.totals);
    const now = harness.clock.now();
    for (const record of result.records) {
      expect(AttendanceRecord.parse(record)).toEqual(record);
      expect(record).toMatchObject({ connection: "little-acorns", date: today, room: "Owls" });
      if (record.checkInAt) expect(Date.parse(record.checkInAt)).toBeLessThanOrEqual(now);
      if (record.checkOutAt) expect(Date.parse(record.checkOutAt)).toBeLessThanOrEqual(now);
    }
    const notArrived = result.records.filter((r) => r.status === "not_arrived").map((r) => r.studentId);
    expect(notArrived.sort()).toEqual(expected.notArrived.map((s) => s.id).sort());
  });

  it("counts rooms' children in now by the same day", async () => {
    const groups = await harness.connector.listGroups({}, ctx);
    const { present } = byState(harness);
    expect(groups.reduce((sum, g) => sum + (g.occupancy ?? 0), 0)).toBe(present.length);
  });

  it("checks a child in, dated today, and the next getAttendance shows it despite the live cache", async () => {
    const child = byState(harness, "room_3").notArrived[0];
    if (!child) throw new Error("the seed should leave an Owl not yet arrived");
    await harness.connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    const result = await harness.connector.recordAttendance(
      { studentId: child.id, action: "check_in", note: "By bus" },
      ctx,
    );
    expect(result.outcome).toBe("checked_in");
    expect(result.record).toMatchObject({
      studentId: child.id,
      date: today,
      status: "checked_in",
      note: "By bus",
      room: "Owls",
    });
    const after = await harness.connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    expect(after.roomStatus?.present).toContain(fullName(child));
    expect(after.roomStatus?.notArrived).not.toContain(fullName(child));
  });

  it("does not check in twice: a repeat reads the state and writes nothing", async () => {
    const child = byState(harness, "room_3").present[0];
    if (!child) throw new Error("an Owl should be in now (the one just checked in at least)");
    const before = posts("check-in");
    const result = await harness.connector.recordAttendance({ studentId: child.id, action: "check_in" }, ctx);
    expect(result.outcome).toBe("already_checked_in");
    expect(result.record.status).toBe("checked_in");
    expect(posts("check-in")).toBe(before);
  });

  it("checks out a child who is in, and reports a repeat as already checked out", async () => {
    const child = byState(harness, "room_3").present[0];
    if (!child) throw new Error("an Owl should be in now");
    const out = await harness.connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    expect(out.outcome).toBe("checked_out");
    expect(Date.parse(out.record.checkOutAt ?? "")).toBeLessThanOrEqual(harness.clock.now());
    const before = posts("check-out");
    const again = await harness.connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    expect(again.outcome).toBe("already_checked_out");
    expect(posts("check-out")).toBe(before);
  });

  it("refuses to check out a child who never came, writing nothing", async () => {
    const child = byState(harness).notArrived[0];
    if (!child) throw new Error("the seed should leave a child not yet arrived");
    const before = posts("check-out");
    const snapshot = JSON.stringify(harness.sandbox.state.store.data.attendance);
    const attempt = harness.connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(`${child.id} is not checked in today`);
    expect(posts("check-out")).toBe(before);
    expect(JSON.stringify(harness.sandbox.state.store.data.attendance)).toBe(snapshot);
  });
});

describe("across midnight", () => {
  it("moves the connector's today with the clock: yesterday kept, the new day empty until children come", async () => {
    // 5x from fifteen seconds to midnight: the crossing comes about three real seconds in.
    const harness = await setup({}, { at: "2026-12-02T23:59:45Z", scale: 5 });
    const { connector, clock } = harness;
    const owls = (date: string) => connector.getAttendance({ from: date, to: date, groupId: "Owls" }, ctx);
    const before = await owls("2026-12-02");
    expect(before.roomStatus?.present).toEqual([]);
    expect(before.roomStatus?.collected.length).toBeGreaterThan(5);
    expect(clock.now(), "the first read should come before midnight").toBeLessThan(
      Date.parse("2026-12-03T00:00:00Z"),
    );
    while (clock.now() < Date.parse("2026-12-03T00:00:01Z")) await new Promise((r) => setTimeout(r, 20));
    expect(harness.sandbox.state.store.today()).toBe("2026-12-03");
    const after = await owls("2026-12-03");
    // The new date is the connector's today too: it lists the room's children, none arrived yet.
    expect(after.roomStatus?.present).toEqual([]);
    expect(after.roomStatus?.collected).toEqual([]);
    const owlsRoster = harness.sandbox.state.store.data.students.filter(
      (s) => s.roomId === "room_3" && s.enrollmentStatus === "enrolled",
    );
    expect(after.roomStatus?.notArrived).toEqual(names(owlsRoster));
    const child = byState(harness, "room_3").notArrived[0];
    const written = await connector.recordAttendance({ studentId: child?.id ?? "", action: "check_in" }, ctx);
    expect(written.record.date).toBe("2026-12-03");
    // Past days list only the children who came, as they were.
    const yesterday = await owls("2026-12-02");
    expect(yesterday.records).toEqual(before.records.filter((r) => r.status !== "not_arrived"));
    expect(yesterday.roomStatus).toBeUndefined();
  });
});

describe("ranges", () => {
  let harness: CentreCareOsHarness;
  let today: string;
  beforeAll(async () => {
    harness = await setup();
    today = harness.sandbox.state.store.today();
  });

  it("gives one child's range with a note about past days, and no room status", async () => {
    const from = addDays(today, -13);
    const child = harness.sandbox.state.store.data.students[0];
    const result = await harness.connector.getAttendance(
      { from, to: today, studentId: child?.id ?? "" },
      ctx,
    );
    expect(result.records.length).toBeGreaterThan(3);
    expect(result.records.every((r) => r.studentId === child?.id && r.date >= from)).toBe(true);
    expect(result.records.every((r) => r.studentName === `${child?.firstName} ${child?.lastName}`)).toBe(
      true,
    );
    expect(result.roomStatus).toBeUndefined();
    expect(result.notes?.[0]).toMatch(/past days/);
  });

  it("refuses ranges over 366 days and reversed ranges before asking", async () => {
    const before = harness.sandbox.server.stats.requests;
    await expect(
      harness.connector.getAttendance({ from: "2024-01-01", to: "2025-01-02" }, ctx),
    ).rejects.toBeInstanceOf(UserInputError);
    await expect(
      harness.connector.getAttendance({ from: today, to: "2000-01-01" }, ctx),
    ).rejects.toBeInstanceOf(UserInputError);
    expect(harness.sandbox.server.stats.requests).toBe(before);
  });

  it("answers a long range in parts, with a continuation that resumes where it stopped", async () => {
    const big = await setup({ sizes: { historyDays: 45 } });
    const from = big.sandbox.state.store.data.attendance[0]?.date ?? today;
    const yesterday = addDays(today, -1);
    const first = await big.connector.getAttendance({ from, to: yesterday }, ctx);
    // Whole days only: the part stops at the first day past 2,000 records, or at the request allowance.
    expect(first.records.length).toBeGreaterThan(1_000);
    expect(first.continuation?.remainingRequests).toBeGreaterThan(0);
    const resumeAt = first.records.at(-1)?.date ?? "";
    const rest = await big.connector.getAttendance(
      { from, to: yesterday, cursor: first.continuation?.cursor ?? "" },
      ctx,
    );
    expect(rest.continuation).toBeUndefined();
    expect(rest.records.every((r) => r.date > resumeAt)).toBe(true);
    const all = big.sandbox.state.store.attendance().filter((r) => r.date <= yesterday);
    expect(first.records.length + rest.records.length).toBe(all.length);
    const deadline = await big.connector.getAttendance(
      { from, to: yesterday },
      { ...ctx, deadline: Date.now() },
    );
    // The first days are read side by side before the deadline is looked at; then it stops.
    const firstDays = new Set(deadline.records.map((r) => r.date));
    expect(deadline.records.length).toBe(all.filter((r) => firstDays.has(r.date)).length);
    expect(deadline.records.length).toBeLessThan(first.records.length);
    expect(deadline.continuation?.reason).toMatch(/time limit/);
  });

  it("names an unknown child and passes on the provider's refusal for a child not in a room", async () => {
    const { connector, sandbox } = harness;
    await expect(connector.recordAttendance({ studentId: "stu_0", action: "check_in" }, ctx)).rejects.toThrow(
      /stu_0/,
    );
    const waitlisted = sandbox.state.store.data.students.find((s) => s.enrollmentStatus === "waitlisted");
    const attempt = connector.recordAttendance({ studentId: waitlisted?.id ?? "", action: "check_in" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(attempt).rejects.toThrow(
      /CentreCareOS refused the request; its own words, quoted as data: ".* not enrolled in a room/,
    );
  });
});
