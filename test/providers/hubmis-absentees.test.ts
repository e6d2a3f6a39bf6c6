import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attendanceTotals } from "../../src/domain/attendance.js";
import type { AttendanceRecord } from "../../src/domain/index.js";
import { Absentees } from "../../src/providers/hubmis/absentees.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

const mark = (studentId: string, date: string, absent: boolean): AttendanceRecord =>
  ({
    connection: "c",
    studentId,
    date,
    session: "am",
    status: absent ? "absent" : "present",
    ...(absent ? { code: "N", absent: true } : {}),
  }) as unknown as AttendanceRecord;

describe("Absentees", () => {
  it("orders pupils seen absent first, the latest absence first, the rest as given", () => {
    const absentees = new Absentees();
    const records = [
      mark("3", "2026-11-20", true),
      mark("5", "2026-11-24", true),
      mark("2", "2026-11-24", false),
    ];
    // The test's records must read as absent and present the way the domain counts them.
    expect(attendanceTotals(records.slice(0, 1)).absent).toBe(1);
    absentees.note(records);
    expect(absentees.order(["1", "2", "3", "4", "5"])).toEqual([4, 2, 0, 1, 3]);
    expect(new Absentees().order(["1", "2"])).toEqual([0, 1]);
  });
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness(120);
});
afterAll(async () => {
  await h.close();
});

describe("a form's register today asks first for the pupils seen absent", () => {
  it("after the fortnight's registers, today's go to the absentees before anyone else", async () => {
    const ctx = context();
    const fortnight = await h.connector.getAttendance(
      { groupId: "9R", from: addDays(mondayOf(WEDNESDAY), -7), to: addDays(WEDNESDAY, -1) },
      ctx,
    );
    expect(fortnight.continuation).toBeUndefined();
    const absent = new Set(
      fortnight.records.filter((r) => attendanceTotals([r]).absent > 0).map((r) => r.studentId),
    );
    const pupils = new Set(fortnight.records.map((r) => r.studentId));
    expect(absent.size).toBeGreaterThan(0);
    expect(absent.size).toBeLessThan(pupils.size);

    const before = new Set(h.sandbox.server.stats.byUrl.keys());
    const today = await h.connector.getAttendance({ groupId: "9R", from: WEDNESDAY, to: WEDNESDAY }, ctx);
    expect(today.continuation).toBeUndefined();
    const asked = [...h.sandbox.server.stats.byUrl.keys()]
      .filter((k) => !before.has(k))
      .map((k) => /\/students\/(\d+)\/attendance/.exec(k)?.[1])
      .filter((id): id is string => id !== undefined);
    // Every pupil once; the absentees first (four requests are in flight at a time, so allow that much overlap).
    expect(new Set(asked).size).toBe(asked.length);
    expect(absent.has(asked[0] as string)).toBe(true);
    const firstFew = new Set(asked.slice(0, absent.size + 3));
    for (const id of absent) expect(firstFew.has(id)).toBe(true);
  }, 60_000);
});
