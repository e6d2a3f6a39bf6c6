import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceRecord, AttendanceTotals } from "../../src/domain/attendance.js";
import { ConflictError, UserInputError } from "../../src/errors.js";
import type {
  CentreCareOsSandbox,
  CentreCareOsSandboxOptions,
} from "../../src/sandbox/centrecareos/index.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/** Attendance reads and check-in/out writes, connector against sandbox over loopback HTTP. */
const ctx = callContext();
const opened: CentreCareOsHarness[] = [];

async function setup(options: Partial<CentreCareOsSandboxOptions> = {}) {
  const harness = await startCentreCareOsHarness({ seed: 31, sandbox: options });
  opened.push(harness);
  return harness;
}

let sandbox: CentreCareOsSandbox;
let connector: CentreCareOsOps;
let today: string;
beforeAll(async () => {
  ({ sandbox, connector } = await setup());
  today = sandbox.state.store.today();
});
afterAll(async () => {
  for (const harness of opened) await harness.close();
});

const posts = (path: string) => sandbox.server.stats.byPath.get(`/api/v1/attendance/${path}`) ?? 0;

/** Ids of Owls children in each state now, straight from the sandbox's store. */
function owlsByState() {
  const { store } = sandbox.state;
  const owls = store.data.students.filter((s) => s.roomId === "room_3" && s.enrollmentStatus === "enrolled");
  const todays = store.data.attendance.filter((r) => r.date === today);
  const latest = (id: string) => todays.filter((r) => r.studentId === id).at(-1);
  return {
    present: owls.filter((s) => latest(s.id) && !latest(s.id)?.checkOutAt),
    collected: owls.filter((s) => latest(s.id)?.checkOutAt),
    notArrived: owls.filter((s) => !latest(s.id)),
  };
}

describe("getAttendance", () => {
  it("answers 'who has not arrived in Owls today' in one call, with room status by name", async () => {
    const expected = owlsByState();
    const result = await connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    const names = (list: { firstName: string; lastName: string }[]) =>
      list.map((s) => `${s.firstName} ${s.lastName}`).sort((a, b) => a.localeCompare(b));
    expect(result.roomStatus).toEqual({
      present: names(expected.present),
      collected: names(expected.collected),
      notArrived: names(expected.notArrived),
    });
    expect(expected.notArrived.length).toBeGreaterThan(0);
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
    for (const record of result.records) {
      expect(AttendanceRecord.parse(record)).toEqual(record);
      expect(record).toMatchObject({ connection: "little-acorns", date: today, room: "Owls" });
    }
    const notArrived = result.records.filter((r) => r.status === "not_arrived").map((r) => r.studentId);
    expect(notArrived.sort()).toEqual(expected.notArrived.map((s) => s.id).sort());
  });

  it("gives one child's range with a note about past days, and no room status", async () => {
    const from = new Date(Date.parse(today) - 13 * 86_400_000).toISOString().slice(0, 10);
    const child = sandbox.state.store.data.students[0];
    const result = await connector.getAttendance({ from, to: today, studentId: child?.id ?? "" }, ctx);
    expect(result.records.length).toBeGreaterThan(3);
    expect(result.records.every((r) => r.studentId === child?.id && r.date >= from)).toBe(true);
    expect(result.records.every((r) => r.studentName === `${child?.firstName} ${child?.lastName}`)).toBe(
      true,
    );
    expect(result.roomStatus).toBeUndefined();
    expect(result.notes?.[0]).toMatch(/past days/);
  });

  it("refuses ranges over 366 days and reversed ranges before asking", async () => {
    const before = sandbox.server.stats.requests;
    await expect(
      connector.getAttendance({ from: "2024-01-01", to: "2025-01-02" }, ctx),
    ).rejects.toBeInstanceOf(UserInputError);
    await expect(connector.getAttendance({ from: today, to: "2000-01-01" }, ctx)).rejects.toBeInstanceOf(
      UserInputError,
    );
    expect(sandbox.server.stats.requests).toBe(before);
  });

  it("answers a long range in parts, with a continuation that resumes where it stopped", async () => {
    const big = await setup({ sizes: { historyDays: 45 } });
    const from = big.sandbox.state.store.data.attendance[0]?.date ?? today;
    const yesterday = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const first = await big.connector.getAttendance({ from, to: yesterday }, ctx);
    expect(first.records).toHaveLength(2_000);
    expect(first.continuation?.remainingRequests).toBeGreaterThan(0);
    const rest = await big.connector.getAttendance(
      { from, to: yesterday, cursor: first.continuation?.cursor ?? "" },
      ctx,
    );
    expect(rest.continuation).toBeUndefined();
    const all = big.sandbox.state.store.data.attendance.filter((r) => r.date <= yesterday);
    expect(first.records.length + rest.records.length).toBe(all.length);
    const deadline = await big.connector.getAttendance(
      { from, to: yesterday },
      { ...ctx, deadline: Date.now() },
    );
    expect(deadline.records).toHaveLength(100);
    expect(deadline.continuation?.reason).toMatch(/time limit/);
  });
});

