/**
 * Contract: the ClassCharts connector's operations against the sandbox over loopback HTTP. Every record is
 * checked against our domain schema; upstream request counts come from the sandbox's own statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Announcement,
  AttendanceRecord,
  BehaviourEvent,
  type CallContext,
  Detention,
  Homework,
  Lesson,
  READ_SCOPES,
  Student,
} from "../../src/domain/index.js";
import { NotFoundError, NotSupportedError, UserInputError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import type { ClassChartsConnector } from "../../src/providers/classcharts/connector.js";
import { TIME_ZONE } from "../../src/providers/classcharts/endpoints.js";
import { attendanceAnswer, attendanceSoFar } from "../../src/sandbox/classcharts/attendance.js";
import { pointsSoFar } from "../../src/sandbox/classcharts/behaviour.js";
import { asOf, previousSchoolDay } from "../../src/sandbox/classcharts/dates.js";
import type { ClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock, type ScaledClock } from "../../src/time/clock.js";
import { addDays, isWeekend, localToday } from "../../src/time/local.js";
import { INSTANTS, pinnedClock } from "../sandbox/classcharts-instants.js";
import { type ClassChartsHarness, startClassChartsHarness } from "./classcharts-harness.js";

const ctx: CallContext = { scopes: new Set(READ_SCOPES), caller: "test", logger: silentLogger };

type Harness = ClassChartsHarness;

/** A sandbox and both connections on one clock, signed in. */
async function start(clock: ScaledClock): Promise<Harness> {
  const harness = await startClassChartsHarness({ clock });
  await harness.parent.check(ctx);
  await harness.student.check(ctx);
  return harness;
}

// The contract holds at any hour: the wall clock, shared by sandbox and connectors, says what today is.
const clock = createClock(1);
let harness: Harness;
let sandbox: ClassChartsSandbox;
let parent: ClassChartsConnector;
let student: ClassChartsConnector;
let first: string;
let second: string;
const today = () => localToday(clock, TIME_ZONE);
const day = (offset: number) => addDays(today(), offset);

beforeAll(async () => {
  harness = await start(clock);
  ({ sandbox, parent, student, first, second } = harness);
});
afterAll(() => harness.close());

const hits = (path: string) => sandbox.server.stats.byPath.get(path) ?? 0;
const requests = () => sandbox.server.stats.requests;

/** The first school day at or after today + offset. */
function weekday(offset = 0): string {
  let date = day(offset);
  while (isWeekend(date)) date = addDays(date, 1);
  return date;
}

describe("listStudents", () => {
  it("lists a parent's pupils with school and counters, labelled with the connection", async () => {
    const page = await parent.listStudents({}, ctx);
    expect(page.items.map((s) => s.id)).toEqual([first, second]);
    for (const pupil of page.items) {
      expect(Student.strict().parse(pupil)).toEqual(pupil);
      expect(pupil.connection).toBe("classcharts-parent");
    }
    expect(page.items.map((s) => s.school)).toEqual(["Kestrel Vale Academy", "Bramblewick High School"]);
    expect(page.items[0]!.counts).toEqual(
      expect.objectContaining({ homework_todo: expect.any(Number), detention_pending: 2, announcements: 6 }),
    );
  });

  it("pages with limit and cursor, and searches by name", async () => {
    const one = await parent.listStudents({ limit: 1 }, ctx);
    expect(one.items).toHaveLength(1);
    const two = await parent.listStudents({ limit: 1, cursor: one.nextCursor! }, ctx);
    expect(two.items[0]!.id).toBe(second);
    expect(two.nextCursor).toBeUndefined();
    const name = sandbox.data.pupils[1]!.first_name.toLowerCase();
    expect((await parent.listStudents({ search: name }, ctx)).items.map((s) => s.id)).toEqual([second]);
  });

  it("refuses group filters: ClassCharts connections have no groups", async () => {
    await expect(parent.listStudents({ groupId: "9R" }, ctx)).rejects.toThrow(UserInputError);
  });
});

