/**
 * End to end: a head of year's questions through a real MCP client against the demo stack (the HUBmis
 * sandbox, the demo config, the runtime and the tools). Only the HUBmis server is started, on a 60x clock so
 * its 12-requests-a-minute budget passes quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AttendanceRecord,
  Group,
  Lesson,
  StudentDetail,
  WellbeingEvent,
} from "../../src/domain/index.js";
import {
  type ProgressReport,
  type SchoolDay,
  type WellbeingSummary,
  WITHHELD,
} from "../../src/domain/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { academicStartYear, CURRENT_YEAR_ID, isSchoolDay } from "../../src/sandbox/hubmis/calendar.js";
import { type HubmisSandbox, startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { followCursor } from "../helpers/follow-cursor.js";
import { INSTANTS, WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

const connection = "oakfield";
const SCALE = 60;
let sandbox: HubmisSandbox;
let demo: ProviderDemo;
const today = WEDNESDAY;
const tomorrow = addDays(WEDNESDAY, 1);
const fortnightStart = addDays(mondayOf(WEDNESDAY), -7);

describe("a head of year's questions", () => {
  // A school afternoon, pinned for the sandbox and the connectors alike.
  beforeAll(async () => {
    sandbox = await startHubmisSandbox({
      seed: DEFAULT_SEED,
      clock: createClock(SCALE, WEDNESDAY_AFTERNOON),
    });
    demo = await serveProviderDemo(sandbox, { timeScale: SCALE });
  });
  afterAll(() => demo.close());

  it("who in 9R was absent more than twice this fortnight?", async () => {
    type Out = {
      records: AttendanceRecord[];
      summaries: Array<{ notes?: string[]; continuation?: { cursor: string }; totals: { sessions: number } }>;
    };
    const args = { connection, groupId: "9R", from: fortnightStart, to: today };
    // On a loaded machine the budget may run out first: the cursor then finishes the same answer.
    const { answer: out } = await followCursor(
      (cursor) => demo.call<Out>("get_attendance", { ...args, ...(cursor ? { cursor } : {}) }),
      (o) => o.summaries[0]?.continuation?.cursor,
      { maxCalls: 5 },
    );
    const summary = out.summaries[0];
    expect(summary?.continuation).toBeUndefined();
    const absent = new Map<string, number>();
    for (const r of out.records)
      if (r.status.startsWith("absent"))
        absent.set(r.studentName as string, (absent.get(r.studentName as string) ?? 0) + 1);
    const moreThanTwice = [...absent].filter(([, n]) => n > 2).map(([name]) => name);
    expect(moreThanTwice.length).toBeGreaterThan(0);
    const form = sandbox.data.forms.find((f) => f.code === "9R");
    const pupils = sandbox.data.students.filter(
      (s) => s.enrolmentStatus === "current" && s.formId === form?.id,
    );
    expect(summary?.totals.sessions).toBe(pupils.length * 16);
    expect(summary?.notes?.[0]).toContain("one per pupil");
  });

  it("any open wellbeing concerns in Year 9? High severity first, narrative withheld in the demo", async () => {
    const out = await demo.call<{ events: WellbeingEvent[] }>("list_wellbeing_events", {
      connection,
      yearGroup: "Year 9",
      status: "open",
      type: "event",
    });
    expect(out.events.length).toBeGreaterThan(3);
    expect(out.events[0]?.severity).toMatch(/Critical|High/);
    const ranks = out.events.map((e) => e.severityRank ?? 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    for (const e of out.events)
      expect(e).toMatchObject({ yearGroup: "Year 9", status: "active", detail: WITHHELD });
  });

  it("what is Mr Patel teaching period 4 tomorrow?", async () => {
    const out = await demo.call<{ lessons: Lesson[] }>("get_timetable", {
      connection,
      staffId: "Mr Patel",
      date: tomorrow,
    });
    const p4 = out.lessons.find((l) => l.period === "Period 4");
    expect(p4).toMatchObject({
      date: tomorrow,
      subject: "Mathematics",
      teacher: "Mr Dev Patel",
      start: "12:10",
    });
  });

  it("is school open on 18 December? Yes or no, with the reason, from the school's own calendar", async () => {
    type Out = { days: SchoolDay[]; calendars: Array<{ terms: unknown[]; insetDays: unknown[] }> };
    const calendar = sandbox.data.calendar;
    const december18 = `${academicStartYear(today)}-12-18`;
    const out = await demo.call<Out>("get_school_calendar", { connection, date: december18 });
    const day = out.days[0];
    expect(out.days).toHaveLength(1);
    expect(day?.open).toBe(isSchoolDay(calendar, december18));
    expect(day?.reason).toMatch(day?.open ? /in Autumn Term/i : /holiday|inset|closure|saturday|sunday/i);
    const text = resultText(await demo.raw("get_school_calendar", { connection, date: december18 }));
    expect(text).toContain(`${december18}: ${day?.open ? "open" : "closed"}`);
    // Christmas Day is in the holiday, and an inset day is a weekday in term when pupils are not in.
    const christmas = await demo.call<Out>("get_school_calendar", {
      connection,
      date: `${academicStartYear(today)}-12-25`,
    });
    expect(christmas.days[0]).toMatchObject({ open: false, reason: expect.stringMatching(/^holiday/) });
    const inset = calendar.insetDays.find((d) => d.academicYearId === CURRENT_YEAR_ID);
    expect(inset).toBeDefined();
    const onInset = await demo.call<Out>("get_school_calendar", { connection, date: inset?.startDate });
    expect(onInset.days[0]).toMatchObject({ open: false, reason: expect.stringMatching(/^inset day/) });
    expect(out.calendars[0]?.terms.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [
      "9 maths set 2",
      "subject_set",
      (d: HubmisSandbox["data"]) => d.subjectSets.find((s) => s.code === "9MA2"),
    ],
    ["Orchestra", "activity", (d: HubmisSandbox["data"]) => d.activities.find((a) => a.name === "Orchestra")],
  ] as const)("who is in %s?", async (name, kind, pick) => {
    const expected = pick(sandbox.data);
    expect(expected).toBeDefined();
    const current = new Set(
      sandbox.data.students.filter((s) => s.enrolmentStatus === "current").map((s) => s.id),
    );
    const members = (expected?.studentIds ?? [])
      .filter((id) => current.has(id))
      .map(String)
      .sort();
    expect(members.length).toBeGreaterThan(3);
    const listed = await demo.call<{ groups: Group[] }>("list_groups", { connection, kind, search: name });
    expect(listed.groups.map((g) => g.name)).toEqual([expected?.name]);
    expect(listed.groups[0]?.memberCount).toBe(members.length);
    type Out = { students: Array<{ id: string }>; nextCursor?: string };
    // By the group's id from list_groups, and by its name straight away: the same pupils, all of them.
    for (const groupId of [listed.groups[0]?.id, name]) {
      const out = await demo.call<Out>("list_students", { connection, groupId, limit: 100 });
      expect(out.nextCursor).toBeUndefined();
      expect(out.students.map((s) => s.id).sort()).toEqual(members);
    }
  });

  it("what does the pastoral summary for Year 9 look like? Counts only, from every record", async () => {
    type Out = { events: WellbeingEvent[]; summary: WellbeingSummary[] };
    const out = await demo.call<Out>("list_wellbeing_events", {
      connection,
      yearGroup: "Year 9",
      summary: true,
    });
    const summary = out.summary[0];
    const year9 = sandbox.data.yearGroups.find((y) => y.name === "Year 9");
    const pupils = new Set(
      sandbox.data.students
        .filter((s) => s.enrolmentStatus === "current" && s.yearGroupId === year9?.id)
        .map((s) => s.id),
    );
    const now = sandbox.clock.now();
    const records = sandbox.data.pastoral.filter(
      (p) => pupils.has(p.studentId) && Date.parse(p.dateTime) <= now,
    );
    expect(out.events).toEqual([]);
    expect(summary).toMatchObject({ complete: true, total: records.length });
    expect(records.length).toBeGreaterThan(3);
    const open = records.filter((p) => p.status === "active").length;
    expect(summary?.byCategory.reduce((n, c) => n + c.open, 0)).toBe(open);
    expect(summary?.byCategory.reduce((n, c) => n + c.total, 0)).toBe(records.length);
    expect(summary?.bySeverity.reduce((n, c) => n + c.total, 0)).toBe(records.length);
    const text = resultText(
      await demo.raw("list_wellbeing_events", { connection, yearGroup: "Year 9", summary: true }),
    );
    expect(text).toContain(`${records.length} record(s)`);
    expect(text).not.toContain(WITHHELD);
  });

  it("Jamie's latest progress report", async () => {
    const found = await demo.call<{ students: Array<{ id: string; displayName: string }> }>("list_students", {
      connection,
      search: "Jamie",
    });
    const jamie = found.students[0];
    expect(jamie?.displayName).toMatch(/Jamie/);
    type Out = { reports: ProgressReport[] };
    const all = await demo.call<Out>("get_progress_reports", { connection, studentId: jamie?.id });
    const latest = await demo.call<Out>("get_progress_reports", {
      connection,
      studentId: jamie?.id,
      latest: true,
    });
    // Reports are published at the autumn half-term and at the end of each term: by late November, one.
    const half = sandbox.data.calendar.holidays.find(
      (h) => h.academicYearId === CURRENT_YEAR_ID && /half/i.test(h.name) && h.startDate <= today,
    );
    expect(all.reports.length).toBeGreaterThan(0);
    expect(all.reports.every((r) => r.date <= today)).toBe(true);
    expect(latest.reports).toEqual(all.reports.slice(0, 1));
    expect(latest.reports[0]?.date).toBe(addDays(half?.startDate ?? "", -3));
    expect(latest.reports[0]?.subjects.map((x) => x.subject).sort()).toEqual([
      "English",
      "Mathematics",
      "Science",
    ]);
    for (const x of latest.reports[0]?.subjects ?? [])
      expect(x).toMatchObject({ attainment: expect.any(String) });
  });

  it("lists groups, finds pupils by house, and withholds sensitive detail", async () => {
    const groups = await demo.call<{ groups: Group[] }>("list_groups", { connection, kind: "form" });
    expect(groups.groups.map((g) => g.name)).toContain("9R");
    const green = await demo.call<{ students: Array<{ id: string; house?: string }> }>("list_students", {
      connection,
      groupId: "Green House",
      limit: 10,
    });
    expect(green.students).toHaveLength(10);
    for (const s of green.students) expect(s.house).toBe("Green House");
    const { student } = await demo.call<{ student: StudentDetail }>("get_student", {
      connection,
      studentId: green.students[0]?.id,
    });
    expect(student).toMatchObject({ house: "Green House", medical: WITHHELD });
    expect(student.withheld).toEqual(["medical", "learningSupport", "doctor"]);
  });

  it('answers "Year 14" with the valid year groups', async () => {
    const result = await demo.raw("list_students", { connection, groupId: "Year 14" });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain("Year 13");
  });
});

/** The cursor a get_attendance answer hands back while it is partial. */
const registerCursor = (result: { structuredContent?: unknown }) =>
  (result.structuredContent as { summaries?: Array<{ continuation?: { cursor: string } }> } | undefined)
    ?.summaries?.[0]?.continuation?.cursor;

