/**
 * Contract: attendance through the connector, against the sandbox over loopback HTTP, on a 60x clock (a
 * HUBmis minute is one real second). A form costs one request per pupil: the answer stops at its deadline
 * with a cursor, and following the cursor fetches only what is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttendanceRecord, AttendanceTotals } from "../../src/domain/index.js";
import { UserInputError } from "../../src/errors.js";
import { dayRangeQuery } from "../../src/providers/hubmis/attendance.js";
import { TIME_ZONE } from "../../src/providers/hubmis/endpoints.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { ATTENDANCE_CODES } from "../../src/sandbox/hubmis/reference.js";
import { addDays, localToday, mondayOf } from "../../src/time/local.js";
import { BEFORE_MIDNIGHT, INSTANTS, WEDNESDAY, waitUntil } from "../sandbox/hubmis-http.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

let h: Harness;
const from = addDays(mondayOf(WEDNESDAY), -7);
const to = WEDNESDAY;

beforeAll(async () => {
  // Pinned at 16:00 on the Wednesday, so its registers are in whatever the hour of the run.
  h = await startHarness(60);
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

  it("explains an empty range: half-term, a weekend, the future", async () => {
    // Autumn half-term: the week beginning on the last Monday of October.
    const holiday = await h.connector.getAttendance(
      { studentId: "5001", from: "2026-10-26", to: "2026-10-30" },
      context(),
    );
    expect(holiday.records).toEqual([]);
    expect(holiday.notes).toEqual([
      "No registers for 2026-10-26 to 2026-10-30: Autumn half-term (2026-10-26 to 2026-10-30).",
    ]);
    const future = await h.connector.getAttendance(
      { groupId: "9R", from: "2026-11-26", to: "2026-11-27" },
      context(),
    );
    expect(future.records).toEqual([]);
    expect(future.notes).toEqual([
      "No registers: 2026-11-26 is in the future, and registers are taken on the day.",
    ]);
    const saturday = addDays(mondayOf(WEDNESDAY), -2);
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
    const own = await startHarness(60);
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
    const own = await startHarness(60);
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

describe("HUBmis connector: London days in the date-time filter", () => {
  it("sends a day's first instant and its last second, with London's offset", () => {
    expect(dayRangeQuery("2026-07-01", "2026-07-01")).toEqual({
      "filter[dateTime][from]": "2026-07-01T00:00:00+01:00",
      "filter[dateTime][to]": "2026-07-01T23:59:59+01:00",
    });
    // Across the end of British Summer Time (25 October 2026) each end carries its own offset.
    expect(dayRangeQuery("2026-10-24", "2026-10-26")).toEqual({
      "filter[dateTime][from]": "2026-10-24T00:00:00+01:00",
      "filter[dateTime][to]": "2026-10-26T23:59:59+00:00",
    });
  });
});

describe.each(INSTANTS)("HUBmis connector: today's attendance at $name", (instant) => {
  let own: Harness;
  beforeAll(async () => {
    // 150x, as the read tests: a form's two dozen requests take a real second, and the day barely moves.
    own = await startHarness(150, { now: instant.now });
  });
  afterAll(async () => {
    await own.close();
  });

  /** What the answer says about today. */
  const todayNote = () => {
    if (instant.holiday)
      return new RegExp(`^No registers today \\(${instant.today}\\): it is in the ${instant.holiday} \\(`);
    if (!instant.schoolDay)
      return new RegExp(`^No registers today \\(${instant.today}\\): it is a Saturday\\.$`);
    if (instant.sessionsToday.length === 0)
      return new RegExp(`^No registers yet today \\(${instant.today}\\)`);
    return new RegExp(`^Today \\(${instant.today}\\) only the morning register has been taken so far\\.$`);
  };

  it("takes today from the shared clock in London, and says what today's registers are", async () => {
    expect(localToday(own.clock, TIME_ZONE)).toBe(instant.today);
    const result = await own.connector.getAttendance(
      { studentId: "5001", from: instant.today, to: instant.today },
      context(),
    );
    expect(result.records.map((r) => `${r.date} ${r.session}`)).toEqual(
      instant.sessionsToday.map((s) => `${instant.today} ${s}`),
    );
    expect(result.notes).toHaveLength(1);
    expect(result.notes?.[0]).toMatch(todayNote());
  });

  it("reads the last day with registers in full, and a fortnight up to today with a word on today", async () => {
    const last = await own.connector.getAttendance(
      { studentId: "5001", from: instant.lastRegisterDay, to: instant.lastRegisterDay },
      context(),
    );
    expect(last.records.map((r) => r.session).sort()).toEqual(
      instant.lastRegisterDay === instant.today ? instant.sessionsToday : ["am", "pm"],
    );
    const fortnight = await own.connector.getAttendance(
      { studentId: "5001", from: addDays(instant.today, -13), to: instant.today },
      context(),
    );
    for (const r of fortnight.records) expect(r.date <= instant.lastRegisterDay).toBe(true);
    expect(fortnight.records.some((r) => r.date === instant.lastRegisterDay)).toBe(true);
    expect(fortnight.notes?.[0] ?? "").toMatch(todayNote());
  });

  it("gives a form's registers for today, spending no request per pupil when there is no school", async () => {
    const pupils = nineR(own);
    const before = pupils.map((id) => own.hits(`/students/${id}/attendance`));
    const result = await own.connector.getAttendance(
      { groupId: "9R", from: instant.today, to: instant.today },
      context(),
    );
    expect(result.continuation).toBeUndefined();
    expect(result.records).toHaveLength(pupils.length * instant.sessionsToday.length);
    for (const r of result.records) expect(instant.sessionsToday).toContain(r.session);
    const asked = pupils.filter((id, i) => own.hits(`/students/${id}/attendance`) > (before[i] ?? 0));
    expect(asked).toHaveLength(instant.schoolDay ? pupils.length : 0);
    expect(result.notes).toContainEqual(expect.stringMatching(todayNote()));
  });
});

describe("HUBmis connector: across midnight", () => {
  it("moves today to the next London day while the clock runs on", async () => {
    const clock = createClock(BEFORE_MIDNIGHT.scale, BEFORE_MIDNIGHT.now);
    const own = await startHarness(BEFORE_MIDNIGHT.scale, { clock });
    try {
      const today = () => localToday(clock, TIME_ZONE);
      expect(today()).toBe("2026-12-02");
      const before = await own.connector.getAttendance(
        { studentId: "5001", from: today(), to: today() },
        context(),
      );
      expect(before.records.map((r) => r.session)).toEqual(["am", "pm"]);
      expect(before.notes).toBeUndefined();
      await waitUntil(clock, BEFORE_MIDNIGHT.midnight);
      expect(today()).toBe("2026-12-03");
      const after = await own.connector.getAttendance(
        { studentId: "5001", from: today(), to: today() },
        context(),
      );
      expect(after.records).toEqual([]);
      expect(after.notes).toEqual([expect.stringMatching(/^No registers yet today \(2026-12-03\)/)]);
      const yesterday = await own.connector.getAttendance(
        { studentId: "5001", from: "2026-12-02", to: "2026-12-02" },
        context(),
      );
      expect(yesterday.records).toEqual(before.records);
    } finally {
      await own.close();
    }
  });
});