describe("pupil selection and display flags", () => {
  it("an id the parent cannot see is refused before any call, naming the id and listing the pupils", async () => {
    const before = requests();
    const error = await parent
      .listHomework({ from: day(-7), to: today(), studentId: "424242" }, ctx)
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("424242");
    expect(error.message).toContain(`${first}, ${second}`);
    expect(requests()).toBe(before);
  });

  it("a hidden feature is not supported for that pupil, and nothing is asked upstream", async () => {
    const before = requests();
    const error = await parent
      .getAttendance({ from: day(-7), to: today(), studentId: second }, ctx)
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotSupportedError);
    expect(error.message).toBe(
      "Attendance is not available for this pupil: their school does not share it with parents",
    );
    expect(requests()).toBe(before);
    expect(hits(`/apiv2parent/attendance/${second}`)).toBe(0);
  });

  it("without a studentId the parent gets the pupils whose school shares it, and a note for the other", async () => {
    const result = await parent.getAttendance({ from: day(-14), to: today() }, ctx);
    expect(new Set(result.records.map((r) => r.studentId))).toEqual(new Set([first]));
    expect(result.notes).toContainEqual(
      expect.stringContaining(`pupil ${second}: their school does not share it`),
    );
    expect(hits(`/apiv2parent/attendance/${second}`)).toBe(0);
  });

  it("a first name resolves to the pupil", async () => {
    const name = sandbox.data.pupils[0]!.first_name;
    const lessons = await parent.getTimetable({ from: weekday(), to: weekday(), studentId: name }, ctx);
    expect(new Set(lessons.map((l) => l.studentId))).toEqual(new Set([first]));
  });

  it("a range over a year is refused with the limit, before any call", async () => {
    const before = requests();
    const error = await parent.listBehaviour({ from: day(-400), to: today() }, ctx).catch((e) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toMatch(/at most 366/);
    await expect(parent.getTimetable({ from: today(), to: day(-1) }, ctx)).rejects.toThrow(
      /from must not be after to/,
    );
    expect(requests()).toBe(before);
  });
});