interface AttendanceOut {
  from: string;
  to: string;
  records: AttendanceRecord[];
  summaries: Array<{ notes?: string[]; continuation?: unknown; totals: { sessions: number } }>;
}

describe.each(INSTANTS)("get_attendance for today at $name", (instant) => {
  let own: HubmisSandbox;
  let ownDemo: ProviderDemo;
  beforeAll(async () => {
    // 150x: a form's two dozen requests take a real second, and the clock stays within the hour.
    own = await startHubmisSandbox({ seed: DEFAULT_SEED, clock: createClock(150, instant.now) });
    ownDemo = await serveProviderDemo(own, { timeScale: 150 });
  });
  afterAll(() => ownDemo.close());

  it("answers for London's today with only the registers taken by now, and says what kind of day it is", async () => {
    const args = { connection, groupId: "9R" };
    // On a busy machine the scaled budget may stop the first call early; a client asks again with the
    // cursor, and each answer holds every pupil read so far, so the last one is the whole register.
    const { answer: result } = await followCursor(
      (cursor) => ownDemo.raw("get_attendance", { ...args, ...(cursor ? { cursor } : {}) }),
      registerCursor,
      { maxCalls: 10, pauseMs: 600 },
    );
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as unknown as AttendanceOut;
    expect(out.summaries[0]?.continuation).toBeUndefined();
    expect([out.from, out.to]).toEqual([instant.today, instant.today]);
    const form = own.data.forms.find((f) => f.code === "9R");
    const pupils = own.data.students.filter((s) => s.enrolmentStatus === "current" && s.formId === form?.id);
    expect(out.records).toHaveLength(pupils.length * instant.sessionsToday.length);
    for (const r of out.records) {
      expect(r.date).toBe(instant.today);
      expect(instant.sessionsToday).toContain(r.session);
    }
    const notes = out.summaries[0]?.notes ?? [];
    const text = resultText(result);
    if (instant.holiday) {
      expect(notes).toContainEqual(expect.stringContaining(`it is in the ${instant.holiday}`));
      expect(text).toContain(`No registers today (${instant.today}): it is in the ${instant.holiday}`);
    } else if (!instant.schoolDay) {
      expect(notes).toEqual([`No registers today (${instant.today}): it is a Saturday.`]);
    } else if (instant.sessionsToday.length === 0) {
      expect(notes).toContainEqual(expect.stringContaining(`No registers yet today (${instant.today})`));
    } else {
      // 10:00: the morning register is in; the afternoon's is not filled in yet.
      expect(out.records.some((r) => r.session === "pm")).toBe(false);
      expect(notes).toContainEqual(
        `Today (${instant.today}) only the morning register has been taken so far.`,
      );
    }
  });
});

