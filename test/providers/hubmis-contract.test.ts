/**
 * Contract: the HUBmis connector gives the same answers against every sandbox variant (every open reading
 * of the reference and the assumed paths: only documented filters applied, pages far smaller than asked,
 * other field names and forms, extra fields, nulls, offsets, all at once) as against the default, and the
 * answers are the sandbox's own truth. Then one test per rule of src/providers/common/trust.ts that fails
 * when the connector breaks it. One clock, pinned to a Wednesday afternoon in London after both registers,
 * is shared by sandbox and connector; HUBmis's 12-a-minute budget runs at 150x, so a page cap of 7 costs
 * no real minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceResult } from "../../src/domain/connector.js";
import {
  AttendanceRecord,
  type CallContext,
  Group,
  LearningSupportRecord,
  Lesson,
  READ_SCOPES,
  type Scope,
  StaffMember,
  Student,
  StudentDetail,
  WellbeingEvent,
  WITHHELD,
} from "../../src/domain/index.js";
import { createReadReport, type ReadTally } from "../../src/domain/read-report.js";
import { InvalidResponseError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { type SandboxVariant, VARIANT_NAMES } from "../../src/sandbox/common/variants.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { followCursor } from "../helpers/follow-cursor.js";
import { expectSameAs } from "../helpers/variant-answers.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { type Harness, startHarness } from "./hubmis-harness.js";
import { startProxy } from "./hubmis-proxy.js";

const TODAY = WEDNESDAY;
const YESTERDAY = addDays(TODAY, -1);
const MONDAY = mondayOf(TODAY);
const FRIDAY = addDays(MONDAY, 4);
const TOMORROW = addDays(TODAY, 1);
const FORTNIGHT = addDays(MONDAY, -7);
const SCALE = 150;

/** A call with its own read report, so each answer says what it could not read or left out. */
async function ask<T>(
  call: (ctx: CallContext) => Promise<T>,
  add: Scope[] = [],
): Promise<{ answer: T; tally: ReadTally }> {
  const report = createReadReport();
  const ctx: CallContext = {
    scopes: new Set<Scope>([...READ_SCOPES, ...add]),
    caller: "test",
    logger: silentLogger,
    report,
  };
  const answer = await call(ctx);
  return { answer, tally: report.tally() };
}

