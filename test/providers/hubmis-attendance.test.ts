/**
 * Contract: attendance through the connector, against the sandbox over loopback HTTP, on a 60x clock (a
 * HUBmis minute is one real second). A form costs one request per pupil: the answer stops at its deadline
 * with a cursor, and following the cursor fetches only what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceRecord, AttendanceTotals } from "../../src/domain/index.js";
import { UserInputError } from "../../src/errors.js";
import { addDays, isoDate, startOfWeek } from "../../src/sandbox/common/clock.js";
import { ATTENDANCE_CODES } from "../../src/sandbox/hubmis/reference.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

let h: Harness;
const from = isoDate(addDays(startOfWeek(WEDNESDAY), -7));
const to = isoDate(WEDNESDAY);

beforeAll(async () => {
  h = await startHarness(60, { today: WEDNESDAY });
});
afterAll(async () => {
  await h.close();
});

/** Absent sessions per pupil id in the range, straight from the sandbox's data. */
function expectedAbsences(studentIds: number[], harness: Harness = h): Map<string, number> {
  const absent = new Set(
    ATTENDANCE_CODES.filter((c) => c.statisticalCategory.endsWith("_absence")).map((c) => c.id),
  );
  const out = new Map<string, number>();
  for (const id of studentIds) {
    const count = harness.sandbox.data.attendance.filter(
      (m) => m.studentId === id && m.date >= from && m.date <= to && absent.has(m.codeId),
    ).length;
    out.set(String(id), count);
  }
  return out;
}

const nineR = (harness: Harness = h) => {
  const form = harness.sandbox.data.forms.find((f) => f.code === "9R");
  return harness.sandbox.data.students
    .filter((s) => s.enrolmentStatus === "current" && s.formId === form?.id)
    .map((s) => s.id);
};

