/**
 * Contract: the ClassCharts connector gives the same answers against every sandbox variant (every open
 * reading of the unofficial reference and the client's notes) as against the default, and the answers are
 * the sandbox's own truth. Then one test per rule of src/providers/common/trust.ts that fails when the
 * connector breaks it. One clock, pinned to a Monday mid-morning in London, is shared by sandbox and
 * connectors, so every run sees the same day whatever the machine's time.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AttendanceRecord,
  Badge,
  BehaviourEvent,
  type CallContext,
  Detention,
  Homework,
  Lesson,
  READ_SCOPES,
  Student,
} from "../../src/domain/index.js";
import { createReadReport, type ReadTally } from "../../src/domain/read-report.js";
import { InvalidResponseError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { attendanceSoFar } from "../../src/sandbox/classcharts/attendance.js";
import { detentionsAsOf, pointsSoFar } from "../../src/sandbox/classcharts/behaviour.js";
import { asOf } from "../../src/sandbox/classcharts/dates.js";
import { homeworkSoFar } from "../../src/sandbox/classcharts/homework.js";
import type { ClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { eventBadges } from "../../src/sandbox/classcharts/views.js";
import { type SandboxVariant, SMALL_PAGE_CAP, VARIANT_NAMES } from "../../src/sandbox/common/variants.js";
import { addDays } from "../../src/time/local.js";
import { expectSameAs } from "../helpers/variant-answers.js";
import { pinnedClock } from "../sandbox/classcharts-instants.js";
import { type ClassChartsHarness, startClassChartsHarness } from "./classcharts-harness.js";

/** Monday 7 December 2026, 10:30 in London: the morning register and two lessons' are taken, P3's is not. */
const AT = "2026-12-07T10:30:00Z";
const TODAY = "2026-12-07";
const FRIDAY = "2026-12-04";
const MARKED_SO_FAR = ["AM", "P1", "P2"];
/** Connector windows (rate limit, renewal) at 60x, so small pages cost no wall-clock minutes. */
const TIME_SCALE = 60;

interface Harness extends ClassChartsHarness {
  variant: SandboxVariant;
}

async function start(variant: SandboxVariant): Promise<Harness> {
  const harness = await startClassChartsHarness({ clock: pinnedClock(AT), variant, timeScale: TIME_SCALE });
  return { ...harness, variant };
}

/** A call with its own read report, so each answer says what it could not read or left out. */
async function ask<T>(call: (ctx: CallContext) => Promise<T>): Promise<{ answer: T; tally: ReadTally }> {
  const report = createReadReport();
  const ctx: CallContext = { scopes: new Set(READ_SCOPES), caller: "test", logger: silentLogger, report };
  const answer = await call(ctx);
  return { answer, tally: report.tally() };
}

const CLEAN: ReadTally = { unreadable: [], filteredOut: [] };