/** Every page of a list, following cursors; the last page's total and how many calls it took. */
async function everyPage<T>(
  list: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor?: string; total?: number }>,
): Promise<{ items: T[]; total?: number; calls: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let calls = 0;
  let total: number | undefined;
  do {
    const page = await list(cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
    total = page.total;
    calls++;
  } while (cursor && calls < 50);
  return { items, ...(total === undefined ? {} : { total }), calls };
}

/**
 * A form's registers, asking again with the cursor while the answer is partial, as a client would. On a busy
 * machine the scaled budget can stop a call early: that is allowed, an answer that misses pupils silently
 * is not. Each answer is cumulative, so the last one is the whole register.
 */
async function untilWhole(
  get: (cursor: string | undefined) => Promise<AttendanceResult>,
): Promise<AttendanceResult & { calls: number }> {
  const { answer, calls } = await followCursor(get, (a) => a.continuation?.cursor, {
    maxCalls: 10,
    pauseMs: 60_000 / SCALE + 200,
  });
  return { ...answer, calls };
}

const nineRPupils = (h: Harness) => {
  const form = h.sandbox.data.forms.find((f) => f.code === "9R");
  return h.sandbox.data.students
    .filter((s) => s.enrolmentStatus === "current" && s.formId === form?.id)
    .map((s) => String(s.id))
    .sort();
};

/** The questions every variant must answer alike. */
async function answers(h: Harness) {
  const c = h.connector;
  const pupil = nineRPupils(h)[0] as string;
  const withRecords = h.sandbox.data.pastoral.find(
    (p) =>
      h.sandbox.data.students.find((s) => s.id === p.studentId)?.enrolmentStatus === "current" &&
      Date.parse(p.dateTime) <= h.clock.now(),
  );
  const pastoralPupil = String(withRecords?.studentId);
  const record = String(withRecords?.id);
  return {
    oneRecord: await ask((ctx) => c.listWellbeingEvents({ id: record }, ctx)),
    oneRecordSensitive: await ask((ctx) => c.listWellbeingEvents({ id: record }, ctx), ["sensitive:read"]),
    firstStudents: await ask((ctx) => c.listStudents({ limit: 30 }, ctx)),
    nineR: await ask((ctx) => c.listStudents({ groupId: "9R", limit: 100 }, ctx)),
    year9: await ask((ctx) => c.listStudents({ yearGroup: "Year 9", limit: 100 }, ctx)),
    everyone: await ask((ctx) =>
      everyPage((cursor) => c.listStudents({ limit: 250, ...(cursor ? { cursor } : {}) }, ctx)),
    ),
    pupil: await ask((ctx) => c.getStudent(pupil, ctx), ["sensitive:read"]),
    staff: await ask((ctx) => c.listStaff({ limit: 200 }, ctx)),
    patel: await ask((ctx) => c.listStaff({ search: "Mr Patel" }, ctx)),
    patelDetail: await ask((ctx) => c.listStaff({ id: "Mr Patel" }, ctx)),
    support9: await ask((ctx) => c.listLearningSupport({ yearGroup: "Year 9" }, ctx), ["sensitive:read"]),
    supportAll: await ask((ctx) => c.listLearningSupport({}, ctx), ["sensitive:read"]),
    groups: await ask((ctx) => c.listGroups({}, ctx)),
    today: await ask((ctx) => c.getAttendance({ studentId: pupil, from: TODAY, to: TODAY }, ctx)),
    yesterday: await ask((ctx) => c.getAttendance({ studentId: pupil, from: YESTERDAY, to: YESTERDAY }, ctx)),
    fortnight: await ask((ctx) => c.getAttendance({ studentId: pupil, from: FORTNIGHT, to: TODAY }, ctx)),
    formToday: await ask((ctx) =>
      untilWhole((cursor) =>
        c.getAttendance({ groupId: "9R", from: TODAY, to: TODAY, ...(cursor ? { cursor } : {}) }, ctx),
      ),
    ),
    year9Wellbeing: await ask((ctx) => c.listWellbeingEvents({ yearGroup: "Year 9", limit: 200 }, ctx)),
    openYear9: await ask((ctx) =>
      c.listWellbeingEvents({ yearGroup: "Year 9", status: "open", type: "event", limit: 100 }, ctx),
    ),
    thisWeek: await ask((ctx) => c.listWellbeingEvents({ from: MONDAY, to: TODAY, limit: 200 }, ctx)),
    anxiety: await ask((ctx) => c.listWellbeingEvents({ category: "Anxiety", limit: 300 }, ctx)),
    pastoralPupil: await ask((ctx) => c.listWellbeingEvents({ studentId: pastoralPupil }, ctx)),
    week: await ask((ctx) => c.getTimetable({ studentId: pupil, from: MONDAY, to: FRIDAY }, ctx)),
    patelTomorrow: await ask((ctx) =>
      c.getTimetable({ staffId: "Mr Patel", from: TOMORROW, to: TOMORROW }, ctx),
    ),
    mathsSet: await ask((ctx) => c.listStudents({ groupId: "9 Maths Set 2", limit: 100 }, ctx)),
    orchestra: await ask((ctx) => c.listStudents({ groupId: "Orchestra", limit: 100 }, ctx)),
    calendar: await ask((ctx) => c.getSchoolCalendar({}, ctx)),
    reports: await ask((ctx) => c.listProgressReports({ studentId: pupil }, ctx)),
  };
}

/** Current members of a sandbox subject set or activity, by id. */
const membersOf = (h: Harness, group: { studentIds: number[] } | undefined) => {
  const current = new Set(
    h.sandbox.data.students.filter((s) => s.enrolmentStatus === "current").map((s) => s.id),
  );
  return (group?.studentIds ?? [])
    .filter((id) => current.has(id))
    .map(String)
    .sort();
};
type Answers = Awaited<ReturnType<typeof answers>>;

/** Variants that apply only documented filters: records that contradict a sent filter are counted. */
const LITERAL: readonly SandboxVariant[] = ["filters-ignored", "stand-in"];

let baseline: Harness;
let expected: Answers;

beforeAll(async () => {
  baseline = await startHarness(SCALE);
  expected = await answers(baseline);
}, 120_000);
afterAll(() => baseline?.close());

describe.each(VARIANT_NAMES)("against the %s sandbox", (variant) => {
  let h: Harness;
  let got: Answers;

  beforeAll(async () => {
    h = await startHarness(SCALE, { variant });
    got = await answers(h);
  }, 120_000);
  afterAll(() => h?.close());

  it("reads every record it is sent; only documented-filter variants leave records out, and say so", () => {
    for (const [name, value] of Object.entries(got)) {
      const { tally } = value as { tally: ReadTally };
      expect({ name, unreadable: tally.unreadable }).toEqual({ name, unreadable: [] });
      if (!LITERAL.includes(variant))
        expect({ name, filteredOut: tally.filteredOut }).toEqual({ name, filteredOut: [] });
    }
  });

  it("lists pupils complete, with a total at the end and a cursor at a limit", () => {
    const { firstStudents, nineR, year9, everyone } = got;
    expect(firstStudents.answer.items).toHaveLength(30);
    expect(firstStudents.answer.nextCursor).toBeDefined();
    expect(nineR.answer.items.map((s) => s.id).sort()).toEqual(nineRPupils(h));
    expect(nineR.answer).toMatchObject({ total: nineRPupils(h).length });
    expect(nineR.answer.nextCursor).toBeUndefined();
    for (const s of nineR.answer.items) expect(s).toMatchObject({ form: "9R", yearGroup: "Year 9" });
    expect(year9.answer.items).toHaveLength(90);
    const current = h.sandbox.data.students.filter((s) => s.enrolmentStatus === "current");
    expect(new Set(everyone.answer.items.map((s) => s.id)).size).toBe(current.length);
    expect(everyone.answer.items).toHaveLength(current.length);
    expect(everyone.answer.total).toBe(current.length);
    for (const s of everyone.answer.items) expect(Student.strict().parse(s)).toEqual(s);
    expectSameAs(variant, firstStudents.answer.items, expected.firstStudents.answer.items);
    expectSameAs(variant, nineR.answer, expected.nineR.answer);
    expectSameAs(variant, everyone.answer.items, expected.everyone.answer.items);
  });

  it("gets one pupil with contacts and, with sensitive:read, medical and learning support", () => {
    const detail = got.pupil.answer;
    expect(StudentDetail.strict().parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({ form: "9R", yearGroup: "Year 9", house: expect.stringMatching(/House$/) });
    expect(detail.contacts?.length).toBeGreaterThan(0);
    expect(JSON.stringify(detail)).not.toContain("unspecified");
    expectSameAs(variant, detail, expected.pupil.answer);
  });

  it("lists current staff, finds Mr Patel, and names every group with its year", () => {
    const current = h.sandbox.data.staff.filter((s) => s.status === "current");
    expect(got.staff.answer.items.map((s) => s.id).sort()).toEqual(current.map((s) => String(s.id)).sort());
    for (const s of got.staff.answer.items) expect(StaffMember.strict().parse(s)).toEqual(s);
    expect(got.patel.answer.items.map((s) => s.displayName)).toEqual(["Mr Dev Patel"]);
    const groups = got.groups.answer;
    for (const g of groups) expect(Group.strict().parse(g)).toEqual(g);
    expect(groups.filter((g) => g.kind === "form")).toHaveLength(28);
    expect(groups.find((g) => g.name === "9R")).toMatchObject({ kind: "form", yearGroup: "Year 9" });
    expectSameAs(variant, got.staff.answer, expected.staff.answer);
    expectSameAs(variant, groups, expected.groups.answer);
  });

  it("gives a subject set's and an activity's members, complete, and the school calendar", () => {
    const set = h.sandbox.data.subjectSets.find((x) => x.code === "9MA2");
    const club = h.sandbox.data.activities.find((x) => x.name === "Orchestra");
    expect(got.mathsSet.answer.items.map((x) => x.id).sort()).toEqual(membersOf(h, set));
    expect(got.orchestra.answer.items.map((x) => x.id).sort()).toEqual(membersOf(h, club));
    expect(got.mathsSet.answer.nextCursor).toBeUndefined();
    const groups = got.groups.answer;
    expect(groups.filter((g) => g.kind === "subject_set")).toHaveLength(15);
    expect(groups.find((g) => g.name === "9 Maths Set 2")).toMatchObject({ yearGroup: "Year 9" });
    expect(groups.filter((g) => g.kind === "activity").map((g) => g.name)).toContain("Orchestra");
    const { calendar } = got;
    const terms = h.sandbox.data.calendar.terms.filter((t) => t.academicYearId === 12);
    expect(calendar.answer.terms.map((t) => `${t.from} ${t.to}`)).toEqual(
      terms.map((t) => `${t.startDate} ${t.endDate}`),
    );
    expect(calendar.answer.insetDays.length).toBeGreaterThan(0);
    expectSameAs(variant, got.mathsSet.answer.items, expected.mathsSet.answer.items);
    expectSameAs(variant, got.orchestra.answer.items, expected.orchestra.answer.items);
    expectSameAs(variant, calendar.answer, expected.calendar.answer);
    const reports = got.reports.answer;
    expect(reports.length).toBeGreaterThan(0);
    for (const r of reports) expect(r.subjects.length).toBe(3);
    expectSameAs(variant, reports, expected.reports.answer);
  });

  it("lists departments with heads and subjects and sections with their year groups", () => {
    const groups = got.groups.answer;
    const departments = new Set(h.sandbox.data.subjects.map((s) => s.department));
    expect(
      groups
        .filter((g) => g.kind === "department")
        .map((g) => g.name)
        .sort(),
    ).toEqual([...departments].sort());
    const science = groups.find((g) => g.kind === "department" && g.name === "Science");
    const sciences = h.sandbox.data.subjects.filter((s) => s.department === "Science").map((s) => s.name);
    expect(sciences.length).toBeGreaterThan(1);
    expect(science?.includes?.sort()).toEqual(sciences.sort());
    expect(science?.staff?.length).toBe(1);
    const middle = groups.find((g) => g.kind === "section" && g.name === "Middle School");
    expect(middle).toMatchObject({ includes: ["Year 9", "Year 10", "Year 11"] });
    expect(groups.filter((g) => g.kind === "section")).toHaveLength(3);
  });

  it("gives one member of staff with their emergency contact and the default working week", () => {
    const patel = h.sandbox.data.staff.find((s) => s.lastName === "Patel" && s.status === "current");
    const [one, ...more] = got.patelDetail.answer.items;
    expect(more).toEqual([]);
    expect(StaffMember.strict().parse(one)).toEqual(one);
    expect(one).toMatchObject({ id: String(patel?.id), displayName: "Mr Dev Patel" });
    if ((patel?.id ?? 0) % 5 === 0) expect(one?.emergencyContact).toBeUndefined();
    else
      expect(one?.emergencyContact).toMatch(
        new RegExp(`^\\w+ ${patel?.lastName} \\(partner\\), 07700 900\\d{3}$`),
      );
    expect(one?.workingHours?.map((d) => `${d.day} ${d.from}-${d.to}`)).toEqual([
      "Monday 08:15-16:45",
      "Tuesday 08:15-16:45",
      "Wednesday 08:15-16:45",
      "Thursday 08:15-16:45",
      "Friday 08:15-16:00",
    ]);
    expectSameAs(variant, got.patelDetail.answer, expected.patelDetail.answer);
  });

  it("gives the learning support list by year group, complete, and only under sensitive:read", async () => {
    const withNeed = h.sandbox.data.students.filter(
      (s) => s.enrolmentStatus === "current" && s.learningSupport,
    );
    const year9 = h.sandbox.data.yearGroups.find((y) => y.name === "Year 9");
    const ids = (list: typeof withNeed) => list.map((s) => String(s.id)).sort();
    const { support9, supportAll } = got;
    expect(support9.answer.complete).toBe(true);
    expect(support9.answer.records.map((r) => r.studentId).sort()).toEqual(
      ids(withNeed.filter((s) => s.yearGroupId === year9?.id)),
    );
    expect(supportAll.answer.records.map((r) => r.studentId).sort()).toEqual(ids(withNeed));
    for (const r of supportAll.answer.records) {
      expect(LearningSupportRecord.strict().parse(r)).toEqual(r);
      const pupil = withNeed.find((s) => String(s.id) === r.studentId);
      expect(r).toMatchObject({
        need: pupil?.learningSupport?.need,
        severity: pupil?.learningSupport?.severity,
        ehcp: pupil?.learningSupport?.ehcp,
        studentName: expect.stringContaining(pupil?.lastName ?? "?"),
      });
    }
    for (const r of support9.answer.records) expect(r.yearGroup).toBe("Year 9");
    expectSameAs(variant, support9.answer, expected.support9.answer);
    await expect(ask((ctx) => h.connector.listLearningSupport({}, ctx))).rejects.toThrow(/sensitive:read/);
  });

  it("gives one pastoral record by id, its narrative only under sensitive:read", async () => {
    const { oneRecord, oneRecordSensitive } = got;
    const [one, ...more] = oneRecord.answer.items;
    expect(more).toEqual([]);
    const record = h.sandbox.data.pastoral.find((p) => String(p.id) === one?.id);
    expect(record).toBeDefined();
    expect(WellbeingEvent.strict().parse(one)).toEqual(one);
    expect(one).toMatchObject({ studentId: String(record?.studentId), detail: WITHHELD });
    expect(oneRecordSensitive.answer.items[0]?.detail).toContain(record?.description ?? "?");
    expect(oneRecordSensitive.answer.items[0]).toMatchObject({ ...one, detail: expect.any(String) });
    expectSameAs(variant, oneRecord.answer, expected.oneRecord.answer);
    await expect(ask((ctx) => h.connector.listWellbeingEvents({ id: "999999" }, ctx))).rejects.toThrow(
      /no pastoral record with id 999999/,
    );
  });

  it("gives today's registers, a single day, and a range with both ends", () => {
    const { today, yesterday, fortnight } = got;
    expect(today.answer.records.map((r) => `${r.date} ${r.session}`)).toEqual([`${TODAY} am`, `${TODAY} pm`]);
    expect(yesterday.answer.records.map((r) => `${r.date} ${r.session}`)).toEqual([
      `${YESTERDAY} am`,
      `${YESTERDAY} pm`,
    ]);
    const days = new Set(fortnight.answer.records.map((r) => r.date));
    expect(fortnight.answer.records).toHaveLength(16);
    expect(days.has(FORTNIGHT) && days.has(TODAY)).toBe(true);
    for (const r of fortnight.answer.records) {
      expect(AttendanceRecord.strict().parse(r)).toEqual(r);
      expect(r.status).not.toBe("unknown");
      expect(r.codeMeaning).toEqual(expect.any(String));
    }
    expect(fortnight.answer.totals.sessions).toBe(16);
    expectSameAs(variant, today.answer, expected.today.answer);
    expectSameAs(variant, yesterday.answer, expected.yesterday.answer);
    expectSameAs(variant, fortnight.answer, expected.fortnight.answer);
  });

  it("gives a form's registers for today, every pupil's, and nobody else's", () => {
    const { answer } = got.formToday;
    expect(answer.continuation).toBeUndefined();
    expect([...new Set(answer.records.map((r) => r.studentId))].sort()).toEqual(nineRPupils(h));
    expect(answer.records).toHaveLength(nineRPupils(h).length * 2);
    expect(answer.calls).toBeLessThan(10);
    expectSameAs(variant, answer.records, expected.formToday.answer.records);
    expect(answer.totals).toEqual(expected.formToday.answer.totals);
  });

  it("lists wellbeing records completely, most severe first: never fewer than there are", () => {
    const now = h.clock.now();
    const year9 = h.sandbox.data.yearGroups.find((y) => y.name === "Year 9");
    const truth = h.sandbox.data.pastoral
      .filter((p) => {
        const s = h.sandbox.data.students.find((x) => x.id === p.studentId);
        return (
          Date.parse(p.dateTime) <= now && s?.enrolmentStatus === "current" && s.yearGroupId === year9?.id
        );
      })
      .map((p) => String(p.id))
      .sort();
    expect(truth.length).toBeGreaterThan(20);
    const listed = got.year9Wellbeing.answer;
    expect(listed.items.map((e) => e.id).sort()).toEqual(truth);
    expect(listed).toMatchObject({ total: truth.length });
    for (const e of listed.items) {
      expect(WellbeingEvent.strict().parse(e)).toEqual(e);
      expect(e).toMatchObject({
        yearGroup: "Year 9",
        severity: expect.any(String),
        severityRank: expect.any(Number),
      });
      expect(e.category).not.toMatch(/^Uncategorised$|^category /);
    }
    const ranks = listed.items.map((e) => e.severityRank ?? 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    for (const e of got.openYear9.answer.items) expect(e).toMatchObject({ status: "active", type: "event" });
    expect(got.openYear9.answer.items.length).toBeGreaterThan(3);
    for (const e of got.thisWeek.answer.items) expect(e.date >= MONDAY && e.date <= TODAY).toBe(true);
    expect(got.thisWeek.answer.items.length).toBeGreaterThan(0);
    for (const e of got.anxiety.answer.items) expect(e.category).toBe("Anxiety");
    for (const e of got.pastoralPupil.answer.items) expect(e.detail).toBe(WITHHELD);
    expectSameAs(variant, listed, expected.year9Wellbeing.answer);
    expectSameAs(variant, got.openYear9.answer, expected.openYear9.answer);
    expectSameAs(variant, got.thisWeek.answer, expected.thisWeek.answer);
    expectSameAs(variant, got.anxiety.answer, expected.anxiety.answer);
    expectSameAs(variant, got.pastoralPupil.answer, expected.pastoralPupil.answer);
  });

  it("gives a pupil's week and a teacher's day with real times and rooms, never 00:00", () => {
    const week = got.week.answer;
    expect(week).toHaveLength(30);
    for (const l of week) {
      expect(Lesson.strict().parse(l)).toEqual(l);
      expect(l.date >= MONDAY && l.date <= FRIDAY).toBe(true);
      expect(l.start).toMatch(/^(08|09|1[0-5]):\d{2}$/);
      expect(l.end > l.start).toBe(true);
      expect(l.room).toEqual(expect.any(String));
    }
    const p4 = got.patelTomorrow.answer.find((l) => l.period === "Period 4");
    expect(p4).toMatchObject({ date: TOMORROW, start: "12:10", end: "13:10", subject: "Mathematics" });
    expectSameAs(variant, week, expected.week.answer);
    expectSameAs(variant, got.patelTomorrow.answer, expected.patelTomorrow.answer);
  });
});

/** A harness whose connector talks to the sandbox through a proxy that sees and may rewrite each answer. */
async function proxied(variant: SandboxVariant = "default") {
  const h = await startHarness(SCALE, { variant });
  const proxy = await startProxy(h.config.baseUrl as string);
  const connector = h.connect({ baseUrl: proxy.baseUrl });
  return {
    h,
    proxy,
    connector,
    close: async () => {
      await proxy.close();
      await h.close();
    },
  };
}

const listOf = (json: unknown): unknown[] =>
  Array.isArray(json)
    ? json
    : ((json as { data?: unknown[]; calendar?: unknown[] }).data ??
      (json as { calendar?: unknown[] }).calendar ??
      []);

describe("HUBmis connector: each rule of the read discipline", () => {
  let p: Awaited<ReturnType<typeof proxied>>;
  beforeAll(async () => {
    p = await proxied("filters-ignored");
  }, 60_000);
  afterAll(() => p?.close());

  it("rule 1: applies again the wellbeing date range a server ignores, and counts what it left out", async () => {
    const { answer, tally } = await ask((ctx) =>
      p.connector.listWellbeingEvents({ from: YESTERDAY, to: TODAY, limit: 200 }, ctx),
    );
    expect(answer.items.length).toBeGreaterThan(0);
    for (const e of answer.items) expect(e.date >= YESTERDAY && e.date <= TODAY).toBe(true);
    expect(tally.filteredOut).toEqual([{ what: "wellbeing records", count: expect.any(Number) }]);
  });

  it("rule 1: lists current staff only where the status filter is ignored", async () => {
    const { answer, tally } = await ask((ctx) => p.connector.listStaff({ limit: 200 }, ctx));
    const past = p.h.sandbox.data.staff.filter((s) => s.status === "past").map((s) => String(s.id));
    expect(past.length).toBeGreaterThan(0);
    expect(answer.items.some((s) => past.includes(s.id))).toBe(false);
    expect(tally.filteredOut).toEqual([{ what: "staff records", count: past.length }]);
  });

  it("rule 1: a single day's timetable is that day's, whatever the server makes of the range", async () => {
    const { answer } = await ask((ctx) =>
      p.connector.getTimetable({ studentId: "5001", from: TODAY, to: TODAY }, ctx),
    );
    expect(answer).toHaveLength(6);
    expect(new Set(answer.map((l) => l.date))).toEqual(new Set([TODAY]));
  });

  it("rule 5: sends date-time filters as London's first and last second, with the offset, both ends in", async () => {
    p.proxy.seen.length = 0;
    const pupil = nineRPupils(p.h)[0] as string;
    const single = await p.connector.getAttendance(
      { studentId: pupil, from: YESTERDAY, to: YESTERDAY },
      context(),
    );
    expect(single.records.map((r) => r.date)).toEqual([YESTERDAY, YESTERDAY]);
    const asked = p.proxy.seen.find((u) => u.pathname.endsWith(`/students/${pupil}/attendance`));
    expect(asked?.searchParams.get("filter[dateTime][from]")).toBe(`${YESTERDAY}T00:00:00+00:00`);
    expect(asked?.searchParams.get("filter[dateTime][to]")).toBe(`${YESTERDAY}T23:59:59+00:00`);
    // In summer the offset is London's: 00:00 BST is 23:00 UTC the day before.
    const summer = await p.connector.getAttendance(
      { studentId: pupil, from: "2026-07-01", to: "2026-07-01" },
      context(),
    );
    expect(summer.records.every((r) => r.date === "2026-07-01")).toBe(true);
    const july = p.proxy.seen.find((u) =>
      u.searchParams.get("filter[dateTime][from]")?.startsWith("2026-07-01"),
    );
    expect(july?.searchParams.get("filter[dateTime][from]")).toBe("2026-07-01T00:00:00+01:00");
  });
});

function context(): CallContext {
  return {
    scopes: new Set<Scope>(READ_SCOPES),
    caller: "test",
    logger: silentLogger,
    report: createReadReport(),
  };
}

describe("HUBmis connector: records it cannot read are counted, never dropped quietly", () => {
  let p: Awaited<ReturnType<typeof proxied>>;
  beforeAll(async () => {
    p = await proxied();
  }, 60_000);
  afterAll(() => p?.close());

  it("rule 3: a wellbeing list whose every record is unreadable is an error, not 'no concerns'", async () => {
    p.proxy.rewrite(/\/pastoral\/events$/, (json) =>
      listOf(json).map((r) => ({ ...(r as object), student: null, date_time: null })),
    );
    const error = await p.connector
      .listWellbeingEvents({ yearGroup: "Year 9", limit: 100 }, context())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /none of the \d+ wellbeing records .* could be read.*not an answer of "none"/,
    );
  });

  it("rule 3: some unreadable wellbeing records are named in the answer's report; the rest are listed", async () => {
    p.proxy.rewrite(/\/pastoral\/events$/, (json) =>
      listOf(json).map((r, i) => (i % 4 === 0 ? { ...(r as object), date_time: "soon" } : r)),
    );
    const { answer, tally } = await ask((ctx) => p.connector.listWellbeingEvents({ limit: 300 }, ctx));
    const now = p.h.clock.now();
    const all = p.h.sandbox.data.pastoral.filter(
      (r) =>
        Date.parse(r.dateTime) <= now &&
        p.h.sandbox.data.students.find((s) => s.id === r.studentId)?.enrolmentStatus === "current",
    ).length;
    const bad = tally.unreadable.find((u) => u.what === "wellbeing records");
    expect(bad?.count).toBe(Math.ceil(all / 4));
    expect(answer.items).toHaveLength(all - (bad?.count ?? 0));
    expect(answer.total).toBe(answer.items.length);
  });

  it("rule 2: a lesson whose times cannot be read is counted, never shown at 00:00", async () => {
    p.proxy.rewrite(/\/timetable\/calendar$/, (json) => {
      const lessons = listOf(json) as Record<string, unknown>[];
      return {
        calendar: lessons.map((l, i) => (i === 0 ? { ...l, start_time: null, end_time: "later" } : l)),
      };
    });
    const { answer, tally } = await ask((ctx) =>
      p.connector.getTimetable({ studentId: "5001", from: TODAY, to: TODAY }, ctx),
    );
    expect(answer).toHaveLength(5);
    expect(answer.some((l) => l.start === "00:00" || l.end === "00:00")).toBe(false);
    expect(tally.unreadable).toEqual([{ what: "lessons", count: 1 }]);
  });

  it("rule 2: the current academic year is found by its dates when no record says it is current", async () => {
    p.proxy.rewrite(/\/academic-years$/, (json) =>
      listOf(json).map((y) => {
        const { is_current: _flag, start_date, end_date, ...rest } = y as Record<string, unknown>;
        return { ...rest, date_start: start_date, date_end: end_date };
      }),
    );
    const fresh = p.h.connect({ baseUrl: p.proxy.baseUrl });
    const groups = await fresh.listGroups({ kind: "year_group" }, context());
    expect(groups.map((g) => g.name)).toContain("Year 9");
  });

  it("rule 2: a register mark of a code we cannot place has status unknown, left out of the totals", async () => {
    const pupil = nineRPupils(p.h)[1] as string;
    p.proxy.rewrite(/\/attendance$/, (json) =>
      listOf(json).map((m, i) => (i === 0 ? { ...(m as object), attendance_code: { code: "?" } } : m)),
    );
    const { answer } = await ask((ctx) =>
      p.connector.getAttendance({ studentId: pupil, from: YESTERDAY, to: TODAY }, ctx),
    );
    expect(answer.records.filter((r) => r.status === "unknown")).toHaveLength(1);
    expect(answer.totals.sessions).toBe(3);
  });
});

describe("HUBmis connector: lists are complete or say they are not", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(SCALE, { variant: "small-pages" });
  }, 60_000);
  afterAll(() => h?.close());

  it("rule 4: a server page smaller than asked does not end the list", async () => {
    const current = h.sandbox.data.students.filter((s) => s.enrolmentStatus === "current").length;
    const before = h.hits("/students");
    const page = await h.connector.listStudents({ limit: 100 }, context());
    expect(page.items).toHaveLength(100);
    expect(page.nextCursor).toBeDefined();
    // 100 pupils at 7 a page: 15 pages, no more.
    expect(h.hits("/students") - before).toBe(15);
    const rest = await everyPage((cursor) =>
      h.connector.listStudents({ limit: 100, ...(cursor ? { cursor } : {}) }, context()),
    );
    expect(rest.items).toHaveLength(current);
    expect(rest.total).toBe(current);
  });

  it("rule 4: a list the budget cuts short comes back partial with a cursor, and the cursor finishes it", async () => {
    const own = await startHarness(SCALE, { variant: "small-pages" });
    try {
      // The reference data spends 5 of the minute's 12 requests; 7 pages of 7 pupils fit in the rest.
      await own.connector.listGroups({}, context());
      const first = await own.connector.listStudents(
        { limit: 200 },
        { ...context(), deadline: Date.now() + 250 },
      );
      expect(first.items.length).toBeGreaterThan(0);
      expect(first.items.length).toBeLessThan(200);
      expect(first.nextCursor).toBeDefined();
      expect(first.total).toBeUndefined();
      const rest = await everyPage((cursor) =>
        own.connector.listStudents({ limit: 200, cursor: cursor ?? (first.nextCursor as string) }, context()),
      );
      const ids = [...first.items, ...rest.items].map((s) => s.id);
      const current = own.sandbox.data.students.filter((s) => s.enrolmentStatus === "current").length;
      expect(new Set(ids).size).toBe(current);
      expect(ids).toHaveLength(current);
      expect(rest.total).toBe(current);
    } finally {
      await own.close();
    }
  });

  it("rule 4: what it learnt of the server's page size saves a request on the next short list", async () => {
    const someone = h.sandbox.data.students.find((s) => s.enrolmentStatus === "current" && s.id > 5300)!;
    const before = h.hits("/students");
    const found = await h.connector.listStudents({ search: someone.lastName, limit: 100 }, context());
    expect(found.items.map((s) => s.id)).toContain(String(someone.id));
    expect(found.items.length).toBeLessThan(7);
    expect(found.total).toBe(found.items.length);
    // A page shorter than the 7 this path is known to fill is the last: one request, not two.
    expect(h.hits("/students") - before).toBe(1);
  });
});