describe("the same questions against a stand-in that reads the reference differently", () => {
  // Only documented filters, pages of 7, other field names and forms, extra fields, nulls and offsets, all at
  // once: what an independent reading of the same documents serves. The answers must be the default's.
  const ask = async (variant: "default" | "stand-in") => {
    const own = await startHubmisSandbox({
      seed: DEFAULT_SEED,
      clock: createClock(150, WEDNESDAY_AFTERNOON),
      variant,
    });
    const ownDemo = await serveProviderDemo(own, { timeScale: 150 });
    try {
      const students = await ownDemo.raw("list_students", { connection, groupId: "9R", limit: 100 });
      const wellbeing = await ownDemo.raw("list_wellbeing_events", {
        connection,
        yearGroup: "Year 9",
        status: "open",
        type: "event",
      });
      const lessons = await ownDemo.raw("get_timetable", { connection, staffId: "Mr Patel", date: tomorrow });
      // A busy machine may stop the register at the deadline: the cursor then finishes the same answer.
      const registerArgs = { connection, groupId: "9R", date: today };
      const { answer: register } = await followCursor(
        (cursor) => ownDemo.raw("get_attendance", { ...registerArgs, ...(cursor ? { cursor } : {}) }),
        registerCursor,
        { maxCalls: 10, pauseMs: 600 },
      );
      return { students, wellbeing, lessons, register };
    } finally {
      await ownDemo.close();
    }
  };
  let reference: Awaited<ReturnType<typeof ask>>;
  let standIn: Awaited<ReturnType<typeof ask>>;
  beforeAll(async () => {
    reference = await ask("default");
    standIn = await ask("stand-in");
  }, 120_000);

  const out = <T>(result: { structuredContent?: unknown }) => result.structuredContent as T;

  it("lists 9R's pupils, complete", () => {
    type Out = { students: Array<{ id: string }>; nextCursor?: string };
    const ids = (r: typeof reference) => out<Out>(r.students).students.map((s) => s.id);
    expect(ids(standIn)).toEqual(ids(reference));
    expect(ids(standIn).length).toBeGreaterThan(15);
    expect(out<Out>(standIn.students).nextCursor).toBeUndefined();
  });

  it("gives Year 9's open concerns, all of them, most severe first", () => {
    const ids = (r: typeof reference) =>
      out<{ events: WellbeingEvent[] }>(r.wellbeing).events.map((e) => `${e.id} ${e.severity} ${e.date}`);
    expect(ids(standIn)).toEqual(ids(reference));
    expect(ids(standIn).length).toBeGreaterThan(3);
    expect(resultText(standIn.wellbeing)).not.toMatch(/could not be read/);
  });

  it("gives Mr Patel's lessons at their real times in their rooms", () => {
    const lessons = (r: typeof reference) =>
      out<{ lessons: Lesson[] }>(r.lessons).lessons.map((l) => `${l.start}-${l.end} ${l.subject} ${l.room}`);
    expect(lessons(standIn)).toEqual(lessons(reference));
    expect(resultText(standIn.lessons)).not.toContain("00:00");
  });

  it("gives 9R's registers for today", () => {
    const marks = (r: typeof reference) =>
      out<{ records: AttendanceRecord[] }>(r.register)
        .records.map((m) => `${m.studentId} ${m.session} ${m.code} ${m.status}`)
        .sort();
    expect(marks(standIn)).toEqual(marks(reference));
    expect(marks(standIn).length).toBeGreaterThan(30);
    const continuation = (r: typeof reference) =>
      out<{ summaries: Array<{ continuation?: unknown }> }>(r.register).summaries[0]?.continuation;
    expect(continuation(reference)).toBeUndefined();
    expect(continuation(standIn)).toBeUndefined();
  });
});