describe("HUBmis connector: attendance", () => {
  it("gives one pupil's am/pm registers with code meanings, totals and percentage", async () => {
    const id = nineR()[0] as number;
    const result = await h.connector.getAttendance({ studentId: String(id), from, to }, context());
    expect(result.records).toHaveLength(16); // eight school days, two sessions each
    for (const r of result.records) {
      expect(AttendanceRecord.strict().parse(r)).toEqual(r);
      expect(r).toMatchObject({
        connection: "oakfield",
        studentId: String(id),
        session: expect.stringMatching(/^(am|pm)$/),
      });
      expect(r.codeMeaning).toEqual(expect.any(String));
    }
    expect(AttendanceTotals.strict().parse(result.totals)).toEqual(result.totals);
    expect(result.totals.sessions).toBe(16);
    expect(result.totals.absent).toBe(expectedAbsences([id]).get(String(id)));
    expect(result.totals.present + result.totals.absent).toBe(16);
    expect(result.totals.percentage).toBe(Math.round((result.totals.present / 16) * 1000) / 10);
    const mornings = await h.connector.getAttendance(
      { studentId: String(id), from, to, session: "am" },
      context(),
    );
    expect(mornings.records.every((r) => r.session === "am")).toBe(true);
    expect(mornings.records).toHaveLength(8);
  });

  it("explains an empty range: half-term, a weekend", async () => {
    // The sandbox puts half-term four weeks before the current week.
    const halfTerm = addDays(startOfWeek(WEDNESDAY), -28);
    const holiday = await h.connector.getAttendance(
      { studentId: "5001", from: isoDate(halfTerm), to: isoDate(addDays(halfTerm, 4)) },
      context(),
    );
    expect(holiday.records).toEqual([]);
    expect(holiday.notes?.[0]).toMatch(/Autumn half-term \(\d{4}-\d{2}-\d{2} to/);
    const saturday = isoDate(addDays(startOfWeek(WEDNESDAY), 5));
    const weekend = await h.connector.getAttendance(
      { groupId: "9R", from: saturday, to: saturday },
      context(),
    );
    expect(weekend.records).toEqual([]);
    expect(weekend.notes?.join(" ")).toContain("only weekend days");
  });

  it("refuses bad input before spending a request", async () => {
    const before = h.hits();
    const ctx = context();
    await expect(h.connector.getAttendance({ groupId: "Year 14", from, to }, ctx)).rejects.toThrow(
      /Valid values: Year 7/,
    );
    await expect(
      h.connector.getAttendance({ studentId: "5001", from: "2025-01-01", to }, ctx),
    ).rejects.toThrow(/at most 366/);
    await expect(h.connector.getAttendance({ studentId: "5001", from: to, to: from }, ctx)).rejects.toThrow(
      UserInputError,
    );
    await expect(
      h.connector.getAttendance({ studentId: "5001", from: "25/11/2026", to }, ctx),
    ).rejects.toThrow(/YYYY-MM-DD/);
    await expect(h.connector.getAttendance({ from, to }, ctx)).rejects.toThrow(UserInputError);
    // Only reference data (already cached by now) was consulted.
    expect(h.hits() - before).toBeLessThanOrEqual(5);
  });
});

describe("HUBmis connector: a form's attendance within a deadline", () => {
  it("answers partially by the deadline with progress and a cursor, then completes with no repeated request", async () => {
    // Its own sandbox and connector, with an empty cache and an unspent budget: the form costs its reference
    // data (the calendar included), member list and 20-odd pupils.
    const own = await startHarness(60, { today: WEDNESDAY });
    const connector = own.connector;
    const pupils = nineR(own);
    const progress: Array<[number, number | undefined]> = [];
    const started = Date.now();
    const deadline = started + 1_600;
    const partial = await connector.getAttendance(
      { groupId: "9R", from, to },
      context({ deadline, progress: (done, total) => progress.push([done, total]) }),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThanOrEqual(1_600 + 150);
    expect(partial.notes?.[0]).toMatch(
      new RegExp(`9R: ${pupils.length} pupils. .*needs ${pupils.length + 1} upstream requests`),
    );
    expect(partial.continuation).toBeDefined();
    const continuation = partial.continuation!;
    const doneIds = new Set(partial.records.map((r) => r.studentId));
    expect(doneIds.size).toBeGreaterThan(3);
    expect(doneIds.size).toBeLessThan(pupils.length);
    expect(continuation.remainingRequests).toBe(pupils.length - doneIds.size);
    expect(continuation.estimatedSeconds).toBeGreaterThan(0);
    expect(continuation.reason).toMatch(/deadline|rate limit/);
    expect(progress.length).toBe(doneIds.size);
    expect(progress.map(([d]) => d)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.every(([, total]) => total === pupils.length)).toBe(true);
    for (const r of partial.records) expect(r.studentName).toEqual(expect.any(String));

    const hitsBefore = new Map(pupils.map((id) => [id, own.hits(`/students/${id}/attendance`)]));
    const complete = await connector.getAttendance(
      { groupId: "9R", from, to, cursor: continuation.cursor },
      context(),
    );
    expect(complete.continuation).toBeUndefined();
    for (const id of pupils) {
      const extra = own.hits(`/students/${id}/attendance`) - (hitsBefore.get(id) ?? 0);
      // Pupils fetched before are read from the cache; the rest cost one request each.
      expect(extra, `pupil ${id}`).toBe(doneIds.has(String(id)) ? 0 : 1);
    }
    const expected = expectedAbsences(pupils, own);
    const absentBy = new Map<string, number>();
    for (const r of complete.records) {
      if (r.status.startsWith("absent")) absentBy.set(r.studentId, (absentBy.get(r.studentId) ?? 0) + 1);
    }
    for (const [id, count] of expected) expect(absentBy.get(id) ?? 0, `pupil ${id}`).toBe(count);
    expect(complete.records).toHaveLength(pupils.length * 16);
    expect(complete.totals.sessions).toBe(pupils.length * 16);
    const moreThanTwice = [...expected].filter(([, n]) => n > 2).map(([id]) => id);
    expect(moreThanTwice.length).toBeGreaterThan(0);
    for (const id of moreThanTwice) {
      const name = complete.records.find((r) => r.studentId === id)?.studentName as string;
      expect(complete.notes?.join(" ")).toContain(name);
    }
    await own.close();
  });

  it("refuses a cursor from a different question", async () => {
    // Its own sandbox, so the budget the previous test spent does not delay the member list.
    const own = await startHarness(60, { today: WEDNESDAY });
    const connector = own.connector;
    const partial = await connector.getAttendance(
      { groupId: "9K", from, to },
      context({ deadline: Date.now() + 400 }),
    );
    const cursor = partial.continuation?.cursor as string;
    expect(cursor).toBeDefined();
    await expect(connector.getAttendance({ groupId: "9L", from, to, cursor }, context())).rejects.toThrow(
      /different question/,
    );
    await expect(
      connector.getAttendance({ groupId: "9K", from, to, cursor: "not-a-cursor" }, context()),
    ).rejects.toThrow(UserInputError);
    await own.close();
  });
});