/** The questions every variant must answer alike. */
async function answers(h: Harness) {
  const pupil = h.sandbox.data.pupils[0]!;
  const due = [...new Set(homeworkSoFar(pupil.homework, asOf(h.sandbox.clock)).map((w) => w.due_date))]
    .filter((d) => d >= TODAY)
    .sort();
  expect(due.length).toBeGreaterThan(1);
  const dueRange = { from: due[0]!, to: due[Math.min(3, due.length - 1)]! };
  const q = {
    students: await ask((ctx) => h.parent.listStudents({}, ctx)),
    firstOnly: await ask((ctx) => h.parent.listStudents({ limit: 1 }, ctx)),
    todaysLessons: await ask((ctx) => h.parent.getTimetable({ from: TODAY, to: TODAY }, ctx)),
    week: await ask((ctx) =>
      h.parent.getTimetable({ from: TODAY, to: addDays(TODAY, 4), studentId: h.second }, ctx),
    ),
    attendanceToday: await ask((ctx) => h.student.getAttendance({ from: TODAY, to: TODAY }, ctx)),
    attendanceRange: await ask((ctx) =>
      h.parent.getAttendance({ from: "2026-12-03", to: TODAY, studentId: h.first }, ctx),
    ),
    attendanceFriday: await ask((ctx) => h.student.getAttendance({ from: FRIDAY, to: FRIDAY }, ctx)),
    homeworkDue: await ask((ctx) => h.parent.listHomework({ ...dueRange, studentId: h.first }, ctx)),
    homeworkBoth: await ask((ctx) => h.parent.listHomework({ from: TODAY, to: addDays(TODAY, 7) }, ctx)),
    homeworkSetFriday: await ask((ctx) =>
      h.student.listHomework({ from: FRIDAY, to: FRIDAY, by: "issue_date" }, ctx),
    ),
    behaviour: await ask((ctx) =>
      h.parent.listBehaviour({ from: addDays(TODAY, -20), to: addDays(TODAY, 14), studentId: h.first }, ctx),
    ),
    behaviourFriday: await ask((ctx) => h.parent.listBehaviour({ from: FRIDAY, to: FRIDAY }, ctx)),
    behaviourTerm: await ask((ctx) =>
      h.parent.listBehaviour({ from: h.sandbox.data.termStart, to: TODAY, studentId: h.first }, ctx),
    ),
    behaviourToday: await ask((ctx) => h.student.listBehaviour({ from: TODAY, to: TODAY }, ctx)),
    announcements: await ask((ctx) => h.parent.listAnnouncements({}, ctx)),
  };
  return { ...q, dueRange };
}
type Answers = Awaited<ReturnType<typeof answers>>;

let baseline: Harness;
let expected: Answers;

beforeAll(async () => {
  baseline = await start("default");
  expected = await answers(baseline);
}, 60_000);
afterAll(() => baseline?.close());