describe("recordAttendance", () => {
  it("checks a child in, and the next getAttendance shows it despite the live cache", async () => {
    const child = owlsByState().notArrived[0];
    if (!child) throw new Error("the seed should leave an Owl not yet arrived");
    await connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    const result = await connector.recordAttendance(
      { studentId: child.id, action: "check_in", note: "By bus" },
      ctx,
    );
    expect(result.outcome).toBe("checked_in");
    expect(result.record).toMatchObject({
      studentId: child.id,
      status: "checked_in",
      note: "By bus",
      room: "Owls",
    });
    const after = await connector.getAttendance({ from: today, to: today, groupId: "Owls" }, ctx);
    expect(after.roomStatus?.present).toContain(`${child.firstName} ${child.lastName}`);
    expect(after.roomStatus?.notArrived).not.toContain(`${child.firstName} ${child.lastName}`);
  });

  it("does not check in twice: a repeat reads the state and writes nothing", async () => {
    const child = owlsByState().present[0];
    if (!child) throw new Error("the seed should have an Owl in now");
    const before = posts("check-in");
    const result = await connector.recordAttendance({ studentId: child.id, action: "check_in" }, ctx);
    expect(result.outcome).toBe("already_checked_in");
    expect(result.record.status).toBe("checked_in");
    expect(posts("check-in")).toBe(before);
  });

  it("checks out a child who is in, and reports a repeat as already checked out", async () => {
    const child = owlsByState().present[0];
    if (!child) throw new Error("the seed should have an Owl in now");
    const out = await connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    expect(out.outcome).toBe("checked_out");
    expect(out.record.checkOutAt).toEqual(expect.any(String));
    const before = posts("check-out");
    const again = await connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    expect(again.outcome).toBe("already_checked_out");
    expect(posts("check-out")).toBe(before);
  });

  it("refuses to check out a child who never came, writing nothing", async () => {
    const child = owlsByState().notArrived[0];
    if (!child) throw new Error("the seed should leave an Owl not yet arrived");
    const before = posts("check-out");
    const snapshot = JSON.stringify(sandbox.state.store.data.attendance);
    const attempt = connector.recordAttendance({ studentId: child.id, action: "check_out" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toThrow(`${child.id} is not checked in today`);
    expect(posts("check-out")).toBe(before);
    expect(JSON.stringify(sandbox.state.store.data.attendance)).toBe(snapshot);
  });

  it("names an unknown child and passes on the provider's refusal for a child not in a room", async () => {
    await expect(connector.recordAttendance({ studentId: "stu_0", action: "check_in" }, ctx)).rejects.toThrow(
      /stu_0/,
    );
    const waitlisted = sandbox.state.store.data.students.find((s) => s.enrollmentStatus === "waitlisted");
    const attempt = connector.recordAttendance({ studentId: waitlisted?.id ?? "", action: "check_in" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(attempt).rejects.toThrow(/CentreCareOS refused the request: .* not enrolled in a room/);
  });
});