describe("timetable", () => {
  it("one upstream call per day and pupil, cached; both pupils when none is named", async () => {
    const from = weekday(7);
    const to = addDays(from, 4);
    const lessons = await parent.getTimetable({ from, to }, ctx);
    for (const lesson of lessons) expect(Lesson.strict().parse(lesson)).toEqual(lesson);
    expect(new Set(lessons.map((l) => l.studentId))).toEqual(new Set([first, second]));
    expect(hits(`/apiv2parent/timetable/${first}`)).toBeGreaterThanOrEqual(5);
    const before = requests();
    await parent.getTimetable({ from, to }, ctx);
    expect(requests()).toBe(before);
    const monday = lessons.filter((l) => l.studentId === first && l.date === from);
    expect(monday[0]).toMatchObject({ start: "08:50", end: "09:50", period: "1" });
    expect(monday.find((l) => l.isBreak)).toMatchObject({ subject: "Break", start: "10:50" });
  });

  it("a range too long for the polite pace is refused up front with the cost, not half-done", async () => {
    const before = requests();
    const error = await parent
      .getTimetable({ from: day(1), to: day(200) }, { ...ctx, deadline: Date.now() + 20_000 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error.message).toMatch(/needs 400 ClassCharts calls \(one per day and pupil\), about \d+ s/);
    expect(requests()).toBe(before);
  });

  it("a student connection needs no studentId", async () => {
    const lessons = await student.getTimetable({ from: weekday(), to: weekday() }, ctx);
    expect(lessons.length).toBe(7);
    expect(lessons.every((l) => l.studentId === first && l.connection === "classcharts-student")).toBe(true);
  });

  it("a feature the service refuses (success 0) becomes NotSupportedError", async () => {
    const pupil = sandbox.data.pupils[0]!;
    pupil.flags.display_timetable = false; // the school changed its mind after we signed in
    try {
      const error = await parent
        .getTimetable({ from: day(40), to: day(40), studentId: first }, ctx)
        .catch((e) => e);
      expect(error).toBeInstanceOf(NotSupportedError);
      expect(error.message).toContain("Timetable is not enabled for this pupil");
    } finally {
      pupil.flags.display_timetable = true;
    }
  });
});

describe("attendance, homework, behaviour, announcements", () => {
  it("attendance: sessions and lessons with statuses and the service's percentage", async () => {
    const from = day(-28);
    const result = await student.getAttendance({ from, to: today() }, ctx);
    for (const record of result.records) expect(AttendanceRecord.strict().parse(record)).toEqual(record);
    const marked = attendanceSoFar(sandbox.data.pupils[0]!.attendance, asOf(clock));
    const expected = attendanceAnswer(marked, { from, to: today() }).meta;
    expect(result.totals.percentage).toBe(Number(expected["percentage"]));
    const sessions = new Set(result.records.map((r) => r.session));
    expect(sessions).toContain("am");
    expect(sessions).toContain("pm");
    expect([...sessions].some((s) => /^P1 /.test(s ?? ""))).toBe(true);
    expect(result.totals.sessions).toBe(
      result.records.filter((r) => r.session === "am" || r.session === "pm").length,
    );
    expect(result.notes).toContainEqual(expect.stringMatching(/since August/));
    const am = await student.getAttendance({ from, to: today(), session: "am" }, ctx);
    expect(am.records.every((r) => r.session === "am")).toBe(true);
  });

  it("homework by due date or issue date, with status and teacher", async () => {
    const from = day(-21);
    const byDue = await parent.listHomework({ from, to: day(7), studentId: first, by: "due_date" }, ctx);
    expect(byDue.length).toBeGreaterThan(0);
    for (const h of byDue) {
      expect(Homework.strict().parse(h)).toEqual(h);
      expect(h.dueDate >= from && h.dueDate <= day(7)).toBe(true);
      expect(h.teacher).toBeTruthy();
    }
    expect(new Set(byDue.map((h) => h.status))).toContain("todo");
    const byIssue = await parent.listHomework({ from, to: today(), studentId: first, by: "issue_date" }, ctx);
    expect(byIssue.every((h) => h.issueDate >= from && h.issueDate <= today())).toBe(true);
  });

  it("behaviour: every activity point in the range, paged by last_id, with totals and detentions", async () => {
    const from = sandbox.data.termStart;
    const pupil = sandbox.data.pupils[0]!;
    const progress: number[] = [];
    const result = await parent.listBehaviour(
      { from, to: today(), studentId: first },
      { ...ctx, progress: (done) => progress.push(done) },
    );
    const given = pointsSoFar(pupil.activity, asOf(clock));
    expect(result.events.map((e) => e.id)).toEqual(given.map((p) => String(p.id)));
    for (const event of result.events) expect(BehaviourEvent.strict().parse(event)).toEqual(event);
    // ceil(n / 50) full-or-short pages, then the empty page that ends the feed.
    expect(hits(`/apiv2parent/activity/${first}`)).toBe(Math.ceil(given.length / 50) + 1);
    expect(progress).toEqual(Array.from({ length: Math.ceil(given.length / 50) }, (_, i) => i + 1));
    const positive = given.filter((p) => p.polarity === "positive").reduce((s, p) => s + p.score, 0);
    expect(result.totals.positive).toBe(positive);
    expect(Object.values(result.totals.byReason).every((r) => r.count > 0)).toBe(true);
    const detentions = result.detentions;
    expect(detentions.length).toBeGreaterThan(0);
    for (const d of detentions) {
      expect(Detention.strict().parse(d)).toEqual(d);
      expect(d).toMatchObject({ time: expect.stringMatching(/^\d{2}:\d{2}$/), location: expect.any(String) });
    }
    expect(new Set(detentions.map((d) => d.attended))).toEqual(new Set(["yes", "no", "upscaled"]));
  });

  it("behaviour for the future includes the pending detentions", async () => {
    const result = await parent.listBehaviour({ from: today(), to: day(10), studentId: first }, ctx);
    expect(result.detentions.map((d) => d.attended)).toEqual(["pending", "pending"]);
  });

  it("announcements: newest first, for every pupil, sticky and consent as booleans", async () => {
    const list = await parent.listAnnouncements({}, ctx);
    expect(list).toHaveLength(12);
    for (const a of list) expect(Announcement.strict().parse(a)).toEqual(a);
    expect([...list].sort((a, b) => b.timestamp.localeCompare(a.timestamp))).toEqual(list);
    expect(list.filter((a) => a.sticky)).toHaveLength(2);
    expect(list.some((a) => a.requiresConsent)).toBe(true);
    expect(list[0]!.description).not.toMatch(/<p>/);
  });
});

describe.each(INSTANTS)("at $label ($at)", (instant) => {
  const now = Date.parse(instant.at);
  const schoolDay = !isWeekend(instant.today);
  let at: Harness;

  beforeAll(async () => {
    at = await start(pinnedClock(instant.at));
  });
  afterAll(() => at.close());

  it("today's attendance is the registers taken so far, on the London day", async () => {
    const result = await at.student.getAttendance({ from: instant.today, to: instant.today }, ctx);
    expect(result.records.every((r) => r.date === instant.today)).toBe(true);
    const keys = result.records.map((r) => (r.session ?? "").split(" ")[0]!.toUpperCase()).sort();
    expect(keys).toEqual(instant.marks);
    expect(result.totals.sessions).toBe(instant.marks.filter((k) => k === "AM" || k === "PM").length);
  });

  it("today's points are those given so far; the last school day's are all there", async () => {
    const result = await at.parent.listBehaviour(
      { from: instant.today, to: instant.today, studentId: at.first },
      ctx,
    );
    expect(result.events.every((e) => e.timestamp.startsWith(instant.today))).toBe(true);
    expect(result.events.every((e) => Date.parse(e.timestamp) <= now)).toBe(true);
    const generated = at.sandbox.data.pupils[0]!.activity.filter((p) =>
      p.timestamp.startsWith(instant.today),
    );
    const expected = {
      none: 0,
      some: generated.filter((p) => Date.parse(p.timestamp) <= now).length,
      all: generated.length,
    };
    expect(result.events).toHaveLength(expected[instant.points]);
    if (instant.points === "some") expect(result.events.length).toBeGreaterThan(0);
    const last = previousSchoolDay(instant.today);
    const yesterday = await at.parent.listBehaviour({ from: last, to: last, studentId: at.first }, ctx);
    expect(yesterday.events.length).toBeGreaterThanOrEqual(2);
  });

  it("homework: none issued after today, some due in the week ahead", async () => {
    const issued = await at.parent.listHomework(
      { from: at.sandbox.data.termStart, to: at.sandbox.data.horizon, studentId: at.first, by: "issue_date" },
      ctx,
    );
    expect(issued.length).toBeGreaterThan(30);
    expect(issued.every((h) => h.issueDate <= instant.today)).toBe(true);
    const due = await at.parent.listHomework(
      { from: instant.today, to: addDays(instant.today, 7), studentId: at.first },
      ctx,
    );
    expect(due.length).toBeGreaterThan(0);
  });

  it("today's timetable is the London day's, at the school's wall-clock times", async () => {
    const lessons = await at.student.getTimetable({ from: instant.today, to: instant.today }, ctx);
    expect(lessons).toHaveLength(schoolDay ? 7 : 0);
    expect(lessons.every((l) => l.date === instant.today)).toBe(true);
    if (schoolDay) expect(lessons[0]).toMatchObject({ start: "08:50", end: "09:50", period: "1" });
  });

  it("detentions: the two booked ahead are pending, the past ones settled", async () => {
    const result = await at.parent.listBehaviour(
      { from: at.sandbox.data.termStart, to: addDays(instant.today, 14), studentId: at.first },
      ctx,
    );
    const pending = result.detentions.filter((d) => d.attended === "pending");
    expect(pending).toHaveLength(2);
    expect(pending.every((d) => d.date > instant.today)).toBe(true);
    expect(
      result.detentions.filter((d) => d.date < instant.today).every((d) => d.attended !== "pending"),
    ).toBe(true);
    const [pupil] = (await at.parent.listStudents({}, ctx)).items;
    expect(pupil!.counts).toMatchObject({ detention_pending: 2, announcements: 6 });
  });
});