describe.each(VARIANT_NAMES)("against the %s sandbox", (variant) => {
  let h: Harness;
  let got: Answers;

  beforeAll(async () => {
    h = await start(variant);
    got = await answers(h);
  }, 60_000);
  afterAll(() => h?.close());

  it("reads everything it is sent and leaves nothing out unsaid", () => {
    for (const [name, value] of Object.entries(got)) {
      if (name === "dueRange") continue;
      expect({ name, tally: (value as { tally: ReadTally }).tally }).toEqual({ name, tally: CLEAN });
    }
  });

  it("lists both children, complete, with a total; a limit gives a cursor", () => {
    const { answer } = got.students;
    expect(answer.items.map((s) => s.id)).toEqual([h.first, h.second]);
    expect(answer.total).toBe(2);
    expect(answer.nextCursor).toBeUndefined();
    for (const s of answer.items) expect(Student.strict().parse(s)).toEqual(s);
    expect(answer.items.map((s) => s.school)).toEqual(["Kestrel Vale Academy", "Bramblewick High School"]);
    expect(got.firstOnly.answer).toMatchObject({ nextCursor: "1", total: 2 });
    expectSameAs(variant, answer, expected.students.answer);
  });

  it("today's timetable for both children: real times and rooms, each lesson naming whose it is", () => {
    const lessons = got.todaysLessons.answer;
    expect(lessons).toHaveLength(14);
    const names = new Map(h.sandbox.data.pupils.map((p) => [String(p.id), `${p.first_name} ${p.last_name}`]));
    for (const lesson of lessons) {
      expect(Lesson.strict().parse(lesson)).toEqual(lesson);
      expect(lesson.date).toBe(TODAY);
      expect(lesson.studentName).toBe(names.get(lesson.studentId!));
      expect(lesson.start).not.toBe("00:00");
      expect(lesson.start < lesson.end).toBe(true);
      if (!lesson.isBreak) expect(lesson.room).toMatch(/^[A-Za-z]+\d+$/);
    }
    const first = lessons.filter((l) => l.studentId === h.first);
    expect(first.map((l) => `${l.start}-${l.end}`)).toEqual([
      "08:50-09:50",
      "09:50-10:50",
      "10:50-11:10",
      "11:10-12:10",
      "12:10-13:00",
      "13:00-14:00",
      "14:00-15:00",
    ]);
    expectSameAs(variant, lessons, expected.todaysLessons.answer);
  });

  it("a week's timetable for one child: five days of seven", () => {
    const lessons = got.week.answer;
    expect(lessons).toHaveLength(35);
    expect(new Set(lessons.map((l) => l.studentId))).toEqual(new Set([h.second]));
    expectSameAs(variant, lessons, expected.week.answer);
  });

  it("today's attendance: the registers taken so far on the London day, and no more", () => {
    const { records, totals } = got.attendanceToday.answer;
    for (const r of records) expect(AttendanceRecord.strict().parse(r)).toEqual(r);
    expect(records.every((r) => r.date === TODAY && r.studentId === h.first && r.studentName)).toBe(true);
    expect(records.map((r) => (r.session ?? "").split(" ")[0]!.toUpperCase()).sort()).toEqual(MARKED_SO_FAR);
    expect(totals.sessions).toBe(1);
    expectSameAs(variant, got.attendanceToday.answer, expected.attendanceToday.answer);
  });

  it("an attendance range includes both ends; a single day works", () => {
    const { records } = got.attendanceRange.answer;
    expect([...new Set(records.map((r) => r.date))]).toEqual(["2026-12-03", FRIDAY, TODAY]);
    const truth = attendanceSoFar(h.sandbox.data.pupils[0]!.attendance, asOf(h.sandbox.clock));
    const marks = (date: string) => Object.keys(truth[date] ?? {}).length;
    expect(records).toHaveLength(marks("2026-12-03") + marks(FRIDAY) + marks(TODAY));
    expect(got.attendanceFriday.answer.records).toHaveLength(7);
    expect(got.attendanceFriday.answer.totals.sessions).toBe(2);
    expectSameAs(variant, got.attendanceRange.answer, expected.attendanceRange.answer);
    expectSameAs(variant, got.attendanceFriday.answer, expected.attendanceFriday.answer);
  });

  it("homework due in a range: every one the sandbox has, both ends included", () => {
    const { from, to } = got.dueRange;
    const truth = homeworkSoFar(h.sandbox.data.pupils[0]!.homework, asOf(h.sandbox.clock))
      .filter((w) => w.due_date >= from && w.due_date <= to)
      .map((w) => String(w.id));
    const homework = got.homeworkDue.answer;
    expect(homework.map((w) => w.id).sort()).toEqual(truth.sort());
    expect(homework.some((w) => w.dueDate === from) && homework.some((w) => w.dueDate === to)).toBe(true);
    for (const w of [...homework, ...got.homeworkBoth.answer]) {
      expect(Homework.strict().parse(w)).toEqual(w);
      expect(w.studentName).toBeTruthy();
    }
    expect(new Set(got.homeworkBoth.answer.map((w) => w.studentId))).toEqual(new Set([h.first, h.second]));
    expectSameAs(variant, homework, expected.homeworkDue.answer);
    expectSameAs(variant, got.homeworkBoth.answer, expected.homeworkBoth.answer);
  });

  it("homework set on one day, by issue date", () => {
    const truth = h.sandbox.data.pupils[0]!.homework.filter((w) => w.issue_date === FRIDAY).map((w) =>
      String(w.id),
    );
    expect(got.homeworkSetFriday.answer.map((w) => w.id)).toEqual(truth);
    expectSameAs(variant, got.homeworkSetFriday.answer, expected.homeworkSetFriday.answer);
  });

  it("behaviour over three weeks: every point given, totals from them, detentions in the range", () => {
    const { events, totals, detentions } = got.behaviour.answer;
    const at = asOf(h.sandbox.clock);
    const from = addDays(TODAY, -20);
    const given = pointsSoFar(h.sandbox.data.pupils[0]!.activity, at).filter(
      (p) => p.timestamp.slice(0, 10) >= from,
    );
    expect(events.map((e) => e.id)).toEqual(given.map((p) => String(p.id)));
    for (const e of events) {
      expect(BehaviourEvent.strict().parse(e)).toEqual(e);
      expect(e.studentName).toBeTruthy();
    }
    const sum = (polarity: string) =>
      given.filter((p) => p.polarity === polarity).reduce((s, p) => s + Math.abs(p.score), 0);
    expect(totals.positive).toBe(sum("positive"));
    expect(totals.negative).toBe(sum("negative"));
    const booked = detentionsAsOf(h.sandbox.data.pupils[0]!.detentions, at).filter(
      (d) => d.date >= from && d.date <= addDays(TODAY, 14),
    );
    expect(detentions.map((d) => d.id).sort()).toEqual(booked.map((d) => String(d.id)).sort());
    for (const d of detentions) {
      expect(Detention.strict().parse(d)).toEqual(d);
      expect(d).toMatchObject({
        studentId: h.first,
        studentName: expect.any(String),
        time: expect.any(String),
      });
    }
    expect(detentions.map((d) => d.attended)).toContain("pending");
    expectSameAs(variant, got.behaviour.answer, expected.behaviour.answer);
  });

  it("badges: every badge the pupil was awarded in the range, on its day, whatever the field names", () => {
    const at = asOf(h.sandbox.clock);
    const truth = eventBadges(pointsSoFar(h.sandbox.data.pupils[0]!.activity, at))
      .map((b) => `${b["name"]} ${String(b["created_date"]).slice(0, 10)}`)
      .sort();
    const badges = got.behaviourTerm.answer.badges ?? [];
    expect(truth.length).toBeGreaterThan(0);
    expect(badges.map((b) => `${b.name} ${b.date}`).sort()).toEqual(truth);
    for (const b of badges) expect(Badge.strict().parse(b)).toEqual(b);
    expectSameAs(variant, badges, expected.behaviourTerm.answer.badges ?? []);
  });

  it("behaviour on one day for both children, and today's so far", () => {
    const friday = got.behaviourFriday.answer.events;
    expect(friday.every((e) => e.timestamp.startsWith(FRIDAY))).toBe(true);
    expect(new Set(friday.map((e) => e.studentId))).toEqual(new Set([h.first, h.second]));
    const today = got.behaviourToday.answer.events;
    expect(
      today.every((e) => e.timestamp.startsWith(TODAY) && Date.parse(e.timestamp) <= Date.parse(AT)),
    ).toBe(true);
    const given = pointsSoFar(h.sandbox.data.pupils[0]!.activity, asOf(h.sandbox.clock));
    expect(today).toHaveLength(given.filter((p) => p.timestamp.startsWith(TODAY)).length);
    expectSameAs(variant, got.behaviourFriday.answer, expected.behaviourFriday.answer);
    expectSameAs(variant, got.behaviourToday.answer, expected.behaviourToday.answer);
  });

  it("announcements for both schools, newest first", () => {
    expect(got.announcements.answer).toHaveLength(12);
    expectSameAs(variant, got.announcements.answer, expected.announcements.answer);
  });
});

describe("each rule, broken on purpose", () => {
  // A fresh server and cache per test: each test changes what the server says.
  let h: Harness;
  beforeEach(async () => {
    h = await start("default");
  });
  afterEach(() => h?.close());

  it("rule 1: a server that ignores every range gives the same answers, the rest left out and counted", async () => {
    h.sandbox.settings.ignoreRanges = true;
    try {
      const from = addDays(TODAY, -10);
      const homework = await ask((ctx) =>
        h.parent.listHomework({ from, to: TODAY, studentId: h.first }, ctx),
      );
      const truth = homeworkSoFar(h.sandbox.data.pupils[0]!.homework, asOf(h.sandbox.clock)).filter(
        (w) => w.due_date >= from && w.due_date <= TODAY,
      );
      expect(homework.answer.map((w) => w.id).sort()).toEqual(truth.map((w) => String(w.id)).sort());
      expect(homework.tally.filteredOut).toEqual([{ what: "homework", count: expect.any(Number) }]);
      const register = await ask((ctx) =>
        h.parent.getAttendance({ from: FRIDAY, to: FRIDAY, studentId: h.first }, ctx),
      );
      expect(register.answer.records).toHaveLength(7);
      expect(register.tally.filteredOut[0]).toMatchObject({ what: "attendance marks" });
      const points = await ask((ctx) =>
        h.parent.listBehaviour({ from: FRIDAY, to: FRIDAY, studentId: h.first }, ctx),
      );
      expect(points.answer.events.length).toBeGreaterThan(0);
      expect(points.answer.events.every((e) => e.timestamp.startsWith(FRIDAY))).toBe(true);
      // Today's points came back although the range ended on Saturday: they contradict what was sent.
      expect(points.tally.filteredOut).toEqual([{ what: "behaviour points", count: expect.any(Number) }]);
    } finally {
      h.sandbox.settings.ignoreRanges = false;
    }
  });

  it("rule 1: a record that says it is the other child's is left out of this child's answer, and counted", async () => {
    const [pupil, sibling] = h.sandbox.data.pupils as [
      ClassChartsSandbox["data"]["pupils"][number],
      ClassChartsSandbox["data"]["pupils"][number],
    ];
    const detention = structuredClone(pupil.detentions[0]!);
    detention.id = 99_000_001;
    detention.pupil = { ...detention.pupil, id: sibling.id, first_name: sibling.first_name };
    const point = structuredClone(pointsSoFar(pupil.activity, asOf(h.sandbox.clock))[0]!);
    point.id = pupil.activity[0]!.id + 1000;
    point.pupil_name = `${sibling.first_name} ${sibling.last_name}`;
    pupil.detentions.push(detention);
    pupil.activity.unshift(point);
    try {
      const { answer, tally } = await ask((ctx) =>
        h.parent.listBehaviour(
          { from: h.sandbox.data.termStart, to: addDays(TODAY, 14), studentId: h.first },
          ctx,
        ),
      );
      expect(answer.detentions.map((d) => d.id)).not.toContain(String(detention.id));
      expect(answer.events.map((e) => e.id)).not.toContain(String(point.id));
      expect(tally.filteredOut).toEqual([
        { what: "behaviour points", count: 1 },
        { what: "detentions", count: 1 },
      ]);
    } finally {
      pupil.detentions.pop();
      pupil.activity.shift();
    }
  });

  it("rule 2: optional fields sent as null are absent, never filled in (no 0, no empty text)", async () => {
    const nulls = await start("nulls");
    try {
      const { answer: students } = await ask((ctx) => nulls.parent.listStudents({}, ctx));
      for (const s of students.items) expect(s.counts).not.toHaveProperty("messages");
      const { answer: homework } = await ask((ctx) =>
        nulls.parent.listHomework({ from: TODAY, to: addDays(TODAY, 7) }, ctx),
      );
      expect(homework.length).toBeGreaterThan(0);
      for (const w of homework) {
        expect(w).not.toHaveProperty("estimatedMinutes");
        expect(w).not.toHaveProperty("description");
      }
      const { answer: lessons } = await ask((ctx) =>
        nulls.parent.getTimetable({ from: TODAY, to: TODAY }, ctx),
      );
      for (const l of lessons.filter((l) => l.isBreak)) {
        expect(l).not.toHaveProperty("teacher");
        expect(l).not.toHaveProperty("room");
      }
    } finally {
      await nulls.close();
    }
  });

  it("rule 3: unreadable records are counted; when none can be read the call is an error, not none", async () => {
    const homework = h.sandbox.data.pupils[0]!.homework;
    const saved = homework.map((w) => ({ title: w.title, meta_title: w.meta_title }));
    const from = addDays(TODAY, -14);
    const inRange = homework.filter((w) => w.due_date >= from && w.due_date <= TODAY);
    try {
      for (const w of inRange.slice(0, 2)) Object.assign(w, { title: "", meta_title: "" });
      const some = await ask((ctx) => h.parent.listHomework({ from, to: TODAY, studentId: h.first }, ctx));
      expect(some.answer).toHaveLength(inRange.length - 2);
      expect(some.tally.unreadable).toEqual([{ what: "homework", count: 2 }]);
      for (const w of homework) Object.assign(w, { title: "", meta_title: "" });
      // Another range than the call above, so the answer is not the cached one.
      const none = await ask((ctx) =>
        h.parent.listHomework({ from: addDays(from, -1), to: TODAY, studentId: h.first }, ctx),
      ).catch((e) => e);
      expect(none).toBeInstanceOf(InvalidResponseError);
      expect(none.message).toMatch(/none of the \d+ homework it sent could be read/);
    } finally {
      for (const [i, w] of homework.entries()) Object.assign(w, saved[i]);
    }
    // Friday's points all unreadable, the earlier ones the feed sends on the way (it pages back from `to`,
    // and this server does not apply `from`) fine: the answer is still not "none".
    const literal = await start("filters-ignored");
    const friday = literal.sandbox.data.pupils[0]!.activity.filter((p) => p.timestamp.startsWith(FRIDAY));
    expect(friday.length).toBeGreaterThan(0);
    for (const p of friday) p.type = "" as typeof p.type;
    try {
      const points = await ask((ctx) =>
        literal.student.listBehaviour({ from: FRIDAY, to: FRIDAY }, ctx),
      ).catch((e) => e);
      expect(points).toBeInstanceOf(InvalidResponseError);
      expect(points.message).toMatch(/\d+ behaviour points it sent could not be read and none of the rest/);
    } finally {
      await literal.close();
    }
    const attendance = h.sandbox.data.pupils[0]!.attendance;
    const register = attendance[FRIDAY]!;
    attendance[FRIDAY] = Object.fromEntries(
      Object.keys(register).map((key) => [key, { code: "?", status: "unheard-of", late_minutes: 0 }]),
    ) as unknown as typeof register;
    try {
      const marks = await ask((ctx) => h.student.getAttendance({ from: FRIDAY, to: FRIDAY }, ctx)).catch(
        (e) => e,
      );
      expect(marks).toBeInstanceOf(InvalidResponseError);
      expect(marks.message).toMatch(/attendance marks/);
    } finally {
      attendance[FRIDAY] = register;
    }
  });

  it("rule 4: a feed whose pages are smaller than documented is read to its end", async () => {
    const small = await start("small-pages");
    try {
      const from = addDays(TODAY, -20);
      const { answer } = await ask((ctx) =>
        small.parent.listBehaviour({ from, to: TODAY, studentId: small.first }, ctx),
      );
      const given = pointsSoFar(small.sandbox.data.pupils[0]!.activity, asOf(small.sandbox.clock)).filter(
        (p) => p.timestamp.slice(0, 10) >= from,
      );
      expect(answer.events).toHaveLength(given.length);
      expect(given.length).toBeGreaterThan(3 * SMALL_PAGE_CAP);
      const pages = small.sandbox.server.stats.byPath.get(`/apiv2parent/activity/${small.first}`) ?? 0;
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(given.length / SMALL_PAGE_CAP));
    } finally {
      await small.close();
    }
  });

  it("rule 5: a server that reads `to` as the start of its day still gives the last day and a single day", async () => {
    const literal = await start("filters-ignored");
    try {
      const { answer } = await ask((ctx) => literal.student.getAttendance({ from: TODAY, to: TODAY }, ctx));
      expect(answer.records.map((r) => r.date)).toEqual(MARKED_SO_FAR.map(() => TODAY));
      const { answer: due } = await ask((ctx) =>
        literal.parent.listHomework(
          { from: expected.dueRange.to, to: expected.dueRange.to, studentId: literal.first },
          ctx,
        ),
      );
      expect(due.length).toBeGreaterThan(0);
      expect(due.every((w) => w.dueDate === expected.dueRange.to)).toBe(true);
    } finally {
      await literal.close();
    }
  });

  it("rule 8: every lesson, homework, point and detention for a parent says which child it is for", () => {
    const names = new Set(h.sandbox.data.pupils.map((p) => `${p.first_name} ${p.last_name}`));
    const records = [
      ...expected.todaysLessons.answer,
      ...expected.homeworkBoth.answer,
      ...expected.behaviourFriday.answer.events,
      ...expected.behaviour.answer.detentions,
    ];
    expect(records.length).toBeGreaterThan(20);
    for (const r of records) expect(names.has(r.studentName ?? "")).toBe(true);
  });
});
